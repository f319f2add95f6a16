//! `OFFREAPI_STATIC_DIR`: the built app is served at `/` with deep links falling back to its
//! index.html, while API routes keep priority and unknown API paths stay 404 problems.

use offreapi::configuration::Settings;
use offreapi::startup::Application;

use crate::helpers::{expect_problem, spawn_app_with, Backend};

#[tokio::test]
async fn the_app_is_served_with_spa_fallback_and_the_api_keeps_priority() {
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(
        dist.path().join("index.html"),
        "<!doctype html><title>OffreAPI</title>",
    )
    .unwrap();
    std::fs::create_dir(dist.path().join("assets")).unwrap();
    std::fs::write(
        dist.path().join("assets/app-1a2b3c.js"),
        "console.log('hi')",
    )
    .unwrap();
    let dir = dist.path().to_owned();
    let app = spawn_app_with(Backend::Sqlite, move |s| s.static_dir = Some(dir)).await;

    for path in ["/", "/offers/42", "/recruiter/offers/42/dashboard"] {
        let response = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        assert!(response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html"));
        assert!(
            response
                .text()
                .await
                .unwrap()
                .contains("<title>OffreAPI</title>"),
            "{path}"
        );
    }
    let deep = app.client.get(app.url("/offers/42")).send().await.unwrap();
    assert_eq!(deep.headers()["cache-control"], "no-cache");

    let asset = app
        .client
        .get(app.url("/assets/app-1a2b3c.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(asset.status(), 200);
    assert_eq!(asset.text().await.unwrap(), "console.log('hi')");

    let (status, _) = app.get_json("/offers").await;
    assert_eq!(status, 200, "API routes keep priority");
    let health = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(health.status(), 200);
    let missing = app
        .client
        .get(app.api("/no-such-route"))
        .send()
        .await
        .unwrap();
    expect_problem(missing, 404).await;
}

#[tokio::test]
async fn a_static_dir_without_index_html_is_refused_at_start() {
    let empty = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let mut settings =
        Settings::for_database(format!("sqlite://{}/db.sqlite", data.path().display()));
    settings.jwt_secret = Some(crate::helpers::TEST_JWT_SECRET.to_owned());
    settings.static_dir = Some(empty.path().to_owned());
    let error = Application::build(settings)
        .await
        .err()
        .expect("build must fail");
    assert!(error.to_string().contains("no index.html"), "{error}");
}
