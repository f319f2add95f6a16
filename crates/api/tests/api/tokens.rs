//! Forged, expired and malformed tokens are refused with 401 and a `WWW-Authenticate` header.

use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use offreapi_types::Role;
use serde_json::{json, Value};

use crate::helpers::{expect_problem, TestApp, TEST_JWT_SECRET};

fn sign(claims: &Value, secret: &str) -> String {
    sign_with(Algorithm::HS256, claims, secret)
}

fn sign_with(algorithm: Algorithm, claims: &Value, secret: &str) -> String {
    encode(
        &Header::new(algorithm),
        claims,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .unwrap()
}

/// A token whose header says `alg` but whose signature is an HMAC-SHA256 of that header and
/// the claims with `secret`: the HS/RS confusion, which fools a verifier that picks its
/// algorithm from the header (checking an "RS256" token with a public key as HMAC secret).
fn relabelled(alg: &str, claims: &Value, secret: &str) -> String {
    let header = base64url(format!(r#"{{"alg":"{alg}","typ":"JWT"}}"#).as_bytes());
    let message = format!("{header}.{}", base64url(claims.to_string().as_bytes()));
    let signature = jsonwebtoken::crypto::sign(
        message.as_bytes(),
        &EncodingKey::from_secret(secret.as_bytes()),
        Algorithm::HS256,
    )
    .unwrap();
    format!("{message}.{signature}")
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
    let hs512 = sign_with(Algorithm::HS512, &valid_claims, TEST_JWT_SECRET);
    let rs256_label = relabelled("RS256", &valid_claims, TEST_JWT_SECRET);
    let missing_exp = sign(
        &json!({"sub": sub, "role": "recruiter", "iat": now}),
        TEST_JWT_SECRET,
    );
    let missing_role = sign(
        &json!({"sub": sub, "iat": now, "exp": now + 600}),
        TEST_JWT_SECRET,
    );
    let unknown_role = sign(
        &json!({"sub": sub, "role": "admin", "iat": now, "exp": now + 600}),
        TEST_JWT_SECRET,
    );
    let not_yet_valid = sign(
        &json!({"sub": sub, "role": "recruiter", "iat": now, "nbf": now + 3600, "exp": now + 7200}),
        TEST_JWT_SECRET,
    );
    let numeric_sub = sign(
        &json!({"sub": user.user.id, "role": "recruiter", "iat": now, "exp": now + 600}),
        TEST_JWT_SECRET,
    );

    let cases = [
        ("wrong signature", format!("Bearer {wrong_secret}")),
        ("expired", format!("Bearer {expired}")),
        ("issued in the future", format!("Bearer {future}")),
        ("missing sub", format!("Bearer {missing_sub}")),
        ("alg none", format!("Bearer {alg_none}")),
        ("garbage", "Bearer not.a.token".to_owned()),
        ("huge", format!("Bearer {huge}")),
        ("HS512, right secret", format!("Bearer {hs512}")),
        (
            "RS256 label, HMAC signature",
            format!("Bearer {rs256_label}"),
        ),
        ("missing exp", format!("Bearer {missing_exp}")),
        ("missing role", format!("Bearer {missing_role}")),
        ("unknown role", format!("Bearer {unknown_role}")),
        ("not yet valid", format!("Bearer {not_yet_valid}")),
        ("sub not a string", format!("Bearer {numeric_sub}")),
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

    // The controls: the same claims signed with the right secret work, also when the token
    // is put together by hand as the relabelled one was, so only its label made it fail.
    let genuine = sign(&valid_claims, TEST_JWT_SECRET);
    assert_eq!(
        me_with(&app, &format!("Bearer {genuine}")).await.status(),
        200
    );
    let hand_made = relabelled("HS256", &valid_claims, TEST_JWT_SECRET);
    assert_eq!(
        me_with(&app, &format!("Bearer {hand_made}")).await.status(),
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
