//! `offreapi-finops`: the cost report and the right-sizing patch, from the command line.
//! Exit codes: 0 done, 1 Prometheus unreachable or without data, 2 bad arguments or input files.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};

use offreapi_finops::collect::{Source, Window};
use offreapi_finops::manifests::Manifests;
use offreapi_finops::model::Strategy;
use offreapi_finops::pricing::Pricing;
use offreapi_finops::report::Report;
use offreapi_finops::{duration, render, rightsize, run_report, ReportRequest};

/// Writes a line to standard output; a reader that went away (`| head`) is not an error.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

#[derive(Parser)]
#[command(
    name = "offreapi-finops",
    version,
    about = "Cost, efficiency and right-sizing of OffreAPI's workloads, from Prometheus."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Table,
    Markdown,
    Json,
    Svg,
}

#[derive(Subcommand)]
enum Command {
    /// Price each workload's requests and usage over a window and recommend requests.
    Report {
        /// Prometheus' base URL, e.g. http://127.0.0.1:9090.
        #[arg(long)]
        prometheus: String,
        /// Prices in OpenCost's custom-pricing JSON shape (deploy/finops/pricing.json).
        #[arg(long)]
        pricing: PathBuf,
        #[arg(long, value_enum)]
        source: Source,
        /// How far back from now to look, e.g. 30s, 15m, 7d.
        #[arg(long, value_parser = duration::parse_seconds)]
        window: u64,
        /// Only this Kubernetes namespace.
        #[arg(long)]
        namespace: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        #[arg(long, value_enum, default_value_t = Strategy::Simple)]
        strategy: Strategy,
        /// The range of rate() over CPU counters: at least four scrape intervals.
        #[arg(long, value_parser = duration::parse_seconds, default_value = "1m")]
        rate_range: u64,
        /// Seconds between samples (default: the window / 240, at least 1 s).
        #[arg(long, value_parser = duration::parse_seconds)]
        step: Option<u64>,
        /// The manifests that declare requests and limits, for `--source local`.
        #[arg(long, default_value = "deploy/base")]
        manifests: PathBuf,
        /// The end of the window in Unix seconds (default: now).
        #[arg(long)]
        end: Option<f64>,
    },
    /// Turn a JSON report's recommendations into a kustomize patch of requests and limits.
    Rightsize {
        /// A report written by `report --format json`.
        #[arg(long)]
        report: PathBuf,
        /// The patch file to write (e.g. deploy/overlays/prod/rightsizing.yaml).
        #[arg(long)]
        write: PathBuf,
        /// Where the workloads' kinds, containers and current limits are declared.
        #[arg(long, default_value = "deploy/base")]
        manifests: PathBuf,
        /// Lower limits too (CPU to twice the request, memory to the request).
        #[arg(long)]
        lower_limits: bool,
        /// Print the diff without writing.
        #[arg(long)]
        dry_run: bool,
    },
}

/// A failure and its exit code.
enum Failure {
    Input(anyhow::Error),
    Runtime(anyhow::Error),
}

fn now() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}

async fn run(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        Command::Report {
            prometheus,
            pricing,
            source,
            window,
            namespace,
            format,
            strategy,
            rate_range,
            step,
            manifests,
            end,
        } => {
            let pricing = Pricing::load(&pricing).map_err(Failure::Input)?;
            let end = end.unwrap_or_else(now);
            let window = Window {
                start: end - window as f64,
                end,
                step_seconds: step.unwrap_or((window / 240).max(1)),
                rate_seconds: rate_range,
            };
            let report = run_report(ReportRequest {
                prometheus: &prometheus,
                pricing,
                source,
                window,
                namespace: namespace.as_deref(),
                strategy,
                manifests: &manifests,
            })
            .await
            .map_err(Failure::Runtime)?;
            let text = match format {
                Format::Table => render::table(&report),
                Format::Markdown => render::markdown(&report),
                Format::Svg => render::svg(&report),
                Format::Json => {
                    serde_json::to_string_pretty(&report).map_err(|e| Failure::Runtime(e.into()))?
                        + "\n"
                }
            };
            say!("{}", text.trim_end_matches('\n'));
            Ok(())
        }
        Command::Rightsize {
            report,
            write,
            manifests,
            lower_limits,
            dry_run,
        } => {
            let input = || -> anyhow::Result<(Report, Manifests)> {
                let text = std::fs::read_to_string(&report)
                    .with_context(|| format!("cannot read {}", report.display()))?;
                let parsed: Report = serde_json::from_str(&text).with_context(|| {
                    format!(
                        "{} is not a report of `offreapi-finops report --format json`",
                        report.display()
                    )
                })?;
                Ok((parsed, Manifests::read(&manifests)?))
            };
            let (parsed, declared) = input().map_err(Failure::Input)?;
            let policy = rightsize::Policy {
                lower_limits,
                ..Default::default()
            };
            let name = report.display().to_string();
            let (patch, skipped) = rightsize::patch(&parsed, &declared, policy, &name);
            for workload in skipped {
                eprintln!(
                    "rightsize: {workload} is not declared in {}; left out",
                    manifests.display()
                );
            }
            let old = std::fs::read_to_string(&write).unwrap_or_default();
            let diff = rightsize::diff(&old, &patch);
            if diff.is_empty() {
                say!("rightsize: {} already matches the report", write.display());
                return Ok(());
            }
            say!(
                "--- {}\n+++ {} (from {name})\n{diff}",
                write.display(),
                write.display()
            );
            if !dry_run {
                std::fs::write(&write, patch)
                    .with_context(|| format!("cannot write {}", write.display()))
                    .map_err(Failure::Runtime)?;
                say!("rightsize: wrote {}; reference it under `patches:` in that overlay's kustomization.yaml", write.display());
            }
            Ok(())
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("offreapi-finops: cannot start: {error}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Input(error)) => {
            eprintln!("offreapi-finops: {error:#}");
            ExitCode::from(2)
        }
        Err(Failure::Runtime(error)) => {
            eprintln!("offreapi-finops: {error:#}");
            ExitCode::from(1)
        }
    }
}
