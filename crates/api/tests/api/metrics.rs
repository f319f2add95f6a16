//! `/metrics`: route templates (never raw paths), intake outcomes, business counters, the
//! process collector and build information, in Prometheus' text format.

use crate::helpers::{fixture, offer, TestApp};

async fn metrics_use_route_templates_and_count_outcomes(app: TestApp) {
    let recruiter = app.recruiter("rh@exemple.fr").await;
    let published = app.publish(&recruiter, &offer("Rust", &["Rust"])).await;
    let candidate = app.candidate("c@exemple.fr").await;
    assert_eq!(
        app.apply(
            &candidate,
            published.id,
            fixture("cv_en_rust_backend.pdf"),
            None
        )
        .await
        .status(),
        201
    );
    let other = app.candidate("d@exemple.fr").await;
    assert_eq!(
        app.apply(&other, published.id, fixture("not_pdf_png.pdf"), None)
            .await
            .status(),
        415
    );
    app.get_json(&format!("/offers/{}", published.id)).await;
    app.get_json("/no/such/route/12345").await;

    let response = app.client.get(app.url("/metrics")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain; version=0.0.4"));
    let body = response.text().await.unwrap();
    for needle in [
        r#"http_server_request_duration_seconds_bucket{http_request_method="GET",http_response_status_code="200",http_route="/api/v1/offers/{id}""#,
        r#"http_route="unmatched""#,
        "http_server_active_requests",
        r#"offreapi_pdf_intake_total{outcome="ok"} 1"#,
        r#"offreapi_pdf_intake_total{outcome="not_pdf"} 1"#,
        r#"offreapi_applications_total{outcome="accepted"} 1"#,
        r#"offreapi_registrations_total{role="candidate"} 2"#,
        "offreapi_offers_published_total 1",
        r#"offreapi_pdf_extraction_duration_seconds_count{outcome="ok"} 1"#,
        r#"offreapi_scoring_duration_seconds_count{scorer="real"} 1"#,
        r#"offreapi_db_pool_connections{state="idle"}"#,
        "offreapi_db_query_errors_total",
        "offreapi_build_info{commit=",
        "process_resident_memory_bytes",
        "process_open_fds",
    ] {
        assert!(body.contains(needle), "missing {needle} in:\n{body}");
    }
    assert!(
        !body.contains("/no/such/route"),
        "raw paths must not become labels"
    );
    assert!(
        !body.contains(&format!("/api/v1/offers/{}\"", published.id)),
        "ids must not become labels"
    );
}

on_both_databases!(metrics_use_route_templates_and_count_outcomes);
