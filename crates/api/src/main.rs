//! The `offreapi` command: serve the API (the default), migrate the database, or seed demo data.
//! Flags and their environment variables are listed by `offreapi --help`.

use clap::Parser;
use offreapi::configuration::{Cli, Command};
use offreapi::startup::Application;
use offreapi::{database, seed, telemetry};

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    // The extraction child stays single-threaded and quiet: no runtime, no logging.
    if let Some(Command::ExtractPdf(args)) = &cli.command {
        return offreapi::intake::sandbox::run_child(args);
    }
    telemetry::init_subscriber(cli.settings.log_format);
    return_large_buffers_to_the_system();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!("{error:#}");
            eprintln!("error: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            let app = Application::build(cli.settings.clone()).await?;
            tracing::info!(
                address = %format!("{}:{}", cli.settings.bind.ip(), app.port()),
                "OffreAPI is listening"
            );
            app.run_until_stopped().await?;
        }
        Command::Migrate => {
            let db = database::connect(&cli.settings).await?;
            database::migrate(&db).await?;
            println!("Database is up to date.");
        }
        Command::Seed { demo } => {
            if !demo {
                anyhow::bail!(
                    "nothing to seed: pass --demo to create the demo accounts and offers"
                );
            }
            let db = database::connect(&cli.settings).await?;
            database::migrate(&db).await?;
            seed::seed_demo(&db).await?;
        }
        Command::Score {
            offer,
            format,
            skill_weight,
            files,
        } => {
            offreapi::batch_score::run(&cli.settings, &offer, format, skill_weight, &files).await?
        }
        Command::Openapi => println!("{}", offreapi::openapi::document_json()),
        Command::ExtractPdf(_) => unreachable!("handled before the runtime starts"),
    }
    Ok(())
}

/// glibc raises its mmap threshold after a large block is freed, so the 19 MiB that each
/// Argon2id hash borrows would then stay resident for good. A fixed threshold keeps large
/// buffers (hashes, uploads) mapped on demand and handed back when freed.
fn return_large_buffers_to_the_system() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only tunes the allocator; it is called before any other thread exists.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 256 * 1024);
    }
}
