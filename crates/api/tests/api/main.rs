//! Integration tests: each starts the real server on a free port against a fresh database
//! and talks HTTP to it, on SQLite and (when `OFFREAPI_TEST_POSTGRES_URL` is set) PostgreSQL.

#[macro_use]
mod helpers;

mod access;
mod accounts;
mod applications;
mod contract;
mod dashboard;
mod errors;
mod faults;
mod hardening;
mod health;
mod metrics;
mod offers;
mod process;
mod static_app;
mod tokens;
