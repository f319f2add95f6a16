//! The original application's scorer, kept for load tests: a uniform random number in [0, 1],
//! drawn with `rand_distr` from a generator seeded by the offer and the candidate, so the same
//! application always gets the same number.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Uniform};

use crate::score::round4;

/// The simulated score of `candidate_id`'s application to `offer_id`, rounded to 4 decimals.
pub fn simulated_score(offer_id: i64, candidate_id: i64) -> f64 {
    let seed = (offer_id as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ (candidate_id as u64);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    round4(Uniform::new_inclusive(0.0, 1.0).sample(&mut rng))
}

#[cfg(test)]
mod tests {
    use super::simulated_score;

    #[test]
    fn reproducible_and_in_range_and_varied() {
        assert_eq!(simulated_score(3, 7), simulated_score(3, 7));
        assert_ne!(simulated_score(3, 7), simulated_score(3, 8));
        let draws: Vec<f64> = (0..1000).map(|c| simulated_score(1, c)).collect();
        assert!(draws.iter().all(|v| (0.0..=1.0).contains(v)));
        let mean = draws.iter().sum::<f64>() / draws.len() as f64;
        assert!((mean - 0.5).abs() < 0.05, "mean {mean}");
    }
}
