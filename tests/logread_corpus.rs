//! The log reader against the corpus of real lines (tests/corpus/, see FORMAT.md): every bind
//! failure a real program printed on this machine must be read with the right port, errno and
//! protocol, and no real line that is not a bind failure may be read as one.

use std::path::Path;

use portdoc::logread;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct CorpusFile {
    program: String,
    version: String,
    #[serde(default)]
    case: Vec<Case>,
}

#[derive(Debug, Deserialize)]
struct Case {
    staged: String,
    text: String,
    errno: Option<String>,
    port: Option<u16>,
    address: Option<String>,
    protocol: Option<String>,
    /// Why the reader misreads this case today: counted as a miss in the score, and the test
    /// fails when the case is read right, so that the mark is removed.
    known_miss: Option<String>,
}

/// `CORPUS_ONLY=a,b` limits a run to those files (by name without `.toml`), to measure a part
/// held out while the reader was written; `CORPUS_DIR=D` reads `D/bind` and `D/negative`
/// instead of tests/corpus (a new batch, measured before it joins); `CORPUS_QUIET=1` prints
/// only the score.
fn selected(name: &str) -> bool {
    std::env::var("CORPUS_ONLY").map_or(true, |only| {
        only.split(',')
            .any(|wanted| wanted == name.trim_end_matches(".toml"))
    })
}

fn load(folder: &str) -> Vec<(String, CorpusFile)> {
    let directory = std::env::var_os("CORPUS_DIR")
        .map_or_else(
            || Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus"),
            std::path::PathBuf::from,
        )
        .join(folder);
    let mut files: Vec<_> = std::fs::read_dir(&directory)
        .unwrap_or_else(|error| panic!("{}: {error}", directory.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "toml")
        })
        .filter(|path| selected(&path.file_name().unwrap().to_string_lossy()))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            let file: CorpusFile =
                toml::from_str(&text).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                file,
            )
        })
        .collect()
}

/// What the reader made of a case, or why it is wrong.
fn judge(case: &Case) -> Result<(), String> {
    let failures = logread::parse(&case.text);
    let Some(first) = failures.first() else {
        return Err("no bind failure found".into());
    };
    let errno = first.error.map_or("unknown", |error| error.name());
    let expected_errno = case.errno.as_deref().unwrap_or("unknown");
    let mut problems = Vec::new();
    if errno != expected_errno {
        problems.push(format!("errno {errno}, expected {expected_errno}"));
    }
    if first.port != case.port {
        problems.push(format!("port {:?}, expected {:?}", first.port, case.port));
    }
    if let Some(other) = failures.iter().find(|failure| failure.port != first.port) {
        problems.push(format!("a second failure on port {:?}", other.port));
    }
    // Every case here is a server binding its port: never an outgoing connection out of
    // local ports, never a resource running out.
    if first.is_exhaustion() || first.operation == Some(logread::Operation::Connect) {
        problems.push(format!(
            "read as {:?} {errno}, not a bind failure",
            first.operation
        ));
    }
    if let (Some(found), Some(truth)) = (first.protocol, case.protocol.as_deref())
        && found.name() != truth
    {
        problems.push(format!("protocol {found}, really {truth}"));
    }
    if let (Some(expected), Some(address)) = (case.address.as_deref(), first.address) {
        // `localhost` where the text names the address so (node-red prints `[::]` as it).
        let expected: std::net::IpAddr = match expected {
            "localhost" => std::net::Ipv4Addr::LOCALHOST.into(),
            other => other.parse().unwrap(),
        };
        // A failure may name several addresses (Apache tries [::]:80, then 0.0.0.0:80).
        if !first.addresses.contains(&expected) {
            problems.push(format!("address {address}, expected {expected}"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

#[test]
fn every_real_bind_failure_is_read_with_its_port_errno_and_protocol() {
    let mut wrong = Vec::new();
    let mut total = 0;
    let mut programs = 0;
    let mut known_misses = 0;
    for (file, corpus) in load("bind") {
        programs += 1;
        for case in &corpus.case {
            total += 1;
            if let Some(why) = &case.known_miss {
                known_misses += 1;
                if judge(case).is_ok() {
                    wrong.push(format!(
                        "{file} ({}): read right now: remove its known_miss ({why})\n    staged: {}",
                        corpus.program, case.staged
                    ));
                }
                continue;
            }
            if let Err(problem) = judge(case) {
                wrong.push(format!(
                    "{file} ({} {}): {problem}\n    staged: {}\n    text: {:?}",
                    corpus.program,
                    corpus.version,
                    case.staged,
                    case.text
                        .lines()
                        .find(|line| !line.trim().is_empty())
                        .unwrap_or_default()
                ));
            }
        }
    }
    let right = total - wrong.len() - known_misses;
    eprintln!(
        "bind corpus: {right} of {total} read right ({:.1}%), {programs} programs, {known_misses} known misses",
        100.0 * right as f64 / total as f64
    );
    if std::env::var_os("CORPUS_QUIET").is_some() {
        wrong.clear();
    }
    assert!(
        wrong.is_empty(),
        "{} of {total} real failures misread:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn no_real_line_that_is_not_a_bind_failure_is_read_as_one() {
    let mut wrong = Vec::new();
    let mut total = 0;
    let mut known_misses = 0;
    for (file, corpus) in load("negative") {
        for case in &corpus.case {
            total += 1;
            let failures = logread::parse(&case.text);
            if let Some(why) = &case.known_miss {
                known_misses += 1;
                if failures.is_empty() {
                    wrong.push(format!(
                        "{file} ({}): left alone now: remove its known_miss ({why})\n    staged: {}",
                        corpus.program, case.staged
                    ));
                }
                continue;
            }
            if let Some(failure) = failures.first() {
                wrong.push(format!(
                    "{file} ({}): read {:?} on port {:?} from {:?}\n    staged: {}",
                    corpus.program, failure.error, failure.port, failure.line, case.staged
                ));
            }
        }
    }
    eprintln!(
        "negative corpus: {} of {total} left alone, {known_misses} known misses",
        total - wrong.len() - known_misses
    );
    if std::env::var_os("CORPUS_QUIET").is_some() {
        wrong.clear();
    }
    assert!(
        wrong.is_empty(),
        "{} of {total} lines misread as bind failures:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
