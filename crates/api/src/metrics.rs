//! Prometheus metrics in a registry the application owns (never the crate's global default):
//! HTTP (OpenTelemetry semantic-convention names), PDF intake, scoring, business counters,
//! the process, the database pool, and build information.

use prometheus::{
    Encoder, Gauge, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge, IntGaugeVec,
    Opts, Registry, TextEncoder,
};
use sea_orm::DatabaseConnection;

/// OpenTelemetry's advised buckets for `http.server.request.duration`, in seconds.
const HTTP_BUCKETS: &[f64] = &[
    0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0,
];
/// PDF extraction takes milliseconds to the configured time limit (10 s by default).
const PDF_BUCKETS: &[f64] = &[
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];
/// Scoring one CV takes well under a millisecond to a few milliseconds.
const SCORING_BUCKETS: &[f64] = &[
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1,
];

pub struct Metrics {
    registry: Registry,
    pub http_duration: HistogramVec,
    pub http_active: IntGauge,
    pub pdf_duration: HistogramVec,
    pub pdf_outcomes: IntCounterVec,
    pub scoring_duration: HistogramVec,
    pub offers_published: IntCounter,
    pub applications: IntCounterVec,
    pub registrations: IntCounterVec,
    pub logins: IntCounterVec,
    db_connections: IntGaugeVec,
}

/// Failed database operations. Errors are converted where no application state is at hand,
/// so this one counter is process-wide; it is registered in each `Metrics` registry only.
pub fn db_errors() -> &'static IntCounter {
    static COUNTER: std::sync::OnceLock<IntCounter> = std::sync::OnceLock::new();
    COUNTER.get_or_init(|| {
        IntCounter::new(
            "offreapi_db_query_errors_total",
            "Database operations that failed.",
        )
        .expect("a valid metric name")
    })
}

impl Metrics {
    pub fn new() -> Result<Metrics, prometheus::Error> {
        let registry = Registry::new();
        let http_duration = HistogramVec::new(
            HistogramOpts::new(
                "http_server_request_duration_seconds",
                "Duration of HTTP server requests, by method, route template and status code.",
            )
            .buckets(HTTP_BUCKETS.to_vec()),
            &[
                "http_request_method",
                "http_route",
                "http_response_status_code",
            ],
        )?;
        let http_active = IntGauge::new(
            "http_server_active_requests",
            "HTTP server requests being processed.",
        )?;
        let pdf_duration = HistogramVec::new(
            HistogramOpts::new(
                "offreapi_pdf_extraction_duration_seconds",
                "Duration of CV text extraction in the sandboxed child, by outcome.",
            )
            .buckets(PDF_BUCKETS.to_vec()),
            &["outcome"],
        )?;
        let pdf_outcomes = IntCounterVec::new(
            Opts::new(
                "offreapi_pdf_intake_total",
                "CV uploads by intake outcome (ok, not_pdf, too_large, encrypted, no_text, malformed, too_many_pages, timeout, panic, busy).",
            ),
            &["outcome"],
        )?;
        let scoring_duration = HistogramVec::new(
            HistogramOpts::new(
                "offreapi_scoring_duration_seconds",
                "Duration of scoring one CV against its offer, by scorer.",
            )
            .buckets(SCORING_BUCKETS.to_vec()),
            &["scorer"],
        )?;
        let offers_published =
            IntCounter::new("offreapi_offers_published_total", "Job offers published.")?;
        let applications = IntCounterVec::new(
            Opts::new(
                "offreapi_applications_total",
                "Application attempts by outcome (accepted, duplicate, closed_offer, refused_cv).",
            ),
            &["outcome"],
        )?;
        let registrations = IntCounterVec::new(
            Opts::new("offreapi_registrations_total", "Accounts created, by role."),
            &["role"],
        )?;
        let logins = IntCounterVec::new(
            Opts::new(
                "offreapi_logins_total",
                "Login attempts by result (success, failure, rate_limited).",
            ),
            &["result"],
        )?;
        let db_connections = IntGaugeVec::new(
            Opts::new(
                "offreapi_db_pool_connections",
                "Database pool connections by state (in_use, idle).",
            ),
            &["state"],
        )?;
        let build_info = Gauge::with_opts(
            Opts::new(
                "offreapi_build_info",
                "Build information; the value is always 1.",
            )
            .const_label("version", env!("CARGO_PKG_VERSION"))
            .const_label("commit", env!("OFFREAPI_GIT_COMMIT")),
        )?;
        build_info.set(1.0);

        registry.register(Box::new(http_duration.clone()))?;
        registry.register(Box::new(http_active.clone()))?;
        registry.register(Box::new(pdf_duration.clone()))?;
        registry.register(Box::new(pdf_outcomes.clone()))?;
        registry.register(Box::new(scoring_duration.clone()))?;
        registry.register(Box::new(offers_published.clone()))?;
        registry.register(Box::new(applications.clone()))?;
        registry.register(Box::new(registrations.clone()))?;
        registry.register(Box::new(logins.clone()))?;
        registry.register(Box::new(db_errors().clone()))?;
        registry.register(Box::new(db_connections.clone()))?;
        registry.register(Box::new(build_info))?;
        #[cfg(target_os = "linux")]
        registry.register(Box::new(
            prometheus::process_collector::ProcessCollector::for_self(),
        ))?;

        Ok(Metrics {
            registry,
            http_duration,
            http_active,
            pdf_duration,
            pdf_outcomes,
            scoring_duration,
            offers_published,
            applications,
            registrations,
            logins,
            db_connections,
        })
    }

    /// The text exposition of every metric, with the pool gauges read now.
    pub fn render(&self, db: &DatabaseConnection) -> String {
        let (size, idle) = pool_sizes(db);
        self.db_connections
            .with_label_values(&["in_use"])
            .set(size.saturating_sub(idle));
        self.db_connections.with_label_values(&["idle"]).set(idle);
        let mut buffer = Vec::new();
        if let Err(error) = TextEncoder::new().encode(&self.registry.gather(), &mut buffer) {
            tracing::error!(%error, "cannot encode metrics");
        }
        String::from_utf8(buffer).unwrap_or_default()
    }
}

fn pool_sizes(db: &DatabaseConnection) -> (i64, i64) {
    match db {
        DatabaseConnection::SqlxSqlitePoolConnection(_) => {
            let pool = db.get_sqlite_connection_pool();
            (i64::from(pool.size()), pool.num_idle() as i64)
        }
        DatabaseConnection::SqlxPostgresPoolConnection(_) => {
            let pool = db.get_postgres_connection_pool();
            (i64::from(pool.size()), pool.num_idle() as i64)
        }
        _ => (0, 0),
    }
}
