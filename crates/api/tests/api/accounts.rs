//! Registration, login and `/me`; email normalisation; the password policy; rate limits.

use offreapi_types::{AuthResponse, Role, User};
use serde_json::json;

use crate::helpers::{expect_problem, spawn_app_with, Backend, TestApp};

async fn register_login_and_me(app: TestApp) {
    let registered = app
        .register("  Ana.Dupont@Exemple.FR ", Role::Candidate)
        .await;
    assert_eq!(registered.user.email, "ana.dupont@exemple.fr");
    assert_eq!(registered.user.role, Role::Candidate);
    assert!(registered.expires_in > 0);

    let login = app
        .client
        .post(app.api("/auth/login"))
        .json(&json!({"email": "ANA.DUPONT@exemple.fr", "password": "correct horse battery"}))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 200);
    let login: AuthResponse = login.json().await.unwrap();
    assert_eq!(login.user.id, registered.user.id);

    let me = app
        .client
        .get(app.api("/me"))
        .bearer_auth(&login.token)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200);
    let me: User = me.json().await.unwrap();
    assert_eq!(me, registered.user);
}

async fn duplicate_email_is_a_conflict_whatever_its_case(app: TestApp) {
    app.register("dup@exemple.fr", Role::Recruiter).await;
    let again = app
        .client
        .post(app.api("/auth/register"))
        .json(
            &json!({"email": " DUP@Exemple.fr", "password": "another password",
                      "full_name": "Other", "role": "candidate"}),
        )
        .send()
        .await
        .unwrap();
    expect_problem(again, 409).await;
}

async fn weak_passwords_and_bad_fields_are_named(app: TestApp) {
    for (password, needle) in [("short", "at least 8"), ("          ", "only spaces")] {
        let response = app
            .client
            .post(app.api("/auth/register"))
            .json(&json!({"email": "weak@exemple.fr", "password": password,
                          "full_name": "Weak", "role": "candidate"}))
            .send()
            .await
            .unwrap();
        let problem = expect_problem(response, 422).await;
        assert_eq!(problem.errors.len(), 1);
        assert_eq!(problem.errors[0].field, "password");
        assert!(problem.errors[0].message.contains(needle), "{problem:?}");
    }

    let response = app
        .client
        .post(app.api("/auth/register"))
        .json(&json!({"email": "not-an-email", "password": "x", "full_name": " ", "role": "candidate"}))
        .send()
        .await
        .unwrap();
    let problem = expect_problem(response, 422).await;
    let fields: Vec<_> = problem.errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["email", "password", "full_name"]);
}

async fn unknown_roles_are_refused(app: TestApp) {
    let response = app
        .client
        .post(app.api("/auth/register"))
        .json(
            &json!({"email": "admin@exemple.fr", "password": "correct horse battery",
                      "full_name": "Admin", "role": "admin"}),
        )
        .send()
        .await
        .unwrap();
    let problem = expect_problem(response, 422).await;
    assert!(
        problem.detail.contains("role") || problem.detail.contains("admin"),
        "{}",
        problem.detail
    );
}

async fn login_failures_do_not_reveal_accounts(app: TestApp) {
    app.register("known@exemple.fr", Role::Recruiter).await;
    let mut details = Vec::new();
    for email in ["known@exemple.fr", "unknown@exemple.fr", "not an email"] {
        let response = app
            .client
            .post(app.api("/auth/login"))
            .json(&json!({"email": email, "password": "wrong password!"}))
            .send()
            .await
            .unwrap();
        details.push(expect_problem(response, 401).await.detail);
    }
    assert!(details.windows(2).all(|w| w[0] == w[1]), "{details:?}");
}

on_both_databases!(
    register_login_and_me,
    duplicate_email_is_a_conflict_whatever_its_case,
    weak_passwords_and_bad_fields_are_named,
    unknown_roles_are_refused,
    login_failures_do_not_reveal_accounts,
);

#[tokio::test]
async fn login_is_rate_limited_per_client() {
    let app = spawn_app_with(Backend::Sqlite, |s| s.auth_rate_limit_per_minute = 3).await;
    let attempt = || {
        app.client
            .post(app.api("/auth/login"))
            .json(&json!({"email": "x@exemple.fr", "password": "whatever123"}))
            .send()
    };
    for _ in 0..3 {
        assert_eq!(attempt().await.unwrap().status(), 401);
    }
    let limited = attempt().await.unwrap();
    let retry_after: u64 = limited
        .headers()
        .get("retry-after")
        .expect("Retry-After header")
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=20).contains(&retry_after), "retry after {retry_after}");
    expect_problem(limited, 429).await;

    // Registration shares the budget.
    let register = app
        .client
        .post(app.api("/auth/register"))
        .json(
            &json!({"email": "y@exemple.fr", "password": "correct horse battery",
                      "full_name": "Y", "role": "candidate"}),
        )
        .send()
        .await
        .unwrap();
    expect_problem(register, 429).await;
}
