//! Answers to an offer's screening questions: a JSON array with exactly one string per question.

use crate::error::ApiError;

pub const MAX_ANSWER_CHARS: usize = 2_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answers(Vec<String>);

impl Answers {
    /// `raw` is the `answers` form field, if any; `questions` is how many the offer asks.
    pub fn parse(raw: Option<&str>, questions: usize) -> Result<Answers, ApiError> {
        let Some(raw) = raw.filter(|r| !r.trim().is_empty()) else {
            return Ok(Answers(Vec::new()));
        };
        let answers: Vec<String> = serde_json::from_str(raw).map_err(|_| {
            ApiError::invalid_field("answers", "must be a JSON array of strings, like [\"yes\"]")
        })?;
        if answers.len() != questions {
            return Err(ApiError::invalid_field(
                "answers",
                format!(
                    "this offer asks {questions} question(s); send exactly one answer for each, \
                     got {}",
                    answers.len()
                ),
            ));
        }
        let mut trimmed = Vec::with_capacity(answers.len());
        for (i, answer) in answers.into_iter().enumerate() {
            let answer = answer.trim().to_owned();
            if answer.chars().count() > MAX_ANSWER_CHARS {
                return Err(ApiError::invalid_field(
                    &format!("answers[{i}]"),
                    format!("must be at most {MAX_ANSWER_CHARS} characters"),
                ));
            }
            trimmed.push(answer);
        }
        Ok(Answers(trimmed))
    }

    pub fn into_inner(self) -> Vec<String> {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::Answers;

    #[test]
    fn one_string_per_question() {
        assert_eq!(
            Answers::parse(None, 2).unwrap().into_inner(),
            Vec::<String>::new()
        );
        assert_eq!(
            Answers::parse(Some(r#"[" oui ", "non"]"#), 2)
                .unwrap()
                .into_inner(),
            vec!["oui", "non"]
        );
        assert!(Answers::parse(Some(r#"["oui"]"#), 2).is_err());
        assert!(Answers::parse(Some(r#"[1, 2]"#), 2).is_err());
        assert!(Answers::parse(Some(r#"{"a": 1}"#), 1).is_err());
        assert!(Answers::parse(Some("not json"), 1).is_err());
    }
}
