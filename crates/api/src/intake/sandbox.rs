//! Running extraction in a child process with CPU-time, address-space and wall-clock limits
//! and a cap on concurrent children. pdf-extract can overflow its stack (an abort no
//! `catch_unwind` stops), loop forever or allocate gigabytes on small files: in a child, each
//! of those ends one process and becomes a 422, and the API keeps serving.
//!
//! The child is `offreapi-pdf`, a small executable built beside `offreapi` (it starts in a
//! millisecond, a third of the time the full server binary takes), or, when it is missing,
//! this same binary re-executed as `offreapi extract-pdf`. PDF bytes go in on stdin, one JSON
//! `Extraction` comes out on stdout.

use std::io::{Read, Write};
use std::os::unix::process::ExitStatusExt;
use std::path::PathBuf;
use std::process::{ExitCode, Stdio};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::Semaphore;

use super::pdf::{self, Extraction};

/// Limits of one extraction.
#[derive(Debug, Clone)]
pub struct ExtractionLimits {
    pub cpu_seconds: u64,
    pub memory_bytes: u64,
    pub wall: Duration,
    pub max_pages: u32,
    pub max_text_chars: usize,
}

/// Text read from a CV.
#[derive(Debug, Clone, PartialEq)]
pub struct ExtractedCv {
    pub text: String,
    pub pages: u32,
}

/// Why a CV could not be read; each maps to a status and a message a person can act on.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ExtractionFailure {
    #[error(
        "the PDF is protected by a password: remove the protection (for example, print it to a \
         new PDF) and upload it again"
    )]
    Encrypted,
    #[error(
        "no text could be found in the PDF: it looks like a scan or an image. Upload a PDF \
         exported from a word processor, or run text recognition (OCR) on it first"
    )]
    NoText,
    #[error("the PDF has {pages} pages; a CV may have at most {max}")]
    TooManyPages { pages: u32, max: u32 },
    #[error("the PDF is damaged and could not be read ({0}): export it again and re-upload it")]
    Malformed(String),
    #[error(
        "reading the PDF took longer than allowed: the file is damaged or far too complex; \
         export it again and re-upload it"
    )]
    Timeout,
    #[error(
        "the PDF could not be read safely (it made the reader fail): export it again and \
         re-upload it"
    )]
    Crashed,
    #[error("too many CVs are being read right now: try again in a few seconds")]
    Busy,
}

impl ExtractionFailure {
    /// A short label for logs and metrics.
    pub fn outcome(&self) -> &'static str {
        match self {
            ExtractionFailure::Encrypted => "encrypted",
            ExtractionFailure::NoText => "no_text",
            ExtractionFailure::TooManyPages { .. } => "too_many_pages",
            ExtractionFailure::Malformed(_) => "malformed",
            ExtractionFailure::Timeout => "timeout",
            ExtractionFailure::Crashed => "panic",
            ExtractionFailure::Busy => "busy",
        }
    }
}

/// Largest report a child may write: the text cap in UTF-8 plus JSON escaping, with room.
fn max_report_bytes(limits: &ExtractionLimits) -> u64 {
    (limits.max_text_chars as u64) * 8 + 64 * 1024
}

/// The executable that extracts, and how to call it.
#[derive(Debug, Clone)]
pub enum ExtractorProgram {
    /// `offreapi-pdf`.
    Dedicated(PathBuf),
    /// `offreapi`, with the `extract-pdf` subcommand.
    Subcommand(PathBuf),
}

impl ExtractorProgram {
    /// `path` itself when given; else `offreapi-pdf` beside `current_exe`, else `current_exe`.
    pub fn locate(
        path: Option<&std::path::Path>,
        current_exe: &std::path::Path,
    ) -> ExtractorProgram {
        let classify = |path: &std::path::Path| {
            let dedicated = path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("offreapi-pdf"));
            if dedicated {
                ExtractorProgram::Dedicated(path.to_owned())
            } else {
                ExtractorProgram::Subcommand(path.to_owned())
            }
        };
        if let Some(path) = path {
            return classify(path);
        }
        let sibling = current_exe.with_file_name("offreapi-pdf");
        if sibling.is_file() {
            ExtractorProgram::Dedicated(sibling)
        } else {
            classify(current_exe)
        }
    }

    fn command(&self) -> tokio::process::Command {
        match self {
            ExtractorProgram::Dedicated(path) => tokio::process::Command::new(path),
            ExtractorProgram::Subcommand(path) => {
                let mut command = tokio::process::Command::new(path);
                command.arg("extract-pdf");
                command
            }
        }
    }

    fn path(&self) -> &std::path::Path {
        match self {
            ExtractorProgram::Dedicated(path) | ExtractorProgram::Subcommand(path) => path,
        }
    }
}

/// Runs extractions in child processes, at most `concurrency` at a time.
pub struct PdfExtractor {
    program: ExtractorProgram,
    limits: ExtractionLimits,
    permits: Semaphore,
}

impl PdfExtractor {
    pub fn new(
        program: ExtractorProgram,
        limits: ExtractionLimits,
        concurrency: usize,
    ) -> PdfExtractor {
        PdfExtractor {
            program,
            limits,
            permits: Semaphore::new(concurrency.max(1)),
        }
    }

    pub fn limits(&self) -> &ExtractionLimits {
        &self.limits
    }

    pub async fn extract(&self, pdf: &[u8]) -> Result<ExtractedCv, ExtractionFailure> {
        let _permit = tokio::time::timeout(self.limits.wall, self.permits.acquire())
            .await
            .map_err(|_| ExtractionFailure::Busy)?
            .map_err(|_| ExtractionFailure::Busy)?;
        let report = self.run_child(pdf).await?;
        match report {
            Extraction::Ok { text, pages } => Ok(ExtractedCv { text, pages }),
            Extraction::Encrypted => Err(ExtractionFailure::Encrypted),
            Extraction::NoText { .. } => Err(ExtractionFailure::NoText),
            Extraction::TooManyPages { pages, max } => {
                Err(ExtractionFailure::TooManyPages { pages, max })
            }
            Extraction::Malformed { reason } => Err(ExtractionFailure::Malformed(reason)),
            Extraction::Panicked { reason } => {
                tracing::warn!(%reason, "PDF extractor panicked");
                Err(ExtractionFailure::Crashed)
            }
        }
    }

    async fn run_child(&self, pdf: &[u8]) -> Result<Extraction, ExtractionFailure> {
        let limits = &self.limits;
        let mut child = self
            .program
            .command()
            .arg("--cpu-seconds")
            .arg(limits.cpu_seconds.to_string())
            .arg("--memory-bytes")
            .arg(limits.memory_bytes.to_string())
            .arg("--max-pages")
            .arg(limits.max_pages.to_string())
            .arg("--max-text-chars")
            .arg(limits.max_text_chars.to_string())
            .env_clear()
            .env("RUST_BACKTRACE", "0")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .map_err(|error| {
                tracing::error!(%error, program = %self.program.path().display(), "cannot start the PDF extractor");
                ExtractionFailure::Crashed
            })?;

        let mut stdin = child.stdin.take().ok_or(ExtractionFailure::Crashed)?;
        let stdout = child.stdout.take().ok_or(ExtractionFailure::Crashed)?;
        let stderr = child.stderr.take().ok_or(ExtractionFailure::Crashed)?;
        let feed = async move {
            // A child that dies early closes the pipe; its exit status tells why.
            let _ = stdin.write_all(pdf).await;
            let _ = stdin.shutdown().await;
        };
        let report_limit = max_report_bytes(limits);
        let read_report = async move {
            let mut report = Vec::new();
            let _ = stdout.take(report_limit).read_to_end(&mut report).await;
            report
        };
        let read_diagnostics = async move {
            let mut diagnostics = Vec::new();
            let _ = stderr.take(16 * 1024).read_to_end(&mut diagnostics).await;
            diagnostics
        };

        let finished = tokio::time::timeout(limits.wall, async {
            let ((), report, diagnostics) = tokio::join!(feed, read_report, read_diagnostics);
            (report, diagnostics, child.wait().await)
        })
        .await;
        let (report, diagnostics, status) = match finished {
            Ok(done) => done,
            Err(_) => {
                let _ = child.start_kill();
                let _ = child.wait().await;
                return Err(ExtractionFailure::Timeout);
            }
        };
        let status = status.map_err(|_| ExtractionFailure::Crashed)?;
        if status.success() {
            return serde_json::from_slice(&report).map_err(|error| {
                tracing::error!(%error, "unreadable report from the PDF extractor");
                ExtractionFailure::Crashed
            });
        }
        let diagnostics = String::from_utf8_lossy(&diagnostics);
        match status.signal() {
            Some(libc::SIGXCPU) | Some(libc::SIGKILL) => Err(ExtractionFailure::Timeout),
            signal => {
                tracing::warn!(
                    ?signal,
                    code = status.code(),
                    diagnostics = %diagnostics.lines().next().unwrap_or_default(),
                    "PDF extractor died"
                );
                Err(ExtractionFailure::Crashed)
            }
        }
    }
}

/// Limits passed to the child on its command line.
#[derive(Debug, Clone, clap::Args)]
pub struct ChildArgs {
    #[arg(long)]
    pub cpu_seconds: u64,
    #[arg(long)]
    pub memory_bytes: u64,
    #[arg(long)]
    pub max_pages: u32,
    #[arg(long)]
    pub max_text_chars: usize,
}

/// The child's whole life: limit itself, read the PDF from stdin, report on stdout.
pub fn run_child(args: &ChildArgs) -> ExitCode {
    // SAFETY: plain system calls on this process's own limits and descriptors, made before
    // any other thread exists.
    let report_fd = unsafe {
        set_limit(libc::RLIMIT_CORE, 0, 0);
        set_limit(libc::RLIMIT_CPU, args.cpu_seconds, args.cpu_seconds + 1);
        set_limit(libc::RLIMIT_AS, args.memory_bytes, args.memory_bytes);
        // Libraries that print to stdout must not corrupt the report: keep the real stdout
        // aside and point descriptor 1 at /dev/null.
        let report_fd = libc::dup(1);
        let null = libc::open(c"/dev/null".as_ptr(), libc::O_WRONLY);
        if report_fd < 0 || null < 0 || libc::dup2(null, 1) < 0 {
            return ExitCode::FAILURE;
        }
        libc::close(null);
        report_fd
    };
    let mut pdf = Vec::new();
    if std::io::stdin().read_to_end(&mut pdf).is_err() {
        return ExitCode::FAILURE;
    }
    let extraction = pdf::extract(&pdf, args.max_pages, args.max_text_chars);
    drop(pdf);
    // SAFETY: `report_fd` was returned by dup above and is owned by nothing else.
    let mut report = unsafe { <std::fs::File as std::os::fd::FromRawFd>::from_raw_fd(report_fd) };
    match serde_json::to_writer(&mut report, &extraction).map(|()| report.flush()) {
        Ok(Ok(())) => ExitCode::SUCCESS,
        _ => ExitCode::FAILURE,
    }
}

unsafe fn set_limit(resource: libc::__rlimit_resource_t, soft: u64, hard: u64) {
    let limit = libc::rlimit {
        rlim_cur: soft as libc::rlim_t,
        rlim_max: hard as libc::rlim_t,
    };
    libc::setrlimit(resource, &limit);
}

#[cfg(test)]
mod tests {
    use super::ExtractorProgram;

    #[test]
    fn prefers_the_dedicated_extractor_beside_the_server() {
        let dir = tempfile::tempdir().unwrap();
        let server = dir.path().join("offreapi");
        std::fs::write(&server, b"").unwrap();
        assert!(
            matches!(ExtractorProgram::locate(None, &server), ExtractorProgram::Subcommand(p) if p == server)
        );
        std::fs::write(dir.path().join("offreapi-pdf"), b"").unwrap();
        assert!(matches!(
            ExtractorProgram::locate(None, &server),
            ExtractorProgram::Dedicated(_)
        ));
        let explicit = dir.path().join("custom");
        assert!(
            matches!(ExtractorProgram::locate(Some(&explicit), &server), ExtractorProgram::Subcommand(p) if p == explicit)
        );
    }
}
