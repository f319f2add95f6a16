//! The HTTP layer under hostile or unusual clients: cross-origin pages, HEAD requests, slow
//! clients that never finish their request, and the headers every answer must carry.

use std::time::{Duration, Instant};

use offreapi_types::Role;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::helpers::{spawn_app, spawn_app_with, Backend};

const ALLOWED: &str = "https://app.example.com";
const EVIL: &str = "https://evil.example.net";

async fn preflight(client: &reqwest::Client, url: &str, origin: &str) -> reqwest::Response {
    client
        .request(reqwest::Method::OPTIONS, url)
        .header("Origin", origin)
        .header("Access-Control-Request-Method", "POST")
        .header(
            "Access-Control-Request-Headers",
            "authorization, content-type",
        )
        .send()
        .await
        .unwrap()
}

fn allow_origin(response: &reqwest::Response) -> Option<&str> {
    response
        .headers()
        .get("access-control-allow-origin")
        .and_then(|v| v.to_str().ok())
}

#[tokio::test]
async fn cors_lets_only_configured_origins_read_answers() {
    let app = spawn_app_with(Backend::Sqlite, |settings| {
        settings.cors_allowed_origins = vec![ALLOWED.to_owned()];
    })
    .await;
    let offers = app.api("/offers");

    let allowed = preflight(&app.client, &offers, ALLOWED).await;
    assert!(allowed.status().is_success(), "{}", allowed.status());
    assert_eq!(allow_origin(&allowed), Some(ALLOWED));
    let methods = allowed.headers()["access-control-allow-methods"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        methods.contains("POST") && methods.contains("DELETE"),
        "{methods}"
    );
    let headers = allowed.headers()["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .to_lowercase();
    assert!(
        headers.contains("authorization") && headers.contains("content-type"),
        "{headers}"
    );

    let refused = preflight(&app.client, &offers, EVIL).await;
    assert_eq!(
        allow_origin(&refused),
        None,
        "another origin gets no permission"
    );

    let read = app
        .client
        .get(&offers)
        .header("Origin", ALLOWED)
        .send()
        .await
        .unwrap();
    assert_eq!(read.status(), 200);
    assert_eq!(allow_origin(&read), Some(ALLOWED));
    let vary = read
        .headers()
        .get("vary")
        .map(|v| v.to_str().unwrap().to_lowercase());
    assert!(
        vary.is_some_and(|v| v.contains("origin")),
        "caches must key on Origin"
    );

    let read = app
        .client
        .get(&offers)
        .header("Origin", EVIL)
        .send()
        .await
        .unwrap();
    assert_eq!(
        read.status(),
        200,
        "the server answers; the browser keeps the answer from the page"
    );
    assert_eq!(allow_origin(&read), None);
}

#[tokio::test]
async fn without_configured_origins_no_page_elsewhere_may_read_and_same_origin_still_works() {
    let app = spawn_app(Backend::Sqlite).await;
    let offers = app.api("/offers");
    assert_eq!(
        allow_origin(&preflight(&app.client, &offers, ALLOWED).await),
        None
    );
    // Browsers send Origin on their own same-origin POSTs: those must go through.
    let response = app
        .client
        .post(app.api("/auth/register"))
        .header("Origin", &app.address)
        .json(&serde_json::json!({
            "email": "same@origin.example", "password": "correct horse battery",
            "full_name": "Same Origin", "role": Role::Candidate,
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
}

#[tokio::test]
async fn head_answers_like_get_without_a_body() {
    let app = spawn_app(Backend::Sqlite).await;
    for path in ["/healthz", "/readyz", "/api/v1/offers", "/api/openapi.json"] {
        let get = app.client.get(app.url(path)).send().await.unwrap();
        let head = app.client.head(app.url(path)).send().await.unwrap();
        assert_eq!(head.status(), get.status(), "{path}");
        assert_eq!(
            head.headers().get("content-type"),
            get.headers().get("content-type"),
            "{path}"
        );
        assert!(
            head.bytes().await.unwrap().is_empty(),
            "{path}: HEAD has no body"
        );
    }
    // A resource without GET still says which methods it has.
    let head = app
        .client
        .head(app.api("/auth/login"))
        .send()
        .await
        .unwrap();
    assert_eq!(head.status(), 405);
}

#[tokio::test]
async fn every_kind_of_answer_carries_the_security_headers() {
    let app = spawn_app(Backend::Sqlite).await;
    let answers = [
        app.client.get(app.url("/healthz")).send().await.unwrap(),
        app.client
            .get(app.url("/no/such/route"))
            .send()
            .await
            .unwrap(),
        app.client.delete(app.url("/healthz")).send().await.unwrap(),
        app.client.get(app.api("/me")).send().await.unwrap(),
        app.client
            .post(app.api("/offers"))
            .body("{")
            .send()
            .await
            .unwrap(),
    ];
    for answer in answers {
        let status = answer.status();
        let headers = answer.headers();
        assert_eq!(headers["x-content-type-options"], "nosniff", "{status}");
        assert_eq!(headers["x-frame-options"], "DENY", "{status}");
        assert_eq!(headers["referrer-policy"], "no-referrer", "{status}");
    }
}

#[tokio::test]
async fn a_client_that_never_finishes_its_request_is_cut_off() {
    let app = spawn_app_with(Backend::Sqlite, |settings| {
        settings.client_request_timeout_seconds = 1;
    })
    .await;
    let address = app.address.trim_start_matches("http://").to_owned();
    let mut stream = tokio::net::TcpStream::connect(&address).await.unwrap();
    let started = Instant::now();
    // Half a request head, then silence (slowloris).
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer)).await;
    let waited = started.elapsed();
    assert!(
        read.is_ok() && waited < Duration::from_secs(5),
        "the connection stayed open {waited:?}"
    );
    let answer = String::from_utf8_lossy(&answer);
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 408"),
        "{answer}"
    );
    // The server still serves everyone else.
    assert_eq!(
        app.client
            .get(app.url("/healthz"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
}
