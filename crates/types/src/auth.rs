//! Accounts and sessions on the wire: registration, login and the signed-in user.
//! Passwords only ever travel inwards; the server never sends one back.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What a user may do: publish offers, or apply to them.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Recruiter,
    Candidate,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Recruiter => "recruiter",
            Role::Candidate => "candidate",
        }
    }
}

impl std::str::FromStr for Role {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        match value {
            "recruiter" => Ok(Role::Recruiter),
            "candidate" => Ok(Role::Candidate),
            other => Err(format!(
                "unknown role `{other}`: expected `recruiter` or `candidate`"
            )),
        }
    }
}

/// `POST /api/v1/auth/register`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegisterRequest {
    /// Trimmed and lower-cased before it is stored or compared.
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "camille.martin@example.com",
            max_length = 254,
            pattern = r"^\s*[^@\s\x00-\x1F\x7F-\x9F]{1,64}@[^@\s.\x00-\x1F\x7F-\x9F]+(\.[^@\s.\x00-\x1F\x7F-\x9F]+)+\s*$"
        )
    )]
    pub email: String,
    /// 8 to 128 characters, not only spaces.
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "a long passphrase",
            min_length = 8,
            max_length = 128,
            pattern = r"\S"
        )
    )]
    pub password: String,
    /// 1 to 100 characters, not only spaces, no control characters; trimmed.
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "Camille Martin",
            min_length = 1,
            max_length = 100,
            pattern = r"^(?=[\s\S]*\S)[^\x00-\x1F\x7F-\x9F]*$"
        )
    )]
    pub full_name: String,
    pub role: Role,
}

/// `POST /api/v1/auth/login`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoginRequest {
    #[cfg_attr(feature = "openapi", schema(example = "camille.martin@example.com"))]
    pub email: String,
    #[cfg_attr(feature = "openapi", schema(example = "a long passphrase"))]
    pub password: String,
}

/// A user as others may see them.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub full_name: String,
    pub role: Role,
    pub created_at: DateTime<Utc>,
}

/// The answer to a successful registration or login: a bearer token and its owner.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuthResponse {
    pub token: String,
    /// Seconds until `token` expires.
    pub expires_in: u64,
    pub user: User,
}
