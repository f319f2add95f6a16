//! A job offer's editable fields once trimmed, bounded and de-duplicated.
//! Every broken rule is reported at once, each naming its field.

use offreapi_types::{FieldError, OfferInput, OfferStatus};

use crate::error::ApiError;

pub const MAX_TITLE_CHARS: usize = 200;
pub const MAX_DESCRIPTION_CHARS: usize = 20_000;
pub const MAX_LOCATION_CHARS: usize = 200;
pub const MAX_SKILLS: usize = 50;
pub const MAX_SKILL_CHARS: usize = 60;
pub const MAX_QUESTIONS: usize = 20;
pub const MAX_QUESTION_CHARS: usize = 500;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferDraft {
    pub title: String,
    pub description: String,
    pub location: String,
    pub skills: Vec<String>,
    pub questions: Vec<String>,
    pub status: Option<OfferStatus>,
}

impl OfferDraft {
    pub fn parse(input: OfferInput) -> Result<OfferDraft, ApiError> {
        let mut errors = Vec::new();
        let mut report =
            |field: String, message: String| errors.push(FieldError { field, message });

        let title = bounded_text(&input.title, 1, MAX_TITLE_CHARS)
            .map_err(|m| report("title".into(), m))
            .unwrap_or_default();
        let description = bounded_text(&input.description, 1, MAX_DESCRIPTION_CHARS)
            .map_err(|m| report("description".into(), m))
            .unwrap_or_default();
        let location = bounded_text(&input.location, 0, MAX_LOCATION_CHARS)
            .map_err(|m| report("location".into(), m))
            .unwrap_or_default();

        if input.skills.len() > MAX_SKILLS {
            report("skills".into(), format!("at most {MAX_SKILLS} skills"));
        }
        let mut skills: Vec<String> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (i, skill) in input.skills.iter().take(MAX_SKILLS).enumerate() {
            match bounded_text(skill, 1, MAX_SKILL_CHARS) {
                Ok(skill) => {
                    // "Rust" and "rust " are the same skill; keep the first spelling.
                    if seen.insert(offreapi_scoring::fold::fold(&skill)) {
                        skills.push(skill);
                    }
                }
                Err(m) => report(format!("skills[{i}]"), m),
            }
        }

        if input.questions.len() > MAX_QUESTIONS {
            report(
                "questions".into(),
                format!("at most {MAX_QUESTIONS} questions"),
            );
        }
        let mut questions = Vec::new();
        for (i, question) in input.questions.iter().take(MAX_QUESTIONS).enumerate() {
            match bounded_text(question, 1, MAX_QUESTION_CHARS) {
                Ok(question) => questions.push(question),
                Err(m) => report(format!("questions[{i}]"), m),
            }
        }

        if !errors.is_empty() {
            return Err(ApiError::from_field_errors(errors));
        }
        Ok(OfferDraft {
            title,
            description,
            location,
            skills,
            questions,
            status: input.status,
        })
    }
}

/// Trims `raw` and checks its length in characters; control characters other than line breaks
/// and tabs are refused.
fn bounded_text(raw: &str, min: usize, max: usize) -> Result<String, String> {
    let text = raw.trim();
    let length = text.chars().count();
    if length < min {
        return Err("is required".to_owned());
    }
    if length > max {
        return Err(format!("must be at most {max} characters"));
    }
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err("must not contain control characters".to_owned());
    }
    Ok(text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> OfferInput {
        OfferInput {
            title: " Développeur Rust ".into(),
            description: "Backend".into(),
            location: "Lyon".into(),
            skills: vec!["Rust".into(), " rust".into(), "PostgreSQL".into()],
            questions: vec!["Disponibilité ?".into()],
            status: None,
        }
    }

    #[test]
    fn trims_and_deduplicates_skills() {
        let draft = OfferDraft::parse(input()).unwrap();
        assert_eq!(draft.title, "Développeur Rust");
        assert_eq!(draft.skills, vec!["Rust", "PostgreSQL"]);
    }

    #[test]
    fn names_every_bad_field() {
        let mut bad = input();
        bad.title = "  ".into();
        bad.skills = vec!["ok".into(), "x".repeat(61)];
        let Err(ApiError::Validation { errors, .. }) = OfferDraft::parse(bad) else {
            panic!("expected a validation error");
        };
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["title", "skills[1]"]);
    }
}
