//! Text analysis and CV scoring for OffreAPI: pure, deterministic functions with no I/O.
//! Bilingual (French and English): folding, tokenising, stop words, stemming, aliases,
//! translations; a CV is scored against an offer with an explanation of the score.

pub mod analyze;
pub mod fold;
pub mod lexicon;
pub mod score;
pub mod simulated;
pub mod tokenize;

pub use analyze::Document;
pub use score::{round4, Offer, OfferProfile, Score};
pub use simulated::simulated_score;
