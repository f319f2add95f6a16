//! The report for people: a terminal table, Markdown for a review, and an SVG bar chart of each
//! workload's monthly cost now and at the recommendation. JSON is `serde_json` of `Report`.

use std::fmt::Write;

use crate::model::WorkloadCost;
use crate::report::Report;

const MIB: f64 = 1024.0 * 1024.0;

fn cores(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_owned(), |v| format!("{:.0}m", v * 1000.0))
}

fn mib(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_owned(), |v| format!("{:.0}Mi", v / MIB))
}

fn money(report: &Report, value: f64) -> String {
    format!("{value:.2} {}", report.currency)
}

/// Three significant digits, so that a cost of a fraction of a cent still says something.
fn significant(value: f64) -> String {
    if value == 0.0 || !value.is_finite() {
        return format!("{value}");
    }
    let digits = (2 - value.abs().log10().floor() as i32).max(0) as usize;
    format!("{value:.digits$}")
}

fn rows(report: &Report) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let header = vec![
        "workload",
        "cpu req",
        "cpu avg",
        "cpu p95",
        "mem req",
        "mem peak",
        "cost/month",
        "efficiency",
        "idle/month",
        "rec cpu",
        "rec mem",
        "saving/month",
    ];
    let body = report
        .workloads
        .iter()
        .map(|w: &WorkloadCost| {
            vec![
                format!("{}/{}", w.namespace, w.workload),
                cores(w.cpu_request_cores),
                cores(Some(w.cpu_usage_avg_cores)),
                cores(Some(w.cpu_usage_p95_cores)),
                mib(w.memory_request_bytes),
                mib(Some(w.memory_usage_peak_bytes)),
                money(report, w.monthly_cost),
                format!("{:.0} %", w.efficiency * 100.0),
                money(report, w.idle_monthly_cost),
                cores(Some(w.recommended_cpu_cores)),
                mib(Some(w.recommended_memory_bytes)),
                money(report, w.monthly_saving),
            ]
        })
        .collect();
    (header, body)
}

fn summary_lines(report: &Report) -> Vec<String> {
    let mut lines = vec![
        format!(
            "Window: {:.0} s, source {:?}, strategy {:?}; prices {} per vCPU-hour, {} per GiB-hour of RAM.",
            report.window_seconds,
            report.source,
            report.strategy,
            money(report, report.pricing.cpu_core_hour),
            money(report, report.pricing.ram_gib_hour),
        ),
        format!(
            "Total: {} a month now, {} at the recommendations, saving {}.",
            money(report, report.total_monthly_cost),
            money(report, report.total_recommended_monthly_cost),
            money(report, report.total_monthly_saving),
        ),
    ];
    match &report.unit_costs {
        Some(unit) => {
            let per = |v: Option<f64>| {
                v.map_or_else(
                    || "n/a (none counted)".to_owned(),
                    |v| format!("{} {}", significant(v), report.currency),
                )
            };
            lines.push(format!(
                "Unit costs over the window ({:.0} applications, {:.0} requests, {} {}): {} per 1,000 applications, {} per 1,000 requests.",
                unit.applications,
                unit.requests,
                significant(unit.window_cost),
                report.currency,
                per(unit.cost_per_1000_applications),
                per(unit.cost_per_1000_requests),
            ));
        }
        None => lines
            .push("Unit costs: the API's counters are not in Prometheus for this window.".into()),
    }
    lines
}

pub fn table(report: &Report) -> String {
    let (header, body) = rows(report);
    let widths: Vec<usize> = (0..header.len())
        .map(|i| {
            body.iter()
                .map(|r| r[i].chars().count())
                .chain([header[i].len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    let line = |cells: Vec<String>, out: &mut String| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (cell, width))| {
                let pad = width - cell.chars().count();
                if i == 0 {
                    format!("{cell}{}", " ".repeat(pad))
                } else {
                    format!("{}{cell}", " ".repeat(pad))
                }
            })
            .collect();
        let _ = writeln!(out, "{}", padded.join("  ").trim_end());
    };
    line(header.iter().map(|h| h.to_string()).collect(), &mut out);
    for row in body {
        line(row, &mut out);
    }
    out.push('\n');
    for summary in summary_lines(report) {
        let _ = writeln!(out, "{summary}");
    }
    out
}

pub fn markdown(report: &Report) -> String {
    let (header, body) = rows(report);
    let mut out = String::from("## Cost and right-sizing report\n\n");
    for summary in summary_lines(report) {
        let _ = writeln!(out, "{summary}  ");
    }
    out.push('\n');
    let _ = writeln!(out, "| {} |", header.join(" | "));
    let _ = writeln!(out, "|---|{}", "---:|".repeat(header.len() - 1));
    for row in body {
        let escaped: Vec<String> = row.iter().map(|c| c.replace('|', "\\|")).collect();
        let _ = writeln!(out, "| {} |", escaped.join(" | "));
    }
    out
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Two bars per workload, cost now (vermilion) and at the recommendation (blue): Okabe–Ito
/// colours that stay apart for colour-blind readers, and every bar labelled with its amount.
pub fn svg(report: &Report) -> String {
    let row = 56.0;
    let (left, right, top) = (220.0, 120.0, 48.0);
    let width = 820.0;
    let height = top + row * report.workloads.len().max(1) as f64 + 30.0;
    let plot = width - left - right;
    let top_cost = report
        .workloads
        .iter()
        .flat_map(|w| [w.monthly_cost, w.recommended_monthly_cost])
        .fold(0.0, f64::max)
        .max(f64::MIN_POSITIVE);
    let mut out = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="13" role="img" aria-labelledby="title">
<title id="title">Monthly cost per workload, now and right-sized ({currency})</title>
<rect width="100%" height="100%" fill="white"/>
<text x="{left}" y="20" font-weight="bold">Monthly cost per workload ({currency})</text>
<rect x="{left}" y="28" width="12" height="12" fill="#D55E00"/><text x="{lx1}" y="39">now</text>
<rect x="{lx2}" y="28" width="12" height="12" fill="#0072B2"/><text x="{lx3}" y="39">right-sized</text>
"##,
        currency = escape(&report.currency),
        lx1 = left + 16.0,
        lx2 = left + 60.0,
        lx3 = left + 76.0,
    );
    for (i, w) in report.workloads.iter().enumerate() {
        let y = top + i as f64 * row;
        let _ = writeln!(
            out,
            r#"<text x="{}" y="{}" text-anchor="end">{}</text>"#,
            left - 8.0,
            y + 26.0,
            escape(&w.workload)
        );
        for (j, (value, colour)) in [
            (w.monthly_cost, "#D55E00"),
            (w.recommended_monthly_cost, "#0072B2"),
        ]
        .iter()
        .enumerate()
        {
            let bar_y = y + 6.0 + j as f64 * 22.0;
            let bar_w = plot * value / top_cost;
            let _ = writeln!(
                out,
                r#"<rect x="{left}" y="{bar_y:.1}" width="{bar_w:.1}" height="18" fill="{colour}"><title>{:.2} {}</title></rect><text x="{:.1}" y="{:.1}">{:.2}</text>"#,
                value,
                escape(&report.currency),
                left + bar_w + 6.0,
                bar_y + 14.0,
                value
            );
        }
    }
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::significant;

    #[test]
    fn small_amounts_keep_three_significant_digits() {
        assert_eq!(significant(0.000354), "0.000354");
        assert_eq!(significant(3.8321), "3.83");
        assert_eq!(significant(123.4), "123");
        assert_eq!(significant(0.0), "0");
    }
}
