//! Usage per workload from Prometheus: Kubernetes' cAdvisor and kube-state-metrics series, or
//! the `process_*` series of locally scraped jobs with requests and limits read from manifests.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Context;
use serde::{Deserialize, Serialize};

use crate::manifests::Manifests;
use crate::model::Usage;
use crate::prometheus::{Prometheus, Series};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// A cluster: cAdvisor usage and kube-state-metrics requests, limits and volumes.
    Kubernetes,
    /// Processes on this machine: each Prometheus job is a workload of the manifests.
    Local,
}

/// The time range and resolution of a report.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    pub start: f64,
    pub end: f64,
    pub step_seconds: u64,
    /// The range of `rate()`; at least four scrape intervals to be meaningful.
    pub rate_seconds: u64,
}

impl Window {
    pub fn seconds(&self) -> f64 {
        self.end - self.start
    }
}

/// The Deployment, StatefulSet or DaemonSet a pod belongs to, from the pod's generated name.
/// `api-7d9f8b6c5d-x2x9z` → `api`, `postgres-0` → `postgres`, `node-exporter-x2x9z` →
/// `node-exporter`; other names are their own workload.
pub fn workload_of(pod: &str) -> String {
    // Kubernetes draws generated suffixes from consonants and digits that cannot spell words.
    let generated = |s: &str, lengths: std::ops::RangeInclusive<usize>| {
        lengths.contains(&s.len()) && s.chars().all(|c| "bcdfghjklmnpqrstvwxz2456789".contains(c))
    };
    let parts: Vec<&str> = pod.split('-').collect();
    let n = parts.len();
    if n >= 3 && generated(parts[n - 1], 5..=5) && generated(parts[n - 2], 5..=10) {
        return parts[..n - 2].join("-");
    }
    if n >= 2 && parts[n - 1].chars().all(|c| c.is_ascii_digit()) && !parts[n - 1].is_empty() {
        return parts[..n - 1].join("-");
    }
    if n >= 2 && generated(parts[n - 1], 5..=5) {
        return parts[..n - 1].join("-");
    }
    pod.to_owned()
}

type Key = (String, String);

/// Sums the series of each workload at each timestamp; `key` names a series' workload.
fn per_workload(series: &[Series], key: impl Fn(&Series) -> Key) -> BTreeMap<Key, Vec<f64>> {
    let mut sums: BTreeMap<Key, BTreeMap<i64, f64>> = BTreeMap::new();
    for one in series {
        let at = sums.entry(key(one)).or_default();
        for (time, value) in &one.samples {
            *at.entry((time * 1000.0).round() as i64).or_default() += value;
        }
    }
    sums.into_iter()
        .map(|(key, by_time)| (key, by_time.into_values().collect()))
        .collect()
}

/// Every workload with CPU or memory samples, in order.
fn workloads_in(cpu: &BTreeMap<Key, Vec<f64>>, memory: &BTreeMap<Key, Vec<f64>>) -> Vec<Key> {
    let mut keys: Vec<Key> = cpu.keys().chain(memory.keys()).cloned().collect();
    keys.sort();
    keys.dedup();
    keys
}

fn average(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

fn pod_key(series: &Series) -> Key {
    (
        series.label("namespace").to_owned(),
        workload_of(series.label("pod")),
    )
}

pub async fn kubernetes(
    prometheus: &Prometheus,
    window: Window,
    namespace: Option<&str>,
) -> anyhow::Result<Vec<Usage>> {
    let ns = namespace
        .map(|ns| format!(r#",namespace="{ns}""#))
        .unwrap_or_default();
    let containers = format!(r#"container!="",container!="POD"{ns}"#);
    let range = |expr: String| async move {
        prometheus
            .range(&expr, window.start, window.end, window.step_seconds)
            .await
            .with_context(|| format!("querying `{expr}`"))
    };
    let cpu = range(format!(
        "sum by (namespace, pod) (rate(container_cpu_usage_seconds_total{{{containers}}}[{}s]))",
        window.rate_seconds
    ))
    .await?;
    let memory = range(format!(
        "sum by (namespace, pod) (container_memory_working_set_bytes{{{containers}}})"
    ))
    .await?;
    let resource = |metric: &str, resource: &str| {
        format!(r#"sum by (namespace, pod) ({metric}{{resource="{resource}"{ns}}})"#)
    };
    let cpu_requests = range(resource("kube_pod_container_resource_requests", "cpu")).await?;
    let memory_requests = range(resource("kube_pod_container_resource_requests", "memory")).await?;
    let cpu_limits = range(resource("kube_pod_container_resource_limits", "cpu")).await?;
    let memory_limits = range(resource("kube_pod_container_resource_limits", "memory")).await?;
    let volumes = prometheus
        .instant(
            &format!(
                "sum by (namespace, persistentvolumeclaim) (kube_persistentvolumeclaim_resource_requests_storage_bytes{{{}}})",
                ns.trim_start_matches(',')
            ),
            window.end,
        )
        .await?;

    let cpu = per_workload(&cpu, pod_key);
    let memory = per_workload(&memory, pod_key);
    let settings = [cpu_requests, memory_requests, cpu_limits, memory_limits]
        .map(|series| per_workload(&series, pod_key));
    Ok(workloads_in(&cpu, &memory)
        .into_iter()
        .map(|key| {
            let setting = |i: usize| settings[i].get(&key).and_then(|v| average(v));
            // A volume claim of a StatefulSet is named `<template>-<statefulset>-<ordinal>`.
            let storage_bytes = volumes
                .iter()
                .filter(|v| v.label("namespace") == key.0)
                .filter(|v| {
                    let claim = workload_of(v.label("persistentvolumeclaim"));
                    claim == key.1 || claim.ends_with(&format!("-{}", key.1))
                })
                .filter_map(|v| v.samples.last().map(|(_, bytes)| *bytes))
                .sum();
            Usage {
                cpu_cores: cpu.get(&key).cloned().unwrap_or_default(),
                memory_bytes: memory.get(&key).cloned().unwrap_or_default(),
                cpu_request_cores: setting(0),
                memory_request_bytes: setting(1),
                cpu_limit_cores: setting(2),
                memory_limit_bytes: setting(3),
                storage_bytes,
                namespace: key.0,
                workload: key.1,
            }
        })
        .collect())
}

pub async fn local(
    prometheus: &Prometheus,
    window: Window,
    manifests: &Path,
) -> anyhow::Result<Vec<Usage>> {
    let manifests = Manifests::read(manifests)?;
    let job_key = |series: &Series| ("local".to_owned(), series.label("job").to_owned());
    let cpu = prometheus
        .range(
            &format!(
                "sum by (job) (rate(process_cpu_seconds_total[{}s]))",
                window.rate_seconds
            ),
            window.start,
            window.end,
            window.step_seconds,
        )
        .await?;
    let memory = prometheus
        .range(
            "sum by (job) (process_resident_memory_bytes)",
            window.start,
            window.end,
            window.step_seconds,
        )
        .await?;
    let cpu = per_workload(&cpu, job_key);
    let memory = per_workload(&memory, job_key);
    Ok(workloads_in(&cpu, &memory)
        .into_iter()
        .map(|key| {
            let declared = manifests.workload(&key.1);
            Usage {
                cpu_cores: cpu.get(&key).cloned().unwrap_or_default(),
                memory_bytes: memory.get(&key).cloned().unwrap_or_default(),
                cpu_request_cores: declared.and_then(|w| w.cpu_request_cores),
                memory_request_bytes: declared.and_then(|w| w.memory_request_bytes),
                cpu_limit_cores: declared.and_then(|w| w.cpu_limit_cores),
                memory_limit_bytes: declared.and_then(|w| w.memory_limit_bytes),
                storage_bytes: declared.map_or(0.0, |w| w.storage_bytes),
                namespace: key.0,
                workload: key.1,
            }
        })
        .collect())
}

/// Accepted applications and HTTP requests the API counted over the window, when it is scraped.
pub async fn api_counts(
    prometheus: &Prometheus,
    window: Window,
) -> anyhow::Result<Option<(f64, f64)>> {
    let seconds = window.seconds().round() as u64;
    let total = |expr: String| async move {
        let series = prometheus.instant(&expr, window.end).await?;
        anyhow::Ok(
            series
                .first()
                .and_then(|s| s.samples.first())
                .map(|(_, v)| *v),
        )
    };
    let applications = total(format!(
        r#"sum(increase(offreapi_applications_total{{outcome="accepted"}}[{seconds}s]))"#
    ))
    .await?;
    let requests = total(format!(
        "sum(increase(http_server_request_duration_seconds_count[{seconds}s]))"
    ))
    .await?;
    Ok(match (applications, requests) {
        (None, None) => None,
        (applications, requests) => Some((applications.unwrap_or(0.0), requests.unwrap_or(0.0))),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pods_are_grouped_under_their_workload() {
        assert_eq!(workload_of("offreapi-api-7d9f8b6c5d-x2x9z"), "offreapi-api");
        assert_eq!(workload_of("offreapi-web-5c8d7-bq4tw"), "offreapi-web");
        assert_eq!(workload_of("offreapi-postgres-0"), "offreapi-postgres");
        assert_eq!(workload_of("offreapi-postgres-12"), "offreapi-postgres");
        assert_eq!(workload_of("node-exporter-x2x9z"), "node-exporter");
        assert_eq!(workload_of("standalone"), "standalone");
        // Words are not generated suffixes.
        assert_eq!(workload_of("my-great-app"), "my-great-app");
    }

    #[test]
    fn series_of_one_workload_add_up_at_each_time() {
        let series = |pod: &str, samples: Vec<(f64, f64)>| Series {
            labels: [("namespace", "ns"), ("pod", pod)]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect(),
            samples,
        };
        let summed = per_workload(
            &[
                series("api-7d9f8b6c5d-x2x9z", vec![(1.0, 0.25), (2.0, 0.5)]),
                series("api-7d9f8b6c5d-bq4tw", vec![(1.0, 0.25), (2.0, 0.25)]),
                series("db-0", vec![(1.0, 1.0)]),
            ],
            pod_key,
        );
        assert_eq!(summed[&("ns".into(), "api".into())], vec![0.5, 0.75]);
        assert_eq!(summed[&("ns".into(), "db".into())], vec![1.0]);
    }
}
