//! Kubernetes resource quantities: CPU in cores (`250m`, `2`), memory in bytes (`512Mi`, `1G`).
//! Parsed from manifests and written back, rounded, into right-sizing patches.

use thiserror::Error;

#[derive(Debug, Error, PartialEq)]
#[error("`{0}` is not a Kubernetes quantity (examples: 250m, 2, 512Mi, 1G)")]
pub struct BadQuantity(pub String);

/// A quantity as a plain number: cores for CPU, bytes for memory.
pub fn parse(text: &str) -> Result<f64, BadQuantity> {
    let text = text.trim();
    let bad = || BadQuantity(text.to_owned());
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, suffix) = text.split_at(split);
    let number: f64 = number.parse().map_err(|_| bad())?;
    let factor = match suffix {
        "" => 1.0,
        "m" => 1e-3,
        "k" => 1e3,
        "M" => 1e6,
        "G" => 1e9,
        "T" => 1e12,
        "Ki" => 1024.0,
        "Mi" => 1024.0 * 1024.0,
        "Gi" => 1024.0 * 1024.0 * 1024.0,
        "Ti" => 1024.0_f64.powi(4),
        _ => return Err(bad()),
    };
    Ok(number * factor)
}

/// CPU cores as millicores, rounded up to a multiple of `step_millis`.
pub fn format_cpu(cores: f64, step_millis: u64) -> String {
    let millis = (cores * 1000.0).ceil() as u64;
    let step = step_millis.max(1);
    format!("{}m", millis.div_ceil(step) * step)
}

/// Bytes as mebibytes, rounded up to a multiple of `step_mib`.
pub fn format_memory(bytes: f64, step_mib: u64) -> String {
    let mib = (bytes / (1024.0 * 1024.0)).ceil() as u64;
    let step = step_mib.max(1);
    format!("{}Mi", mib.div_ceil(step) * step)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_parse_in_both_unit_systems() {
        assert_eq!(parse("250m").unwrap(), 0.25);
        assert_eq!(parse("2").unwrap(), 2.0);
        assert_eq!(parse("1.5").unwrap(), 1.5);
        assert_eq!(parse("512Mi").unwrap(), 536_870_912.0);
        assert_eq!(parse("1G").unwrap(), 1e9);
        assert_eq!(parse("1Gi").unwrap(), 1_073_741_824.0);
        assert!(parse("12 cores").is_err());
        assert!(parse("Mi").is_err());
        assert!(parse("").is_err());
    }

    #[test]
    fn quantities_are_written_rounded_up() {
        assert_eq!(format_cpu(0.0121, 5), "15m");
        assert_eq!(format_cpu(0.25, 5), "250m");
        assert_eq!(format_memory(100.0 * 1024.0 * 1024.0 + 1.0, 16), "112Mi");
        assert_eq!(format_memory(64.0 * 1024.0 * 1024.0, 16), "64Mi");
    }
}
