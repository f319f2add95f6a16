//! The text pipeline: normalising extracted text, tokenising, analysing and scoring it.
//! Any text scores in [0, 1] with a consistent explanation, and never panics.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use offreapi::intake::text::{has_readable_text, normalize};
use offreapi_scoring::analyze::{analyze, detect_language};
use offreapi_scoring::tokenize::tokens;
use offreapi_scoring::{Offer, OfferProfile};

fn profile() -> &'static OfferProfile {
    static PROFILE: OnceLock<OfferProfile> = OnceLock::new();
    PROFILE.get_or_init(|| {
        let skills = ["Rust".to_owned(), "PostgreSQL".to_owned(), "Kubernetes".to_owned()];
        OfferProfile::new(Offer {
            title: "Développeuse backend Rust",
            description: "API web en Rust et PostgreSQL, déployées sur Kubernetes; observabilité.",
            skills: &skills,
        })
    })
}

fuzz_target!(|bytes: &[u8]| {
    let raw = String::from_utf8_lossy(bytes);
    let text = normalize(&raw, 20_000);
    assert!(text.chars().count() <= 20_000);
    assert_eq!(normalize(&text, 20_000), text, "normalising twice changes nothing");
    let _ = has_readable_text(&text);
    let _ = tokens(&raw);
    let _ = analyze(&raw, detect_language(&raw));

    let score = profile().score_text(&text);
    assert!((0.0..=1.0).contains(&score.value), "score {}", score.value);
    assert!((0.0..=1.0).contains(&score.skill_coverage));
    assert!((0.0..=1.0).contains(&score.text_similarity));
    assert_eq!(score.matched_skills.len() + score.missing_skills.len(), 3);
});
