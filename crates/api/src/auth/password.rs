//! Argon2id password hashing, run off the async workers because it is slow on purpose.
//! A login for an unknown email still verifies against a dummy hash, so timing reveals nothing.

use std::sync::OnceLock;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

use crate::error::ApiError;
use crate::turns::Turns;

/// Each Argon2id hash holds 19 MiB of memory: one per core at once keeps a burst of logins
/// from multiplying that by the number of requests (16 at once took the server from 20 to
/// 350 MiB) and finishes no later, hashing being CPU-bound.
static HASHING: Turns = Turns::per_core(1);

/// Hashes a password with Argon2id and a random salt, in PHC string form.
pub async fn hash_password(password: String) -> Result<String, ApiError> {
    let _turn = HASHING.take().await?;
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|e| ApiError::Internal(format!("password hashing failed: {e}")))
    })
    .await
    .map_err(|e| ApiError::Internal(format!("password hashing task failed: {e}")))?
}

/// Checks `password` against a stored PHC hash; with no hash (unknown user) it spends the same
/// time and answers false.
pub async fn verify_password(password: String, stored: Option<String>) -> Result<bool, ApiError> {
    let _turn = HASHING.take().await?;
    tokio::task::spawn_blocking(move || {
        let stored = stored.unwrap_or_else(|| dummy_hash().to_owned());
        let Ok(parsed) = PasswordHash::new(&stored) else {
            return false;
        };
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
    .await
    .map_err(|e| ApiError::Internal(format!("password check task failed: {e}")))
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(b"no such user, no such password", &salt)
            .map(|hash| hash.to_string())
            .unwrap_or_default()
    })
}
