//! Text analysis and CV scoring for OffreAPI: pure, deterministic functions with no I/O.
//! The API uses it to score applications and to make offer search accent- and case-blind.

pub mod fold;
