//! The cost model: allocation as Kubecost and OpenCost define it (the larger of request and
//! usage, priced per hour, times 730 hours), cost-weighted efficiency, idle cost, right-sizing.

use serde::{Deserialize, Serialize};

use crate::pricing::{Pricing, GIB, HOURS_PER_MONTH};

/// What Prometheus says about one workload over the window.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Usage {
    pub namespace: String,
    pub workload: String,
    /// CPU used at each step of the window, in cores, summed over the workload's pods.
    pub cpu_cores: Vec<f64>,
    /// Memory in use at each step (working set, or resident set for local processes), bytes.
    pub memory_bytes: Vec<f64>,
    pub cpu_request_cores: Option<f64>,
    pub cpu_limit_cores: Option<f64>,
    pub memory_request_bytes: Option<f64>,
    pub memory_limit_bytes: Option<f64>,
    pub storage_bytes: f64,
}

/// How recommendations are drawn from usage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Strategy {
    /// robusta krr's default: CPU at the 95th percentile of usage, memory at the peak + 15 %.
    Simple,
    /// Like the Vertical Pod Autoscaler's target: the 90th percentile of each, + 15 %.
    Vpa,
}

/// Floors under every recommendation (krr's defaults): nothing is sized below them.
pub const MIN_CPU_CORES: f64 = 0.010;
pub const MIN_MEMORY_BYTES: f64 = 100.0 * 1024.0 * 1024.0;
const MARGIN: f64 = 1.15;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkloadCost {
    pub namespace: String,
    pub workload: String,
    pub cpu_request_cores: Option<f64>,
    pub cpu_limit_cores: Option<f64>,
    pub cpu_usage_avg_cores: f64,
    pub cpu_usage_p95_cores: f64,
    pub cpu_usage_max_cores: f64,
    pub memory_request_bytes: Option<f64>,
    pub memory_limit_bytes: Option<f64>,
    pub memory_usage_avg_bytes: f64,
    pub memory_usage_p95_bytes: f64,
    pub memory_usage_peak_bytes: f64,
    pub storage_bytes: f64,
    pub cpu_monthly_cost: f64,
    pub memory_monthly_cost: f64,
    pub storage_monthly_cost: f64,
    pub monthly_cost: f64,
    /// Usage cost over allocated cost, CPU and memory weighted by their prices (Kubecost's
    /// "total efficiency"); 1 when nothing is requested beyond what is used.
    pub efficiency: f64,
    pub idle_monthly_cost: f64,
    pub recommended_cpu_cores: f64,
    pub recommended_memory_bytes: f64,
    pub recommended_monthly_cost: f64,
    pub monthly_saving: f64,
}

/// The `p`-th percentile (0–100) by nearest rank; 0 for no samples.
pub fn percentile(samples: &[f64], p: f64) -> f64 {
    let mut sorted: Vec<f64> = samples.iter().copied().filter(|v| v.is_finite()).collect();
    if sorted.is_empty() {
        return 0.0;
    }
    sorted.sort_by(f64::total_cmp);
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn mean(samples: &[f64]) -> f64 {
    let finite: Vec<f64> = samples.iter().copied().filter(|v| v.is_finite()).collect();
    if finite.is_empty() {
        0.0
    } else {
        finite.iter().sum::<f64>() / finite.len() as f64
    }
}

fn max(samples: &[f64]) -> f64 {
    samples
        .iter()
        .copied()
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max)
}

/// Monthly cost of holding `cores` and `bytes` (allocation, not usage).
fn monthly(pricing: &Pricing, cores: f64, bytes: f64) -> (f64, f64) {
    (
        cores * pricing.cpu_core_hour * HOURS_PER_MONTH,
        bytes / GIB * pricing.ram_gib_hour * HOURS_PER_MONTH,
    )
}

pub fn recommend(usage: &Usage, strategy: Strategy) -> (f64, f64) {
    let (cpu, memory) = match strategy {
        Strategy::Simple => (
            percentile(&usage.cpu_cores, 95.0),
            max(&usage.memory_bytes) * MARGIN,
        ),
        Strategy::Vpa => (
            percentile(&usage.cpu_cores, 90.0) * MARGIN,
            percentile(&usage.memory_bytes, 90.0) * MARGIN,
        ),
    };
    (cpu.max(MIN_CPU_CORES), memory.max(MIN_MEMORY_BYTES))
}

pub fn cost(usage: &Usage, pricing: &Pricing, strategy: Strategy) -> WorkloadCost {
    let cpu_avg = mean(&usage.cpu_cores);
    let memory_avg = mean(&usage.memory_bytes);
    let cpu_request = usage.cpu_request_cores.unwrap_or(0.0);
    let memory_request = usage.memory_request_bytes.unwrap_or(0.0);

    // Allocation: what the workload holds, whether it uses it or not, and what it uses beyond.
    let (cpu_cost, memory_cost) = monthly(
        pricing,
        cpu_request.max(cpu_avg),
        memory_request.max(memory_avg),
    );
    let (cpu_used, memory_used) = monthly(pricing, cpu_avg, memory_avg);
    let storage_cost = usage.storage_bytes / GIB * pricing.storage_gib_hour * HOURS_PER_MONTH;
    let allocated = cpu_cost + memory_cost;
    let efficiency = if allocated > 0.0 {
        ((cpu_used + memory_used) / allocated).clamp(0.0, 1.0)
    } else {
        1.0
    };

    let (recommended_cpu, recommended_memory) = recommend(usage, strategy);
    let (cpu_after, memory_after) = monthly(
        pricing,
        recommended_cpu.max(cpu_avg),
        recommended_memory.max(memory_avg),
    );
    let recommended_monthly_cost = cpu_after + memory_after + storage_cost;
    let monthly_cost = allocated + storage_cost;

    WorkloadCost {
        namespace: usage.namespace.clone(),
        workload: usage.workload.clone(),
        cpu_request_cores: usage.cpu_request_cores,
        cpu_limit_cores: usage.cpu_limit_cores,
        cpu_usage_avg_cores: cpu_avg,
        cpu_usage_p95_cores: percentile(&usage.cpu_cores, 95.0),
        cpu_usage_max_cores: max(&usage.cpu_cores),
        memory_request_bytes: usage.memory_request_bytes,
        memory_limit_bytes: usage.memory_limit_bytes,
        memory_usage_avg_bytes: memory_avg,
        memory_usage_p95_bytes: percentile(&usage.memory_bytes, 95.0),
        memory_usage_peak_bytes: max(&usage.memory_bytes),
        storage_bytes: usage.storage_bytes,
        cpu_monthly_cost: cpu_cost,
        memory_monthly_cost: memory_cost,
        storage_monthly_cost: storage_cost,
        monthly_cost,
        efficiency,
        idle_monthly_cost: (allocated - cpu_used - memory_used).max(0.0),
        recommended_cpu_cores: recommended_cpu,
        recommended_memory_bytes: recommended_memory,
        recommended_monthly_cost,
        monthly_saving: monthly_cost - recommended_monthly_cost,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIB: f64 = 1024.0 * 1024.0;

    fn pricing() -> Pricing {
        Pricing {
            currency: "EUR".into(),
            cpu_core_hour: 0.02,
            ram_gib_hour: 0.01,
            storage_gib_hour: 0.03 / 730.0,
        }
    }

    fn api() -> Usage {
        Usage {
            namespace: "offreapi".into(),
            workload: "offreapi-api".into(),
            // 100 samples: 0.01, 0.02, …, 1.00 cores.
            cpu_cores: (1..=100).map(|i| i as f64 / 100.0).collect(),
            memory_bytes: vec![200.0 * MIB; 100],
            cpu_request_cores: Some(0.5),
            cpu_limit_cores: Some(1.0),
            memory_request_bytes: Some(512.0 * MIB),
            memory_limit_bytes: Some(1536.0 * MIB),
            storage_bytes: 0.0,
        }
    }

    #[test]
    fn percentiles_use_the_nearest_rank() {
        let samples: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&samples, 95.0), 95.0);
        assert_eq!(percentile(&samples, 100.0), 100.0);
        assert_eq!(percentile(&samples, 0.0), 1.0);
        assert_eq!(percentile(&[3.0, 1.0, 2.0], 50.0), 2.0);
        assert_eq!(percentile(&[], 95.0), 0.0);
        assert_eq!(percentile(&[f64::NAN, 4.0], 95.0), 4.0);
    }

    #[test]
    fn cost_is_the_larger_of_request_and_usage_priced_over_730_hours() {
        let report = cost(&api(), &pricing(), Strategy::Simple);
        // CPU: the average, 0.505 cores, is above the 0.5 requested, so usage is allocated.
        assert!((report.cpu_usage_avg_cores - 0.505).abs() < 1e-12);
        assert!((report.cpu_monthly_cost - 0.505 * 0.02 * 730.0).abs() < 1e-9);
        // Memory: the 512 MiB request is above the 200 MiB used.
        assert!((report.memory_monthly_cost - 0.5 * 0.01 * 730.0).abs() < 1e-9);
        assert!((report.monthly_cost - (7.373 + 3.65)).abs() < 1e-9);
    }

    #[test]
    fn efficiency_weighs_cpu_and_memory_by_their_cost() {
        let report = cost(&api(), &pricing(), Strategy::Simple);
        let used = 0.505 * 0.02 * 730.0 + (200.0 / 1024.0) * 0.01 * 730.0;
        let allocated = 0.505 * 0.02 * 730.0 + 0.5 * 0.01 * 730.0;
        assert!((report.efficiency - used / allocated).abs() < 1e-12);
        assert!((report.idle_monthly_cost - (allocated - used)).abs() < 1e-9);

        let unrequested = Usage {
            cpu_request_cores: None,
            memory_request_bytes: None,
            ..api()
        };
        assert_eq!(
            cost(&unrequested, &pricing(), Strategy::Simple).efficiency,
            1.0
        );
        let idle = Usage {
            cpu_cores: vec![0.0; 10],
            memory_bytes: vec![0.0; 10],
            ..api()
        };
        assert_eq!(cost(&idle, &pricing(), Strategy::Simple).efficiency, 0.0);
    }

    #[test]
    fn recommendations_follow_the_strategy_and_respect_the_floors() {
        let (cpu, memory) = recommend(&api(), Strategy::Simple);
        assert_eq!(cpu, 0.95);
        assert!((memory - 230.0 * MIB).abs() < 1e-6);
        let (cpu, memory) = recommend(&api(), Strategy::Vpa);
        assert!((cpu - 0.90 * 1.15).abs() < 1e-12);
        assert!((memory - 230.0 * MIB).abs() < 1e-6);

        let tiny = Usage {
            cpu_cores: vec![0.001; 5],
            memory_bytes: vec![5.0 * MIB; 5],
            ..api()
        };
        assert_eq!(
            recommend(&tiny, Strategy::Simple),
            (MIN_CPU_CORES, MIN_MEMORY_BYTES)
        );
    }

    #[test]
    fn the_saving_is_the_cost_now_minus_the_cost_at_the_recommendation() {
        let over = Usage {
            cpu_cores: vec![0.05; 20],
            memory_bytes: vec![40.0 * MIB; 20],
            ..api()
        };
        let report = cost(&over, &pricing(), Strategy::Simple);
        let now = 0.5 * 0.02 * 730.0 + 0.5 * 0.01 * 730.0;
        let after = 0.05 * 0.02 * 730.0 + (100.0 / 1024.0) * 0.01 * 730.0;
        assert!((report.monthly_cost - now).abs() < 1e-9);
        assert!((report.monthly_saving - (now - after)).abs() < 1e-9);
    }

    #[test]
    fn storage_is_priced_per_gib_month() {
        let with_volume = Usage {
            storage_bytes: 10.0 * GIB,
            ..api()
        };
        let report = cost(&with_volume, &pricing(), Strategy::Simple);
        assert!((report.storage_monthly_cost - 0.3).abs() < 1e-9);
    }
}
