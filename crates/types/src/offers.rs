//! Job offers on the wire: what a recruiter writes, what everyone reads, and list pages.
//! Limits on lengths and list sizes are enforced by the server and named in its errors.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Whether an offer still takes applications.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OfferStatus {
    #[default]
    Open,
    Closed,
}

impl OfferStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            OfferStatus::Open => "open",
            OfferStatus::Closed => "closed",
        }
    }
}

impl std::str::FromStr for OfferStatus {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        match value {
            "open" => Ok(OfferStatus::Open),
            "closed" => Ok(OfferStatus::Closed),
            other => Err(format!(
                "unknown offer status `{other}`: expected `open` or `closed`"
            )),
        }
    }
}

/// The editable fields of an offer: the body of `POST /offers` and `PUT /offers/{id}`.
///
/// `status` may be left out: a new offer is open, and an edit keeps the current status.
/// Other fields a client might send (owner, id, timestamps) are ignored.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OfferInput {
    /// 1 to 200 characters, not only spaces, no control characters; trimmed.
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "Développeuse backend Rust",
            min_length = 1,
            max_length = 200,
            pattern = r"^(?=[\s\S]*\S)[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"
        )
    )]
    pub title: String,
    /// 1 to 20,000 characters, not only spaces, no control characters but line breaks and
    /// tabs; trimmed.
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "API web en Rust et PostgreSQL, déployées sur Kubernetes.",
            min_length = 1,
            max_length = 20000,
            pattern = r"^(?=[\s\S]*\S)[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"
        )
    )]
    pub description: String,
    /// At most 200 characters, no control characters; may be empty; trimmed.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "Lyon",
            max_length = 200,
            pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"
        )
    )]
    pub location: String,
    /// At most 50 skills; duplicates (ignoring case and accents) are dropped.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(value_type = Vec<SkillName>, max_items = 50, example = json!(["Rust", "PostgreSQL", "Kubernetes"]))
    )]
    pub skills: Vec<String>,
    /// At most 20 screening questions.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(value_type = Vec<QuestionText>, max_items = 20, example = json!(["Quand pouvez-vous commencer ?"]))
    )]
    pub questions: Vec<String>,
    /// Left out: a new offer is open and an edit keeps the current status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<OfferStatus>,
}

/// Non-blank text without control characters (line breaks and tabs allowed), as a JSON
/// Schema pattern; the field attributes above repeat it because they take literals only.
#[cfg(feature = "openapi")]
pub const TEXT_PATTERN: &str = r"^(?=[\s\S]*\S)[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$";

/// Declares a string schema with length bounds, for items of lists.
#[cfg(feature = "openapi")]
macro_rules! bounded_text_schema {
    ($name:ident, $max:expr, $doc:literal) => {
        #[doc = $doc]
        pub struct $name;

        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .min_length(Some(1))
                    .max_length(Some($max))
                    .pattern(Some(TEXT_PATTERN))
                    .into()
            }
        }

        impl utoipa::ToSchema for $name {
            fn name() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed(stringify!($name))
            }
        }
    };
}

#[cfg(feature = "openapi")]
bounded_text_schema!(
    SkillName,
    60,
    "A skill: 1 to 60 characters, not only spaces."
);
#[cfg(feature = "openapi")]
bounded_text_schema!(
    QuestionText,
    500,
    "A screening question: 1 to 500 characters, not only spaces."
);

/// A published job offer.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Offer {
    pub id: i64,
    pub owner_id: i64,
    pub title: String,
    pub description: String,
    pub location: String,
    pub skills: Vec<String>,
    pub questions: Vec<String>,
    pub status: OfferStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The query string of `GET /offers` (and `page`/`per_page` of the other lists).
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OfferSearch {
    /// Words that must all appear in the title, description or skills (any case, any accents).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(max_length = 200, example = "rust"))]
    pub q: Option<String>,
    /// Part of the location (any case, any accents).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(max_length = 200, example = "Lyon"))]
    pub location: Option<String>,
    /// One whole skill (any case, any accents).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(max_length = 200, example = "PostgreSQL"))]
    pub skill: Option<String>,
    /// Starts at 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 1000000))]
    pub page: Option<u64>,
    /// 20 unless given; at most 100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub per_page: Option<u64>,
}

/// `page` and `per_page` of the paginated lists other than `GET /offers`.
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PageQuery {
    /// Starts at 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 1000000))]
    pub page: Option<u64>,
    /// 20 unless given; at most 100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub per_page: Option<u64>,
}

/// One page of a list.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}
