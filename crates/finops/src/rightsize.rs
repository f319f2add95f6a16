//! From a report to a kustomize patch: each workload's requests at its recommendation (with
//! floors and rounding), limits never below the request, shown as a diff before it is written.

use std::fmt::Write;

use crate::manifests::Manifests;
use crate::model::{MIN_CPU_CORES, MIN_MEMORY_BYTES};
use crate::quantity::{format_cpu, format_memory};
use crate::report::Report;

/// How requests and limits are drawn from the recommendations.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    /// CPU requests are rounded up to a multiple of this many millicores.
    pub cpu_step_millis: u64,
    /// Memory requests are rounded up to a multiple of this many MiB.
    pub memory_step_mib: u64,
    /// Lower limits to the recommendation (CPU ×2, memory = request) instead of keeping the
    /// manifests' limits; the API's memory limit covers its PDF extraction children, so keep
    /// this off unless the report measured them.
    pub lower_limits: bool,
}

impl Default for Policy {
    fn default() -> Policy {
        Policy {
            cpu_step_millis: 5,
            memory_step_mib: 16,
            lower_limits: false,
        }
    }
}

/// The patch (a strategic-merge patch with one document per workload) and the workloads of the
/// report that the manifests do not declare.
pub fn patch(
    report: &Report,
    manifests: &Manifests,
    policy: Policy,
    source_name: &str,
) -> (String, Vec<String>) {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Requests and limits from `offreapi-finops rightsize --report {source_name}`: a {:.0} s window\n\
         # of {:?} usage, {:?} strategy. Regenerate rather than edit; see docs/FINOPS.md.",
        report.window_seconds, report.source, report.strategy
    );
    let mut skipped = Vec::new();
    for workload in &report.workloads {
        let Some(declared) = manifests.workload(&workload.workload) else {
            skipped.push(format!("{}/{}", workload.namespace, workload.workload));
            continue;
        };
        let Some(container) = declared.containers.first() else {
            skipped.push(format!("{}/{}", workload.namespace, workload.workload));
            continue;
        };
        let cpu_request = workload.recommended_cpu_cores.max(MIN_CPU_CORES);
        let memory_request = workload.recommended_memory_bytes.max(MIN_MEMORY_BYTES);
        let (cpu_limit, memory_limit) = if policy.lower_limits {
            (cpu_request * 2.0, memory_request)
        } else {
            (
                declared
                    .cpu_limit_cores
                    .unwrap_or(cpu_request * 2.0)
                    .max(cpu_request),
                declared
                    .memory_limit_bytes
                    .unwrap_or(memory_request)
                    .max(memory_request),
            )
        };
        let _ = write!(
            out,
            "---\n\
             apiVersion: apps/v1\n\
             kind: {kind}\n\
             metadata:\n  name: {name}\n\
             spec:\n  template:\n    spec:\n      containers:\n        - name: {container}\n          resources:\n            requests:\n              cpu: {cpu_request}\n              memory: {memory_request}\n            limits:\n              cpu: {cpu_limit}\n              memory: {memory_limit}\n",
            kind = declared.kind,
            name = declared.name,
            cpu_request = format_cpu(cpu_request, policy.cpu_step_millis),
            memory_request = format_memory(memory_request, policy.memory_step_mib),
            cpu_limit = format_cpu(cpu_limit, policy.cpu_step_millis),
            memory_limit = format_memory(memory_limit, policy.memory_step_mib),
        );
    }
    (out, skipped)
}

/// A line diff (`-` old, `+` new, two lines of context) from the longest common subsequence.
pub fn diff(old: &str, new: &str) -> String {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut lines: Vec<(char, &str)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            lines.push((' ', a[i]));
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            lines.push(('-', a[i]));
            i += 1;
        } else {
            lines.push(('+', b[j]));
            j += 1;
        }
    }
    let changed: Vec<usize> = (0..lines.len()).filter(|&k| lines[k].0 != ' ').collect();
    let mut out = String::new();
    let mut last_shown: Option<usize> = None;
    for (k, (mark, text)) in lines.iter().enumerate() {
        let near = changed.iter().any(|&c| c.abs_diff(k) <= 2);
        if !near {
            continue;
        }
        if last_shown.is_some_and(|last| k > last + 1) {
            out.push_str("…\n");
        }
        let _ = writeln!(out, "{mark} {text}");
        last_shown = Some(k);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_diff_shows_changed_lines_with_context() {
        let old = "a\nb\nc\nd\ne\nf\ng\n";
        let new = "a\nb\nc\nD\ne\nf\ng\n";
        assert_eq!(diff(old, new), "  b\n  c\n- d\n+ D\n  e\n  f\n");
        assert_eq!(diff("", "x\n"), "+ x\n");
        assert_eq!(diff("same\n", "same\n"), "");
    }
}
