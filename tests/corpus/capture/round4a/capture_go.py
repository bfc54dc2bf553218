"""Go, Erlang-free quick daemons from Debian: Prometheus family, v2ray, ergo, and friends."""
import json, os, sys
from harness import run_case, reset, new_port, http_get, tcp_poke, RUN, sh, write
from common import std, held, neg, udp_poke, mkd, hp

N = mkd(RUN + "/go")


def alertmanager():
    reset("alertmanager")
    A = lambda h, p, c=None: ["prometheus-alertmanager", "--config.file=" + write(N + "/am.yml", "route:\n  receiver: x\nreceivers:\n  - name: x\n"),
                              "--storage.path=" + mkd(N + "/am-%s" % p), "--web.listen-address=" + hp(h, p), "--cluster.listen-address=" + (c or "")]
    std("alertmanager", lambda h, p: A(h, p), label="--web.listen-address=HOST:PORT --cluster.listen-address=", timeout=6)
    p = new_port()
    held("alertmanager", "alertmanager --cluster.listen-address=0.0.0.0:{port} (memberlist gossip, UDP port held; web on PORT+1)",
         A("127.0.0.1", p + 1, "0.0.0.0:%d" % p), proto="udp", port=p, timeout=6)
    p = new_port()
    held("alertmanager", "alertmanager --cluster.listen-address=0.0.0.0:{port} (memberlist gossip, TCP port held; web on PORT+1)",
         A("127.0.0.1", p + 1, "0.0.0.0:%d" % p), port=p, timeout=6)
    neg("alertmanager", "normal start, GET /-/healthy, then SIGTERM", lambda p: A("127.0.0.1", p), during=lambda p: http_get(p, "/-/healthy"))
    neg("alertmanager", "config file that does not exist", ["prometheus-alertmanager", "--config.file=/nope/am.yml", "--storage.path=" + N, "--web.listen-address=127.0.0.1:{port}", "--cluster.listen-address="], timeout=6)


def pushgateway():
    reset("pushgateway")
    P = lambda h, p: ["prometheus-pushgateway", "--web.listen-address=" + hp(h, p)]
    std("pushgateway", P, label="--web.listen-address=HOST:PORT", timeout=6)
    held("pushgateway", "pushgateway --web.listen-address=:{port}", ["prometheus-pushgateway", "--web.listen-address=:{port}"], timeout=6)
    neg("pushgateway", "normal start, GET /metrics, then SIGTERM", lambda p: P("127.0.0.1", p), during=lambda p: http_get(p, "/metrics"))
    neg("pushgateway", "--persistence.file in a directory that does not exist", ["prometheus-pushgateway", "--web.listen-address=127.0.0.1:{port}", "--persistence.file=/nope/x", "--persistence.interval=1s"], timeout=4)


def blackbox():
    reset("blackbox_exporter")
    c = write(N + "/bb.yml", "modules:\n  http_2xx:\n    prober: http\n")
    B = lambda h, p: ["prometheus-blackbox-exporter", "--config.file=" + c, "--web.listen-address=" + hp(h, p)]
    std("blackbox_exporter", B, label="--web.listen-address=HOST:PORT", timeout=6)
    neg("blackbox_exporter", "normal start, probe of closed 127.0.0.1:9, then SIGTERM", lambda p: B("127.0.0.1", p),
        during=lambda p: http_get(p, "/probe?module=http_2xx&target=http://127.0.0.1:9/"))
    neg("blackbox_exporter", "config with an unknown prober", ["prometheus-blackbox-exporter", "--config.file=" + write(N + "/bb-bad.yml", "modules:\n  x:\n    prober: nope\n"), "--web.listen-address=127.0.0.1:{port}"], timeout=6)


def v2ray():
    reset("v2ray")

    def conf(h, p, proto="socks", extra=None):
        ib = {"listen": h, "port": p, "protocol": proto, "settings": {"udp": False} if proto == "socks" else {"address": "127.0.0.1", "port": 9, "network": "udp"}}
        return write(N + "/v2-%s-%s-%s.json" % (proto, h.replace(":", "_"), p), json.dumps({"log": {"loglevel": "info"}, "inbounds": [ib], "outbounds": [{"protocol": "freedom"}]}))
    std("v2ray", lambda h, p: ["v2ray", "-config", conf(h, p)], label="socks inbound `listen: HOST, port: PORT`", timeout=6)
    held("v2ray", "v2ray dokodemo-door inbound on 0.0.0.0:{port} network udp, the UDP port held", lambda p: ["v2ray", "-config", conf("0.0.0.0", p, "dokodemo-door")], proto="udp", timeout=6)
    neg("v2ray", "normal start, one SOCKS5 CONNECT to closed 127.0.0.1:9, then SIGTERM", lambda p: ["v2ray", "-config", conf("127.0.0.1", p)],
        during=lambda p: sh("curl -s -o /dev/null --socks5 127.0.0.1:%d http://127.0.0.1:9/" % p))
    neg("v2ray", "config file that does not exist", ["v2ray", "-config", N + "/nope.json"], timeout=6)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        globals()[name.replace("-", "_")]()
