"""Small Debian daemons: iperf3, beanstalkd, gearmand, nats-server, rinetd, sniproxy, mosh-server,
dropbear, gpsd, ser2net, nbd-server."""
import os
import sys
import time
from harness import run_case, reset, new_port, http_get, tcp_poke, RUN, sh, std, write, hold, stop

D = RUN + "/daemons"
os.makedirs(D, exist_ok=True)


def hp(h, p):
    return "[%s]:%s" % (h, p) if ":" in h else "%s:%s" % (h, p)


def iperf3():
    reset("iperf3")
    std("iperf3", lambda h, p: ["iperf3", "-s", "-1", "-B", h, "-p", str(p)], label="-s -B HOST -p PORT", cwd=D)
    p = new_port()
    run_case("iperf3", "bind", "python dual-stack socket held [::]:%d; iperf3 -s -p %d (no -B)" % (p, p),
             ["iperf3", "-s", "-1", "-p", str(p)], port=p, hold_spec=("tcp", "::"), errno="EADDRINUSE", cwd=D)
    p = new_port()
    run_case("iperf3", "bind", "python dual-stack socket held [::]:%d; iperf3 -s -p %d --json" % (p, p),
             ["iperf3", "-s", "-1", "-p", str(p), "--json"], port=p, hold_spec=("tcp", "::"), errno="EADDRINUSE", cwd=D)
    p = new_port()
    run_case("iperf3", "negative", "normal server, one 1-second test from iperf3 -c 127.0.0.1, then exit (-1)",
             ["iperf3", "-s", "-1", "-B", "127.0.0.1", "-p", str(p)], port=p, cwd=D,
             during=lambda p: sh("iperf3 -c 127.0.0.1 -p %d -t 1 >/dev/null 2>&1" % p), settle=1.5)
    run_case("iperf3", "negative", "iperf3 client to a closed port 127.0.0.1:49999",
             ["iperf3", "-c", "127.0.0.1", "-p", "49999", "-t", "1"], cwd=D)


def beanstalkd():
    reset("beanstalkd")
    std("beanstalkd", lambda h, p: ["beanstalkd", "-l", h, "-p", str(p)], label="-l HOST -p PORT", cwd=D)
    p = new_port()
    run_case("beanstalkd", "negative", "normal start with -V, one client says `stats`, then SIGTERM",
             ["beanstalkd", "-V", "-l", "127.0.0.1", "-p", str(p)], port=p, cwd=D,
             during=lambda p: tcp_poke(p, b"stats\r\n"))
    os.makedirs(D + "/bs000", exist_ok=True)
    os.chmod(D + "/bs000", 0)
    run_case("beanstalkd", "negative", "-b binlog dir with mode 000, run as nobody",
             ["beanstalkd", "-b", D + "/bs000", "-l", "127.0.0.1", "-p", str(new_port())], cwd=D, user="nobody")


def gearmand():
    reset("gearmand")
    std("gearmand", lambda h, p: ["gearmand", "--listen", h, "--port", str(p), "--log-file", "stderr", "--pid-file", "", "--verbose", "INFO", "--threads", "1"],
        label="--listen HOST --port PORT --log-file stderr --verbose INFO (gearmand retries bind for ~22 s)", cwd=D, timeout=35)
    p = new_port()
    run_case("gearmand", "bind", "python dual-stack socket held [::]:%d; gearmand --port %d (no --listen), log to stderr, default --verbose (ERROR)" % (p, p),
             ["gearmand", "--port", str(p), "--log-file", "stderr", "--pid-file", "", "--threads", "1"], port=p,
             hold_spec=("tcp", "::"), errno="EADDRINUSE", cwd=D, timeout=35)
    p = new_port()
    run_case("gearmand", "bind", "python socket held 0.0.0.0:%d; gearmand --port %d --verbose DEBUG, log to stderr" % (p, p),
             ["gearmand", "--port", str(p), "--pid-file", "", "--threads", "1", "--log-file", "stderr", "--verbose", "DEBUG"], port=p,
             hold_spec=("tcp", "0.0.0.0"), errno="EADDRINUSE", cwd=D, timeout=35)
    p = new_port()
    run_case("gearmand", "negative", "normal start, --verbose INFO, one client sends `status`, then SIGTERM",
             ["gearmand", "--listen", "127.0.0.1", "--port", str(p), "--log-file", "stderr", "--pid-file", "", "--verbose", "INFO", "--threads", "1"],
             port=p, cwd=D, during=lambda p: tcp_poke(p, b"status\n"))
    run_case("gearmand", "negative", "unknown option", ["gearmand", "--bogus-option"], cwd=D)


def nats_server():
    reset("nats-server")
    std("nats-server", lambda h, p: ["nats-server", "-a", h, "-p", str(p)], label="-a HOST -p PORT", cwd=D)
    p = new_port()
    run_case("nats-server", "bind", "python socket held 0.0.0.0:%d; nats-server monitoring port -m %d" % (p, p),
             ["nats-server", "-a", "127.0.0.1", "-p", str(new_port()), "-m", str(p)], port=p,
             hold_spec=("tcp", "0.0.0.0"), errno="EADDRINUSE", cwd=D)
    p = new_port()
    run_case("nats-server", "negative", "normal start with -DV, one client CONNECT/PING, then SIGTERM",
             ["nats-server", "-a", "127.0.0.1", "-p", str(p), "-DV"], port=p, cwd=D,
             during=lambda p: tcp_poke(p, b"CONNECT {}\r\nPING\r\n"))
    write(D + "/nats-bad.conf", "port: 4222\nlisten: {{{\n")
    run_case("nats-server", "negative", "config file syntax error", ["nats-server", "-c", D + "/nats-bad.conf"], cwd=D)
    p = new_port()
    write(D + "/nats-route.conf", "listen: 127.0.0.1:%d\ncluster {\n  name: c\n  listen: 127.0.0.1:%d\n  routes: [nats://127.0.0.1:49999]\n}\n" % (p, new_port()))
    run_case("nats-server", "negative", "cluster route to a closed port 127.0.0.1:49999 (connect refused), stopped after 4 s",
             ["nats-server", "-c", D + "/nats-route.conf"], cwd=D, timeout=4)


def rinetd():
    reset("rinetd")

    def conf(h, p):
        return write(D + "/rinetd-%s-%s.conf" % (h.replace(":", "_"), p), "%s %s 127.0.0.1 49999\nlogfile /dev/stdout\n" % (h, p))
    std("rinetd", lambda h, p: ["rinetd", "-f", "-c", conf(h, p)], label="-f, rule `HOST PORT 127.0.0.1 49999`", cwd=D, timeout=5)
    p = new_port()
    run_case("rinetd", "bind", "python dual-stack socket held [::]:%d/udp; rinetd -f, UDP rule `0.0.0.0 %d/udp 127.0.0.1 49999/udp`" % (p, p),
             ["rinetd", "-f", "-c", write(D + "/rinetd-udp.conf", "0.0.0.0 %d/udp 127.0.0.1 49999/udp\n" % p)], port=p,
             hold_spec=("udp", "::"), errno="EADDRINUSE", proto="udp", cwd=D, timeout=5)
    p = new_port()
    run_case("rinetd", "negative", "normal start, one client connects (backend 127.0.0.1:49999 closed), then SIGTERM",
             ["rinetd", "-f", "-c", conf("127.0.0.1", p)], port=p, cwd=D, during=lambda p: tcp_poke(p, b"x"))
    run_case("rinetd", "negative", "config file that does not exist", ["rinetd", "-f", "-c", D + "/nope.conf"], cwd=D, timeout=4)


def sniproxy():
    reset("sniproxy")

    def conf(h, p):
        l = "[%s]:%s" % (h, p) if ":" in h else "%s:%s" % (h, p)
        return write(D + "/sniproxy-%s-%s.conf" % (h.replace(":", "_"), p),
                     "error_log {\n    filename /dev/stderr\n    priority notice\n}\nlisten %s {\n    proto http\n    table t\n}\ntable t {\n    .* 127.0.0.1:49999\n}\n" % l)
    std("sniproxy", lambda h, p: ["sniproxy", "-f", "-c", conf(h, p)], label="-f, `listen HOST:PORT`, error_log /dev/stderr", cwd=D, timeout=5, own_pipe=True)
    p = new_port()
    run_case("sniproxy", "negative", "normal start, one HTTP request routed to closed 127.0.0.1:49999, then SIGTERM",
             ["sniproxy", "-f", "-c", conf("127.0.0.1", p)], port=p, cwd=D, during=lambda p: http_get(p, "/"))
    write(D + "/sniproxy-bad.conf", "listen 1 {\n  bogus yes\n}\n")
    run_case("sniproxy", "negative", "config with an unknown keyword", ["sniproxy", "-f", "-c", D + "/sniproxy-bad.conf"], cwd=D, timeout=4)


def mosh_server():
    reset("mosh-server")
    env = {"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "SHELL": "/bin/sh"}
    std("mosh-server", lambda h, p: ["mosh-server", "new", "-s", "-i", h, "-p", str(p), "--", "/bin/sleep", "5"] if h != "::" else ["mosh-server", "new", "-i", "::", "-p", str(p), "--", "/bin/sleep", "5"],
        proto="udp", label="new -i HOST -p PORT", cwd=D, env=env, timeout=5)
    p = new_port()
    run_case("mosh-server", "bind", "python socket held 0.0.0.0:%d/udp; mosh-server new -p %d (no -i)" % (p, p),
             ["mosh-server", "new", "-p", str(p), "--", "/bin/sleep", "5"], port=p, hold_spec=("udp", "0.0.0.0"),
             errno="EADDRINUSE", proto="udp", cwd=D, env=env, timeout=5)
    p = new_port()
    run_case("mosh-server", "bind", "python sockets held 0.0.0.0 UDP %d..%d; mosh-server new -p %d:%d (a port range)" % (p, p, p, p),
             ["mosh-server", "new", "-p", "%d:%d" % (p, p), "--", "/bin/sleep", "5"], port=p, hold_spec=("udp", "0.0.0.0"),
             errno="EADDRINUSE", proto="udp", cwd=D, env=env, timeout=5)
    p = new_port()
    run_case("mosh-server", "negative", "normal start (prints MOSH CONNECT and detaches), the session command exits after 2 s",
             ["mosh-server", "new", "-i", "127.0.0.1", "-p", str(p), "--", "/bin/sleep", "2"], port=p, cwd=D, env=env, timeout=5, after_wait=0)
    run_case("mosh-server", "negative", "without a UTF-8 locale", ["mosh-server", "new", "-p", str(new_port())], cwd=D,
             env={"LANG": "C", "LC_ALL": "C"}, timeout=5)


def dropbear():
    reset("dropbear")
    key = D + "/dropbear_ed25519"
    if not os.path.exists(key):
        sh("dropbearkey -t ed25519 -f %s >/dev/null 2>&1" % key)
    sh("cp %s %s.nobody && chown nobody %s.nobody" % (key, key, key))
    std("dropbear", lambda h, p: ["dropbear", "-F", "-E", "-r", key + (".nobody" if p == 80 else ""), "-p", hp(h, p)], label="-F -E -p HOST:PORT", cwd=D, timeout=5)
    p = new_port()
    run_case("dropbear", "bind", "python dual-stack socket held [::]:%d; dropbear -F -E -p %d (port only)" % (p, p),
             ["dropbear", "-F", "-E", "-r", key, "-p", str(p)], port=p, hold_spec=("tcp", "::"), errno="EADDRINUSE", cwd=D, timeout=5)
    p = new_port()
    run_case("dropbear", "negative", "normal start, one TCP client sends a bogus banner, then SIGTERM",
             ["dropbear", "-F", "-E", "-r", key, "-p", "127.0.0.1:%d" % p], port=p, cwd=D, during=lambda p: tcp_poke(p, b"hello\r\n"))
    run_case("dropbear", "negative", "-r host key file that does not exist",
             ["dropbear", "-F", "-E", "-r", D + "/nokey", "-p", "127.0.0.1:%d" % new_port()], cwd=D, timeout=5)


def gpsd():
    reset("gpsd")
    std("gpsd", lambda h, p: ["gpsd", "-N", "-D", "2", "-G", "-F", D + "/gpsd-%d.sock" % p, "-S", str(p)] if h != "192.0.2.1" else None,
        notavail=False, label="-N -D 2 -G -F SOCK -S PORT (no device)", cwd=D, timeout=5)
    p = new_port()
    run_case("gpsd", "bind", "python socket held 127.0.0.1:%d; gpsd -N -D 2 -S %d (loopback only, the default)" % (p, p),
             ["gpsd", "-N", "-D", "2", "-F", D + "/gpsd-%d.sock" % p, "-S", str(p)], port=p, hold_spec=("tcp", "127.0.0.1"), errno="EADDRINUSE", addr="127.0.0.1", cwd=D, timeout=5)
    p = new_port()
    run_case("gpsd", "negative", "normal start (no device), one client sends ?VERSION;, then SIGTERM",
             ["gpsd", "-N", "-D", "2", "-F", D + "/gpsd-%d.sock" % p, "-S", str(p)], port=p, cwd=D, during=lambda p: tcp_poke(p, b"?VERSION;\n"))
    run_case("gpsd", "negative", "device that does not exist (-n: open it at once)",
             ["gpsd", "-N", "-n", "-D", "2", "-F", D + "/gpsd-x.sock", "-S", str(new_port()), "/dev/ttyNOPE0"], cwd=D, timeout=4)


def ser2net():
    reset("ser2net")

    def y(h, p):
        return write(D + "/ser2net-%s-%s.yaml" % (h.replace(":", "_"), p),
                     "connection: &con0\n  accepter: tcp,%s,%s\n  connector: serialdev,/dev/null,9600n81,local\n" % (h, p))
    std("ser2net", lambda h, p: ["ser2net", "-n", "-d", "-c", y(h, p)], label="-n -d, yaml `accepter: tcp,HOST,PORT`", cwd=D, timeout=5)
    p = new_port()
    run_case("ser2net", "bind", "python dual-stack socket held [::]:%d; ser2net accepter `tcp,%d` (port only)" % (p, p),
             ["ser2net", "-n", "-d", "-c", write(D + "/ser2net-port.yaml", "connection: &con0\n  accepter: tcp,%d\n  connector: serialdev,/dev/null,9600n81,local\n" % p)],
             port=p, hold_spec=("tcp", "::"), errno="EADDRINUSE", cwd=D, timeout=5)
    p = new_port()
    run_case("ser2net", "bind", "python socket held 0.0.0.0:%d/udp; ser2net accepter `udp,%d`" % (p, p),
             ["ser2net", "-n", "-d", "-c", write(D + "/ser2net-udp.yaml", "connection: &con0\n  accepter: udp,%d\n  connector: serialdev,/dev/null,9600n81,local\n" % p)],
             port=p, hold_spec=("udp", "0.0.0.0"), errno="EADDRINUSE", proto="udp", cwd=D, timeout=5)
    p = new_port()
    run_case("ser2net", "negative", "normal start, one client connects (device /dev/null), then SIGTERM",
             ["ser2net", "-n", "-d", "-c", y("127.0.0.1", p)], port=p, cwd=D, during=lambda p: tcp_poke(p, b"x"))
    write(D + "/ser2net-bad.yaml", "connection: &con0\n  accepter: tcp,1\n  bogus: [\n")
    run_case("ser2net", "negative", "yaml syntax error", ["ser2net", "-n", "-d", "-c", D + "/ser2net-bad.yaml"], cwd=D, timeout=4)


def nbd_server():
    reset("nbd-server")
    img = D + "/nbd.img"
    if not os.path.exists(img):
        sh("truncate -s 1M %s" % img)

    def conf(h, p):
        return write(D + "/nbd-%s-%s.conf" % (h.replace(":", "_"), p),
                     "[generic]\n    user = root\n    group = root\n    listenaddr = %s\n    port = %s\n[disk]\n    exportname = %s\n" % (h, p, img))
    std("nbd-server", lambda h, p: ["nbd-server", "-d", "-C", conf(h, p)], label="-d -C (listenaddr/port)", cwd=D, timeout=5)
    p = new_port()
    run_case("nbd-server", "bind", "python socket held 0.0.0.0:%d; nbd-server -d %d (old-style command line, no config)" % (p, p),
             ["nbd-server", "-d", "-C", "/dev/null", str(p), img], port=p, hold_spec=("tcp", "0.0.0.0"), errno="EADDRINUSE", cwd=D, timeout=5)
    p = new_port()
    run_case("nbd-server", "negative", "normal start, one client sends garbage, then SIGTERM",
             ["nbd-server", "-d", "-C", conf("127.0.0.1", p)], port=p, cwd=D, during=lambda p: tcp_poke(p, b"garbage\n"))
    write(D + "/nbd-missing.conf", "[generic]\n    port = %d\n[disk]\n    exportname = %s/nope.img\n" % (new_port(), D))
    run_case("nbd-server", "negative", "export file that does not exist; one client asks for it",
             ["nbd-server", "-d", "-C", D + "/nbd-missing.conf"], cwd=D, timeout=4)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        globals()[name.replace("-", "_")]()
