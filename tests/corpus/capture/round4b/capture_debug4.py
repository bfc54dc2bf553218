"""Debugger and management ports of language runtimes: node --inspect, the JDWP agent, the JMX remote agent
(openjdk 17), Python debugpy (PyPI) and Ruby's debug library (ruby 3.1)."""
import sys
from harness import run_case, reset, new_port, http_get, tcp_poke, RUN, sh, write
from common import std, held, neg, mkd, hp

D = mkd(RUN + "/dbg", 0o777)
PY = "/tmp/round4b/venv/bin/python"


def node_inspect():
    reset("node-inspect")
    N = lambda h, p: ["node", "--inspect=%s" % hp(h, p), "-e", "setTimeout(() => {}, 20000)"]
    std("node-inspect", N, label="node --inspect=HOST:PORT -e 'setTimeout(...)'", cwd=D, timeout=5)
    held("node-inspect", "node --inspect={port} (port only: the inspector binds 127.0.0.1)", lambda p: ["node", "--inspect=%d" % p, "-e", "setTimeout(() => {}, 20000)"], host="127.0.0.1", cwd=D, timeout=5)
    neg("node-inspect", "normal `node --inspect=127.0.0.1:PORT`, GET /json/version, then SIGTERM", lambda p: N("127.0.0.1", p), cwd=D, during=lambda p: http_get(p, "/json/version"))


def jdwp():
    reset("jdwp")
    J = lambda h, p: ["java", "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=%s" % hp(h, p), "-cp", D, "Sleep"]
    std("jdwp", J, label="java -agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=HOST:PORT", cwd=D, timeout=6)
    held("jdwp", "java -agentlib:jdwp=...,address=*:{port}", lambda p: ["java", "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=*:%d" % p, "-cp", D, "Sleep"], cwd=D, timeout=6)
    neg("jdwp", "normal start with the JDWP agent on 127.0.0.1:PORT, one client sends the JDWP handshake, then SIGTERM", lambda p: J("127.0.0.1", p), cwd=D,
        during=lambda p: tcp_poke(p, b"JDWP-Handshake"))


def jmxremote():
    reset("java-jmxremote")
    X = lambda h, p: ["java", "-Dcom.sun.management.jmxremote.port=%d" % p, "-Dcom.sun.management.jmxremote.host=%s" % h,
                      "-Dcom.sun.management.jmxremote.authenticate=false", "-Dcom.sun.management.jmxremote.ssl=false", "-cp", D, "Sleep"]
    std("java-jmxremote", X, label="java -Dcom.sun.management.jmxremote.port=PORT -Dcom.sun.management.jmxremote.host=HOST", cwd=D, timeout=8, v6=False)
    held("java-jmxremote", "java -Dcom.sun.management.jmxremote.port={port} (no host)", lambda p: ["java", "-Dcom.sun.management.jmxremote.port=%d" % p,
         "-Dcom.sun.management.jmxremote.authenticate=false", "-Dcom.sun.management.jmxremote.ssl=false", "-cp", D, "Sleep"], cwd=D, timeout=8)
    neg("java-jmxremote", "normal start with the JMX agent on 127.0.0.1:PORT, then SIGTERM", lambda p: X("127.0.0.1", p), cwd=D, during=lambda p: tcp_poke(p))


def debugpy():
    reset("debugpy")
    Dp = lambda h, p: [PY, "-m", "debugpy", "--listen", hp(h, p) if h != "::" else "[::]:%d" % p, "-c", "import time; time.sleep(20)"]
    std("debugpy", Dp, label="python -m debugpy --listen HOST:PORT -c '...'", cwd=D, timeout=8, stop_signal=2)
    neg("debugpy", "normal `python -m debugpy --listen 127.0.0.1:PORT`, one client sends junk, then SIGINT", lambda p: Dp("127.0.0.1", p), cwd=D, stop_signal=2,
        during=lambda p: tcp_poke(p, b"Content-Length: 2\r\n\r\n{}"))


def ruby_debug():
    reset("ruby-debug")
    R = lambda h, p: ["ruby", "-rdebug/open_nonstop", "-e", "sleep 20"]
    for h, hold_, user, low, errno in (("0.0.0.0", "0.0.0.0", None, None, "EADDRINUSE"), ("::", "::", None, None, "EADDRINUSE"),
                                       ("0.0.0.0", None, "nobody", 80, "EACCES"), ("192.0.2.1", None, None, None, "EADDRNOTAVAIL")):
        p = low or new_port()
        what = {"EADDRINUSE": "python %ssocket held %s/tcp; " % ("dual-stack " if h == "::" else "", hp(h, p)), "EACCES": "run as nobody (ip_unprivileged_port_start=1024); ", "EADDRNOTAVAIL": ""}[errno]
        tail = ", an address not on this host" if errno == "EADDRNOTAVAIL" else ""
        run_case("ruby-debug", "bind", what + "RUBY_DEBUG_HOST=%s RUBY_DEBUG_PORT=%d ruby -rdebug/open_nonstop -e 'sleep 20'%s" % (h, p, tail), R(h, p), port=p,
                 hold_spec=("tcp", hold_) if hold_ else None, user=user, errno=errno, addr=h, cwd=D, timeout=6,
                 env={"RUBY_DEBUG_HOST": h, "RUBY_DEBUG_PORT": str(p)})
    p = new_port()
    run_case("ruby-debug", "negative", "normal RUBY_DEBUG_HOST=127.0.0.1 RUBY_DEBUG_PORT=%d ruby -rdebug/open_nonstop, one client sends junk, then SIGTERM" % p, R("127.0.0.1", p), port=p, cwd=D,
             env={"RUBY_DEBUG_HOST": "127.0.0.1", "RUBY_DEBUG_PORT": str(p)}, during=lambda p: tcp_poke(p, b"junk\n"))


if __name__ == "__main__":
    for name in sys.argv[1:]:
        globals()[name.replace("-", "_")]()
