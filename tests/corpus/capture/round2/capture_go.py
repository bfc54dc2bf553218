"""Go daemons from Debian: etcd, prometheus, prometheus-node-exporter, syncthing, influxd.
None of them is given an upstream: single-node etcd, prometheus with no scrape targets,
syncthing with discovery/relays/NAT/usage-reporting/upgrades off, influxd with reporting off."""
import os
import sys
from harness import run_case, reset, new_port, http_get, tcp_poke, RUN, sh, std, write

G = RUN + "/go"
os.makedirs(G, exist_ok=True)


def hp(h, p):
    return "[%s]:%s" % (h, p) if ":" in h else "%s:%s" % (h, p)


def etcd():
    reset("etcd")

    def cmd(h, p, peer=None):
        peer = peer or new_port()
        d = G + "/etcd-%d" % p
        sh("rm -rf %s; mkdir -p %s; chmod 777 %s" % (d, d, d))
        return ["etcd", "--name", "n1", "--data-dir", d, "--listen-client-urls", "http://%s" % hp(h, p),
                "--advertise-client-urls", "http://127.0.0.1:%d" % p, "--listen-peer-urls", "http://127.0.0.1:%d" % peer,
                "--initial-advertise-peer-urls", "http://127.0.0.1:%d" % peer, "--initial-cluster", "n1=http://127.0.0.1:%d" % peer]
    std("etcd", cmd, label="--listen-client-urls http://HOST:PORT", cwd=G, timeout=10)
    p = new_port()
    run_case("etcd", "bind", "python socket held 127.0.0.1:%d; etcd --listen-peer-urls http://127.0.0.1:%d" % (p, p),
             cmd("127.0.0.1", new_port(), peer=p), port=p, hold_spec=("tcp", "127.0.0.1"), errno="EADDRINUSE", addr="127.0.0.1", cwd=G)
    p = new_port()
    run_case("etcd", "negative", "normal single-node start, GET /version and /health, then SIGTERM",
             cmd("127.0.0.1", p), port=p, cwd=G, settle=2,
             during=lambda p: (http_get(p, "/version"), http_get(p, "/health")))
    run_case("etcd", "negative", "--data-dir a file, not a directory",
             ["etcd", "--data-dir", "/etc/hostname", "--listen-client-urls", "http://127.0.0.1:%d" % new_port(), "--advertise-client-urls", "http://127.0.0.1:1"], cwd=G)


def prometheus():
    reset("prometheus")
    conf = write(G + "/prometheus.yml", "global:\n  scrape_interval: 60s\nscrape_configs: []\n")

    def cmd(h, p):
        d = G + "/prom-%d" % p
        sh("rm -rf %s; mkdir -p %s; chmod 777 %s" % (d, d, d))
        return ["prometheus", "--config.file", conf, "--storage.tsdb.path", d, "--web.listen-address", hp(h, p)]
    std("prometheus", cmd, label="--web.listen-address HOST:PORT", cwd=G, timeout=10)
    p = new_port()
    run_case("prometheus", "bind", "python dual-stack socket held [::]:%d; prometheus --web.listen-address :%d" % (p, p),
             cmd("", p)[:-1] + [":%d" % p], port=p, hold_spec=("tcp", "::"), errno="EADDRINUSE", cwd=G)
    p = new_port()
    run_case("prometheus", "negative", "normal start, GET /-/ready and /missing, then SIGTERM", cmd("127.0.0.1", p), port=p, cwd=G, settle=2,
             during=lambda p: (http_get(p, "/-/ready"), http_get(p, "/missing")))
    bad = write(G + "/prometheus-bad.yml", "global:\n  scrape_interval: 60s\nscrape_configs:\n  - job_name: x\n    static_configs:\n      - targets: [\n")
    run_case("prometheus", "negative", "YAML syntax error in the config", ["prometheus", "--config.file", bad, "--storage.tsdb.path", G + "/prom-bad", "--web.listen-address", "127.0.0.1:%d" % new_port()], cwd=G)
    write(G + "/prometheus-000.yml", "scrape_configs: []\n", mode=0)
    run_case("prometheus", "negative", "config file with mode 000, run as nobody", ["prometheus", "--config.file", G + "/prometheus-000.yml", "--storage.tsdb.path", "/tmp/nobody-home/prom", "--web.listen-address", "127.0.0.1:%d" % new_port()], cwd=G, user="nobody")


def node_exporter():
    reset("node_exporter")
    std("node_exporter", lambda h, p: ["prometheus-node-exporter", "--web.listen-address", hp(h, p)], label="--web.listen-address HOST:PORT", cwd=G)
    p = new_port()
    run_case("node_exporter", "negative", "normal start, GET /metrics and /missing, then SIGTERM (first 25 lines)",
             ["prometheus-node-exporter", "--web.listen-address", "127.0.0.1:%d" % p], port=p, cwd=G,
             during=lambda p: (http_get(p, "/metrics"), http_get(p, "/missing")))
    run_case("node_exporter", "negative", "unknown flag", ["prometheus-node-exporter", "--bogus.flag"], cwd=G)


def syncthing():
    reset("syncthing")

    def home(p, gui, listen):
        d = G + "/st-%d" % p
        sh("rm -rf %s; mkdir -p %s" % (d, d))
        sh("syncthing generate --home %s --no-default-folder >/dev/null 2>&1" % d)
        c = open(d + "/config.xml").read()
        import re
        c = re.sub(r"(<gui[^>]*>\s*<address>)[^<]*(</address>)", lambda m: m.group(1) + gui + m.group(2), c, count=1)
        c = re.sub(r"<listenAddress>[^<]*</listenAddress>", "<listenAddress>%s</listenAddress>" % listen, c)
        for k, v in (("globalAnnounceEnabled", "false"), ("localAnnounceEnabled", "false"), ("relaysEnabled", "false"),
                     ("natEnabled", "false"), ("urAccepted", "-1"), ("autoUpgradeIntervalH", "0"), ("crashReportingEnabled", "false"),
                     ("startBrowser", "false")):
            c = re.sub(r"<%s>[^<]*</%s>" % (k, k), "<%s>%s</%s>" % (k, v, k), c)
        c = re.sub(r"<globalAnnounceServer>[^<]*</globalAnnounceServer>", "", c)
        open(d + "/config.xml", "w").write(c)
        sh("chmod -R a+rwX %s" % d)
        return d
    env = {"STNOUPGRADE": "1", "STNODEFAULTFOLDER": "1", "STNORESTART": "1"}

    def cmd_gui(h, p):
        return ["syncthing", "serve", "--home", home(p, hp(h, p), "tcp://127.0.0.1:%d" % new_port()), "--no-browser", "--no-restart"]
    std("syncthing", cmd_gui, label="GUI address HOST:PORT (sync listener tcp://127.0.0.1:other)", cwd=G, env=env, timeout=12)
    p = new_port()
    run_case("syncthing", "bind", "python socket held 127.0.0.1:%d; syncthing sync listenAddress tcp://127.0.0.1:%d" % (p, p),
             ["syncthing", "serve", "--home", home(p, "127.0.0.1:%d" % new_port(), "tcp://127.0.0.1:%d" % p), "--no-browser", "--no-restart"],
             port=p, hold_spec=("tcp", "127.0.0.1"), errno="EADDRINUSE", addr="127.0.0.1", cwd=G, env=env, timeout=12)
    p = new_port()
    run_case("syncthing", "negative", "normal start (discovery/relays/NAT off), GET / on the GUI, then SIGTERM",
             ["syncthing", "serve", "--home", home(p, "127.0.0.1:%d" % p, "tcp://127.0.0.1:%d" % new_port()), "--no-browser", "--no-restart"],
             port=p, cwd=G, env=env, settle=2, during=lambda p: http_get(p, "/"))


def influxd():
    reset("influxd")

    def conf(http, rpc):
        d = G + "/influx-%s" % http.replace(":", "_").replace("[", "").replace("]", "")
        sh("rm -rf %s; mkdir -p %s; chmod 777 %s" % (d, d, d))
        return write(d + ".conf", "reporting-disabled = true\nbind-address = \"%s\"\n[meta]\n  dir = \"%s/meta\"\n[data]\n  dir = \"%s/data\"\n  wal-dir = \"%s/wal\"\n[http]\n  bind-address = \"%s\"\n" % (rpc, d, d, d, http))

    std("influxd", lambda h, p: ["influxd", "-config", conf(hp(h, p), "127.0.0.1:%d" % new_port())], label="[http] bind-address = HOST:PORT", cwd=G, timeout=10)
    p = new_port()
    run_case("influxd", "bind", "python socket held 127.0.0.1:%d; influxd RPC bind-address 127.0.0.1:%d" % (p, p),
             ["influxd", "-config", conf("127.0.0.1:%d" % new_port(), "127.0.0.1:%d" % p)], port=p, hold_spec=("tcp", "127.0.0.1"), errno="EADDRINUSE", addr="127.0.0.1", cwd=G)
    p = new_port()
    run_case("influxd", "negative", "normal start, GET /ping and /query without q, then SIGTERM",
             ["influxd", "-config", conf("127.0.0.1:%d" % p, "127.0.0.1:%d" % new_port())], port=p, cwd=G, settle=2,
             during=lambda p: (http_get(p, "/ping"), http_get(p, "/query")))
    bad = write(G + "/influx-bad.conf", "reporting-disabled = true\n[http\n")
    run_case("influxd", "negative", "TOML syntax error in the config", ["influxd", "-config", bad], cwd=G)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        globals()[name.replace("-", "_")]()
