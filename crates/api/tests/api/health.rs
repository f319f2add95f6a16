//! Probes answer, and unknown routes are problems.

use offreapi::configuration::Settings;
use offreapi::startup::Application;

use crate::helpers::{expect_problem, TestApp};

async fn probes_answer(app: TestApp) {
    let health = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(health.status(), 200);
    assert_eq!(health.headers()["x-content-type-options"], "nosniff");
    assert_eq!(health.headers()["x-frame-options"], "DENY");
    let ready = app.client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), 200);
    let body: serde_json::Value = ready.json().await.unwrap();
    assert_eq!(body["status"], "ready");
}

async fn unknown_routes_and_methods_are_problems(app: TestApp) {
    let missing = app.client.get(app.api("/nope")).send().await.unwrap();
    assert_eq!(
        missing.headers()["x-content-type-options"],
        "nosniff",
        "errors carry them too"
    );
    let problem = expect_problem(missing, 404).await;
    assert!(
        problem.detail.contains("/api/v1/nope"),
        "{}",
        problem.detail
    );

    for url in [app.api("/offers"), app.url("/healthz"), app.api("/me")] {
        let wrong_method = app.client.patch(&url).send().await.unwrap();
        assert!(wrong_method.headers().contains_key("allow"), "{url}");
        expect_problem(wrong_method, 405).await;
    }
}

on_both_databases!(probes_answer, unknown_routes_and_methods_are_problems);

#[tokio::test]
async fn an_unreachable_database_stops_the_start_with_a_clear_error() {
    let mut settings = Settings::for_database("postgres://nobody@127.0.0.1:1/none");
    settings.db_connect_timeout_seconds = 0;
    let error = Application::build(settings)
        .await
        .err()
        .expect("build must fail");
    let message = error.to_string();
    assert!(
        message.contains("cannot connect to the database"),
        "{message}"
    );
}

#[tokio::test]
async fn a_short_jwt_secret_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut settings =
        Settings::for_database(format!("sqlite://{}/db.sqlite", dir.path().display()));
    settings.jwt_secret = Some("too-short".to_owned());
    let error = Application::build(settings)
        .await
        .err()
        .expect("build must fail");
    assert!(error.to_string().contains("at least 32 bytes"), "{error}");
}
