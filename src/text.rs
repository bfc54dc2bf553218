//! Small text formatting shared by the renderers and the rule templates: durations, start
//! times, shortened command lines, counts by kind.

/// `41.2s`, `2m05s`.
pub fn duration(milliseconds: u64) -> String {
    if milliseconds < 60_000 {
        format!("{:.1}s", milliseconds as f64 / 1000.0)
    } else {
        let seconds = milliseconds / 1000;
        format!("{}m{:02}s", seconds / 60, seconds % 60)
    }
}

/// `09:12` today, `2026-11-20 09:12` otherwise, in local time.
pub fn short_time(rfc3339: &str) -> Option<String> {
    let time = chrono::DateTime::parse_from_rfc3339(rfc3339).ok()?;
    let local = time.with_timezone(&chrono::Local);
    Some(if local.date_naive() == chrono::Local::now().date_naive() {
        local.format("%H:%M").to_string()
    } else {
        local.format("%Y-%m-%d %H:%M").to_string()
    })
}

/// At most `limit` characters, with `…` when cut; cut between words when a space is near the
/// limit, so that a command line is not cut inside an argument.
pub fn shorten(text: &str, limit: usize) -> String {
    let text = text.trim_end();
    if text.chars().count() <= limit {
        return text.to_string();
    }
    let mut short: String = text.chars().take(limit).collect();
    if let Some(space) = short.rfind(' ')
        && space >= limit / 2
    {
        short.truncate(space);
    }
    short.push('…');
    short
}

/// A word as a POSIX shell reads it back unchanged: as it is when it holds only safe
/// characters, otherwise in single quotes. Values from other processes (unit names,
/// container names, command lines) go into printed commands only this way.
pub fn shell_quote(word: &str) -> String {
    if !word.is_empty()
        && word
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b"-_./:,=@%+".contains(&byte))
    {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// `2 LISTEN, 1 TIME_WAIT`: how many of each kind, in the kinds' order.
pub fn count_by<K: Ord + Copy + std::fmt::Display>(kinds: impl IntoIterator<Item = K>) -> String {
    let mut counts: Vec<(K, usize)> = Vec::new();
    for kind in kinds {
        match counts.iter_mut().find(|(seen, _)| *seen == kind) {
            Some((_, count)) => *count += 1,
            None => counts.push((kind, 1)),
        }
    }
    counts.sort();
    counts
        .iter()
        .map(|(kind, count)| format!("{count} {kind}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `8080,9000-9100`, as `ip_local_reserved_ports` takes it.
pub fn port_list(ranges: &[(u16, u16)]) -> String {
    ranges
        .iter()
        .map(|&(first, last)| {
            if first == last {
                first.to_string()
            } else {
                format!("{first}-{last}")
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration(41_230), "41.2s");
        assert_eq!(duration(125_000), "2m05s");
    }

    #[test]
    fn counts_group_equal_kinds_in_order() {
        assert_eq!(count_by([3, 1, 3, 3]), "1 1, 3 3");
        assert_eq!(shorten("abcdef", 3), "abc…");
        assert_eq!(shorten("abc", 3), "abc");
        assert_eq!(shorten("python3 -m http.server 8080", 20), "python3 -m…");
        assert_eq!(
            shorten("nginx: master process   ", 30),
            "nginx: master process"
        );
    }

    #[test]
    fn shell_quoting_keeps_safe_words_and_quotes_the_rest() {
        assert_eq!(shell_quote("nginx.service"), "nginx.service");
        assert_eq!(shell_quote("x;id>&2;.service"), "'x;id>&2;.service'");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(shell_quote(""), "''");
    }
}
