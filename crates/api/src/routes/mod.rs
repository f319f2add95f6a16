//! HTTP handlers, thin: parse the request into domain types, call a service, shape the answer.
//! `configure` is the one place that lists every route.

mod auth;
mod health;
mod me;
mod offers;

use actix_web::web;

/// Mounts the versioned API under `/api/v1` and the operational routes at the root.
pub fn configure(config: &mut web::ServiceConfig) {
    config
        .route("/healthz", web::get().to(health::healthz))
        .route("/readyz", web::get().to(health::readyz))
        .service(
            web::scope(offreapi_types::API_PREFIX)
                .route("/auth/register", web::post().to(auth::register))
                .route("/auth/login", web::post().to(auth::login))
                .route("/me", web::get().to(me::me))
                .route("/me/offers", web::get().to(me::my_offers))
                .service(
                    web::resource("/offers")
                        .route(web::get().to(offers::list))
                        .route(web::post().to(offers::create)),
                )
                .service(
                    web::resource("/offers/{id}")
                        .route(web::get().to(offers::get))
                        .route(web::put().to(offers::update))
                        .route(web::delete().to(offers::delete)),
                ),
        );
}
