//! Applying with a PDF CV: the happy path, byte-exact download, who may see what,
//! one application per candidate per offer (also under concurrency), and every hostile file.

use offreapi_types::{Application, OfferStatus, Page, Role};

use crate::helpers::{expect_problem, fixture, offer, spawn_app_with, Backend, TestApp};

async fn candidate_applies_and_both_sides_read_the_cv(app: TestApp) {
    let recruiter = app.recruiter("rh@exemple.fr").await;
    let posted = app
        .publish(&recruiter, &offer("Développeur Rust", &["Rust"]))
        .await;
    let candidate = app.register("ana@exemple.fr", Role::Candidate).await;
    let pdf = fixture("cv_fr_rust_backend.pdf");

    let response = app
        .apply(
            &candidate.token,
            posted.id,
            pdf.clone(),
            Some(r#"["Dans un mois"]"#),
        )
        .await;
    assert_eq!(response.status(), 201);
    let application: Application = response.json().await.unwrap();
    assert_eq!(application.offer_id, posted.id);
    assert_eq!(application.offer_title, "Développeur Rust");
    assert_eq!(application.candidate_id, candidate.user.id);
    assert_eq!(application.answers, ["Dans un mois"]);
    assert_eq!(application.cv_filename, "mon CV.pdf");
    assert_eq!(application.cv_bytes, pdf.len() as u64);
    assert_eq!(application.cv_pages, 1);
    assert!(
        application.text_chars > 500,
        "{} characters",
        application.text_chars
    );

    for token in [&candidate.token, &recruiter] {
        let download = app
            .client
            .get(app.api(&format!("/applications/{}/cv", application.id)))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(download.status(), 200);
        assert_eq!(download.headers()["content-type"], "application/pdf");
        assert_eq!(
            download.bytes().await.unwrap().as_ref(),
            pdf.as_slice(),
            "byte-exact round trip"
        );
    }

    let mine = app
        .client
        .get(app.api("/me/applications"))
        .bearer_auth(&candidate.token)
        .send()
        .await
        .unwrap();
    let mine: Page<Application> = mine.json().await.unwrap();
    assert_eq!(mine.total, 1);
    assert_eq!(mine.items[0].offer_status, OfferStatus::Open);

    let listed = app
        .client
        .get(app.api(&format!("/offers/{}/applications", posted.id)))
        .bearer_auth(&recruiter)
        .send()
        .await
        .unwrap();
    let listed: Page<Application> = listed.json().await.unwrap();
    assert_eq!(listed.items.len(), 1);
    assert_eq!(listed.items[0].candidate_name, "Test Person");
}

async fn nobody_else_reaches_applications_or_cvs(app: TestApp) {
    let owner = app.recruiter("owner@exemple.fr").await;
    let other_recruiter = app.recruiter("other@exemple.fr").await;
    let posted = app.publish(&owner, &offer("Comptable", &[])).await;
    let candidate = app.candidate("c1@exemple.fr").await;
    let other_candidate = app.candidate("c2@exemple.fr").await;
    let application: Application = app
        .apply(&candidate, posted.id, fixture("cv_fr_comptable.pdf"), None)
        .await
        .json()
        .await
        .unwrap();
    let cv = app.api(&format!("/applications/{}/cv", application.id));
    let list = app.api(&format!("/offers/{}/applications", posted.id));
    let one = app.api(&format!("/applications/{}", application.id));

    for token in [&other_recruiter, &other_candidate] {
        let response = app.client.get(&cv).bearer_auth(token).send().await.unwrap();
        expect_problem(response, 403).await;
        let response = app
            .client
            .get(&list)
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        expect_problem(response, 403).await;
        let response = app
            .client
            .delete(&one)
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        expect_problem(response, 403).await;
    }
    let response = app
        .client
        .delete(&one)
        .bearer_auth(&owner)
        .send()
        .await
        .unwrap();
    expect_problem(response, 403).await;
    for url in [&cv, &list] {
        let response = app.client.get(url).send().await.unwrap();
        expect_problem(response, 401).await;
    }
    let missing = app
        .client
        .get(app.api("/applications/999999/cv"))
        .bearer_auth(&owner)
        .send()
        .await
        .unwrap();
    expect_problem(missing, 404).await;
    let mine = app
        .client
        .get(app.api("/me/applications"))
        .bearer_auth(&owner)
        .send()
        .await
        .unwrap();
    expect_problem(mine, 403).await;

    // The candidate withdraws; the CV is gone with the application.
    let withdrawn = app
        .client
        .delete(&one)
        .bearer_auth(&candidate)
        .send()
        .await
        .unwrap();
    assert_eq!(withdrawn.status(), 204);
    let gone = app
        .client
        .get(&cv)
        .bearer_auth(&candidate)
        .send()
        .await
        .unwrap();
    expect_problem(gone, 404).await;
}

async fn one_application_per_candidate_per_offer(app: TestApp) {
    let recruiter = app.recruiter("rh@exemple.fr").await;
    let posted = app.publish(&recruiter, &offer("Data engineer", &[])).await;
    let candidate = app.candidate("eager@exemple.fr").await;
    let pdf = fixture("cv_en_two_columns.pdf");

    let attempts = (0..6).map(|_| app.apply(&candidate, posted.id, pdf.clone(), None));
    let statuses: Vec<u16> = futures_util::future::join_all(attempts)
        .await
        .iter()
        .map(|r| r.status().as_u16())
        .collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| *s == 201 || *s == 409),
        "{statuses:?}"
    );

    let again = app.apply(&candidate, posted.id, pdf, None).await;
    expect_problem(again, 409).await;
}

async fn bad_requests_get_their_own_status(app: TestApp) {
    let recruiter = app.recruiter("rh@exemple.fr").await;
    let mut with_questions = offer("Infirmier", &[]);
    with_questions.questions = vec!["Disponible la nuit ?".into(), "Permis B ?".into()];
    let posted = app.publish(&recruiter, &with_questions).await;
    let candidate = app.candidate("c@exemple.fr").await;
    let pdf = fixture("cv_fr_comptable.pdf");

    let wrong_count = app
        .apply(&candidate, posted.id, pdf.clone(), Some(r#"["oui"]"#))
        .await;
    let problem = expect_problem(wrong_count, 422).await;
    assert_eq!(problem.errors[0].field, "answers");
    let not_json = app
        .apply(&candidate, posted.id, pdf.clone(), Some("oui, non"))
        .await;
    expect_problem(not_json, 422).await;

    let by_recruiter = app.apply(&recruiter, posted.id, pdf.clone(), None).await;
    expect_problem(by_recruiter, 403).await;
    let unknown_offer = app.apply(&candidate, 999_999, pdf.clone(), None).await;
    expect_problem(unknown_offer, 404).await;

    let no_cv = app
        .client
        .post(app.api(&format!("/offers/{}/applications", posted.id)))
        .bearer_auth(&candidate)
        .multipart(reqwest::multipart::Form::new().text("answers", "[]"))
        .send()
        .await
        .unwrap();
    expect_problem(no_cv, 400).await;

    // Mass assignment: fields the server owns cannot be sent as parts.
    for field in ["owner_id", "score", "status", "candidate_id"] {
        let extra_part = reqwest::multipart::Form::new()
            .part(
                "cv",
                reqwest::multipart::Part::bytes(pdf.clone()).file_name("cv.pdf"),
            )
            .text(field, "1");
        let response = app
            .client
            .post(app.api(&format!("/offers/{}/applications", posted.id)))
            .bearer_auth(&candidate)
            .multipart(extra_part)
            .send()
            .await
            .unwrap();
        let problem = expect_problem(response, 400).await;
        assert!(problem.detail.contains(field), "{}", problem.detail);
    }

    let not_multipart = app
        .client
        .post(app.api(&format!("/offers/{}/applications", posted.id)))
        .bearer_auth(&candidate)
        .header("content-type", "application/pdf")
        .body(pdf.clone())
        .send()
        .await
        .unwrap();
    expect_problem(not_multipart, 415).await;

    let mut closed = offer("Closed", &[]);
    closed.status = Some(OfferStatus::Closed);
    let closed = app.publish(&recruiter, &closed).await;
    let response = app.apply(&candidate, closed.id, pdf, None).await;
    expect_problem(response, 409).await;
}

on_both_databases!(
    candidate_applies_and_both_sides_read_the_cv,
    nobody_else_reaches_applications_or_cvs,
    one_application_per_candidate_per_offer,
    bad_requests_get_their_own_status,
);

/// Each fixture with the status the intake must give it.
const EXPECTED: &[(&str, u16)] = &[
    ("cv_en_rust_backend.pdf", 201),
    ("cv_en_frontend.pdf", 201),
    ("cv_en_ten_pages.pdf", 201),
    ("encrypted_owner_only.pdf", 201),
    ("header_after_junk.pdf", 201),
    ("xref_single_newline.pdf", 201),
    ("xref_damaged.pdf", 201),
    ("random_bytes.pdf", 415),
    ("not_pdf_png.pdf", 415),
    ("image_only.pdf", 422),
    ("encrypted_user_password.pdf", 422),
    ("truncated.pdf", 422),
    ("many_pages.pdf", 422),
    ("decompression_bomb.pdf", 422),
    ("nested_arrays.pdf", 422),
    ("self_referencing_xobject.pdf", 422),
    ("missing_mediabox.pdf", 422),
    ("page_tree_cycle.pdf", 422),
];

#[tokio::test]
async fn every_fixture_gets_its_documented_status_and_the_server_keeps_serving() {
    let app = spawn_app_with(Backend::Sqlite, |s| s.pdf_timeout_seconds = 5).await;
    let recruiter = app.recruiter("rh@exemple.fr").await;
    let mut failures = Vec::new();
    for (i, (name, expected)) in EXPECTED.iter().enumerate() {
        // A fresh offer per file: one application per candidate per offer.
        let posted = app
            .publish(&recruiter, &offer(&format!("Offer {i}"), &[]))
            .await;
        let candidate = app.candidate(&format!("c{i}@exemple.fr")).await;
        let response = app.apply(&candidate, posted.id, fixture(name), None).await;
        let status = response.status().as_u16();
        let body = response.text().await.unwrap_or_default();
        if status != *expected {
            failures.push(format!("{name}: expected {expected}, got {status}: {body}"));
        } else if status != 201 {
            assert!(body.contains("\"detail\""), "{name}: {body}");
        }
        let health = app.client.get(app.url("/healthz")).send().await.unwrap();
        assert_eq!(health.status(), 200, "after {name}");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn bodies_over_the_upload_limit_are_413() {
    let app = spawn_app_with(Backend::Sqlite, |s| s.max_upload_bytes = 64 * 1024).await;
    let recruiter = app.recruiter("rh@exemple.fr").await;
    let posted = app.publish(&recruiter, &offer("Small uploads", &[])).await;
    let candidate = app.candidate("c@exemple.fr").await;
    let response = app
        .apply(&candidate, posted.id, fixture("many_pages.pdf"), None)
        .await;
    let problem = expect_problem(response, 413).await;
    assert!(problem.detail.contains("65536"), "{}", problem.detail);

    // Without Content-Length (chunked), the limit still holds while streaming.
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = fixture("many_pages.pdf")
        .chunks(8192)
        .map(|c| Ok(c.to_vec()))
        .collect();
    let part = reqwest::multipart::Part::stream(reqwest::Body::wrap_stream(
        futures_util::stream::iter(chunks),
    ))
    .file_name("big.pdf");
    let response = app
        .client
        .post(app.api(&format!("/offers/{}/applications", posted.id)))
        .bearer_auth(&candidate)
        .multipart(reqwest::multipart::Form::new().part("cv", part))
        .send()
        .await
        .unwrap();
    expect_problem(response, 413).await;
    let small = app
        .apply(&candidate, posted.id, fixture("cv_en_frontend.pdf"), None)
        .await;
    assert_eq!(small.status(), 201);
}
