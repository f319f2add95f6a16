//! Prices in OpenCost's custom-pricing shape (the JSON that Kubecost's `customPricing` and
//! OpenCost's `default.json` read): strings of currency per unit and hour, and a currency code.

use std::path::Path;

use anyhow::{bail, Context};
use serde::Deserialize;

/// Hours in a month as Kubecost and OpenCost count them.
pub const HOURS_PER_MONTH: f64 = 730.0;
pub const GIB: f64 = 1024.0 * 1024.0 * 1024.0;

#[derive(Debug, Clone, PartialEq, serde::Serialize, Deserialize)]
pub struct Pricing {
    pub currency: String,
    /// Per vCPU-hour.
    pub cpu_core_hour: f64,
    /// Per GiB-hour of memory.
    pub ram_gib_hour: f64,
    /// Per GiB-hour of persistent storage (OpenCost's unit; a GiB-month price divided by 730).
    pub storage_gib_hour: f64,
}

/// OpenCost writes its prices as strings; numbers are accepted too.
#[derive(Deserialize)]
#[serde(untagged)]
enum Price {
    Text(String),
    Number(f64),
}

#[derive(Deserialize)]
struct CustomPricing {
    #[serde(rename = "CPU")]
    cpu: Price,
    #[serde(rename = "RAM")]
    ram: Price,
    storage: Price,
    #[serde(rename = "currencyCode", default = "default_currency")]
    currency: String,
}

fn default_currency() -> String {
    "USD".into()
}

fn price(field: &str, value: Price) -> anyhow::Result<f64> {
    let number = match value {
        Price::Number(n) => n,
        Price::Text(text) => text
            .trim()
            .parse()
            .with_context(|| format!("`{field}` is \"{text}\", not a number"))?,
    };
    if !number.is_finite() || number < 0.0 {
        bail!("`{field}` must be a price of zero or more, not {number}");
    }
    Ok(number)
}

impl Pricing {
    pub fn from_json(text: &str) -> anyhow::Result<Pricing> {
        let raw: CustomPricing = serde_json::from_str(text)
            .context("expected OpenCost's custom-pricing JSON with CPU, RAM and storage prices")?;
        Ok(Pricing {
            cpu_core_hour: price("CPU", raw.cpu)?,
            ram_gib_hour: price("RAM", raw.ram)?,
            storage_gib_hour: price("storage", raw.storage)?,
            currency: raw.currency,
        })
    }

    pub fn load(path: &Path) -> anyhow::Result<Pricing> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the pricing file {}", path.display()))?;
        Pricing::from_json(&text).with_context(|| format!("bad pricing file {}", path.display()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_pricing_file_has_the_original_prices() {
        let text = include_str!("../../../deploy/finops/pricing.json");
        let pricing = Pricing::from_json(text).unwrap();
        assert_eq!(pricing.currency, "EUR");
        assert_eq!(pricing.cpu_core_hour, 0.02);
        assert_eq!(pricing.ram_gib_hour, 0.01);
        // 0.03 per GiB-month.
        assert!((pricing.storage_gib_hour * HOURS_PER_MONTH - 0.03).abs() < 1e-9);
    }

    #[test]
    fn bad_pricing_files_say_what_is_wrong() {
        let missing = Pricing::from_json(r#"{"CPU": "0.02", "RAM": "0.01"}"#).unwrap_err();
        assert!(format!("{missing:#}").contains("storage"), "{missing:#}");
        let text =
            Pricing::from_json(r#"{"CPU": "cheap", "RAM": "0.01", "storage": "0"}"#).unwrap_err();
        assert!(format!("{text:#}").contains("cheap"));
        let negative =
            Pricing::from_json(r#"{"CPU": -1, "RAM": "0.01", "storage": "0"}"#).unwrap_err();
        assert!(format!("{negative:#}").contains("zero or more"));
        assert!(Pricing::from_json("not json").is_err());
    }
}
