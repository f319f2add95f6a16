//! `offreapi-load`: realistic, reproducible traffic against a running OffreAPI (loopback only
//! unless told otherwise). Exit codes: 0 done, 1 the target failed to set up, 2 bad arguments.

mod client;
mod run;
mod scenario;
mod stats;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;

use crate::scenario::{Mode, Scenario};

/// Writes a line to standard output; a reader that went away (`| head`) is not an error.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

#[derive(Parser)]
#[command(
    name = "offreapi-load",
    version,
    about = "Traffic against a running OffreAPI: browsing, applications with real PDFs, recruiters' dashboards."
)]
struct Cli {
    /// The server, e.g. http://127.0.0.1:8080. It must not rate-limit registrations
    /// (`offreapi --auth-rate-limit-per-minute 0`).
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    target: String,
    /// A TOML scenario: seed, mode, mix and phases (see crates/loadgen/scenarios/surge.toml).
    #[arg(long, conflicts_with_all = ["rate", "duration"])]
    scenario: Option<PathBuf>,
    /// Without a scenario: arrivals per second (open loop) or users (closed loop).
    #[arg(long, default_value_t = 20.0)]
    rate: f64,
    /// Without a scenario: how long, in seconds.
    #[arg(long, default_value_t = 30.0)]
    duration: f64,
    /// Without a scenario: open or closed loop.
    #[arg(long, value_enum, default_value_t = Mode::Open)]
    mode: Mode,
    /// Without a scenario: the seed of every random choice.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Directory of the CVs to upload (every cv_*.pdf in it).
    #[arg(long, default_value = "crates/api/tests/fixtures/pdf")]
    cvs: PathBuf,
    /// Recruiters set up before the run, each publishing `--offers-per-recruiter` offers.
    #[arg(long, default_value_t = 3)]
    recruiters: usize,
    #[arg(long, default_value_t = 4)]
    offers_per_recruiter: usize,
    /// Open loop: operations in flight beyond which arrivals are dropped (and counted).
    #[arg(long, default_value_t = 1024)]
    max_in_flight: usize,
    /// The summary as JSON on standard output (progress bars stay on standard error).
    #[arg(long)]
    json: bool,
    /// No progress bars.
    #[arg(long)]
    quiet: bool,
    /// Allow a target that is not this machine.
    #[arg(long)]
    allow_remote: bool,
}

async fn main_async(cli: Cli) -> Result<(), (u8, anyhow::Error)> {
    let scenario = match &cli.scenario {
        Some(path) => Scenario::load(path),
        None => Scenario::single(cli.seed, cli.mode, cli.rate, cli.duration),
    }
    .map_err(|e| (2, e))?;
    let target = client::check_target(&cli.target, cli.allow_remote).map_err(|e| (2, e))?;
    if cli.recruiters == 0 || cli.offers_per_recruiter == 0 {
        return Err((
            2,
            anyhow::anyhow!("--recruiters and --offers-per-recruiter must be at least 1"),
        ));
    }
    let world = client::World::set_up(
        &target,
        &cli.cvs,
        cli.recruiters,
        cli.offers_per_recruiter,
        scenario.seed,
    )
    .await
    .map_err(|e| (1, e))?;
    let options = run::Options {
        max_in_flight: cli.max_in_flight.max(1),
        progress: !cli.quiet,
    };
    let recorder = run::run(Arc::new(world), &scenario, &options).await;
    let summary = recorder.summary(target.as_str(), &scenario, &scenario.phases);
    if cli.json {
        say!(
            "{}",
            serde_json::to_string_pretty(&summary).map_err(|e| (1, e.into()))?
        );
    } else {
        say!("{}", summary.table().trim_end_matches('\n'));
    }
    Ok(())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("offreapi-load: cannot start: {error}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(main_async(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err((code, error)) => {
            eprintln!("offreapi-load: {error:#}");
            ExitCode::from(code)
        }
    }
}
