//! OffreAPI's cost report: usage read from Prometheus, priced like Kubecost and OpenCost, with
//! efficiency, idle cost, right-sizing recommendations and cost per 1,000 applications.
//!
//! Knows nothing of the API's internals: it reads Prometheus' HTTP API and the manifests in
//! `deploy/`. The binary `offreapi-finops` is a thin command line over `run_report` and the
//! `rightsize` module.

pub mod collect;
pub mod duration;
pub mod manifests;
pub mod model;
pub mod pricing;
pub mod prometheus;
pub mod quantity;
pub mod render;
pub mod report;
pub mod rightsize;

use std::path::Path;

use anyhow::bail;

use collect::{Source, Window};
use model::Strategy;
use pricing::Pricing;
use prometheus::Prometheus;
use report::Report;

/// What a report is asked for.
pub struct ReportRequest<'a> {
    pub prometheus: &'a str,
    pub pricing: Pricing,
    pub source: Source,
    pub window: Window,
    pub namespace: Option<&'a str>,
    pub strategy: Strategy,
    pub manifests: &'a Path,
}

pub async fn run_report(request: ReportRequest<'_>) -> anyhow::Result<Report> {
    let prometheus = Prometheus::new(request.prometheus)?;
    let usages = match request.source {
        Source::Kubernetes => {
            collect::kubernetes(&prometheus, request.window, request.namespace).await?
        }
        Source::Local => collect::local(&prometheus, request.window, request.manifests).await?,
    };
    if usages
        .iter()
        .all(|u| u.cpu_cores.is_empty() && u.memory_bytes.is_empty())
    {
        let series = match request.source {
            Source::Kubernetes => "container_cpu_usage_seconds_total (cAdvisor)",
            Source::Local => "process_cpu_seconds_total",
        };
        bail!(
            "Prometheus at {} has no {series} samples between {:.0} and {:.0}{}: is it scraping, \
             and is the window long enough for two scrapes?",
            request.prometheus,
            request.window.start,
            request.window.end,
            request
                .namespace
                .map(|ns| format!(" in namespace {ns}"))
                .unwrap_or_default(),
        );
    }
    let workloads: Vec<_> = usages
        .iter()
        .map(|usage| model::cost(usage, &request.pricing, request.strategy))
        .collect();
    let (total, recommended) = Report::totals(&workloads);
    let seconds = request.window.seconds();
    let unit_costs = collect::api_counts(&prometheus, request.window)
        .await?
        .map(|(applications, requests)| report::unit_costs(total, seconds, applications, requests));
    Ok(Report {
        source: request.source,
        namespace: request.namespace.map(str::to_owned),
        window_start: request.window.start,
        window_end: request.window.end,
        window_seconds: seconds,
        strategy: request.strategy,
        currency: request.pricing.currency.clone(),
        pricing: request.pricing,
        workloads,
        total_monthly_cost: total,
        total_recommended_monthly_cost: recommended,
        total_monthly_saving: total - recommended,
        unit_costs,
    })
}
