//! Settings of the `offreapi` binary: command-line flags with environment fallbacks.
//! Every flag is documented here once and shows up in `offreapi --help`.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// OffreAPI: job offers, PDF CV intake and explainable CV scoring, as a JSON API.
#[derive(Debug, Parser)]
#[command(name = "offreapi", version, about, long_about = None)]
pub struct Cli {
    #[command(flatten)]
    pub settings: Settings,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Apply migrations, then serve the API (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Fill the database with sample data.
    Seed {
        /// Create a demo recruiter, a demo candidate and a few offers in French and English,
        /// and print their credentials. Running it twice changes nothing.
        #[arg(long)]
        demo: bool,
    },
    /// Print the OpenAPI document (the committed copy is openapi/openapi.json).
    Openapi,
    /// Score CV files (PDF or plain text) against an offer, best first, without a server.
    Score {
        /// A JSON file with the offer's fields, as in the body of `POST /api/v1/offers`.
        #[arg(long)]
        offer: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ScoreFormat::Table)]
        format: ScoreFormat,
        /// Share of the score given to skill coverage, for evaluation sweeps (default 0.6).
        #[arg(long, hide = true)]
        skill_weight: Option<f64>,
        /// The CV files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Internal: extract one PDF's text from stdin in a resource-limited child process.
    #[command(hide = true)]
    ExtractPdf(crate::intake::sandbox::ChildArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScoreFormat {
    Table,
    Json,
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines, for a terminal.
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScoringMode {
    /// Deterministic, explainable text and skill matching.
    Real,
    /// The original app's uniform random scores (seeded per application), for load tests.
    Simulated,
}

#[derive(Debug, Clone, Args)]
pub struct Settings {
    /// Database URL: `sqlite://PATH` or `postgres://USER:PASSWORD@HOST:PORT/DB`.
    /// The SQLite file and its directory are created on first run.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://data/offreapi.db"
    )]
    pub database_url: String,

    /// Address and port to listen on (port 0 picks a free one).
    #[arg(long, env = "OFFREAPI_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,

    /// Secret that signs session tokens (HS256), at least 32 bytes. When unset, a random one
    /// is generated and tokens stop working at the next restart.
    #[arg(long, env = "JWT_SECRET", hide_env_values = true)]
    pub jwt_secret: Option<String>,

    /// How long a session token stays valid, in seconds.
    #[arg(long, env = "OFFREAPI_TOKEN_TTL_SECONDS", default_value_t = 86_400)]
    pub token_ttl_seconds: u64,

    /// Registrations and logins allowed per client address per minute (0 turns the limit off).
    #[arg(
        long,
        env = "OFFREAPI_AUTH_RATE_LIMIT_PER_MINUTE",
        default_value_t = 10
    )]
    pub auth_rate_limit_per_minute: u32,

    /// Identify clients by the first `X-Forwarded-For` address instead of the peer address.
    /// Turn on only behind a proxy that sets that header itself (the Kubernetes ingress).
    #[arg(long, env = "OFFREAPI_TRUST_FORWARDED_FOR", default_value_t = false)]
    pub trust_forwarded_for: bool,

    /// Largest accepted request body, in bytes (CV uploads included).
    #[arg(long, env = "OFFREAPI_MAX_UPLOAD_BYTES", default_value_t = 10 * 1024 * 1024)]
    pub max_upload_bytes: usize,

    /// Log line format.
    #[arg(long, env = "OFFREAPI_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,

    /// Worker threads serving HTTP (default: one per CPU core).
    #[arg(long, env = "OFFREAPI_WORKERS")]
    pub workers: Option<usize>,

    /// Largest database connection pool.
    #[arg(long, env = "OFFREAPI_DB_MAX_CONNECTIONS", default_value_t = 10)]
    pub db_max_connections: u32,

    /// How long to keep retrying the first database connection at start, in seconds.
    #[arg(
        long,
        env = "OFFREAPI_DB_CONNECT_TIMEOUT_SECONDS",
        default_value_t = 60
    )]
    pub db_connect_timeout_seconds: u64,

    /// How applications are scored.
    #[arg(long, env = "OFFREAPI_SCORING", value_enum, default_value_t = ScoringMode::Real)]
    pub scoring: ScoringMode,

    /// Applications rescored within an offer's edit request; more are rescored in the
    /// background while the dashboard says so.
    #[arg(
        long,
        env = "OFFREAPI_RESCORE_INLINE_LIMIT",
        default_value_t = 100,
        hide = true
    )]
    pub rescore_inline_limit: u64,

    /// Wall-clock limit of one PDF extraction, in seconds.
    #[arg(long, env = "OFFREAPI_PDF_TIMEOUT_SECONDS", default_value_t = 10)]
    pub pdf_timeout_seconds: u64,

    /// CPU-time limit of one PDF extraction, in seconds.
    #[arg(long, env = "OFFREAPI_PDF_CPU_SECONDS", default_value_t = 5)]
    pub pdf_cpu_seconds: u64,

    /// Address-space limit of one PDF extraction process, in MiB.
    #[arg(long, env = "OFFREAPI_PDF_MEMORY_MIB", default_value_t = 512)]
    pub pdf_memory_mib: u64,

    /// Most pages a CV may have.
    #[arg(long, env = "OFFREAPI_PDF_MAX_PAGES", default_value_t = 50)]
    pub pdf_max_pages: u32,

    /// PDF extractions allowed at once (default: one per CPU core).
    #[arg(long, env = "OFFREAPI_PDF_CONCURRENCY")]
    pub pdf_concurrency: Option<usize>,

    /// The program run for PDF extraction (default: `offreapi-pdf` beside this executable,
    /// else this executable's `extract-pdf` subcommand).
    #[arg(long, env = "OFFREAPI_PDF_EXTRACTOR", hide = true)]
    pub pdf_extractor: Option<PathBuf>,

    /// A directory of built frontend files to serve at `/`, with fallback to its index.html.
    #[arg(long, env = "OFFREAPI_STATIC_DIR")]
    pub static_dir: Option<PathBuf>,

    /// Origins (scheme://host[:port]) whose pages may call the API from a browser; repeat the
    /// flag or separate with commas. None by default: only same-origin pages, as behind the
    /// ingress, where the app and the API share one host.
    #[arg(
        long = "cors-allowed-origin",
        env = "OFFREAPI_CORS_ALLOWED_ORIGINS",
        value_delimiter = ','
    )]
    pub cors_allowed_origins: Vec<String>,

    /// Seconds a client has to send a request's head (408 after that); slow clients cannot
    /// hold workers' connections open.
    #[arg(
        long,
        env = "OFFREAPI_CLIENT_REQUEST_TIMEOUT_SECONDS",
        default_value_t = 10
    )]
    pub client_request_timeout_seconds: u64,

    /// Seconds an idle keep-alive connection stays open.
    #[arg(long, env = "OFFREAPI_KEEP_ALIVE_SECONDS", default_value_t = 5)]
    pub keep_alive_seconds: u64,

    /// Milliseconds the public offer list, single offers and dashboards are served from
    /// memory; 0 turns this off. A write empties them at once in the process that made it;
    /// other replicas show the write within this time.
    #[arg(long, env = "OFFREAPI_READ_CACHE_MS", default_value_t = 1000)]
    pub read_cache_ms: u64,

    /// MiB of upload bodies held in memory at once across requests; further uploads wait in
    /// line. One upload may always be held, even one larger than this.
    #[arg(long, env = "OFFREAPI_UPLOAD_MEMORY_MIB", default_value_t = 48)]
    pub upload_memory_mib: usize,
}

impl Settings {
    /// Settings for a server on a free loopback port against `database_url`, as tests want them.
    pub fn for_database(database_url: impl Into<String>) -> Self {
        Settings {
            database_url: database_url.into(),
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            jwt_secret: None,
            token_ttl_seconds: 86_400,
            auth_rate_limit_per_minute: 0,
            trust_forwarded_for: false,
            max_upload_bytes: 10 * 1024 * 1024,
            log_format: LogFormat::Text,
            workers: Some(1),
            db_max_connections: 5,
            db_connect_timeout_seconds: 10,
            scoring: ScoringMode::Real,
            rescore_inline_limit: 100,
            pdf_timeout_seconds: 10,
            pdf_cpu_seconds: 5,
            pdf_memory_mib: 512,
            pdf_max_pages: 50,
            pdf_concurrency: Some(2),
            pdf_extractor: None,
            static_dir: None,
            cors_allowed_origins: Vec::new(),
            client_request_timeout_seconds: 10,
            keep_alive_seconds: 5,
            read_cache_ms: 1000,
            upload_memory_mib: 48,
        }
    }
}
