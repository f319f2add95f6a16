//! Faults from outside the server: its PostgreSQL stopping under traffic and coming back, and a
//! burst of large uploads beside small requests. Each runs the real executable, bounded in time.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::helpers::fixture;
use crate::process::{
    apply_pdf, assert_accepted_applications_intact, recruiter_and_offer, register_candidates,
    ServerProcess,
};

/// A PostgreSQL cluster of the test's own (initdb in a temporary directory, a free port), so
/// that the test can stop and start it without touching the shared server.
struct ThrowawayPostgres {
    bin: PathBuf,
    dir: tempfile::TempDir,
    port: u16,
}

impl ThrowawayPostgres {
    fn start() -> ThrowawayPostgres {
        let bin = postgres_bin_dir();
        let dir = tempfile::Builder::new()
            .prefix("offreapi-fault-pg")
            .tempdir()
            .unwrap();
        if running_as_root() {
            // PostgreSQL refuses to run as root: the cluster belongs to `postgres`.
            run(Command::new("chown").arg("postgres:").arg(dir.path()));
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let cluster = ThrowawayPostgres { bin, dir, port };
        run(cluster
            .pg_command("initdb")
            .arg("-D")
            .arg(cluster.data())
            .args(["-U", "postgres", "-A", "trust", "--no-sync"]));
        cluster.resume();
        cluster
    }

    fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// `pg_ctl stop -m fast`: the server ends every session and shuts down, as it does when an
    /// operator or Kubernetes stops it.
    fn stop(&self) {
        run(self
            .pg_command("pg_ctl")
            .arg("-D")
            .arg(self.data())
            .args(["-m", "fast", "-w", "stop"]));
    }

    fn resume(&self) {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
            self.port,
            self.dir.path().display()
        );
        run(self
            .pg_command("pg_ctl")
            .arg("-D")
            .arg(self.data())
            .arg("-l")
            .arg(self.dir.path().join("log"))
            .args(["-w", "-o", &options, "start"]));
    }

    fn pg_command(&self, program: &str) -> Command {
        let program = self.bin.join(program);
        if running_as_root() {
            let mut command = Command::new("runuser");
            command.args(["-u", "postgres", "--"]).arg(program);
            command
        } else {
            Command::new(program)
        }
    }
}

impl Drop for ThrowawayPostgres {
    fn drop(&mut self) {
        let _ = self
            .pg_command("pg_ctl")
            .arg("-D")
            .arg(self.data())
            .args(["-m", "immediate", "stop"])
            .output();
    }
}

fn postgres_bin_dir() -> PathBuf {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("PostgreSQL's server programs in /usr/lib/postgresql (apt-get install postgresql)")
        .filter_map(|entry| Some(entry.ok()?.path().join("bin")))
        .filter(|bin| bin.join("initdb").is_file())
        .collect();
    dirs.sort_by_key(|bin| {
        bin.parent()
            .and_then(Path::file_name)
            .and_then(|v| v.to_str()?.parse::<u32>().ok())
    });
    dirs.pop()
        .expect("initdb under /usr/lib/postgresql/*/bin (apt-get install postgresql)")
}

fn running_as_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

fn run(command: &mut Command) {
    let output = command.output().expect("start a PostgreSQL program");
    assert!(
        output.status.success(),
        "{command:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// How long a database route may take to answer while the database is down: the pool's 5 s
/// acquire timeout plus slack for a loaded 2-core machine.
const DOWN_ANSWER_LIMIT: Duration = Duration::from_secs(8);

/// PostgreSQL stopped under traffic: `/readyz` and database routes answer 503 problems within
/// a bounded time, the process stays up and logs no panic, it recovers by itself when the
/// database returns, and every application that got a 201 is there afterwards with its CV.
#[tokio::test]
async fn postgres_stopping_under_traffic_gives_503s_then_recovers() {
    let postgres = ThrowawayPostgres::start();
    let mut server = ServerProcess::start_on(&postgres.url(), &[]);
    let base = server.address.clone();
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let (recruiter, offer_id) = recruiter_and_offer(&client, &base).await;
    let mut candidates = register_candidates(&client, &base, "pg", 12).await;
    let pdf = fixture("cv_en_rust_backend.pdf");

    // Traffic: the candidates apply one after another while the database goes away.
    let traffic = {
        let (client, base, pdf) = (client.clone(), base.clone(), pdf.clone());
        let candidates = candidates.split_off(2);
        tokio::spawn(async move {
            let mut accepted = Vec::new();
            let mut statuses = Vec::new();
            for candidate in candidates {
                let started = Instant::now();
                let status = match apply_pdf(&client, &base, offer_id, &candidate, pdf.clone())
                    .await
                {
                    Ok(response) => {
                        let status = response.status().as_u16();
                        if status == 201 {
                            let body: serde_json::Value = response.json().await.unwrap();
                            accepted.push(body["id"].as_i64().unwrap());
                        }
                        status
                    }
                    Err(error) => panic!("the server must answer, not drop the request: {error}"),
                };
                statuses.push((status, started.elapsed()));
                tokio::time::sleep(Duration::from_millis(150)).await;
            }
            (accepted, statuses)
        })
    };
    tokio::time::sleep(Duration::from_millis(400)).await;
    postgres.stop();
    let stopped_at = Instant::now();

    // Readiness notices within the bound.
    loop {
        let started = Instant::now();
        let response = client.get(format!("{base}/readyz")).send().await.unwrap();
        assert!(started.elapsed() < DOWN_ANSWER_LIMIT);
        if response.status() == 503 {
            crate::helpers::expect_problem(response, 503).await;
            break;
        }
        assert!(
            stopped_at.elapsed() < DOWN_ANSWER_LIMIT,
            "/readyz still says ready {:?} after the database stopped",
            stopped_at.elapsed()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    for (path, token) in [
        ("/api/v1/offers".to_owned(), None),
        (format!("/api/v1/offers/{offer_id}"), None),
        (
            format!("/api/v1/offers/{offer_id}/dashboard"),
            Some(&recruiter),
        ),
        ("/api/v1/me".to_owned(), Some(&recruiter)),
    ] {
        let mut request = client.get(format!("{base}{path}"));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let started = Instant::now();
        let response = request.send().await.unwrap();
        assert!(
            started.elapsed() < DOWN_ANSWER_LIMIT,
            "{path} took {:?}",
            started.elapsed()
        );
        assert!(response.headers().contains_key("retry-after"), "{path}");
        crate::helpers::expect_problem(response, 503).await;
    }
    let down_upload = apply_pdf(&client, &base, offer_id, &candidates[0], pdf.clone())
        .await
        .unwrap();
    crate::helpers::expect_problem(down_upload, 503).await;
    let health = client.get(format!("{base}/healthz")).send().await.unwrap();
    assert_eq!(
        health.status(),
        200,
        "the process answers without its database"
    );
    assert!(server.is_running());

    // The database returns; the server finds it again by itself.
    tokio::time::sleep(Duration::from_secs(1)).await;
    postgres.resume();
    let resumed_at = Instant::now();
    while client
        .get(format!("{base}/readyz"))
        .send()
        .await
        .unwrap()
        .status()
        != 200
    {
        assert!(
            resumed_at.elapsed() < Duration::from_secs(30),
            "not ready 30 s after the database returned"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let (mut accepted, statuses) = traffic.await.unwrap();
    for (status, took) in &statuses {
        assert!(
            *status == 201 || *status == 503,
            "an application during the outage answered {status}; the server's errors: {:?}",
            server
                .log_lines()
                .into_iter()
                .filter(|line| line.contains("ERROR"))
                .collect::<Vec<_>>()
        );
        assert!(
            *took < DOWN_ANSWER_LIMIT + Duration::from_secs(5),
            "{took:?}"
        );
    }
    assert!(
        statuses.iter().any(|(status, _)| *status == 503),
        "some applications met the outage: {statuses:?}"
    );
    let after = apply_pdf(&client, &base, offer_id, &candidates[1], pdf.clone())
        .await
        .unwrap();
    assert_eq!(after.status(), 201, "applications work again");
    accepted.push(
        after.json::<serde_json::Value>().await.unwrap()["id"]
            .as_i64()
            .unwrap(),
    );

    assert_accepted_applications_intact(&client, &base, &recruiter, offer_id, &accepted, &pdf)
        .await;
    assert!(server.is_running());
    let panics: Vec<String> = server
        .log_lines()
        .into_iter()
        .filter(|line| line.contains("panicked"))
        .collect();
    assert!(panics.is_empty(), "{panics:?}");
}

/// A one-page CV carrying a photo-like stream of `padding` bytes, as large CVs usually are:
/// a valid PDF written here with its cross-reference table.
fn large_cv(padding: usize) -> Vec<u8> {
    let text = "Senior Rust developer: PostgreSQL, Kubernetes, actix-web, observability.";
    let content = format!("BT /F1 11 Tf 40 760 Td ({text}) Tj ET");
    // Pseudo-random bytes so that no layer compresses them away.
    let mut state = 0x2545_f491_u32;
    let photo: Vec<u8> = (0..padding)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state as u8
        })
        .collect();
    let objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] \
           /Resources << /Font << /F1 3 0 R >> /XObject << /Im1 6 0 R >> >> /Contents 5 0 R >>"
            .to_vec(),
        stream(b"", content.as_bytes()),
        stream(
            b"/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray \
              /BitsPerComponent 8 ",
            &photo,
        ),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        pdf.extend_from_slice(body);
        pdf.extend_from_slice(b"\nendobj\n");
    }
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        pdf.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

fn stream(dictionary: &[u8], data: &[u8]) -> Vec<u8> {
    let mut out = b"<< ".to_vec();
    out.extend_from_slice(dictionary);
    out.extend_from_slice(format!("/Length {} >>\nstream\n", data.len()).as_bytes());
    out.extend_from_slice(data);
    out.extend_from_slice(b"\nendstream");
    out
}

/// How many large uploads arrive at once, and how large each is (under the 10 MiB limit).
const BURST: usize = 12;
const LARGE_UPLOAD_BYTES: usize = 6 * 1024 * 1024;
/// The server's upload memory for this test, in MiB: room for two of those uploads at once.
const UPLOAD_MEMORY_MIB: u64 = 16;

/// A burst of large uploads at once: small requests beside it keep answering quickly (the
/// extraction pool is not the request workers), every upload is answered, and the server's
/// peak memory grows by what its upload memory allows, not by the size of the burst.
#[tokio::test]
async fn a_burst_of_large_uploads_does_not_starve_small_requests() {
    let budget = UPLOAD_MEMORY_MIB.to_string();
    let server = ServerProcess::start(&["--pdf-concurrency", "2", "--upload-memory-mib", &budget]);
    let base = server.address.clone();
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap();
    let (_, offer_id) = recruiter_and_offer(&client, &base).await;
    let mut candidates = register_candidates(&client, &base, "big", BURST).await;
    let pdf = large_cv(LARGE_UPLOAD_BYTES);
    let warm = apply_pdf(
        &client,
        &base,
        offer_id,
        &candidates.pop().unwrap(),
        pdf.clone(),
    )
    .await
    .unwrap();
    assert_eq!(warm.status(), 201, "the large CV is a valid PDF");
    let before = server.peak_rss_bytes();

    let uploads: Vec<_> = candidates
        .into_iter()
        .map(|candidate| {
            let (client, base, pdf) = (client.clone(), base.clone(), pdf.clone());
            tokio::spawn(async move {
                apply_pdf(&client, &base, offer_id, &candidate, pdf)
                    .await
                    .map(|response| response.status().as_u16())
            })
        })
        .collect();

    // Small requests, one after another, for as long as the uploads run.
    let small = reqwest::Client::builder()
        .timeout(Duration::from_secs(2))
        .build()
        .unwrap();
    let mut slowest = Duration::ZERO;
    let mut small_requests = 0;
    while uploads.iter().any(|upload| !upload.is_finished()) {
        for path in [
            "/healthz",
            "/api/v1/offers",
            &format!("/api/v1/offers/{offer_id}"),
        ] {
            let started = Instant::now();
            let response = small.get(format!("{base}{path}")).send().await;
            let status = response.map(|r| r.status().as_u16());
            assert!(
                matches!(status, Ok(200)),
                "{path} beside the burst: {status:?}"
            );
            slowest = slowest.max(started.elapsed());
            small_requests += 1;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    for upload in uploads {
        let status = upload.await.unwrap().expect("every upload is answered");
        assert_eq!(status, 201);
    }
    let peak = server.peak_rss_bytes();
    eprintln!(
        "{small_requests} small requests beside the burst, slowest {slowest:?}; peak RSS {} KiB \
         before, {} KiB after",
        before / 1024,
        peak / 1024
    );
    assert!(small_requests >= 3, "the burst took some time");
    // Bodies in memory stay within the budget; the rest is what the insert and the extraction
    // pipe copy on the way. Without the budget the burst's 66 MiB of bodies would all be held
    // at once (measured: 70 MiB of growth).
    let bound = UPLOAD_MEMORY_MIB * 1024 * 1024 * 5 / 2;
    assert!(
        peak.saturating_sub(before) < bound,
        "peak RSS grew by {} KiB during the burst (bound {} KiB)",
        peak.saturating_sub(before) / 1024,
        bound / 1024
    );
}
