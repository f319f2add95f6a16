//! Scoring a CV against an offer: how many of the offer's skills the CV shows (coverage) and
//! how much of the offer's weighted vocabulary it uses (similarity), combined into [0, 1].
//!
//! Coverage counts a skill when its terms appear (a multi-word skill: as adjacent terms).
//! Similarity is a BM25-style saturated term frequency, normalised by the CV's length against
//! a fixed typical length, summed over the offer's terms with their weights (title terms
//! weigh more than description terms, skills more still) and divided by the weights' sum.
//! No corpus statistics are used, so a CV's score depends on it and the offer only: adding or
//! removing other applicants never changes it.

use std::collections::HashMap;

use crate::analyze::{analyze, detect_language, Document, Term, TermId};

/// Share of the score given to skill coverage when the offer lists skills.
pub const SKILL_WEIGHT: f64 = 0.6;
/// BM25 term-frequency saturation.
const K1: f64 = 1.2;
/// BM25 length normalisation strength.
const B: f64 = 0.5;
/// Terms in a typical one- or two-page CV, after stop words.
const TYPICAL_LENGTH: f64 = 250.0;
const TITLE_WEIGHT: f64 = 3.0;
const SKILL_TERM_WEIGHT: f64 = 2.0;
const DESCRIPTION_WEIGHT: f64 = 1.0;
/// How many terms an explanation lists.
const TOP_TERMS: usize = 8;

/// What an offer says about the job.
#[derive(Debug, Clone, Copy)]
pub struct Offer<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub skills: &'a [String],
}

/// A score and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    /// In [0, 1], rounded to four decimals.
    pub value: f64,
    pub skill_coverage: f64,
    pub text_similarity: f64,
    /// The offer's skills the CV shows, in the offer's order and spelling.
    pub matched_skills: Vec<String>,
    pub missing_skills: Vec<String>,
    /// The offer's terms that contributed most, best first.
    pub top_terms: Vec<String>,
}

struct SkillProbe {
    name: String,
    terms: Vec<TermId>,
}

struct QueryTerm {
    id: TermId,
    display: String,
    weight: f64,
}

/// An offer prepared once for scoring many CVs.
pub struct OfferProfile {
    skills: Vec<SkillProbe>,
    query: Vec<QueryTerm>,
    total_weight: f64,
    skill_weight: f64,
}

impl OfferProfile {
    pub fn new(offer: Offer<'_>) -> OfferProfile {
        let language = detect_language(&format!("{}\n{}", offer.title, offer.description));
        let mut weights: HashMap<TermId, (f64, String)> = HashMap::new();
        let mut add = |terms: Vec<Term>, weight: f64| {
            for term in terms {
                weights.entry(term.id).or_insert((0.0, term.display)).0 += weight;
            }
        };
        add(dedup(analyze(offer.title, language)), TITLE_WEIGHT);
        // Repeated description words count, with diminishing returns (square root).
        let mut description_counts: HashMap<TermId, (u32, String)> = HashMap::new();
        for term in analyze(offer.description, language) {
            description_counts
                .entry(term.id)
                .or_insert((0, term.display))
                .0 += 1;
        }
        for (id, (count, display)) in description_counts {
            add(
                vec![Term { id, display }],
                DESCRIPTION_WEIGHT * f64::from(count).sqrt(),
            );
        }
        let mut skills = Vec::with_capacity(offer.skills.len());
        for skill in offer.skills {
            let terms = analyze(skill, language);
            skills.push(SkillProbe {
                name: skill.clone(),
                terms: terms.iter().map(|t| t.id).collect(),
            });
            add(dedup(terms), SKILL_TERM_WEIGHT);
        }
        let mut query: Vec<QueryTerm> = weights
            .into_iter()
            .map(|(id, (weight, display))| QueryTerm {
                id,
                display,
                weight,
            })
            .collect();
        // A fixed order makes the floating-point sums, and so the scores, reproducible.
        query.sort_unstable_by_key(|term| term.id);
        let total_weight = query.iter().map(|t| t.weight).sum();
        OfferProfile {
            skills,
            query,
            total_weight,
            skill_weight: SKILL_WEIGHT,
        }
    }

    /// The same profile with another share for skill coverage (for evaluation sweeps).
    pub fn with_skill_weight(mut self, skill_weight: f64) -> OfferProfile {
        self.skill_weight = skill_weight.clamp(0.0, 1.0);
        self
    }

    pub fn score_text(&self, cv_text: &str) -> Score {
        self.score(&Document::from_text(cv_text))
    }

    pub fn score(&self, cv: &Document) -> Score {
        let (mut matched_skills, mut missing_skills) = (Vec::new(), Vec::new());
        for skill in &self.skills {
            if shows(cv, &skill.terms) {
                matched_skills.push(skill.name.clone());
            } else {
                missing_skills.push(skill.name.clone());
            }
        }
        let skill_coverage = if self.skills.is_empty() {
            0.0
        } else {
            matched_skills.len() as f64 / self.skills.len() as f64
        };

        let length_norm = 1.0 - B + B * f64::from(cv.length()) / TYPICAL_LENGTH;
        let mut contributions: Vec<(f64, &QueryTerm)> = Vec::new();
        let mut weighted = 0.0;
        for term in &self.query {
            let count = f64::from(cv.count(term.id));
            if count == 0.0 {
                continue;
            }
            let saturation = count * (K1 + 1.0) / (count + K1 * length_norm) / (K1 + 1.0);
            let contribution = term.weight * saturation;
            weighted += contribution;
            contributions.push((contribution, term));
        }
        let text_similarity = if self.total_weight > 0.0 {
            (weighted / self.total_weight).min(1.0)
        } else {
            0.0
        };
        contributions.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.id.cmp(&b.1.id)));
        let top_terms = contributions
            .iter()
            .take(TOP_TERMS)
            .map(|(_, term)| term.display.clone())
            .collect();

        let value = if self.skills.is_empty() {
            text_similarity
        } else {
            self.skill_weight * skill_coverage + (1.0 - self.skill_weight) * text_similarity
        };
        Score {
            value: round4(value.clamp(0.0, 1.0)),
            skill_coverage: round4(skill_coverage),
            text_similarity: round4(text_similarity),
            matched_skills,
            missing_skills,
            top_terms,
        }
    }
}

/// A skill shows when its single term occurs, or when its terms occur side by side.
fn shows(cv: &Document, terms: &[TermId]) -> bool {
    match terms {
        [] => false,
        [term] => cv.count(*term) > 0,
        _ => terms.windows(2).all(|w| cv.has_pair(w[0], w[1])),
    }
}

fn dedup(mut terms: Vec<Term>) -> Vec<Term> {
    let mut seen = std::collections::HashSet::new();
    terms.retain(|t| seen.insert(t.id));
    terms
}

/// Rounds to four decimals, the precision every score and statistic is shown with; rounding
/// also hides last-bit differences between platforms.
pub fn round4(value: f64) -> f64 {
    (value * 10_000.0).round() / 10_000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(title: &str, description: &str, skills: &[&str]) -> OfferProfile {
        let skills: Vec<String> = skills.iter().map(|s| s.to_string()).collect();
        OfferProfile::new(Offer {
            title,
            description,
            skills: &skills,
        })
    }

    #[test]
    fn matched_and_missing_skills_are_explained() {
        let offer = profile(
            "Développeur Rust",
            "API en Rust et PostgreSQL sur Kubernetes.",
            &["Rust", "PostgreSQL", "Kubernetes", "Terraform"],
        );
        let score = offer.score_text("Backend developer: Rust, Postgres, k8s. Five years of APIs.");
        assert_eq!(score.matched_skills, ["Rust", "PostgreSQL", "Kubernetes"]);
        assert_eq!(score.missing_skills, ["Terraform"]);
        assert_eq!(score.skill_coverage, 0.75);
        assert!(
            score.top_terms.contains(&"rust".to_owned()),
            "{:?}",
            score.top_terms
        );
        assert!(score.value > 0.5 && score.value <= 1.0, "{}", score.value);
    }

    #[test]
    fn a_french_offer_ranks_the_right_english_cv_first() {
        let offer = profile(
            "Infirmier de nuit",
            "Soins aux patients hospitalisés, administration des traitements, urgences.",
            &["Soins infirmiers", "Urgences"],
        );
        let nurse = offer.score_text(
            "Registered nurse with emergency department and patient care experience at a hospital.",
        );
        let developer = offer
            .score_text("Software developer building web applications in JavaScript and React.");
        assert!(
            nurse.value > developer.value + 0.3,
            "{} vs {}",
            nurse.value,
            developer.value
        );
    }

    #[test]
    fn keyword_stuffing_saturates() {
        let offer = profile("Rust developer", "Rust services", &["Rust"]);
        let once = offer.score_text("rust developer services");
        let stuffed = offer.score_text(&"rust ".repeat(200));
        assert!(
            stuffed.value <= once.value,
            "{} > {}",
            stuffed.value,
            once.value
        );
    }

    proptest::proptest! {
        #[test]
        fn scores_stay_in_the_unit_interval(cv in "\\PC{0,400}", title in "\\PC{0,40}", skill in "\\PC{0,20}") {
            let offer = profile(&title, "Développeur Rust, PostgreSQL et Kubernetes", &[&skill, "Rust"]);
            let score = offer.score_text(&cv);
            proptest::prop_assert!((0.0..=1.0).contains(&score.value));
            proptest::prop_assert!((0.0..=1.0).contains(&score.text_similarity));
            proptest::prop_assert_eq!(score.matched_skills.len() + score.missing_skills.len(), 2);
        }

        #[test]
        fn scoring_is_deterministic_and_ignores_other_cvs(cvs in proptest::collection::vec("[a-zA-Zéè ]{0,200}", 1..6)) {
            let offer = profile("Rust developer", "Backend services in Rust", &["Rust", "SQL"]);
            let forward: Vec<f64> = cvs.iter().map(|cv| offer.score_text(cv).value).collect();
            let mut backward: Vec<f64> = cvs.iter().rev().map(|cv| offer.score_text(cv).value).collect();
            backward.reverse();
            proptest::prop_assert_eq!(&forward, &backward);
            let again = profile("Rust developer", "Backend services in Rust", &["Rust", "SQL"]);
            let repeated: Vec<f64> = cvs.iter().map(|cv| again.score_text(cv).value).collect();
            proptest::prop_assert_eq!(forward, repeated);
        }
    }

    #[test]
    fn empty_inputs_score_zero() {
        let offer = profile("Comptable", "Tenue de la comptabilité", &["Sage 100"]);
        assert_eq!(offer.score_text("").value, 0.0);
        let nothing = profile("", "", &[]);
        assert_eq!(nothing.score_text("anything at all").value, 0.0);
    }

    #[test]
    fn multi_word_skills_need_their_words_together() {
        let offer = profile(
            "Comptable",
            "Comptabilité analytique",
            &["Comptabilité analytique"],
        );
        assert_eq!(
            offer
                .score_text("expert en comptabilité analytique")
                .matched_skills
                .len(),
            1
        );
        assert_eq!(
            offer
                .score_text("analytique puis comptabilité")
                .matched_skills
                .len(),
            0
        );
    }
}
