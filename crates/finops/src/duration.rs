//! Durations as Prometheus writes them (`30s`, `5m`, `1h`, `2d`, `1h30m`), to whole seconds.
//! Used for the report's window, the rate range and the query resolution.

use thiserror::Error;

#[derive(Debug, Error, PartialEq)]
#[error("`{0}` is not a duration (examples: 30s, 5m, 1h30m, 7d)")]
pub struct BadDuration(pub String);

pub fn parse_seconds(text: &str) -> Result<u64, BadDuration> {
    let bad = || BadDuration(text.to_owned());
    let mut total = 0u64;
    let mut number = String::new();
    for c in text.trim().chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let unit = match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            'w' => 604_800,
            _ => return Err(bad()),
        };
        let value: u64 = number.parse().map_err(|_| bad())?;
        total = total
            .checked_add(value.checked_mul(unit).ok_or_else(bad)?)
            .ok_or_else(bad)?;
        number.clear();
    }
    if !number.is_empty() || total == 0 {
        return Err(bad());
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_add_up_their_parts() {
        assert_eq!(parse_seconds("30s"), Ok(30));
        assert_eq!(parse_seconds("5m"), Ok(300));
        assert_eq!(parse_seconds("1h30m"), Ok(5400));
        assert_eq!(parse_seconds("7d"), Ok(604_800));
        for bad in ["", "30", "0s", "5x", "m", "-5m", "99999999999999999999w"] {
            assert!(parse_seconds(bad).is_err(), "{bad}");
        }
    }
}
