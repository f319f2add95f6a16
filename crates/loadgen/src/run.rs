//! Driving the traffic: an open loop of Poisson arrivals (exponential gaps, seeded) or a closed
//! loop of users, phase after phase, with a progress bar per phase.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Exp};
use tokio::time::Instant;

use crate::client::World;
use crate::scenario::{Mode, Scenario};
use crate::stats::{Outcome, Recorder};

pub struct Options {
    /// Open loop: operations allowed in flight before new arrivals are dropped (and counted).
    pub max_in_flight: usize,
    pub progress: bool,
}

fn progress_bar(name: &str, seconds: f64, show: bool) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(
        Some(seconds.ceil() as u64),
        if show {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        },
    );
    if let Ok(style) =
        ProgressStyle::with_template("{prefix:>10} [{bar:30}] {pos:>4}/{len} s  {msg}")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_prefix(name.to_owned());
    bar
}

pub async fn run(world: Arc<World>, scenario: &Scenario, options: &Options) -> Recorder {
    let recorder = Arc::new(Mutex::new(Recorder::new(scenario.phases.len())));
    let mut rng = ChaCha8Rng::seed_from_u64(scenario.seed);
    for (index, phase) in scenario.phases.iter().enumerate() {
        let started = Instant::now();
        let ends = started + Duration::from_secs_f64(phase.duration_seconds);
        let bar = progress_bar(&phase.name, phase.duration_seconds, options.progress);
        let ticker = {
            let (bar, recorder) = (bar.clone(), recorder.clone());
            tokio::spawn(async move {
                loop {
                    tokio::time::sleep(Duration::from_millis(250)).await;
                    let (ok, errors) = recorder.lock().expect("recorder").counts(index);
                    bar.set_position(started.elapsed().as_secs());
                    bar.set_message(format!("{ok} ok, {errors} errors"));
                }
            })
        };
        let mut tasks = tokio::task::JoinSet::new();
        match scenario.mode {
            Mode::Open => {
                let gaps = Exp::new(phase.rate).expect("a checked, positive rate");
                let in_flight = Arc::new(AtomicUsize::new(0));
                let mut due = started;
                loop {
                    due += Duration::from_secs_f64(gaps.sample(&mut rng));
                    if due >= ends {
                        break;
                    }
                    tokio::time::sleep_until(due).await;
                    let operation = scenario.mix.pick(&mut rng);
                    if in_flight.load(Ordering::Relaxed) >= options.max_in_flight {
                        recorder.lock().expect("recorder").record(
                            index,
                            operation,
                            Duration::ZERO,
                            Outcome::Dropped,
                        );
                        continue;
                    }
                    in_flight.fetch_add(1, Ordering::Relaxed);
                    let (world, recorder, in_flight) =
                        (world.clone(), recorder.clone(), in_flight.clone());
                    let mut op_rng = ChaCha8Rng::seed_from_u64(rng.gen());
                    tasks.spawn(async move {
                        let outcome = world.run(operation, &mut op_rng).await;
                        // From when the request was due, not sent: a slow server delays the
                        // sending too, and that wait is part of what users see.
                        let latency = due.elapsed();
                        recorder
                            .lock()
                            .expect("recorder")
                            .record(index, operation, latency, outcome);
                        in_flight.fetch_sub(1, Ordering::Relaxed);
                    });
                }
            }
            Mode::Closed => {
                for _ in 0..phase.rate as usize {
                    let (world, recorder) = (world.clone(), recorder.clone());
                    let mix = scenario.mix;
                    let mut user_rng = ChaCha8Rng::seed_from_u64(rng.gen());
                    tasks.spawn(async move {
                        while Instant::now() < ends {
                            let operation = mix.pick(&mut user_rng);
                            let sent = Instant::now();
                            let outcome = world.run(operation, &mut user_rng).await;
                            recorder.lock().expect("recorder").record(
                                index,
                                operation,
                                sent.elapsed(),
                                outcome,
                            );
                        }
                    });
                }
            }
        }
        while tasks.join_next().await.is_some() {}
        ticker.abort();
        // Awaited so that its handle on the recorder is gone before the next phase or the end.
        let _ = ticker.await;
        let (ok, errors) = recorder.lock().expect("recorder").counts(index);
        bar.set_position(phase.duration_seconds.ceil() as u64);
        bar.finish_with_message(format!("{ok} ok, {errors} errors"));
    }
    match Arc::try_unwrap(recorder) {
        Ok(mutex) => mutex
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner()),
        Err(_) => unreachable!("every task of every phase has been awaited"),
    }
}
