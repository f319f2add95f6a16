//! The report against a real Prometheus (Debian's package) scraping an exporter written here,
//! whose cAdvisor- and kube-state-metrics-shaped series have known rates, sizes and requests.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use offreapi_finops::collect::{Source, Window};
use offreapi_finops::model::Strategy;
use offreapi_finops::pricing::Pricing;
use offreapi_finops::{run_report, ReportRequest};

const MIB: f64 = 1024.0 * 1024.0;
const GIB: f64 = 1024.0 * MIB;

/// Serves the fake cluster's metrics; counters grow at constant rates in real time.
fn start_exporter() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let started = Instant::now();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let t = started.elapsed().as_secs_f64();
            let body = format!(
                r#"container_cpu_usage_seconds_total{{namespace="shop",pod="api-7d9f8b6c5d-x2x9z",container="api"}} {api1}
container_cpu_usage_seconds_total{{namespace="shop",pod="api-7d9f8b6c5d-bq4tw",container="api"}} {api2}
container_cpu_usage_seconds_total{{namespace="shop",pod="db-0",container="postgres"}} {db}
container_cpu_usage_seconds_total{{namespace="shop",pod="worker-5c8d7-bq4tw",container="worker"}} {worker}
container_cpu_usage_seconds_total{{namespace="other",pod="noise-0",container="noise"}} {db}
container_memory_working_set_bytes{{namespace="shop",pod="api-7d9f8b6c5d-x2x9z",container="api"}} {api_mem}
container_memory_working_set_bytes{{namespace="shop",pod="api-7d9f8b6c5d-bq4tw",container="api"}} {api_mem}
container_memory_working_set_bytes{{namespace="shop",pod="db-0",container="postgres"}} {db_mem}
container_memory_working_set_bytes{{namespace="shop",pod="worker-5c8d7-bq4tw",container="worker"}} {api_mem}
kube_pod_container_resource_requests{{namespace="shop",pod="api-7d9f8b6c5d-x2x9z",container="api",resource="cpu",unit="core"}} 1
kube_pod_container_resource_requests{{namespace="shop",pod="api-7d9f8b6c5d-bq4tw",container="api",resource="cpu",unit="core"}} 1
kube_pod_container_resource_requests{{namespace="shop",pod="api-7d9f8b6c5d-x2x9z",container="api",resource="memory",unit="byte"}} {half_gib}
kube_pod_container_resource_requests{{namespace="shop",pod="api-7d9f8b6c5d-bq4tw",container="api",resource="memory",unit="byte"}} {half_gib}
kube_pod_container_resource_limits{{namespace="shop",pod="api-7d9f8b6c5d-x2x9z",container="api",resource="memory",unit="byte"}} {gib}
kube_pod_container_resource_limits{{namespace="shop",pod="api-7d9f8b6c5d-bq4tw",container="api",resource="memory",unit="byte"}} {gib}
kube_pod_container_resource_requests{{namespace="shop",pod="db-0",container="postgres",resource="cpu",unit="core"}} 0.5
kube_pod_container_resource_requests{{namespace="shop",pod="db-0",container="postgres",resource="memory",unit="byte"}} {gib}
kube_persistentvolumeclaim_resource_requests_storage_bytes{{namespace="shop",persistentvolumeclaim="data-db-0"}} {ten_gib}
offreapi_applications_total{{outcome="accepted"}} {applications}
offreapi_applications_total{{outcome="duplicate"}} {applications}
http_server_request_duration_seconds_count{{http_route="/api/v1/offers"}} {requests}
"#,
                api1 = 0.25 * t,
                api2 = 0.25 * t,
                db = 0.1 * t,
                worker = 0.05 * t,
                api_mem = 100.0 * MIB,
                db_mem = 300.0 * MIB,
                half_gib = 0.5 * GIB,
                gib = GIB,
                ten_gib = 10.0 * GIB,
                applications = 2.0 * t,
                requests = 10.0 * t,
            );
            let mut stream = stream;
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    port
}

struct Prometheus {
    child: Child,
    port: u16,
    _dir: tempfile::TempDir,
}

impl Drop for Prometheus {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start_prometheus(exporter: u16) -> Prometheus {
    let binary = std::env::var("PROMETHEUS").unwrap_or_else(|_| "/usr/bin/prometheus".into());
    assert!(
        Path::new(&binary).exists(),
        "{binary} is missing: install Debian's prometheus package (scripts/test.sh does)"
    );
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("prometheus.yml");
    std::fs::write(
        &config,
        format!(
            "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n  - job_name: cluster\n    honor_labels: true\n    static_configs:\n      - targets: ['127.0.0.1:{exporter}']\n"
        ),
    )
    .unwrap();
    let port = free_port();
    let child = Command::new(binary)
        .arg(format!("--config.file={}", config.display()))
        .arg(format!(
            "--storage.tsdb.path={}",
            dir.path().join("data").display()
        ))
        .arg(format!("--web.listen-address=127.0.0.1:{port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start prometheus");
    Prometheus {
        child,
        port,
        _dir: dir,
    }
}

fn now() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs_f64()
}

fn pricing() -> Pricing {
    Pricing::from_json(include_str!("../../../deploy/finops/pricing.json")).unwrap()
}

fn close(actual: f64, expected: f64, tolerance: f64, what: &str) {
    assert!(
        (actual - expected).abs() <= tolerance * expected.abs().max(1e-12),
        "{what}: {actual} is not within {:.0} % of {expected}",
        tolerance * 100.0
    );
}

#[tokio::test(flavor = "current_thread")]
async fn the_report_prices_known_usage_exactly() {
    let prometheus = start_prometheus(start_exporter());
    let url = format!("http://127.0.0.1:{}", prometheus.port);
    // From the first scrape on, thirteen more one-second scrapes: a 4 s rate range, then an
    // 8 s window of samples after it, so no rate in the window starts before the data does.
    let first_scrape = format!("{url}/api/v1/query?query=up");
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let answer = reqwest::get(&first_scrape).await.ok();
        let body = match answer {
            Some(response) => response.text().await.unwrap_or_default(),
            None => String::new(),
        };
        if body.contains("\"value\"") {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "Prometheus never scraped the exporter: {body}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    tokio::time::sleep(Duration::from_secs(13)).await;
    let end = now() - 1.0;
    let window = Window {
        start: end - 8.0,
        end,
        step_seconds: 1,
        rate_seconds: 4,
    };
    let report = run_report(ReportRequest {
        prometheus: &url,
        pricing: pricing(),
        source: Source::Kubernetes,
        window,
        namespace: Some("shop"),
        strategy: Strategy::Simple,
        manifests: Path::new("."),
    })
    .await
    .expect("a report");

    let names: Vec<&str> = report
        .workloads
        .iter()
        .map(|w| w.workload.as_str())
        .collect();
    assert_eq!(
        names,
        ["api", "db", "worker"],
        "the other namespace is left out"
    );
    let api = &report.workloads[0];
    // Rates come from counters read when the exporter answers, a few ms after the scrape's
    // timestamp: over a 4 s range that jitter stays well under 3 %.
    close(api.cpu_usage_avg_cores, 0.5, 0.03, "api CPU average");
    close(api.cpu_usage_p95_cores, 0.5, 0.03, "api CPU p95");
    assert_eq!(api.memory_usage_peak_bytes, 200.0 * MIB);
    assert_eq!(api.cpu_request_cores, Some(2.0));
    assert_eq!(api.memory_request_bytes, Some(GIB));
    assert_eq!(api.memory_limit_bytes, Some(2.0 * GIB));
    assert_eq!(api.cpu_limit_cores, None);
    // Allocation is the request here: 2 cores and 1 GiB, at 0.02 and 0.01 an hour, 730 hours.
    close(
        api.monthly_cost,
        2.0 * 0.02 * 730.0 + 0.01 * 730.0,
        1e-9,
        "api monthly cost",
    );
    let used = 0.5 * 0.02 + (200.0 / 1024.0) * 0.01;
    close(
        api.efficiency,
        used / (2.0 * 0.02 + 0.01),
        0.03,
        "api efficiency",
    );
    close(api.recommended_cpu_cores, 0.5, 0.03, "api recommended CPU");
    close(
        api.recommended_memory_bytes,
        230.0 * MIB,
        1e-9,
        "api recommended memory",
    );
    let after = api.recommended_cpu_cores * 0.02 * 730.0 + (230.0 / 1024.0) * 0.01 * 730.0;
    close(
        api.monthly_saving,
        api.monthly_cost - after,
        1e-9,
        "api saving",
    );

    let db = &report.workloads[1];
    close(
        db.storage_monthly_cost,
        10.0 * 0.03,
        1e-6,
        "db storage (10 GiB at 0.03 a GiB-month)",
    );
    close(db.cpu_usage_avg_cores, 0.1, 0.03, "db CPU average");

    let worker = &report.workloads[2];
    assert_eq!(
        worker.cpu_request_cores, None,
        "a workload without requests"
    );
    assert_eq!(worker.efficiency, 1.0);
    close(
        worker.monthly_cost,
        0.05 * 0.02 * 730.0 + (100.0 / 1024.0) * 0.01 * 730.0,
        0.03,
        "worker cost = usage",
    );

    close(
        report.total_monthly_cost,
        api.monthly_cost + db.monthly_cost + worker.monthly_cost,
        1e-9,
        "total",
    );
    let unit = report
        .unit_costs
        .as_ref()
        .expect("the API's counters are scraped");
    // increase() over 8 s of a counter growing 2/s, extrapolated by Prometheus to the range.
    close(unit.applications, 16.0, 0.15, "accepted applications");
    close(unit.requests, 80.0, 0.15, "requests");
    let window_cost = report.total_monthly_cost / 730.0 * (8.0 / 3600.0);
    close(
        unit.cost_per_1000_applications.unwrap(),
        window_cost / unit.applications * 1000.0,
        1e-9,
        "cost per 1000 applications",
    );

    // Bad input against the same Prometheus: a namespace with no pods is an error, not zeros.
    let empty = run_report(ReportRequest {
        prometheus: &url,
        pricing: pricing(),
        source: Source::Kubernetes,
        window,
        namespace: Some("nothing-here"),
        strategy: Strategy::Simple,
        manifests: Path::new("."),
    })
    .await
    .expect_err("no data");
    assert!(
        format!("{empty:#}").contains("no container_cpu_usage_seconds_total"),
        "{empty:#}"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn an_unreachable_prometheus_is_a_clear_error() {
    let port = free_port();
    let end = now();
    let error = run_report(ReportRequest {
        prometheus: &format!("http://127.0.0.1:{port}"),
        pricing: pricing(),
        source: Source::Kubernetes,
        window: Window {
            start: end - 30.0,
            end,
            step_seconds: 1,
            rate_seconds: 60,
        },
        namespace: None,
        strategy: Strategy::Simple,
        manifests: Path::new("."),
    })
    .await
    .expect_err("nothing listens there");
    assert!(
        format!("{error:#}").contains("Prometheus does not answer"),
        "{error:#}"
    );
}

#[test]
fn the_command_line_exits_with_documented_codes() {
    let binary = env!("CARGO_BIN_EXE_offreapi-finops");
    let dir = tempfile::tempdir().unwrap();
    let bad_pricing = dir.path().join("pricing.json");
    std::fs::write(&bad_pricing, "{\"CPU\": \"free\"}").unwrap();
    let run = |args: &[&str]| Command::new(binary).args(args).output().unwrap();

    let output = run(&[
        "report",
        "--prometheus",
        "http://127.0.0.1:9",
        "--pricing",
        bad_pricing.to_str().unwrap(),
        "--source",
        "kubernetes",
        "--window",
        "30s",
    ]);
    assert_eq!(
        output.status.code(),
        Some(2),
        "a malformed pricing file is bad input"
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("bad pricing file"));

    let pricing = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../deploy/finops/pricing.json"
    );
    let port = free_port().to_string();
    let output = run(&[
        "report",
        "--prometheus",
        &format!("http://127.0.0.1:{port}"),
        "--pricing",
        pricing,
        "--source",
        "kubernetes",
        "--window",
        "30s",
    ]);
    assert_eq!(output.status.code(), Some(1), "an unreachable Prometheus");

    let output = run(&[
        "report",
        "--prometheus",
        "x",
        "--pricing",
        pricing,
        "--source",
        "kubernetes",
        "--window",
        "soon",
    ]);
    assert_eq!(output.status.code(), Some(2), "a bad window");

    let report = dir.path().join("report.json");
    std::fs::write(&report, "{}").unwrap();
    let output = run(&[
        "rightsize",
        "--report",
        report.to_str().unwrap(),
        "--write",
        dir.path().join("p.yaml").to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2), "a report that is not one");
}
