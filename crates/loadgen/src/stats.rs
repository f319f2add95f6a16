//! What the run measured: per phase and operation, a latency HDR histogram and the outcomes,
//! summarised as a table for people or JSON for machines.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::time::Duration;

use hdrhistogram::Histogram;
use serde::Serialize;

use crate::scenario::{Operation, Phase};

/// How one operation ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    /// The server answered with this unexpected status.
    Status(u16),
    /// No answer: connection refused or reset, timeout.
    Transport,
    /// Not sent: too many requests already in flight (open loop only).
    Dropped,
}

pub struct Tally {
    latency_micros: Histogram<u64>,
    errors: BTreeMap<String, u64>,
    ok: u64,
}

impl Tally {
    fn new() -> Tally {
        Tally {
            // One microsecond to ten minutes, three significant digits.
            latency_micros: Histogram::new_with_bounds(1, 600_000_000, 3).expect("valid bounds"),
            errors: BTreeMap::new(),
            ok: 0,
        }
    }

    fn add(&mut self, other: &Tally) {
        let _ = self.latency_micros.add(&other.latency_micros);
        for (kind, n) in &other.errors {
            *self.errors.entry(kind.clone()).or_default() += n;
        }
        self.ok += other.ok;
    }
}

/// Every measurement of a run, phase by phase.
pub struct Recorder {
    phases: Vec<BTreeMap<Operation, Tally>>,
}

impl Recorder {
    pub fn new(phases: usize) -> Recorder {
        Recorder {
            phases: (0..phases).map(|_| BTreeMap::new()).collect(),
        }
    }

    pub fn record(
        &mut self,
        phase: usize,
        operation: Operation,
        latency: Duration,
        outcome: Outcome,
    ) {
        let tally = self.phases[phase]
            .entry(operation)
            .or_insert_with(Tally::new);
        if outcome != Outcome::Dropped {
            let micros = (latency.as_micros() as u64).clamp(1, 600_000_000);
            let _ = tally.latency_micros.record(micros);
        }
        match outcome {
            Outcome::Success => tally.ok += 1,
            Outcome::Status(status) => *tally.errors.entry(status.to_string()).or_default() += 1,
            Outcome::Transport => *tally.errors.entry("transport".into()).or_default() += 1,
            Outcome::Dropped => *tally.errors.entry("dropped".into()).or_default() += 1,
        }
    }

    pub fn counts(&self, phase: usize) -> (u64, u64) {
        self.phases[phase]
            .values()
            .fold((0, 0), |(ok, errors), tally| {
                (ok + tally.ok, errors + tally.errors.values().sum::<u64>())
            })
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct LatencyMillis {
    pub p50: f64,
    pub p90: f64,
    pub p99: f64,
    pub max: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct OperationSummary {
    pub operation: &'static str,
    pub count: u64,
    pub ok: u64,
    /// Failures by HTTP status, or `transport` / `dropped`.
    pub errors: BTreeMap<String, u64>,
    pub latency_ms: LatencyMillis,
    /// Completed operations per second of the phase (or of the whole run).
    pub achieved_rate: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct PhaseSummary {
    pub name: String,
    pub duration_seconds: f64,
    pub target_rate: f64,
    pub operations: Vec<OperationSummary>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub target: String,
    pub mode: crate::scenario::Mode,
    pub seed: u64,
    pub phases: Vec<PhaseSummary>,
    /// All phases together.
    pub operations: Vec<OperationSummary>,
}

fn summarise(operation: Operation, tally: &Tally, seconds: f64) -> OperationSummary {
    let millis = |q: f64| tally.latency_micros.value_at_quantile(q) as f64 / 1000.0;
    let errors: u64 = tally.errors.values().sum();
    OperationSummary {
        operation: operation.name(),
        count: tally.ok + errors,
        ok: tally.ok,
        errors: tally.errors.clone(),
        latency_ms: LatencyMillis {
            p50: millis(0.50),
            p90: millis(0.90),
            p99: millis(0.99),
            max: tally.latency_micros.max() as f64 / 1000.0,
        },
        achieved_rate: (tally.ok + errors) as f64 / seconds.max(1e-9),
    }
}

impl Recorder {
    pub fn summary(
        &self,
        target: &str,
        scenario: &crate::scenario::Scenario,
        phases: &[Phase],
    ) -> Summary {
        let mut totals: BTreeMap<Operation, Tally> = BTreeMap::new();
        let summaries = phases
            .iter()
            .zip(&self.phases)
            .map(|(phase, tallies)| {
                for (operation, tally) in tallies {
                    totals
                        .entry(*operation)
                        .or_insert_with(Tally::new)
                        .add(tally);
                }
                PhaseSummary {
                    name: phase.name.clone(),
                    duration_seconds: phase.duration_seconds,
                    target_rate: phase.rate,
                    operations: tallies
                        .iter()
                        .map(|(op, tally)| summarise(*op, tally, phase.duration_seconds))
                        .collect(),
                }
            })
            .collect();
        let seconds: f64 = phases.iter().map(|p| p.duration_seconds).sum();
        Summary {
            target: target.to_owned(),
            mode: scenario.mode,
            seed: scenario.seed,
            phases: summaries,
            operations: totals
                .iter()
                .map(|(op, tally)| summarise(*op, tally, seconds))
                .collect(),
        }
    }
}

fn table_rows(out: &mut String, operations: &[OperationSummary]) {
    let _ = writeln!(
        out,
        "  {:<10} {:>7} {:>7}  {:>9} {:>9} {:>9} {:>9}  {:>8}  errors",
        "operation", "count", "ok", "p50 ms", "p90 ms", "p99 ms", "max ms", "per s"
    );
    for op in operations {
        let errors = if op.errors.is_empty() {
            "-".to_owned()
        } else {
            op.errors
                .iter()
                .map(|(k, n)| format!("{k}×{n}"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let _ = writeln!(
            out,
            "  {:<10} {:>7} {:>7}  {:>9.2} {:>9.2} {:>9.2} {:>9.2}  {:>8.1}  {errors}",
            op.operation,
            op.count,
            op.ok,
            op.latency_ms.p50,
            op.latency_ms.p90,
            op.latency_ms.p99,
            op.latency_ms.max,
            op.achieved_rate
        );
    }
}

impl Summary {
    pub fn table(&self) -> String {
        let mut out = format!(
            "offreapi-load against {} ({:?} loop, seed {})\n",
            self.target, self.mode, self.seed
        );
        for phase in &self.phases {
            let _ = writeln!(
                out,
                "\nphase {} ({:.0} s, target {} {})",
                phase.name,
                phase.duration_seconds,
                phase.target_rate,
                match self.mode {
                    crate::scenario::Mode::Open => "arrivals/s",
                    crate::scenario::Mode::Closed => "users",
                }
            );
            table_rows(&mut out, &phase.operations);
        }
        let _ = writeln!(out, "\nall phases");
        table_rows(&mut out, &self.operations);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{Mode, Scenario};

    #[test]
    fn outcomes_are_counted_and_latencies_summarised() {
        let mut recorder = Recorder::new(2);
        for ms in 1..=100 {
            recorder.record(
                0,
                Operation::Browse,
                Duration::from_millis(ms),
                Outcome::Success,
            );
        }
        recorder.record(
            1,
            Operation::Apply,
            Duration::from_millis(5),
            Outcome::Status(422),
        );
        recorder.record(
            1,
            Operation::Apply,
            Duration::from_millis(5),
            Outcome::Transport,
        );
        recorder.record(1, Operation::Apply, Duration::ZERO, Outcome::Dropped);
        assert_eq!(recorder.counts(0), (100, 0));
        assert_eq!(recorder.counts(1), (0, 3));

        let scenario = Scenario::single(1, Mode::Open, 10.0, 10.0).unwrap();
        let phases = vec![
            scenario.phases[0].clone(),
            Phase {
                name: "two".into(),
                ..scenario.phases[0].clone()
            },
        ];
        let summary = recorder.summary("http://127.0.0.1:1", &scenario, &phases);
        let browse = &summary.phases[0].operations[0];
        assert_eq!((browse.count, browse.ok), (100, 100));
        assert!(
            (browse.latency_ms.p50 - 50.0).abs() < 0.1
                && (browse.latency_ms.p99 - 99.0).abs() < 0.1
        );
        assert!((browse.latency_ms.max - 100.0).abs() < 0.1);
        assert_eq!(browse.achieved_rate, 10.0);
        let apply = &summary
            .operations
            .iter()
            .find(|o| o.operation == "apply")
            .unwrap();
        assert_eq!(apply.errors.get("422"), Some(&1));
        assert_eq!(apply.errors.get("transport"), Some(&1));
        assert_eq!(apply.errors.get("dropped"), Some(&1));
        assert!(summary.table().contains("422×1"));
    }
}
