//! What traffic to send: the mix of operations, the phases and their rates, the seed.
//! Read from a TOML file (`scenarios/surge.toml`) or built from flags; checked before any request.

use std::path::Path;

use anyhow::{bail, Context};
use rand::Rng;
use serde::{Deserialize, Serialize};

/// One thing a user does; each is one or two HTTP requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Operation {
    /// An anonymous visitor lists offers (sometimes searching) and opens one.
    Browse,
    /// A new candidate registers and uploads a real PDF CV to an open offer.
    Apply,
    /// A recruiter publishes an offer.
    Publish,
    /// A recruiter reads the dashboard of one of their offers.
    Dashboard,
}

impl Operation {
    pub const ALL: [Operation; 4] = [
        Operation::Browse,
        Operation::Apply,
        Operation::Publish,
        Operation::Dashboard,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Operation::Browse => "browse",
            Operation::Apply => "apply",
            Operation::Publish => "publish",
            Operation::Dashboard => "dashboard",
        }
    }
}

/// Relative weights of the operations (they need not sum to 100).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mix {
    pub browse: f64,
    pub apply: f64,
    pub publish: f64,
    pub dashboard: f64,
}

impl Default for Mix {
    /// Mostly reading, as on a job board: three visitors in four, one application in ten.
    fn default() -> Mix {
        Mix {
            browse: 75.0,
            apply: 10.0,
            publish: 3.0,
            dashboard: 12.0,
        }
    }
}

impl Mix {
    fn weight(&self, operation: Operation) -> f64 {
        match operation {
            Operation::Browse => self.browse,
            Operation::Apply => self.apply,
            Operation::Publish => self.publish,
            Operation::Dashboard => self.dashboard,
        }
    }

    pub fn pick(&self, rng: &mut impl Rng) -> Operation {
        let total: f64 = Operation::ALL.iter().map(|&op| self.weight(op)).sum();
        let mut draw = rng.gen_range(0.0..total);
        for operation in Operation::ALL {
            draw -= self.weight(operation);
            if draw < 0.0 {
                return operation;
            }
        }
        Operation::Browse
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Arrivals at a fixed average rate whatever the server's speed (Poisson process):
    /// latency is measured from when a request was due, so queueing is not hidden.
    Open,
    /// A fixed number of users, each sending its next request when the last one answered.
    Closed,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    pub name: String,
    pub duration_seconds: f64,
    /// Open loop: arrivals per second. Closed loop: concurrent users.
    pub rate: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    #[serde(default = "default_seed")]
    pub seed: u64,
    #[serde(default = "default_mode")]
    pub mode: Mode,
    #[serde(default)]
    pub mix: Mix,
    pub phases: Vec<Phase>,
}

fn default_seed() -> u64 {
    42
}

fn default_mode() -> Mode {
    Mode::Open
}

impl Scenario {
    pub fn load(path: &Path) -> anyhow::Result<Scenario> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the scenario {}", path.display()))?;
        let scenario: Scenario = toml::from_str(&text)
            .with_context(|| format!("{} is not a scenario", path.display()))?;
        scenario.check()?;
        Ok(scenario)
    }

    /// One phase of `duration_seconds` at `rate`, for quick runs from flags.
    pub fn single(
        seed: u64,
        mode: Mode,
        rate: f64,
        duration_seconds: f64,
    ) -> anyhow::Result<Scenario> {
        let scenario = Scenario {
            seed,
            mode,
            mix: Mix::default(),
            phases: vec![Phase {
                name: "steady".into(),
                duration_seconds,
                rate,
            }],
        };
        scenario.check()?;
        Ok(scenario)
    }

    pub fn check(&self) -> anyhow::Result<()> {
        if self.phases.is_empty() {
            bail!("a scenario needs at least one [[phases]] entry");
        }
        for phase in &self.phases {
            if !(phase.duration_seconds > 0.0 && phase.duration_seconds.is_finite()) {
                bail!("phase `{}`: duration_seconds must be above 0", phase.name);
            }
            if !(phase.rate > 0.0 && phase.rate.is_finite()) {
                bail!("phase `{}`: rate must be above 0", phase.name);
            }
            if self.mode == Mode::Closed && phase.rate.fract() != 0.0 {
                bail!(
                    "phase `{}`: in closed mode the rate is a number of users, a whole number",
                    phase.name
                );
            }
        }
        let weights = [
            self.mix.browse,
            self.mix.apply,
            self.mix.publish,
            self.mix.dashboard,
        ];
        if weights.iter().any(|w| !(w.is_finite() && *w >= 0.0))
            || weights.iter().sum::<f64>() <= 0.0
        {
            bail!("the mix's weights must be zero or more, and not all zero");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn the_shipped_surge_scenario_reads() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/surge.toml");
        let scenario = Scenario::load(&path).unwrap();
        let names: Vec<&str> = scenario.phases.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["baseline", "surge", "cool-down"]);
        assert!(scenario.phases[1].rate > scenario.phases[0].rate);
    }

    #[test]
    fn bad_scenarios_say_what_is_wrong() {
        let parse = |text: &str| {
            toml::from_str::<Scenario>(text)
                .map_err(anyhow::Error::from)
                .and_then(|s| s.check().map(|_| s))
        };
        assert!(format!("{:#}", parse("phases = []").unwrap_err()).contains("at least one"));
        let zero = parse("[[phases]]\nname = \"x\"\nduration_seconds = 0\nrate = 1").unwrap_err();
        assert!(format!("{zero:#}").contains("duration_seconds"));
        let users =
            parse("mode = \"closed\"\n[[phases]]\nname = \"x\"\nduration_seconds = 1\nrate = 1.5")
                .unwrap_err();
        assert!(format!("{users:#}").contains("whole number"));
        assert!(
            parse("[[phases]]\nname = \"x\"\nduration_seconds = 1\nrate = 1\nspeed = 3").is_err()
        );
    }

    #[test]
    fn the_mix_is_followed_and_reproducible() {
        let mix = Mix {
            browse: 3.0,
            apply: 1.0,
            publish: 0.0,
            dashboard: 0.0,
        };
        let draw = |seed| {
            let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
            (0..4000).map(|_| mix.pick(&mut rng)).collect::<Vec<_>>()
        };
        let picks = draw(7);
        assert_eq!(picks, draw(7), "same seed, same traffic");
        let browse = picks.iter().filter(|&&op| op == Operation::Browse).count() as f64;
        assert!((browse / 4000.0 - 0.75).abs() < 0.03, "{browse}");
        assert!(!picks.contains(&Operation::Publish));
    }
}
