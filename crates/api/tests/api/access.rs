//! Broken object-level authorisation (OWASP API1), swept: every route that takes an id, tried
//! anonymously, as another recruiter, as another candidate, and as the rightful user.

use offreapi_types::Application;
use reqwest::Method;

use crate::helpers::{fixture, offer, TestApp};

on_both_databases!(every_id_bearing_route_answers_only_its_rightful_users);

/// Who asks: no token, or a token.
type Caller<'a> = Option<&'a str>;

async fn status(app: &TestApp, method: Method, path: &str, caller: Caller<'_>) -> u16 {
    let mut request = app.client.request(method.clone(), app.api(path));
    if let Some(token) = caller {
        request = request.bearer_auth(token);
    }
    if method == Method::PUT {
        request = request.json(&offer("Edited", &["Rust"]));
    }
    if method == Method::POST {
        let form = reqwest::multipart::Form::new().part(
            "cv",
            reqwest::multipart::Part::bytes(fixture("cv_en_rust_backend.pdf")).file_name("cv.pdf"),
        );
        request = request.multipart(form);
    }
    request.send().await.expect("request").status().as_u16()
}

async fn every_id_bearing_route_answers_only_its_rightful_users(app: TestApp) {
    let owner = app.recruiter("owner@exemple.fr").await;
    let rival = app.recruiter("rival@exemple.fr").await;
    let applicant = app.candidate("applicant@exemple.fr").await;
    let stranger = app.candidate("stranger@exemple.fr").await;
    let offer_id = app.publish(&owner, &offer("Rust", &["Rust"])).await.id;
    let applied = app
        .apply(
            &applicant,
            offer_id,
            fixture("cv_en_rust_backend.pdf"),
            None,
        )
        .await;
    assert_eq!(applied.status(), 201);
    let application: Application = applied.json().await.unwrap();
    let application_id = application.id;

    let offer_path = format!("/offers/{offer_id}");
    let applications = format!("/offers/{offer_id}/applications");
    let dashboard = format!("/offers/{offer_id}/dashboard");
    let csv = format!("/offers/{offer_id}/ranking.csv");
    let cv = format!("/applications/{application_id}/cv");
    let withdraw = format!("/applications/{application_id}");

    // (method, path, anonymous, rival recruiter, stranger candidate, rightful user and answer)
    let cases: Vec<(Method, &str, u16, u16, u16, Caller, u16)> = vec![
        (Method::GET, &offer_path, 200, 200, 200, Some(&owner), 200),
        (Method::PUT, &offer_path, 401, 403, 403, Some(&owner), 200),
        (Method::GET, &applications, 401, 403, 403, Some(&owner), 200),
        (Method::GET, &dashboard, 401, 403, 403, Some(&owner), 200),
        (Method::GET, &csv, 401, 403, 403, Some(&owner), 200),
        (Method::GET, &cv, 401, 403, 403, Some(&owner), 200),
        (Method::GET, &cv, 401, 403, 403, Some(&applicant), 200),
    ];
    for (method, path, anonymous, by_rival, by_stranger, rightful, expected) in &cases {
        let what = format!("{method} {path}");
        assert_eq!(
            status(&app, method.clone(), path, None).await,
            *anonymous,
            "{what} anonymously"
        );
        assert_eq!(
            status(&app, method.clone(), path, Some(&rival)).await,
            *by_rival,
            "{what} by another recruiter"
        );
        assert_eq!(
            status(&app, method.clone(), path, Some(&stranger)).await,
            *by_stranger,
            "{what} by another candidate"
        );
        assert_eq!(
            status(&app, method.clone(), path, *rightful).await,
            *expected,
            "{what} by its rightful user"
        );
    }
    // The applicant may not read the offer's other applications or its dashboard either.
    for path in [&applications, &dashboard, &csv] {
        assert_eq!(
            status(&app, Method::GET, path, Some(&applicant)).await,
            403,
            "GET {path} by the applicant"
        );
    }
    // Applying: candidates only.
    assert_eq!(status(&app, Method::POST, &applications, None).await, 401);
    assert_eq!(
        status(&app, Method::POST, &applications, Some(&rival)).await,
        403
    );
    assert_eq!(
        status(&app, Method::POST, &applications, Some(&owner)).await,
        403
    );

    // Ids that do not exist are 404 for whoever may ask, not 403 and not 500.
    for path in [
        "/offers/999999/dashboard",
        "/offers/999999/applications",
        "/offers/999999/ranking.csv",
    ] {
        assert_eq!(
            status(&app, Method::GET, path, Some(&rival)).await,
            404,
            "GET {path}"
        );
    }
    assert_eq!(
        status(
            &app,
            Method::GET,
            "/applications/999999/cv",
            Some(&applicant)
        )
        .await,
        404
    );

    // Destructive routes last: everyone but the rightful user is refused, then it works.
    assert_eq!(status(&app, Method::DELETE, &withdraw, None).await, 401);
    assert_eq!(
        status(&app, Method::DELETE, &withdraw, Some(&stranger)).await,
        403
    );
    assert_eq!(
        status(&app, Method::DELETE, &withdraw, Some(&owner)).await,
        403,
        "recruiters cannot withdraw for candidates"
    );
    assert_eq!(
        status(&app, Method::DELETE, &withdraw, Some(&applicant)).await,
        204
    );
    assert_eq!(status(&app, Method::DELETE, &offer_path, None).await, 401);
    assert_eq!(
        status(&app, Method::DELETE, &offer_path, Some(&rival)).await,
        403
    );
    assert_eq!(
        status(&app, Method::DELETE, &offer_path, Some(&applicant)).await,
        403
    );
    assert_eq!(
        status(&app, Method::DELETE, &offer_path, Some(&owner)).await,
        204
    );
}
