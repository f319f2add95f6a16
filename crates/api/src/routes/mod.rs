//! HTTP handlers, thin: parse the request into domain types, call a service, shape the answer.
//! `configure` is the one place that lists every route.

pub mod applications;
pub mod auth;
pub mod dashboard;
pub mod health;
pub mod me;
pub mod offers;

use actix_web::web;

/// Mounts the versioned API under `/api/v1` and the operational routes at the root.
///
/// Every path is a `resource`, so a known path with an unknown method is a 405, not a 404.
pub fn configure(config: &mut web::ServiceConfig) {
    config
        .service(web::resource("/healthz").get(health::healthz))
        .service(web::resource("/readyz").get(health::readyz))
        .service(web::resource("/metrics").get(health::metrics))
        .service(
            web::scope(offreapi_types::API_PREFIX)
                .service(web::resource("/auth/register").post(auth::register))
                .service(web::resource("/auth/login").post(auth::login))
                .service(web::resource("/me").get(me::me))
                .service(web::resource("/me/offers").get(me::my_offers))
                .service(web::resource("/me/applications").get(applications::list_mine))
                .service(
                    web::resource("/offers")
                        .get(offers::list)
                        .post(offers::create),
                )
                .service(
                    web::resource("/offers/{id}")
                        .get(offers::get)
                        .put(offers::update)
                        .delete(offers::delete),
                )
                .service(
                    web::resource("/offers/{id}/applications")
                        .get(applications::list_for_offer)
                        .post(applications::submit),
                )
                .service(web::resource("/offers/{id}/dashboard").get(dashboard::show))
                .service(web::resource("/offers/{id}/ranking.csv").get(dashboard::ranking_csv))
                .service(web::resource("/applications/{id}").delete(applications::withdraw))
                .service(web::resource("/applications/{id}/cv").get(applications::download_cv)),
        );
}
