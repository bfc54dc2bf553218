"""Go (Debian golang-go, stdlib only) and Java (OpenJDK 17) captures."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import *

G = "/tmp/corpus-go/"
J = ["/usr/bin/java", "-cp", "/tmp/corpus-java"]
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

os.makedirs("/tmp/corpus-run/locked", exist_ok=True)
open("/tmp/corpus-run/locked/app.conf", "w").write("x=1\n")
os.chmod("/tmp/corpus-run/locked/app.conf", 0)

if want("go-nethttp"):
    n = "go-nethttp"
    standard_bind_cases(n, lambda h: [G + "nethttp", hp(h)])
    run_case(n, "bind", "holder bound 0.0.0.0:{port}; ListenAndServe(\":{port}\")", [G + "nethttp", ":{port}"],
             hold_spec=("tcp", "0.0.0.0"), errno="EADDRINUSE")
    run_case(n, "bind", "holder bound 127.0.0.1:{port}; ListenAndServe(\"localhost:{port}\")", [G + "nethttp", "localhost:{port}"],
             hold_spec=("tcp", "127.0.0.1"), errno="EADDRINUSE")
    run_case(n, "bind", "holder bound 0.0.0.0:{port}; net.Listen + panic(err) (goroutine trace)", [G + "panic_listen", ":{port}"],
             hold_spec=("tcp", "0.0.0.0"), errno="EADDRINUSE")
    run_case(n, "bind", "run as nobody; net.Listen(\":443\") + panic(err)", [G + "panic_listen", ":443"], port=443,
             user="nobody", errno="EACCES")
    run_case(n, "negative", "normal start on 127.0.0.1, GET / and /nope, then SIGINT", [G + "nethttp", "127.0.0.1:{port}"],
             during=reqs("/", "/nope"))
    run_case(n, "negative", "http.Get to a closed loopback port", [G + "dial_refused", "{port}"])
    run_case(n, "negative", "run as nobody; os.ReadFile of a mode-000 file", [G + "readfile", "/tmp/corpus-run/locked/app.conf"],
             user="nobody")

if want("go-udp"):
    n = "go-udp"
    standard_bind_cases(n, lambda h: [G + "udp", hp(h)], proto="udp", low_port=53)
    run_case(n, "bind", "holder bound 0.0.0.0:{port}/udp; ListenPacket(\"udp\", \":{port}\")", [G + "udp", ":{port}"],
             hold_spec=("udp", "0.0.0.0"), errno="EADDRINUSE", proto="udp")
    run_case(n, "negative", "normal start on 127.0.0.1/udp, then SIGINT", [G + "udp", "127.0.0.1:{port}"], proto="udp",
             during=lambda p: None)

if want("java-serversocket"):
    n = "java-serversocket"
    standard_bind_cases(n, lambda h: J + ["PlainServerSocket", h, "{port}"])
    run_case(n, "negative", "normal start on 127.0.0.1, then SIGINT", J + ["PlainServerSocket", "127.0.0.1", "{port}"],
             during=lambda p: None)
    run_case(n, "negative", "new Socket() to a closed loopback port", J + ["ConnectRefused", "{port}"])

if want("java-httpserver"):
    n = "java-httpserver"
    standard_bind_cases(n, lambda h: J + ["Http", h, "{port}"], label="(exception wrapped in IllegalStateException)")
    run_case(n, "bind", "holder bound 0.0.0.0:{port}; HttpServer.create, catch IOException and System.err.println(e)",
             J + ["Http", "0.0.0.0", "{port}", "--plain"], hold_spec=("tcp", "0.0.0.0"), errno="EADDRINUSE")
    run_case(n, "bind", "run as nobody; HttpServer.create on 0.0.0.0:80, System.err.println(e)",
             J + ["Http", "0.0.0.0", "80", "--plain"], port=80, user="nobody", errno="EACCES")
    run_case(n, "negative", "normal start on 127.0.0.1, GET / and /nope, then SIGINT", J + ["Http", "127.0.0.1", "{port}"],
             during=reqs("/", "/nope"))

if want("java-datagramsocket"):
    n = "java-datagramsocket"
    standard_bind_cases(n, lambda h: J + ["Udp", h, "{port}"], proto="udp", low_port=53)
    run_case(n, "negative", "normal start on 127.0.0.1/udp, then SIGINT", J + ["Udp", "127.0.0.1", "{port}"], proto="udp",
             during=lambda p: None)
