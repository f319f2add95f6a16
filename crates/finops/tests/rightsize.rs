//! Right-sizing a report into a patch of the real manifests in deploy/base: floors, rounding,
//! limits kept unless asked, and a patch that kustomize accepts on the prod overlay.

use std::path::Path;

use offreapi_finops::collect::Source;
use offreapi_finops::manifests::Manifests;
use offreapi_finops::model::{cost, Strategy, Usage};
use offreapi_finops::pricing::Pricing;
use offreapi_finops::report::Report;
use offreapi_finops::rightsize::{patch, Policy};

const MIB: f64 = 1024.0 * 1024.0;

fn report() -> Report {
    let pricing = Pricing::from_json(include_str!("../../../deploy/finops/pricing.json")).unwrap();
    let usage = |workload: &str, cpu: f64, memory_mib: f64| Usage {
        namespace: "offreapi".into(),
        workload: workload.into(),
        cpu_cores: vec![cpu; 10],
        memory_bytes: vec![memory_mib * MIB; 10],
        cpu_request_cores: Some(0.2),
        memory_request_bytes: Some(128.0 * MIB),
        ..Usage::default()
    };
    let workloads: Vec<_> = [
        usage("offreapi-api", 0.0123, 150.0),
        usage("offreapi-web", 0.001, 3.0),
        usage("somebody-else", 0.5, 500.0),
    ]
    .iter()
    .map(|u| cost(u, &pricing, Strategy::Simple))
    .collect();
    let (total, recommended) = Report::totals(&workloads);
    Report {
        source: Source::Kubernetes,
        namespace: Some("offreapi".into()),
        window_start: 0.0,
        window_end: 600.0,
        window_seconds: 600.0,
        strategy: Strategy::Simple,
        currency: pricing.currency.clone(),
        pricing,
        workloads,
        total_monthly_cost: total,
        total_recommended_monthly_cost: recommended,
        total_monthly_saving: total - recommended,
        unit_costs: None,
    }
}

fn base() -> Manifests {
    Manifests::read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy/base")).unwrap()
}

#[test]
fn requests_follow_the_report_rounded_up_and_limits_stay() {
    let (text, skipped) = patch(&report(), &base(), Policy::default(), "report.json");
    assert_eq!(skipped, ["offreapi/somebody-else"]);
    let api = text
        .split("---")
        .find(|doc| doc.contains("name: offreapi-api"))
        .unwrap();
    assert!(
        api.contains("kind: Deployment") && api.contains("- name: api"),
        "{api}"
    );
    // 12.3m of CPU rounds up to 15m; 150 MiB × 1.15 = 172.5 MiB rounds up to 176Mi.
    assert!(
        api.contains("cpu: 15m") && api.contains("memory: 176Mi"),
        "{api}"
    );
    // The API's memory limit covers its PDF extraction children: kept at the manifest's.
    let declared = base();
    let limit = declared
        .workload("offreapi-api")
        .unwrap()
        .memory_limit_bytes
        .unwrap();
    assert!(
        api.contains(&format!("memory: {}Mi", (limit / MIB) as u64)),
        "{api}"
    );
    // Tiny usage meets the floors: 10m of CPU and 100 MiB (rounded to 112Mi).
    let web = text
        .split("---")
        .find(|doc| doc.contains("name: offreapi-web"))
        .unwrap();
    assert!(
        web.contains("cpu: 10m") && web.contains("memory: 112Mi"),
        "{web}"
    );
}

#[test]
fn lowered_limits_follow_the_requests() {
    let policy = Policy {
        lower_limits: true,
        ..Policy::default()
    };
    let (text, _) = patch(&report(), &base(), policy, "report.json");
    let api = text
        .split("---")
        .find(|doc| doc.contains("name: offreapi-api"))
        .unwrap();
    let limits = api.split("limits:").nth(1).unwrap();
    assert!(
        limits.contains("cpu: 25m") && limits.contains("memory: 176Mi"),
        "{limits}"
    );
}

#[test]
fn kustomize_accepts_the_patch_on_an_overlay() {
    let Ok(kubectl) = which("kubectl") else {
        panic!("kubectl is needed to build overlays (it is on this machine; see docs/FINOPS.md)");
    };
    let (text, _) = patch(&report(), &base(), Policy::default(), "report.json");
    let dir = tempfile::tempdir().unwrap();
    let base_dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../deploy/base")
        .canonicalize()
        .unwrap();
    std::fs::write(dir.path().join("rightsizing.yaml"), text).unwrap();
    std::fs::write(
        dir.path().join("kustomization.yaml"),
        format!(
            "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - {}\npatches:\n  - path: rightsizing.yaml\n",
            pathdiff(&base_dir, dir.path())
        ),
    )
    .unwrap();
    let output = std::process::Command::new(kubectl)
        .arg("kustomize")
        .arg(dir.path())
        .output()
        .unwrap();
    let rendered = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(rendered.contains("cpu: 15m") && rendered.contains("memory: 176Mi"));
}

fn which(program: &str) -> Result<std::path::PathBuf, ()> {
    std::env::var_os("PATH")
        .and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|p| p.join(program))
                .find(|p| p.is_file())
        })
        .ok_or(())
}

/// A relative path from `from` to `to` (kustomize refuses absolute resource paths).
fn pathdiff(to: &Path, from: &Path) -> String {
    let from = from.canonicalize().unwrap();
    let up = from.components().count() - 1;
    format!(
        "{}{}",
        "../".repeat(up),
        to.strip_prefix("/").unwrap().display()
    )
}
