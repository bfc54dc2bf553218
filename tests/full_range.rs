//! `check 1-65535` probes every port, so it runs in a test binary of its own: concurrent
//! tests binding fixed ports would otherwise race with its probes.
#![cfg(target_os = "linux")]

mod common;

use common::*;

#[test]
fn the_full_range_is_checked_in_one_pass() {
    let listener = local_listener();
    let port = listener.local_addr().unwrap().port();
    let output = portdoc(&["check", "1-65535", "--json"]);
    let document: CheckDocument = parse_json(&stdout(&output));
    assert_eq!(document.ports.len(), 65535);
    assert_eq!(document.port(port).status, "in-use");
    assert_eq!(code(&output), 1);
}
