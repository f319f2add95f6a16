//! Bad input is a problem with the right status, never a 500: malformed JSON, wrong types,
//! wrong content type, oversized bodies.

use offreapi_types::Role;
use serde_json::json;

use crate::helpers::{expect_problem, TestApp};

async fn malformed_json_is_400(app: TestApp) {
    let token = app.recruiter("json@exemple.fr").await;
    for body in ["{\"title\": ", "not json at all", "{\"title\": \"x\",}"] {
        let response = app
            .client
            .post(app.api("/offers"))
            .bearer_auth(&token)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        expect_problem(response, 400).await;
    }
}

async fn wrong_types_are_422(app: TestApp) {
    let token = app.recruiter("types@exemple.fr").await;
    let bodies = [
        json!({"title": 42, "description": "d"}),
        json!({"title": "t", "description": "d", "skills": "Rust"}),
        json!({"title": "t", "description": "d", "skills": [1, 2]}),
        json!({"title": "t", "description": "d", "status": "archived"}),
        json!(["not", "an", "object"]),
        json!({"description": "missing title"}),
    ];
    for body in bodies {
        let response = app
            .client
            .post(app.api("/offers"))
            .bearer_auth(&token)
            .json(&body)
            .send()
            .await
            .unwrap();
        expect_problem(response, 422).await;
    }
}

async fn wrong_content_type_is_415(app: TestApp) {
    let token = app.recruiter("ctype@exemple.fr").await;
    let response = app
        .client
        .post(app.api("/offers"))
        .bearer_auth(&token)
        .header("content-type", "text/plain")
        .body(r#"{"title": "t", "description": "d"}"#)
        .send()
        .await
        .unwrap();
    expect_problem(response, 415).await;
}

async fn oversized_bodies_are_413(app: TestApp) {
    let token = app.recruiter("big@exemple.fr").await;
    let huge = json!({"title": "t", "description": "x".repeat(1024 * 1024)});
    let response = app
        .client
        .post(app.api("/offers"))
        .bearer_auth(&token)
        .json(&huge)
        .send()
        .await
        .unwrap();
    expect_problem(response, 413).await;

    // The server is still fine afterwards.
    let health = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(health.status(), 200);
}

async fn field_limits_name_the_field(app: TestApp) {
    let token = app.recruiter("limits@exemple.fr").await;
    let body = json!({
        "title": "t".repeat(201),
        "description": "ok",
        "skills": vec!["s"; 51],
        "questions": ["", "fine"],
    });
    let response = app
        .client
        .post(app.api("/offers"))
        .bearer_auth(&token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let problem = expect_problem(response, 422).await;
    let fields: Vec<_> = problem.errors.iter().map(|e| e.field.as_str()).collect();
    assert!(fields.contains(&"title"), "{fields:?}");
    assert!(fields.contains(&"skills"), "{fields:?}");
    assert!(fields.contains(&"questions[0]"), "{fields:?}");
    assert!(problem.detail.contains("title"));
}

async fn register_body_errors(app: TestApp) {
    let response = app
        .client
        .post(app.api("/auth/register"))
        .json(&json!({"email": "x@exemple.fr"}))
        .send()
        .await
        .unwrap();
    expect_problem(response, 422).await;
    let response = app
        .client
        .post(app.api("/auth/login"))
        .header("content-type", "application/json")
        .body("{")
        .send()
        .await
        .unwrap();
    expect_problem(response, 400).await;
    // The refusals above left the server able to register a well-formed body.
    let candidate = app.register("c@exemple.fr", Role::Candidate).await;
    assert_eq!(candidate.user.role, Role::Candidate);
}

on_both_databases!(
    malformed_json_is_400,
    wrong_types_are_422,
    wrong_content_type_is_415,
    oversized_bodies_are_413,
    field_limits_name_the_field,
    register_body_errors,
);
