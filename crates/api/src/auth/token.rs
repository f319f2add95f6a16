//! HS256 session tokens carrying `sub`, `role`, `iat` and `exp`.
//! Only HS256 is accepted, so `alg: none` and algorithm-confusion tokens are refused.

use std::time::Duration;

use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use offreapi_types::Role;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// The user's id, as a string per RFC 7519.
    pub sub: String,
    pub role: Role,
    pub iat: i64,
    pub exp: i64,
}

/// The keys that sign and check tokens, and how long a token lives.
#[derive(Clone)]
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    lifetime: Duration,
}

/// Tokens larger than this are refused before any parsing.
pub const MAX_TOKEN_BYTES: usize = 4096;

/// Seconds of clock skew tolerated between issuers and checkers.
const LEEWAY_SECONDS: u64 = 30;

impl TokenKeys {
    pub fn new(secret: &[u8], lifetime: Duration) -> TokenKeys {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_required_spec_claims(&["exp", "iat", "sub"]);
        validation.leeway = LEEWAY_SECONDS;
        validation.validate_nbf = true;
        TokenKeys {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            lifetime,
        }
    }

    pub fn lifetime(&self) -> Duration {
        self.lifetime
    }

    pub fn issue(&self, user_id: i64, role: Role) -> Result<String, jsonwebtoken::errors::Error> {
        let now = chrono::Utc::now().timestamp();
        let claims = Claims {
            sub: user_id.to_string(),
            role,
            iat: now,
            exp: now + self.lifetime.as_secs() as i64,
        };
        encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
    }

    /// Checks signature, algorithm, expiry and that the token was not issued in the future.
    pub fn verify(&self, token: &str) -> Result<Claims, String> {
        if token.len() > MAX_TOKEN_BYTES {
            return Err("the token is too large".to_owned());
        }
        let data = decode::<Claims>(token, &self.decoding, &self.validation)
            .map_err(|e| format!("the token is invalid ({e})"))?;
        let now = chrono::Utc::now().timestamp();
        if data.claims.iat > now + LEEWAY_SECONDS as i64 {
            return Err("the token was issued in the future".to_owned());
        }
        Ok(data.claims)
    }
}
