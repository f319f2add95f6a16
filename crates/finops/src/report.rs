//! The report: every workload's cost and recommendation, totals, and unit costs, as JSON that
//! `rightsize` reads back and other tools rely on (field names are part of the contract).

use serde::{Deserialize, Serialize};

use crate::collect::Source;
use crate::model::{Strategy, WorkloadCost};
use crate::pricing::{Pricing, HOURS_PER_MONTH};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitCosts {
    /// Applications accepted by the API during the window.
    pub applications: f64,
    /// HTTP requests the API served during the window.
    pub requests: f64,
    /// What the workloads cost during the window itself.
    pub window_cost: f64,
    /// `null` when nothing was counted (no division by zero).
    pub cost_per_1000_applications: Option<f64>,
    pub cost_per_1000_requests: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub source: Source,
    pub namespace: Option<String>,
    /// Unix seconds.
    pub window_start: f64,
    pub window_end: f64,
    pub window_seconds: f64,
    pub strategy: Strategy,
    pub currency: String,
    pub pricing: Pricing,
    pub workloads: Vec<WorkloadCost>,
    pub total_monthly_cost: f64,
    pub total_recommended_monthly_cost: f64,
    pub total_monthly_saving: f64,
    pub unit_costs: Option<UnitCosts>,
}

pub fn unit_costs(
    total_monthly_cost: f64,
    window_seconds: f64,
    applications: f64,
    requests: f64,
) -> UnitCosts {
    let window_cost = total_monthly_cost / HOURS_PER_MONTH * (window_seconds / 3600.0);
    let per_1000 = |count: f64| (count > 0.0).then(|| window_cost / count * 1000.0);
    UnitCosts {
        applications,
        requests,
        window_cost,
        cost_per_1000_applications: per_1000(applications),
        cost_per_1000_requests: per_1000(requests),
    }
}

impl Report {
    pub fn totals(workloads: &[WorkloadCost]) -> (f64, f64) {
        (
            workloads.iter().map(|w| w.monthly_cost).sum(),
            workloads.iter().map(|w| w.recommended_monthly_cost).sum(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_costs_divide_the_window_cost_by_the_counts() {
        // 73 a month is 0.1 an hour: a 36-minute window costs 0.06.
        let costs = unit_costs(73.0, 36.0 * 60.0, 300.0, 0.0);
        assert!((costs.window_cost - 0.06).abs() < 1e-12);
        assert!((costs.cost_per_1000_applications.unwrap() - 0.2).abs() < 1e-12);
        assert_eq!(costs.cost_per_1000_requests, None);
    }
}
