//! Forged, expired and malformed tokens are refused with 401 and a `WWW-Authenticate` header.

use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use offreapi_types::Role;
use serde_json::{json, Value};

use crate::helpers::{expect_problem, TestApp, TEST_JWT_SECRET};

fn sign(claims: &Value, secret: &str) -> String {
    encode(
        &Header::new(Algorithm::HS256),
        claims,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .unwrap()
}

/// Unpadded base64url, as JWT segments are written.
fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

async fn me_with(app: &TestApp, authorization: &str) -> reqwest::Response {
    app.client
        .get(app.api("/me"))
        .header("authorization", authorization)
        .send()
        .await
        .unwrap()
}

async fn forged_tokens_are_refused(app: TestApp) {
    let user = app.register("victim@exemple.fr", Role::Recruiter).await;
    let now = chrono::Utc::now().timestamp();
    let sub = user.user.id.to_string();
    let valid_claims = json!({"sub": sub, "role": "recruiter", "iat": now, "exp": now + 600});

    let wrong_secret = sign(&valid_claims, "another-secret-that-is-also-long-enough!!");
    let expired = sign(
        &json!({"sub": sub, "role": "recruiter", "iat": now - 7200, "exp": now - 3600}),
        TEST_JWT_SECRET,
    );
    let future = sign(
        &json!({"sub": sub, "role": "recruiter", "iat": now + 3600, "exp": now + 7200}),
        TEST_JWT_SECRET,
    );
    let missing_sub = sign(
        &json!({"role": "recruiter", "iat": now, "exp": now + 600}),
        TEST_JWT_SECRET,
    );
    let alg_none = format!(
        "{}.{}.",
        base64url(br#"{"alg":"none","typ":"JWT"}"#),
        base64url(valid_claims.to_string().as_bytes())
    );
    let huge = format!("{}.{}.sig", base64url(b"{}"), "a".repeat(10_000));

    let cases = [
        ("wrong signature", format!("Bearer {wrong_secret}")),
        ("expired", format!("Bearer {expired}")),
        ("issued in the future", format!("Bearer {future}")),
        ("missing sub", format!("Bearer {missing_sub}")),
        ("alg none", format!("Bearer {alg_none}")),
        ("garbage", "Bearer not.a.token".to_owned()),
        ("huge", format!("Bearer {huge}")),
        ("not bearer", format!("Basic {}", base64url(b"victim:pw"))),
        ("empty bearer", "Bearer ".to_owned()),
    ];
    for (name, authorization) in cases {
        let response = me_with(&app, &authorization).await;
        assert_eq!(
            response
                .headers()
                .get("www-authenticate")
                .map(|v| v.as_bytes()),
            Some(&b"Bearer"[..]),
            "{name}"
        );
        expect_problem(response, 401).await;
    }

    let no_header = app.client.get(app.api("/me")).send().await.unwrap();
    expect_problem(no_header, 401).await;

    // The control: the same claims signed with the right secret work.
    let genuine = sign(&valid_claims, TEST_JWT_SECRET);
    assert_eq!(
        me_with(&app, &format!("Bearer {genuine}")).await.status(),
        200
    );
}

async fn a_token_for_a_deleted_or_unknown_user_is_refused(app: TestApp) {
    let now = chrono::Utc::now().timestamp();
    let ghost = sign(
        &json!({"sub": "999999", "role": "candidate", "iat": now, "exp": now + 600}),
        TEST_JWT_SECRET,
    );
    let response = me_with(&app, &format!("Bearer {ghost}")).await;
    expect_problem(response, 401).await;
}

on_both_databases!(
    forged_tokens_are_refused,
    a_token_for_a_deleted_or_unknown_user_is_refused
);
