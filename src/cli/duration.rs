//! Parsing of `--wait` durations: `500ms`, `30s`, `2m`, `1h`, `1m30s`, or bare seconds.

use std::time::Duration;

/// Parses a human duration. The longest accepted is one day.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let invalid = || {
        format!(
            "'{text}' is not a duration: use seconds (30) or a number with a unit (500ms, 30s, 2m, 1h, 1m30s)"
        )
    };
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(invalid());
    }
    if trimmed.bytes().all(|byte| byte.is_ascii_digit()) {
        let seconds: u64 = trimmed.parse().map_err(|_| invalid())?;
        return checked(Duration::from_secs(seconds), text);
    }
    let mut total = Duration::ZERO;
    let mut rest = trimmed;
    while !rest.is_empty() {
        let digits = rest
            .bytes()
            .take_while(|byte| byte.is_ascii_digit() || *byte == b'.')
            .count();
        if digits == 0 {
            return Err(invalid());
        }
        let number: f64 = rest[..digits].parse().map_err(|_| invalid())?;
        rest = &rest[digits..];
        let unit_length = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
        let seconds_per_unit = match &rest[..unit_length] {
            "ms" => 0.001,
            "s" | "sec" | "secs" => 1.0,
            "m" | "min" | "mins" => 60.0,
            "h" | "hour" | "hours" => 3600.0,
            _ => return Err(invalid()),
        };
        rest = &rest[unit_length..];
        let seconds = number * seconds_per_unit;
        if !seconds.is_finite() || seconds > 86_400.0 {
            return Err(format!("'{text}' is too long: the longest wait is 24h"));
        }
        total += Duration::from_secs_f64(seconds);
    }
    checked(total, text)
}

fn checked(duration: Duration, text: &str) -> Result<Duration, String> {
    if duration > Duration::from_secs(86_400) {
        Err(format!("'{text}' is too long: the longest wait is 24h"))
    } else {
        Ok(duration)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_usual_forms() {
        assert_eq!(parse_duration("500ms").unwrap(), Duration::from_millis(500));
        assert_eq!(parse_duration("30s").unwrap(), Duration::from_secs(30));
        assert_eq!(parse_duration("2m").unwrap(), Duration::from_secs(120));
        assert_eq!(parse_duration("1h").unwrap(), Duration::from_secs(3600));
        assert_eq!(parse_duration("1m30s").unwrap(), Duration::from_secs(90));
        assert_eq!(parse_duration("1.5s").unwrap(), Duration::from_millis(1500));
        assert_eq!(parse_duration("45").unwrap(), Duration::from_secs(45));
        assert_eq!(parse_duration("0s").unwrap(), Duration::ZERO);
    }

    #[test]
    fn rejects_everything_else_in_one_line() {
        for bad in [
            "never",
            "",
            "s",
            "10x",
            "-5s",
            "1e9s",
            "99999999999999999999",
            "25h",
            "1..5s",
        ] {
            let error = parse_duration(bad).unwrap_err();
            assert!(
                !error.contains('\n') && error.contains('\''),
                "{bad}: {error}"
            );
        }
    }
}
