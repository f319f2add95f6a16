//! `offreapi-pdf`: the PDF text extractor alone, for the sandboxed child process.
//! Same work as `offreapi extract-pdf`, in a much smaller executable that starts faster.

use clap::Parser;
use offreapi::intake::sandbox::{run_child, ChildArgs};

#[derive(Parser)]
#[command(
    name = "offreapi-pdf",
    about = "Extract one PDF's text from stdin (used by offreapi)"
)]
struct Cli {
    #[command(flatten)]
    limits: ChildArgs,
}

fn main() -> std::process::ExitCode {
    run_child(&Cli::parse().limits)
}
