//! Builds the application: database, shared state, middleware and routes, bound to a socket.
//! `main` runs it; tests build it on port 0 and talk to it over HTTP.

use std::net::TcpListener;
use std::panic::AssertUnwindSafe;
use std::time::Duration;

use actix_cors::Cors;
use actix_web::body::MessageBody;
use actix_web::dev::{Server, ServiceRequest, ServiceResponse};
use actix_web::http::{header, Method};
use actix_web::middleware::{from_fn, DefaultHeaders, ErrorHandlers, Next};
use actix_web::{web, App, HttpServer};
use futures_util::FutureExt;
use rand::RngCore;
use sea_orm::DatabaseConnection;

use crate::auth::{RateLimiter, TokenKeys};
use crate::cache::ResponseCache;
use crate::configuration::{ScoringMode, Settings};
use crate::error::{self, ApiError};
use crate::intake::sandbox::ExtractorProgram;
use crate::intake::{ExtractionLimits, PdfExtractor, UploadMemory};
use crate::metrics::Metrics;
use crate::openapi::ApiDoc;
use crate::services::scoring;
use crate::{database, routes, static_files, telemetry};
use utoipa::OpenApi;
use utoipa_swagger_ui::SwaggerUi;

/// Largest JSON body accepted by JSON endpoints; uploads have their own limit.
pub const MAX_JSON_BYTES: usize = 256 * 1024;

/// Longest CV text kept, in characters (about 40 dense pages).
pub const MAX_CV_TEXT_CHARS: usize = 200_000;

/// What every handler can reach.
/// At most this much response data is cached per cache: a few hundred list pages, or the
/// dashboards of about 60 offers with 100 applications each.
const READ_CACHE_BYTES: usize = 2 * 1024 * 1024;

pub struct AppState {
    pub db: DatabaseConnection,
    pub tokens: TokenKeys,
    pub auth_limiter: RateLimiter,
    pub trust_forwarded_for: bool,
    pub extractor: PdfExtractor,
    pub max_upload_bytes: usize,
    pub scoring: ScoringMode,
    pub rescore_inline_limit: u64,
    pub metrics: Metrics,
    /// Public offer responses; every offer write invalidates it.
    pub public_cache: ResponseCache,
    /// Dashboards per offer and owner; applications and offer edits invalidate it.
    pub dashboard_cache: ResponseCache,
    pub upload_memory: UploadMemory,
}

pub struct Application {
    port: u16,
    server: Server,
}

impl Application {
    /// Connects and migrates the database, then binds the listener (without serving yet).
    pub async fn build(settings: Settings) -> anyhow::Result<Application> {
        let db = database::connect(&settings).await.map_err(|e| {
            anyhow::anyhow!(
                "cannot connect to the database at {}: {e}",
                redact(&settings.database_url)
            )
        })?;
        database::migrate(&db)
            .await
            .map_err(|e| anyhow::anyhow!("database migration failed: {e}"))?;
        let state = web::Data::new(AppState {
            db,
            tokens: TokenKeys::new(
                &jwt_secret(&settings)?,
                Duration::from_secs(settings.token_ttl_seconds),
            ),
            auth_limiter: RateLimiter::new(settings.auth_rate_limit_per_minute),
            trust_forwarded_for: settings.trust_forwarded_for,
            extractor: pdf_extractor(&settings)?,
            max_upload_bytes: settings.max_upload_bytes,
            scoring: settings.scoring,
            rescore_inline_limit: settings.rescore_inline_limit,
            metrics: Metrics::new().map_err(|e| anyhow::anyhow!("cannot set up metrics: {e}"))?,
            public_cache: ResponseCache::new(
                Duration::from_millis(settings.read_cache_ms),
                READ_CACHE_BYTES,
            ),
            dashboard_cache: ResponseCache::new(
                Duration::from_millis(settings.read_cache_ms),
                READ_CACHE_BYTES,
            ),
            upload_memory: UploadMemory::new(
                settings.upload_memory_mib.saturating_mul(1024 * 1024),
            ),
        });
        // Rescoring interrupted by a stop finishes in the background.
        let (db, mode) = (state.db.clone(), settings.scoring);
        tokio::spawn(async move {
            if let Err(error) = scoring::resume_pending(db, mode).await {
                tracing::error!(%error, "could not resume rescoring");
            }
        });
        let listener = TcpListener::bind(settings.bind)
            .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", settings.bind))?;
        let port = listener.local_addr()?.port();
        let server = run(listener, state, &settings)?;
        Ok(Application { port, server })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until the process receives SIGINT or SIGTERM, then drains in-flight requests.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

fn run(
    listener: TcpListener,
    state: web::Data<AppState>,
    settings: &Settings,
) -> anyhow::Result<Server> {
    let max_upload_bytes = settings.max_upload_bytes;
    let document = ApiDoc::openapi();
    let static_dir = settings.static_dir.clone();
    if let Some(dir) = &static_dir {
        static_files::check(dir)?;
    }
    let cors_origins = settings.cors_allowed_origins.clone();
    let mut server = HttpServer::new(move || {
        App::new()
            .app_data(state.clone())
            .app_data(
                web::JsonConfig::default()
                    .limit(MAX_JSON_BYTES)
                    .error_handler(error::json_error_handler),
            )
            .app_data(web::QueryConfig::default().error_handler(error::query_error_handler))
            .app_data(web::PathConfig::default().error_handler(error::path_error_handler))
            .app_data(web::PayloadConfig::default().limit(max_upload_bytes))
            .wrap(from_fn(catch_panic))
            .wrap(ErrorHandlers::new().default_handler(error::problem_for_bare_error))
            .wrap(security_headers())
            .wrap(cors(&cors_origins))
            .wrap(from_fn(telemetry::log_request))
            .wrap(from_fn(head_as_get))
            .configure(routes::configure)
            .service(SwaggerUi::new("/docs/{_:.*}").url("/api/openapi.json", document.clone()))
            .service(web::resource("/docs").get(redirect_to_docs))
            .configure(|config| {
                if let Some(dir) = &static_dir {
                    config.service(static_files::service(dir));
                }
            })
            .default_service(web::to(error::route_not_found))
    })
    .shutdown_timeout(30)
    .client_request_timeout(Duration::from_secs(
        settings.client_request_timeout_seconds.max(1),
    ))
    .keep_alive(Duration::from_secs(settings.keep_alive_seconds))
    .listen(listener)?;
    if let Some(workers) = settings.workers {
        server = server.workers(workers);
    }
    Ok(server.run())
}

/// Headers every response carries: no content sniffing, no framing, no referrer leaks.
fn security_headers() -> DefaultHeaders {
    DefaultHeaders::new()
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("X-Frame-Options", "DENY"))
        .add(("Referrer-Policy", "no-referrer"))
}

/// Cross-origin browser access for the configured origins only. Other origins get no CORS
/// headers (their pages cannot read answers) rather than an error, so same-origin requests that
/// carry an `Origin` header, as browsers' POSTs do, are never refused.
fn cors(origins: &[String]) -> Cors {
    origins
        .iter()
        .fold(Cors::default(), |cors, origin| cors.allowed_origin(origin))
        .allowed_methods(["GET", "HEAD", "POST", "PUT", "DELETE"])
        .allowed_headers([header::AUTHORIZATION, header::CONTENT_TYPE, header::ACCEPT])
        .expose_headers([
            header::RETRY_AFTER,
            header::LOCATION,
            header::CONTENT_DISPOSITION,
        ])
        .max_age(600)
        .block_on_origin_mismatch(false)
}

/// Middleware: HEAD is answered like GET (RFC 9110 §9.3.2); the HTTP layer sends the head only.
async fn head_as_get(
    mut request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if request.method() == Method::HEAD {
        request.head_mut().method = Method::GET;
    }
    next.call(request).await
}

/// `/docs` is Swagger UI's directory; relative asset links need the trailing slash.
async fn redirect_to_docs() -> actix_web::HttpResponse {
    actix_web::HttpResponse::PermanentRedirect()
        .insert_header((actix_web::http::header::LOCATION, "/docs/"))
        .finish()
}

/// Middleware: a panicking handler answers a 500 problem and the worker lives on.
///
/// The panic becomes an error rather than a response because the request cannot be kept
/// aside while the router owns it; actix renders the error through `ApiError`.
async fn catch_panic(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let path = request.path().to_owned();
    match AssertUnwindSafe(next.call(request)).catch_unwind().await {
        Ok(result) => result,
        Err(_) => {
            tracing::error!(%path, "handler panicked");
            Err(ApiError::Internal("the server hit a bug; it has been logged".to_owned()).into())
        }
    }
}

/// The sandboxed PDF extractor configured by `settings`.
pub fn pdf_extractor(settings: &Settings) -> anyhow::Result<PdfExtractor> {
    let current_exe = std::env::current_exe()
        .map_err(|e| anyhow::anyhow!("cannot locate this executable for PDF extraction: {e}"))?;
    let program = ExtractorProgram::locate(settings.pdf_extractor.as_deref(), &current_exe);
    let concurrency = settings.pdf_concurrency.unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get)
    });
    let limits = ExtractionLimits {
        cpu_seconds: settings.pdf_cpu_seconds.max(1),
        memory_bytes: settings.pdf_memory_mib.max(64) * 1024 * 1024,
        wall: Duration::from_secs(settings.pdf_timeout_seconds.max(1)),
        max_pages: settings.pdf_max_pages.max(1),
        max_text_chars: MAX_CV_TEXT_CHARS,
    };
    Ok(PdfExtractor::new(program, limits, concurrency))
}

/// The configured secret, or a random one with a loud warning when none is set.
fn jwt_secret(settings: &Settings) -> anyhow::Result<Vec<u8>> {
    match &settings.jwt_secret {
        Some(secret) if secret.len() >= 32 => Ok(secret.as_bytes().to_vec()),
        Some(_) => Err(anyhow::anyhow!(
            "JWT_SECRET must be at least 32 bytes long; generate one with `openssl rand -hex 32`"
        )),
        None => {
            tracing::warn!(
                "JWT_SECRET is not set: using a random secret, so every session token becomes \
                 invalid when this process restarts and replicas reject each other's tokens. \
                 Set JWT_SECRET (for example `openssl rand -hex 32`) outside development."
            );
            let mut secret = vec![0u8; 32];
            rand::thread_rng().fill_bytes(&mut secret);
            Ok(secret)
        }
    }
}

/// The URL without its password, for error messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn redacts_passwords_only() {
        assert_eq!(
            redact("postgres://app:s3cret@db:5432/x"),
            "postgres://app:***@db:5432/x"
        );
        assert_eq!(redact("postgres://app@db/x"), "postgres://app@db/x");
        assert_eq!(
            redact("sqlite://data/offreapi.db"),
            "sqlite://data/offreapi.db"
        );
    }
}

#[cfg(test)]
mod panic_tests {
    use actix_web::middleware::{from_fn, ErrorHandlers};
    use actix_web::{test, web, App};

    use super::catch_panic;
    use crate::error::problem_for_bare_error;

    #[actix_web::test]
    async fn a_panicking_handler_gives_a_500_problem_and_the_app_keeps_serving() {
        let app = test::init_service(
            App::new()
                .wrap(from_fn(catch_panic))
                .wrap(ErrorHandlers::new().default_handler(problem_for_bare_error))
                .route(
                    "/boom",
                    web::get().to(|| async { panic!("boom") as &'static str }),
                )
                .route("/fine", web::get().to(|| async { "fine" })),
        )
        .await;
        // The server's dispatcher renders an error result; do the same here.
        let error =
            test::try_call_service(&app, test::TestRequest::get().uri("/boom").to_request())
                .await
                .expect_err("the panic must become an error");
        let response = error.error_response();
        assert_eq!(response.status(), 500);
        assert_eq!(
            response.headers().get("content-type").unwrap(),
            "application/problem+json"
        );
        let response =
            test::call_service(&app, test::TestRequest::get().uri("/fine").to_request()).await;
        assert_eq!(response.status(), 200);
    }
}
