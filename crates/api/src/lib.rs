//! The OffreAPI HTTP service: accounts, job offers, CV intake and scoring over JSON.
//! `startup` builds the app from `configuration`; `routes` are thin and call `services`.

pub mod auth;
pub mod batch_score;
pub mod cache;
pub mod configuration;
pub mod csv;
pub mod database;
pub mod domain;
pub mod entities;
pub mod error;
pub mod extract;
pub mod intake;
pub mod metrics;
pub mod openapi;
pub mod routes;
pub mod seed;
pub mod services;
pub mod startup;
pub mod static_files;
pub mod telemetry;
pub mod turns;
