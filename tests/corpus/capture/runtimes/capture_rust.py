"""Rust captures: binaries built from rust/ in /tmp/corpus-rust (cargo build --release)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import *

B = "/tmp/corpus-rust/target/release/"
os.system("chmod -R a+rX /tmp/corpus-rust/target/release")
only = sys.argv[1:]
def want(name):
    return not only or name in only
def reqs(*paths):
    def f(port):
        for p in paths:
            http_get(port, p)
    return f
def hp(h):
    return ("[%s]" % h if ":" in h else h) + ":{port}"
ENV = {"RUST_BACKTRACE": "0"}

if want("rust-std"):
    n = "rust-std"
    standard_bind_cases(n, lambda h: [B + "std_unwrap", hp(h)], label="TcpListener::bind().unwrap()", env=ENV)
    run_case(n, "bind", "holder bound 0.0.0.0:{port}; TcpListener::bind(\"0.0.0.0:{port}\").expect(\"failed to bind listener\")",
             [B + "std_expect", hp("0.0.0.0")], hold_spec=("tcp", "0.0.0.0"), errno="EADDRINUSE", env=ENV)
    run_case(n, "bind", "holder bound 127.0.0.1:{port}; `?` from main (fn main() -> io::Result<()>) binding 127.0.0.1:{port}",
             [B + "std_question", hp("127.0.0.1")], hold_spec=("tcp", "127.0.0.1"), errno="EADDRINUSE", env=ENV)
    run_case(n, "bind", "run as nobody; `?` from main binding 0.0.0.0:443",
             [B + "std_question", "0.0.0.0:443"], port=443, user="nobody", errno="EACCES", env=ENV)
    run_case(n, "bind", "holder bound [::]:{port}; eprintln!(\"error: could not bind to {addr}: {e}\") with [::]:{port}",
             [B + "std_display", hp("::")], hold_spec=("tcp", "::"), errno="EADDRINUSE", env=ENV)
    run_case(n, "bind", "holder bound 0.0.0.0:{port}; TcpListener::bind().unwrap() with RUST_BACKTRACE=1",
             [B + "std_unwrap", hp("0.0.0.0")], hold_spec=("tcp", "0.0.0.0"), errno="EADDRINUSE", env={"RUST_BACKTRACE": "1"})
    run_case(n, "bind", "TcpListener::bind(\"10.255.255.1:{port}\").expect(..) (address not on this host)",
             [B + "std_expect", "10.255.255.1:{port}"], errno="EADDRNOTAVAIL", env=ENV)
    run_case(n, "negative", "normal start on 127.0.0.1, then SIGINT", [B + "std_unwrap", hp("127.0.0.1")], during=lambda p: None, env=ENV)
    run_case(n, "negative", "TcpStream::connect to a closed loopback port, unwrap()", [B + "connect_refused", "{port}"], env=ENV)
    run_case(n, "negative", "run as nobody; read_to_string of a mode-000 file, expect()", [B + "read_config", "/tmp/corpus-run/locked/app.conf"],
             user="nobody", env=ENV)
if want("rust-udp"):
    n = "rust-udp"
    standard_bind_cases(n, lambda h: [B + "udp", hp(h)], proto="udp", low_port=53, env=ENV, label="UdpSocket::bind().unwrap()")
    run_case(n, "negative", "normal start on 127.0.0.1/udp, then SIGINT", [B + "udp", hp("127.0.0.1")], proto="udp", during=lambda p: None, env=ENV)
if want("tokio"):
    n = "tokio"
    standard_bind_cases(n, lambda h: [B + "tokio_listener", hp(h)], env=ENV, label="TcpListener::bind().await? from #[tokio::main]")
    run_case(n, "negative", "normal start on 127.0.0.1, then SIGINT", [B + "tokio_listener", hp("127.0.0.1")], during=lambda p: None, env=ENV)
if want("axum"):
    n = "axum"
    standard_bind_cases(n, lambda h: [B + "axum_server", hp(h)], env=ENV)
    run_case(n, "negative", "normal start on 127.0.0.1, GET /, then SIGINT", [B + "axum_server", hp("127.0.0.1")], during=reqs("/"), env=ENV)
if want("actix-web"):
    n = "actix-web"
    standard_bind_cases(n, lambda h: [B + "actix_server", hp(h)], env=ENV)
    run_case(n, "bind", "holder bound 127.0.0.1:{port}; HttpServer::bind(\"localhost:{port}\")? (resolves to 127.0.0.1 and ::1)",
             [B + "actix_server", "localhost:{port}"], hold_spec=("tcp", "127.0.0.1"), errno="EADDRINUSE", env=ENV)
    run_case(n, "negative", "normal start on 127.0.0.1 with RUST_LOG=info (no logger configured), GET /, then SIGINT",
             [B + "actix_server", hp("127.0.0.1")], during=reqs("/"), env={"RUST_LOG": "info"})
