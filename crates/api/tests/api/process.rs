//! Tests of the `offreapi` executable as a separate process: its memory can be read from
//! /proc without the test's own allocations getting in the way.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::helpers::{fixture, offer, TEST_JWT_SECRET};

/// A running `offreapi serve`, killed when dropped.
pub struct ServerProcess {
    child: Child,
    pub address: String,
    _data: tempfile::TempDir,
}

impl ServerProcess {
    pub fn start(extra_args: &[&str]) -> ServerProcess {
        let data = tempfile::tempdir().unwrap();
        let database_url = format!("sqlite://{}/offreapi.db", data.path().display());
        let mut child = Command::new(env!("CARGO_BIN_EXE_offreapi"))
            .args([
                "--bind",
                "127.0.0.1:0",
                "--log-format",
                "json",
                "--workers",
                "2",
            ])
            .args([
                "--database-url",
                &database_url,
                "--auth-rate-limit-per-minute",
                "0",
            ])
            .args(extra_args)
            .arg("serve")
            .env("JWT_SECRET", TEST_JWT_SECRET)
            .env("RUST_LOG", "info")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start offreapi");
        let stderr = child.stderr.take().unwrap();
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut sender = Some(sender);
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if line.contains("OffreAPI is listening") {
                    let value: serde_json::Value = serde_json::from_str(&line).unwrap();
                    if let Some(sender) = sender.take() {
                        let _ = sender.send(value["address"].as_str().unwrap().to_owned());
                    }
                }
            }
        });
        let address = receiver
            .recv_timeout(Duration::from_secs(30))
            .expect("the server announces its address");
        ServerProcess {
            child,
            address: format!("http://{address}"),
            _data: data,
        }
    }

    /// Resident memory, in bytes, from /proc.
    pub fn rss_bytes(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let kib: u64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("VmRSS");
        kib * 1024
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const HOSTILE: &[&str] = &[
    "decompression_bomb.pdf",
    "nested_arrays.pdf",
    "self_referencing_xobject.pdf",
    "missing_mediabox.pdf",
    "page_tree_cycle.pdf",
    "many_pages.pdf",
    "encrypted_user_password.pdf",
    "truncated.pdf",
    "random_bytes.pdf",
    "image_only.pdf",
];

/// The hostile set runs three times against the real executable; its resident memory may not
/// grow by more than 8 MiB. Extraction happens in children, so what remains in the server is
/// request buffers (the largest file is 300 KB) and allocator slack: measured growth was about
/// 1 MiB; one decompression bomb inflated in-process would add 300 MiB.
#[tokio::test]
async fn hostile_pdfs_leave_the_server_memory_flat() {
    let server = ServerProcess::start(&["--pdf-timeout-seconds", "3", "--pdf-cpu-seconds", "2"]);
    let client = reqwest::Client::new();
    let api = |path: &str| format!("{}/api/v1{path}", server.address);
    let register = |email: String, role: &'static str| {
        client
            .post(api("/auth/register"))
            .json(
                &serde_json::json!({"email": email, "password": "correct horse battery",
                                      "full_name": "P", "role": role}),
            )
            .send()
    };
    let token = |response: reqwest::Response| async move {
        let body: serde_json::Value = response.json().await.unwrap();
        body["token"].as_str().unwrap().to_owned()
    };
    let recruiter = token(register("rh@exemple.fr".into(), "recruiter").await.unwrap()).await;
    let apply = |offer_id: i64, candidate: String, pdf: Vec<u8>| {
        let form = reqwest::multipart::Form::new().part(
            "cv",
            reqwest::multipart::Part::bytes(pdf).file_name("cv.pdf"),
        );
        client
            .post(api(&format!("/offers/{offer_id}/applications")))
            .bearer_auth(candidate)
            .multipart(form)
            .send()
    };
    let offer_id = {
        let response = client
            .post(api("/offers"))
            .bearer_auth(&recruiter)
            .json(&offer("Rust", &["Rust"]))
            .send()
            .await
            .unwrap();
        let body: serde_json::Value = response.json().await.unwrap();
        body["id"].as_i64().unwrap()
    };

    // Accounts first (each registration hashes a password), then one accepted CV as warm-up.
    let warm = token(
        register("warm@exemple.fr".into(), "candidate")
            .await
            .unwrap(),
    )
    .await;
    let candidate = token(
        register("hostile@exemple.fr".into(), "candidate")
            .await
            .unwrap(),
    )
    .await;
    let accepted = apply(offer_id, warm, fixture("cv_en_rust_backend.pdf"))
        .await
        .unwrap();
    assert_eq!(accepted.status(), 201);
    let before = server.rss_bytes();

    for round in 0..3 {
        for name in HOSTILE {
            let response = apply(offer_id, candidate.clone(), fixture(name))
                .await
                .unwrap();
            let status = response.status().as_u16();
            assert!(
                status == 415 || status == 422,
                "round {round}, {name}: {status}"
            );
            let health = client
                .get(format!("{}/healthz", server.address))
                .send()
                .await
                .unwrap();
            assert_eq!(health.status(), 200, "after {name}");
        }
    }
    let after = server.rss_bytes();
    let growth = after.saturating_sub(before);
    eprintln!(
        "RSS before {} KiB, after {} KiB, growth {} KiB",
        before / 1024,
        after / 1024,
        growth / 1024
    );
    assert!(
        growth < 8 * 1024 * 1024,
        "RSS grew by {} KiB",
        growth / 1024
    );
}
