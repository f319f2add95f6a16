//! A small client of Prometheus' HTTP API: range and instant queries, matrix and vector results.
//! Errors say whether Prometheus was unreachable, refused the query, or answered nonsense.

use std::collections::BTreeMap;
use std::time::Duration;

use anyhow::{bail, Context};
use serde::Deserialize;

/// One time series: its labels and its samples (Unix seconds, value).
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub labels: BTreeMap<String, String>,
    pub samples: Vec<(f64, f64)>,
}

impl Series {
    pub fn label(&self, name: &str) -> &str {
        self.labels.get(name).map(String::as_str).unwrap_or("")
    }
}

#[derive(Deserialize)]
struct Answer {
    status: String,
    #[serde(default)]
    data: Option<Data>,
    #[serde(default)]
    error: Option<String>,
}

#[derive(Deserialize)]
struct Data {
    #[serde(rename = "resultType")]
    result_type: String,
    result: Vec<RawSeries>,
}

#[derive(Deserialize)]
struct RawSeries {
    metric: BTreeMap<String, String>,
    #[serde(default)]
    values: Vec<(f64, String)>,
    #[serde(default)]
    value: Option<(f64, String)>,
}

pub struct Prometheus {
    base: String,
    http: reqwest::Client,
}

impl Prometheus {
    pub fn new(base: &str) -> anyhow::Result<Prometheus> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .build()
            .context("cannot set up the HTTP client")?;
        Ok(Prometheus {
            base: base.trim_end_matches('/').to_owned(),
            http,
        })
    }

    async fn ask(&self, path: &str, params: &[(&str, String)]) -> anyhow::Result<Data> {
        let url = format!("{}{path}", self.base);
        let response = self
            .http
            .get(&url)
            .query(params)
            .send()
            .await
            .with_context(|| {
                format!(
                    "Prometheus does not answer at {} (is it running? check --prometheus)",
                    self.base
                )
            })?;
        let status = response.status();
        let body = response
            .text()
            .await
            .context("Prometheus' answer was cut off")?;
        let answer: Answer = serde_json::from_str(&body).with_context(|| {
            format!(
                "{url} answered HTTP {status} with something that is not Prometheus' API: {}",
                body.chars().take(200).collect::<String>()
            )
        })?;
        if answer.status != "success" {
            bail!(
                "Prometheus refused the query: {}",
                answer.error.unwrap_or_else(|| format!("HTTP {status}"))
            );
        }
        answer.data.context("Prometheus answered without data")
    }

    /// `expr` evaluated every `step` seconds from `start` to `end` (Unix seconds).
    pub async fn range(
        &self,
        expr: &str,
        start: f64,
        end: f64,
        step: u64,
    ) -> anyhow::Result<Vec<Series>> {
        let params = [
            ("query", expr.to_owned()),
            ("start", format!("{start:.3}")),
            ("end", format!("{end:.3}")),
            ("step", format!("{step}s")),
        ];
        let data = self.ask("/api/v1/query_range", &params).await?;
        if data.result_type != "matrix" {
            bail!(
                "expected a range of samples for `{expr}`, got a {}",
                data.result_type
            );
        }
        data.result
            .into_iter()
            .map(|raw| convert(raw.metric, raw.values))
            .collect()
    }

    /// `expr` evaluated at `time` (Unix seconds).
    pub async fn instant(&self, expr: &str, time: f64) -> anyhow::Result<Vec<Series>> {
        let params = [("query", expr.to_owned()), ("time", format!("{time:.3}"))];
        let data = self.ask("/api/v1/query", &params).await?;
        if data.result_type != "vector" {
            bail!(
                "expected one sample per series for `{expr}`, got a {}",
                data.result_type
            );
        }
        data.result
            .into_iter()
            .map(|raw| convert(raw.metric, raw.value.into_iter().collect()))
            .collect()
    }
}

fn convert(labels: BTreeMap<String, String>, values: Vec<(f64, String)>) -> anyhow::Result<Series> {
    let samples = values
        .into_iter()
        .map(|(time, value)| {
            value
                .parse::<f64>()
                .map(|v| (time, v))
                .with_context(|| format!("Prometheus sent the sample value `{value}`"))
        })
        .collect::<anyhow::Result<_>>()?;
    Ok(Series { labels, samples })
}
