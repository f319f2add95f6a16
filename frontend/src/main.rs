//! OffreAPI's browser app: job offers, applications with a PDF CV, and per-offer dashboards.
//! Mounts the Leptos app on the page; the modules below hold its pages and their logic.

mod api;
mod app;
mod chart;
mod components;
mod i18n;
mod pages;
mod router;
mod session;
mod storage;
mod upload;
mod validate;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
