//! Hardening, each reproduced on the built binary: no panic on write errors (a full disk,
//! a closed pipe, an unwritable stderr) or non-UTF-8 arguments, rule files that are not
//! small regular files, invisible and controlling characters in other processes' names
//! (escaped in the terminal and in JSON), option conflicts in every position, a typo's
//! suggestion, the long version, and piles of TIME_WAIT folded in `who`.
#![cfg(target_os = "linux")]

mod common;

use std::fs::OpenOptions;
use std::os::unix::ffi::OsStrExt;
use std::process::{Command, Stdio};

use common::netns::in_private_netns;
use common::*;

/// Runs portdoc with stdout (and stderr) sent to /dev/full.
fn into_full_disk(args: &[&str], stderr_too: bool) -> std::process::Output {
    let full = || OpenOptions::new().write(true).open("/dev/full").unwrap();
    let mut command = Command::new(binary());
    command.args(args).stdout(full());
    if stderr_too {
        command.stderr(full());
    } else {
        command.stderr(Stdio::piped());
    }
    command.output().unwrap()
}

#[test]
fn write_errors_are_exit_2_and_never_a_panic() {
    for args in [
        vec!["completions", "bash"],
        vec!["completions", "zsh"],
        vec!["man"],
        vec!["who", "--json"],
        vec!["--help"],
        vec!["explain", "--list-rules"],
    ] {
        let output = into_full_disk(&args, false);
        assert_eq!(code(&output), 2, "{args:?}: {}", stderr(&output));
        assert!(!stderr(&output).contains("panicked"), "{args:?}");
        assert_eq!(
            stderr(&output).lines().count(),
            1,
            "{args:?}: {}",
            stderr(&output)
        );
    }
    // An unwritable stderr: the error cannot be said, the status still says it.
    let output = into_full_disk(&["who", "0"], true);
    assert_eq!(code(&output), 2);
    // A pipe closed early is not an error.
    let mut child = Command::new(binary())
        .args(["completions", "zsh"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(output.stderr.is_empty());
}

#[test]
fn non_utf8_arguments_and_program_names_are_handled() {
    let path = std::ffi::OsStr::from_bytes(b"/tmp/\xff\x1b[31mrules.toml");
    let output = Command::new(binary())
        .arg("explain")
        .arg("--rules")
        .arg(path)
        .arg("80")
        .output()
        .unwrap();
    assert_eq!(code(&output), 2);
    let error = stderr(&output);
    assert!(!error.contains('\u{1b}'), "the path is escaped: {error:?}");
    assert_eq!(error.lines().count(), 1);
    use std::os::unix::process::CommandExt;
    let output = Command::new(binary())
        .arg0(std::ffi::OsStr::from_bytes(b"port\xffdoc"))
        .args(["who", "1"])
        .output()
        .unwrap();
    assert_eq!(code(&output), 1, "{}", stderr(&output));
}

#[test]
fn rule_files_must_be_small_regular_files() {
    let directory = tempfile::tempdir().unwrap();
    let fifo = directory.path().join("rules.fifo");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let big = directory.path().join("big.toml");
    std::fs::write(&big, vec![b'#'; 1024 * 1024 + 1]).unwrap();
    for (file, why) in [
        ("/dev/zero", "not a regular file"),
        (fifo.to_str().unwrap(), "not a regular file"),
        (big.to_str().unwrap(), "1 MiB"),
    ] {
        let output = Command::new(binary())
            .args(["explain", "--rules", file, "80"])
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert_eq!(code(&output), 2, "{file}");
        assert!(stderr(&output).contains(why), "{file}: {}", stderr(&output));
    }
    let bad = directory.path().join("bad.toml");
    std::fs::write(&bad, b"[[rule]]\nid = \"a\x07\x1b[2J\"\n").unwrap();
    let output = portdoc(&["explain", "--rules", bad.to_str().unwrap(), "80"]);
    assert_eq!(code(&output), 2);
    assert!(!stderr(&output).contains('\u{1b}') && !stderr(&output).contains('\u{7}'));
}

#[test]
fn invisible_and_controlling_characters_in_a_name_are_escaped_everywhere() {
    let (port, _holder) = held_listener("ngin\u{200b}x", "ngin\u{200b}x \u{9b}2J \u{202e}evil");
    let human = stdout(&portdoc(&["who", &port.to_string()]));
    assert!(human.contains("ngin\\u{200b}x"), "{human}");
    assert!(
        !human.contains('\u{200b}') && !human.contains('\u{9b}') && !human.contains('\u{202e}')
    );
    let raw = portdoc(&["who", "--json", &port.to_string()]).stdout;
    let text = String::from_utf8(raw).unwrap();
    assert!(
        !text.contains('\u{200b}') && !text.contains('\u{9b}') && !text.contains('\u{202e}'),
        "raw characters in the JSON"
    );
    assert!(text.contains("ngin\\u200bx"), "{text}");
    let document: common::contract::WhoDocument = parse_json(&text);
    assert_eq!(document.on_port(port)[0].processes[0].name, "ngin\u{200b}x");
}

#[test]
fn options_that_conflict_are_refused_in_every_position() {
    for args in [
        vec!["--json", "check", "80", "--quiet"],
        vec!["check", "--json", "80", "-q"],
        vec!["man", "--json"],
        vec!["--json", "completions", "bash"],
    ] {
        let output = portdoc(&args);
        assert_eq!(code(&output), 2, "{args:?}");
        assert!(output.stdout.is_empty(), "{args:?}");
        assert_eq!(stderr(&output).lines().count(), 1, "{args:?}");
    }
}

#[test]
fn a_typo_gets_a_suggestion_and_durations_take_bare_seconds() {
    let output = portdoc(&["wh", "80"]);
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).contains("'who'"), "{}", stderr(&output));
    assert_eq!(stderr(&output).lines().count(), 1);
    let output = portdoc(&["check", "1", "--wait", "1", "--listening", "-q"]);
    assert_eq!(
        code(&output),
        1,
        "bare seconds are a duration: {}",
        stderr(&output)
    );
    let output = portdoc(&["check", "80", "--wait", "5x"]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("seconds (30)"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn the_long_version_names_the_commit_target_and_backends() {
    let long = stdout(&portdoc(&["--version"]));
    assert!(long.starts_with("portdoc "), "{long}");
    for part in ["commit: ", "target: x86_64", "backends: sock_diag"] {
        assert!(long.contains(part), "{long}");
    }
    let short = stdout(&portdoc(&["-V"]));
    assert_eq!(short.lines().count(), 1, "{short}");
}

#[test]
fn who_folds_a_pile_of_time_wait_and_lists_it_with_verbose() {
    require_root!();
    in_private_netns(|| {
        let listener = std::net::TcpListener::bind(("127.0.0.1", 8080)).unwrap();
        for _ in 0..40 {
            let client = std::net::TcpStream::connect(("127.0.0.1", 8080)).unwrap();
            let (server, _) = listener.accept().unwrap();
            drop(server);
            let _ = std::io::Read::read(&mut &client, &mut [0u8; 1]);
        }
        let folded = stdout(&portdoc(&["who", "8080"]));
        assert!(
            folded.contains("TIME_WAIT   40 sockets on port 8080") && folded.contains("--verbose"),
            "{folded}"
        );
        assert!(folded.lines().count() < 15, "{folded}");
        let listed = stdout(&portdoc(&["who", "8080", "--verbose"]));
        assert!(listed.matches("TIME_WAIT").count() >= 40, "{listed}");
        let (document, _) = who_json(&["8080"]);
        assert_eq!(document.on_port(8080).len(), 41, "JSON lists every socket");
    });
}
