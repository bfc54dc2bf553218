"""Round-5 (helper a) captures: small Debian 12 network daemons.  Run under unshare -n:
    unshare -n sh -c 'ip link set lo up; python3 capture_a.py [PROGRAM...]'"""
import sys
from harness import run_case, reset, new_port, http_get, tcp_poke
from common import std, held, neg, udp_poke, hp

R = "/tmp/round5a/run"
V6 = lambda h: ["-6"] if ":" in h else []


def obfs(h, p):
    return ("TOR_PT_MANAGED_TRANSPORT_VER=1 TOR_PT_STATE_LOCATION=%s/obfs TOR_PT_SERVER_TRANSPORTS=obfs4 "
            "TOR_PT_SERVER_BINDADDR=obfs4-%s TOR_PT_ORPORT=127.0.0.1:9 exec obfs4proxy" % (R, hp(h, p)))


P = {
    "weborf": dict(f=lambda h, p: ["weborf", "-i", h, "-p", str(p), "-b", R], neg=http_get),
    "tcpsvd": dict(f=lambda h, p: ["tcpsvd", "-l", "localhost", h, str(p), "cat"], v6=False, neg=tcp_poke),
    "udpsvd": dict(f=lambda h, p: ["udpsvd", "-l", "localhost", h, str(p), "cat"], v6=False, proto="udp", neg=udp_poke),
    "in.tftpd": dict(f=lambda h, p: ["in.tftpd", "-L", "-a", hp(h, p), "-s", R], proto="udp", low=69, neg=udp_poke),
    "coap-server": dict(f=lambda h, p: ["coap-server-notls", "-A", h, "-p", str(p)], proto="udp", low=683, neg=udp_poke),
    "hts": dict(f=lambda h, p: ["hts", "--no-daemon", "-F", "127.0.0.1:9", hp(h, p)], neg=http_get),
    "gkrellmd": dict(f=lambda h, p: ["gkrellmd", "-A", h, "-P", str(p)], neg=tcp_poke),
    "nfcapd": dict(f=lambda h, p: ["nfcapd"] + V6(h) + ["-b", h, "-p", str(p), "-w", R + "/flows"], proto="udp", low=995, neg=udp_poke),
    "nfacctd": dict(f=lambda h, p: ["nfacctd", "-L", h, "-l", str(p), "-P", "print"], proto="udp", low=996, neg=udp_poke),
    "gnugo": dict(f=lambda h, p: ["/usr/games/gnugo", "--mode", "gtp", "--gtp-listen", str(p)], notavail=False, lo=False, neg=None),
    "netris": dict(f=lambda h, p: ["/usr/games/netris", "-w", "-p", str(p)], notavail=False, lo=False, neg=None),
    "ippeveprinter": dict(f=lambda h, p: ["ippeveprinter", "-r", "off", "-p", str(p), "Test"], notavail=False, v6=True, neg=http_get),
    "kcptun-server": dict(f=lambda h, p: ["kcptun-server", "-l", hp(h, p), "-t", "127.0.0.1:9"], proto="udp", neg=udp_poke),
    "saned": dict(f=lambda h, p: ["saned", "-l", "-e", "-b", h, "-p", str(p)], neg=tcp_poke),
    "prometheus-apache-exporter": dict(f=lambda h, p: ["prometheus-apache-exporter", "--telemetry.address", hp(h, p)], neg=http_get),
    "prometheus-process-exporter": dict(f=lambda h, p: ["prometheus-process-exporter", "-web.listen-address", hp(h, p)], neg=http_get),
    "gmediarender": dict(f=lambda h, p: ["gmediarender", "-I", "lo", "--port", str(p)], notavail=False, neg=None),
    "obfs4proxy": dict(f=obfs, shell=True, neg=None),
    "imap4d": dict(f=lambda h, p: "printf 'logging { syslog false; };\\nserver %s {\\n};\\n' > %s/imap-%d.conf; exec imap4d --config-file=%s/imap-%d.conf --foreground --daemon" % (hp(h, p), R, p, R, p), shell=True, low=143, neg=tcp_poke),
    "knxd": dict(f=lambda h, p: ["knxd", "-e", "0.0.1", "-E", "0.0.2:8", "--listen-tcp=%d" % p, "dummy:"], notavail=False, lo=False, low=672, neg=tcp_poke),
    "sockperf": dict(f=lambda h, p: ["sockperf", "server", "-i", h, "-p", str(p)], proto="udp", v6=False, neg=udp_poke),
    "nuttcp": dict(f=lambda h, p: ["nuttcp", "-1", "-P", str(p)], notavail=False, lo=False, low=500, neg=tcp_poke),
    "qperf": dict(f=lambda h, p: ["qperf", "-lp", str(p)], notavail=False, lo=False, low=501, neg=tcp_poke),
    "udptunnel": dict(f=lambda h, p: ["udptunnel", "-s", str(p), "-v", "127.0.0.1/9"], notavail=False, lo=False, low=502, neg=tcp_poke),
    "opentracker": dict(f=lambda h, p: ["opentracker", "-i", h, "-p", str(p), "-P", str(p)], low=503, neg=http_get),
    "prometheus-nginx-exporter": dict(f=lambda h, p: ["prometheus-nginx-exporter", "-web.listen-address", hp(h, p)], neg=http_get),
    "prometheus-postgres-exporter": dict(f=lambda h, p: "DATA_SOURCE_NAME=postgresql://u@127.0.0.1:1/db?sslmode=disable exec prometheus-postgres-exporter --web.listen-address=" + hp(h, p), shell=True, neg=http_get),
    "mbuffer": dict(f=lambda h, p: ["mbuffer", "-q", "-I", hp(h, p), "-o", "/dev/null"], low=504, neg=tcp_poke),
    "searchd": dict(f=lambda h, p: ("printf 'index d {\\n type = rt\\n path = %s/sph/d%d\\n rt_field = t\\n}\\nsearchd {\\n listen = %s:mysql41\\n log = %s/sph/log%d\\n pid_file = %s/sph/pid%d\\n binlog_path =\\n}\\n' > %s/sph/c%d.conf; exec searchd --config %s/sph/c%d.conf --console"
                                    % (R, p, hp(h, p), R, p, R, p, R, p, R, p)), shell=True, v6=False, low=505, neg=tcp_poke),
}

EXTRA_NEG = {
    "tcpsvd": ("tcpsvd 127.0.0.1:{port} running a program that does not exist, then a connection to it",
               ["tcpsvd", "-v", "-l", "localhost", "127.0.0.1", "{port}", "/nonexistent/prog"], tcp_poke),
    "knxd": ("knxd with an unknown driver name (not a bind failure)",
             ["knxd", "-e", "0.0.1", "--listen-tcp={port}", "nosuchdriver:"], None),
    "coap-server": ("coap-server -v 7 normal start on 127.0.0.1, then a datagram to it",
                    ["coap-server-notls", "-v", "7", "-A", "127.0.0.1", "-p", "{port}"], udp_poke),
}

if __name__ == "__main__":
    if sys.argv[1:2] == ["extra"]:
        for name, (st, cmd, f) in EXTRA_NEG.items():
            neg(name, st, cmd, proto="udp" if name == "coap-server" else "tcp",
                during=(lambda port: f(port)) if f else None, listen_timeout=8)
        sys.exit(0)
    for name in sys.argv[1:] or list(P):
        d = P[name]
        reset(name)
        kw = dict(proto=d.get("proto", "tcp"), v6=d.get("v6", True), notavail=d.get("notavail", True),
                  low=d.get("low", 80), timeout=d.get("timeout", 6), shell=d.get("shell", False))
        std(name, d["f"], **kw)
        if kw["proto"] == "tcp" and d.get("lo", True):
            held(name, "%s started on 127.0.0.1:{port}" % name, lambda p: d["f"]("127.0.0.1", p),
                 host="127.0.0.1", timeout=kw["timeout"], shell=kw["shell"])
        f = d.get("neg")
        neg(name, "normal start on 127.0.0.1, then a request to it", lambda p: d["f"]("127.0.0.1", p),
            proto=kw["proto"], shell=kw["shell"], during=(lambda port: f(port)) if f else (lambda port: None), listen_timeout=8)
