//! Serving the built single-page app from `OFFREAPI_STATIC_DIR` (the one-command local run).
//! API and operational routes keep priority; other unknown paths get index.html (deep links).

use std::path::{Path, PathBuf};

use actix_files::{Files, NamedFile};
use actix_web::dev::{fn_service, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::ResponseError;

use crate::error::ApiError;

/// Checks that `dir` holds a built app, so a wrong setting fails at start, not at first visit.
pub fn check(dir: &Path) -> anyhow::Result<()> {
    if dir.join("index.html").is_file() {
        Ok(())
    } else {
        Err(anyhow::anyhow!(
            "OFFREAPI_STATIC_DIR={} has no index.html: build the frontend first, or unset it",
            dir.display()
        ))
    }
}

/// Files of `dir` at `/`, falling back to its index.html for paths the app routes itself.
pub fn service(dir: &Path) -> Files {
    let index: PathBuf = dir.join("index.html");
    Files::new("/", dir)
        .index_file("index.html")
        .default_handler(fn_service(move |request: ServiceRequest| {
            let index = index.clone();
            async move {
                let (request, _) = request.into_parts();
                if belongs_to_the_api(request.path()) {
                    let detail =
                        format!("no route matches {} {}", request.method(), request.path());
                    let response = ApiError::NotFound(detail).error_response();
                    return Ok(ServiceResponse::new(request, response));
                }
                let mut response = NamedFile::open_async(&index).await?.into_response(&request);
                // The page names hashed assets: it must be revalidated, they need not be.
                response
                    .headers_mut()
                    .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
                Ok(ServiceResponse::new(request, response))
            }
        }))
}

fn belongs_to_the_api(path: &str) -> bool {
    path == "/api"
        || path.starts_with("/api/")
        || path.starts_with("/docs")
        || matches!(path, "/healthz" | "/readyz" | "/metrics")
}

#[cfg(test)]
mod tests {
    use super::belongs_to_the_api;

    #[test]
    fn api_paths_never_fall_back_to_the_app() {
        assert!(belongs_to_the_api("/api/v1/nope"));
        assert!(belongs_to_the_api("/docs/x"));
        assert!(!belongs_to_the_api("/offers/42"));
        assert!(!belongs_to_the_api("/apiary"));
    }
}
