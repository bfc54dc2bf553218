"""Monitoring agents, remote desktops, torrent/music daemons, databases and language servers from Debian."""
import os
import sys
from harness import run_case, reset, new_port, http_get, tcp_poke, RUN, sh, write
from common import std, held, neg, udp_poke, mkd, hp

A = mkd(RUN + "/apps")


def collectd():
    reset("collectd")

    def conf(h, p):
        return write(A + "/collectd-%s-%s.conf" % (h.replace(":", "_"), p),
                     'Hostname "r3"\nFQDNLookup false\nBaseDir "%s"\nPIDFile "%s/collectd.pid"\nLoadPlugin logfile\n<Plugin logfile>\n  LogLevel info\n  File STDOUT\n</Plugin>\nLoadPlugin network\n<Plugin network>\n  Listen "%s" "%s"\n</Plugin>\n' % (A, A, h, p))
    std("collectd", lambda h, p: ["collectd", "-f", "-C", conf(h, p)], proto="udp", label='network plugin `Listen "HOST" "PORT"`', cwd=A, timeout=6)
    neg("collectd", "normal start (network plugin listening), one stray UDP packet, then SIGTERM", lambda p: ["collectd", "-f", "-C", conf("127.0.0.1", p)], proto="udp", cwd=A,
        during=lambda p: udp_poke(p, b"junk"))
    neg("collectd", "LoadPlugin of a plugin that does not exist", ["sh", "-c", "printf 'LoadPlugin logfile\\n<Plugin logfile>\\n  File STDOUT\\n</Plugin>\\nLoadPlugin nope\\n' > %s/cd-bad.conf; exec collectd -f -C %s/cd-bad.conf" % (A, A)], cwd=A, timeout=6)


def munin_node():
    reset("munin-node")
    sd = mkd(A + "/munin-plugins")

    def conf(h, p):
        return write(A + "/munin-%s-%s.conf" % (h.replace(":", "_"), p),
                     "log_level 4\nlog_file /dev/stderr\npid_file %s/munin-%s.pid\nbackground 0\nsetsid 0\nuser root\ngroup root\nallow ^127\\.0\\.0\\.1$\nhost %s\nport %s\n" % (A, p, h, p))
    M = lambda h, p: ["munin-node", "--config", conf(h, p), "--debug"]
    std("munin-node", M, label="munin-node.conf `host HOST` `port PORT`, log_file /dev/stderr", low=80, cwd=A, timeout=8)
    neg("munin-node", "normal start, one client says `list` and `quit`, then SIGTERM", lambda p: M("127.0.0.1", p), cwd=A, during=lambda p: tcp_poke(p, b"list\nquit\n"))
    neg("munin-node", "--config file that does not exist", ["munin-node", "--config", A + "/nope.conf"], cwd=A, timeout=6)


def postgrey():
    reset("postgrey")
    d = mkd(A + "/postgrey")
    sh("chown postgrey %s 2>/dev/null" % d)
    Pg = lambda spec: ["postgrey", "--inet=" + spec, "--dbdir=" + d, "--pidfile=" + d + "/pid", "-v"]
    std("postgrey", lambda h, p: Pg(hp(h, p)), label="--inet=HOST:PORT", low=80, cwd=A, timeout=8)
    held("postgrey", "postgrey --inet={port} (port only)", lambda p: Pg(str(p)), cwd=A, timeout=8)
    neg("postgrey", "normal start, one policy request, then SIGTERM", lambda p: Pg("127.0.0.1:%d" % p), cwd=A,
        during=lambda p: tcp_poke(p, b"request=smtpd_access_policy\nprotocol_state=RCPT\nclient_address=127.0.0.9\nclient_name=x\nsender=a@b.test\nrecipient=c@d.test\n\n"))
    neg("postgrey", "--whitelist-clients file that does not exist", lambda p: Pg("127.0.0.1:%d" % p) + ["--whitelist-clients=" + A + "/nope"], cwd=A, timeout=8)


def zabbix_agentd():
    reset("zabbix_agentd")

    def conf(h, p):
        return write(A + "/zabbix-%s-%s.conf" % (h.replace(":", "_"), p),
                     "LogType=console\nDebugLevel=3\nPidFile=%s/zabbix-%s.pid\nAllowRoot=1\nServer=127.0.0.1\nServerActive=\nStartAgents=1\nListenIP=%s\nListenPort=%s\n" % (A, p, h, p))
    # ListenPort must be 1024..32767: these cases use ports 20000 below the usual ones
    for h, held_h, e in (("0.0.0.0", "0.0.0.0", "EADDRINUSE"), ("::", "::", "EADDRINUSE"), ("192.0.2.1", None, "EADDRNOTAVAIL")):
        p = new_port() - 20000
        st = ("python %ssocket held %s/tcp; " % ("dual-stack " if held_h == "::" else "", hp(held_h, p)) if held_h else "") + "zabbix_agentd ListenIP=%s ListenPort=%d LogType=console" % (h, p) + ("" if held_h else ", an address not on this host")
        run_case("zabbix_agentd", "bind", st, ["zabbix_agentd", "-f", "-c", conf(h, p)], port=p, hold_spec=("tcp", held_h) if held_h else None, errno=e, addr=h, cwd=A, timeout=6)
    p = new_port() - 20000
    run_case("zabbix_agentd", "bind", "python socket held 0.0.0.0:%d/tcp; zabbix_agentd ListenPort=%d (no ListenIP)" % (p, p), ["zabbix_agentd", "-f", "-c", write(A + "/zabbix-port-%d.conf" % p, open(conf("0.0.0.0", p)).read().replace("ListenIP=0.0.0.0\n", ""))], port=p, hold_spec=("tcp", "0.0.0.0"), errno="EADDRINUSE", cwd=A, timeout=6)
    neg("zabbix_agentd", "normal start, one client asks agent.ping, then SIGTERM", lambda p: ["zabbix_agentd", "-f", "-c", conf("127.0.0.1", p)], port=new_port() - 20000, cwd=A,
        during=lambda p: tcp_poke(p, b"agent.ping\n"))
    neg("zabbix_agentd", "config with an unknown parameter", ["sh", "-c", "printf 'LogType=console\\nNopeParam=1\\n' > %s/zbx-bad.conf; exec zabbix_agentd -f -c %s/zbx-bad.conf" % (A, A)], cwd=A, timeout=6)


def nrpe():
    reset("nrpe")

    def conf(h, p):
        return write(A + "/nrpe-%s-%s.cfg" % (h.replace(":", "_"), p),
                     "log_facility=daemon\nlog_file=/dev/stderr\ndebug=1\npid_file=%s/nrpe-%s.pid\nserver_address=%s\nserver_port=%s\nnrpe_user=nagios\nnrpe_group=nagios\nallowed_hosts=127.0.0.1\ndont_blame_nrpe=0\ncommand[hi]=/bin/echo hi\n" % (A, p, h, p))
    std("nrpe", lambda h, p: ["nrpe", "-c", conf(h, p), "-d", "-f"], label="nrpe.cfg server_address=HOST server_port=PORT", cwd=A, timeout=6)
    neg("nrpe", "normal start, one client sends junk (no TLS), then SIGTERM", lambda p: ["nrpe", "-c", conf("127.0.0.1", p), "-d", "-f"], cwd=A, during=lambda p: tcp_poke(p, b"junk" * 4))
    neg("nrpe", "-c a config file that does not exist", ["nrpe", "-c", A + "/nope.cfg", "-d", "-f"], cwd=A, timeout=6)


def monit():
    reset("monit")

    def rc(h, p):
        d = mkd(A + "/monit-%s" % p)
        f = write(d + "/monitrc", "set daemon 30\nset log /dev/stdout\nset idfile %s/id\nset statefile %s/state\nset pidfile %s/pid\nset httpd port %s and use address %s\n  allow 127.0.0.1\n" % (d, d, d, p, h))
        os.chmod(f, 0o600)
        if int(p) < 1024:
            sh("chown -R 65534:65534 %s" % d)
        return f
    std("monit", lambda h, p: ["monit", "-I", "-c", rc(h, p)], label="monitrc `set httpd port PORT and use address HOST`", cwd=A, timeout=6)
    neg("monit", "normal start, GET / (no credentials), then SIGTERM", lambda p: ["monit", "-I", "-c", rc("127.0.0.1", p)], cwd=A, during=lambda p: http_get(p, "/"))
    neg("monit", "monitrc with a syntax error", ["sh", "-c", "printf 'set daemon 30\\nset nope\\n' > %s/monitrc-bad; chmod 600 %s/monitrc-bad; exec monit -I -c %s/monitrc-bad" % (A, A, A)], cwd=A, timeout=6)


def gmond():
    reset("gmond")

    def conf(h, p, tcp=False):
        body = "globals {\n  daemonize = no\n  setuid = no\n  debug_level = 1\n}\ncluster {\n  name = \"r3\"\n}\n"
        if tcp:
            body += "tcp_accept_channel {\n  bind = %s\n  port = %s\n}\n" % (h, p)
        else:
            body += "udp_recv_channel {\n  bind = %s\n  port = %s\n}\n" % (h, p)
        return write(A + "/gmond-%s-%s-%s.conf" % (tcp, h.replace(":", "_"), p), body)
    std("gmond", lambda h, p: ["gmond", "-f", "-c", conf(h, p)], proto="udp", label="udp_recv_channel { bind = HOST port = PORT }", cwd=A, timeout=6)
    std("gmond", lambda h, p: ["gmond", "-f", "-c", conf(h, p, True)], label="tcp_accept_channel { bind = HOST port = PORT }", cwd=A, timeout=6, eacces=False, notavail=False)
    neg("gmond", "normal start, one client reads the XML on the TCP channel, then SIGTERM", lambda p: ["gmond", "-f", "-c", conf("127.0.0.1", p, True)], cwd=A, during=lambda p: tcp_poke(p))
    neg("gmond", "config with a syntax error", ["sh", "-c", "printf 'globals {\\n  nope = \\n' > %s/gmond-bad.conf; exec gmond -f -c %s/gmond-bad.conf" % (A, A)], cwd=A, timeout=6)


def mtail():
    reset("mtail")
    pd = mkd(A + "/mtail-progs")
    write(pd + "/count.mtail", "counter lines\n/$/ {\n  lines++\n}\n")
    write(A + "/mtail.log", "hello\n")
    Mt = lambda h, p: ["mtail", "--progs", pd, "--logs", A + "/mtail.log", "--address", h, "--port", str(p), "--logtostderr"]
    std("mtail", Mt, label="--address HOST --port PORT --logtostderr", cwd=A, timeout=6)
    neg("mtail", "normal start, GET /metrics and /missing, then SIGTERM", lambda p: Mt("127.0.0.1", p), cwd=A, during=lambda p: (http_get(p, "/metrics"), http_get(p, "/missing")))
    neg("mtail", "--progs directory that does not exist", lambda p: ["mtail", "--progs", A + "/nope", "--logs", A + "/mtail.log", "--port", str(p), "--logtostderr"], cwd=A, timeout=6)


def clamd():
    reset("clamd")
    db = mkd(A + "/clamdb")
    write(db + "/r3.ndb", "R3.Test.Sig:0:*:72337465737473696730303031\n")

    def conf(h, p):
        return write(A + "/clamd-%s-%s.conf" % (h.replace(":", "_"), p),
                     "Foreground yes\nLogVerbose yes\nLogTime yes\nDatabaseDirectory %s\nPidFile %s/clamd-%s.pid\nTCPSocket %s\n%s" % (db, A, p, p, "" if h == "*" else "TCPAddr %s\n" % h))
    std("clamd", lambda h, p: ["clamd", "-c", conf(h, p)], label="clamd.conf TCPAddr HOST TCPSocket PORT (a one-signature database)", cwd=A, timeout=10)
    held("clamd", "clamd.conf TCPSocket {port} (no TCPAddr)", lambda p: ["clamd", "-c", conf("*", p)], cwd=A, timeout=10)
    neg("clamd", "normal start, one client sends PING, then SIGTERM", lambda p: ["clamd", "-c", conf("127.0.0.1", p)], cwd=A, during=lambda p: tcp_poke(p, b"zPING\x00"), listen_timeout=40)
    neg("clamd", "DatabaseDirectory that does not exist", ["sh", "-c", "printf 'Foreground yes\\nDatabaseDirectory %s/nope\\nTCPSocket 40999\\n' > %s/clamd-bad.conf; exec clamd -c %s/clamd-bad.conf" % (A, A, A)], cwd=A, timeout=10)


def darkstat():
    reset("darkstat")
    ch = mkd(A + "/darkstat-chroot", 0o755)
    Dk = lambda h, p: ["darkstat", "-i", "lo", "--no-daemon", "--verbose", "--chroot", ch, "-b", h, "-p", str(p)]
    std("darkstat", Dk, label="-i lo --no-daemon -b HOST -p PORT", cwd=A, timeout=6, eacces=False)
    neg("darkstat", "normal start on lo, GET / and /missing, then SIGTERM", lambda p: Dk("127.0.0.1", p), cwd=A, during=lambda p: (http_get(p, "/"), http_get(p, "/missing")))
    neg("darkstat", "interface that does not exist", lambda p: ["darkstat", "-i", "nope0", "--no-daemon", "--verbose", "--chroot", ch, "-p", str(p)], cwd=A, timeout=6)


def shellinaboxd():
    reset("shellinaboxd")
    S = ["shellinaboxd", "-t", "--no-beep", "-s", "/:nobody:nogroup:/:/bin/echo hi"]
    held("shellinaboxd", "shellinaboxd -t -p {port}", S + ["-p", "{port}"], cwd=A, timeout=6)
    held("shellinaboxd", "shellinaboxd -t -p {port}", S + ["-p", "{port}"], host="::", cwd=A, timeout=6)
    held("shellinaboxd", "shellinaboxd -t --localhost-only -p {port}", S + ["--localhost-only", "-p", "{port}"], host="127.0.0.1", cwd=A, timeout=6)
    run_case("shellinaboxd", "bind", "run as nobody (ip_unprivileged_port_start=1024); shellinaboxd -t -p 80", S[:1] + ["-t", "--no-beep", "-s", "/:LOGIN", "-p", "80"], port=80, user="nobody", errno="EACCES", cwd=A, timeout=6)
    neg("shellinaboxd", "normal start (-d), GET / and /missing, then SIGTERM", S + ["--localhost-only", "-d", "-p", "{port}"], cwd=A, during=lambda p: (http_get(p, "/"), http_get(p, "/missing")))
    neg("shellinaboxd", "a service spec that does not parse", ["shellinaboxd", "-t", "-p", "{port}", "-s", "nope"], cwd=A, timeout=6)


def websockify():
    reset("websockify")
    std("websockify", lambda h, p: ["websockify", hp(h, p), "127.0.0.1:9"], label="HOST:PORT 127.0.0.1:9", cwd=A, timeout=6, stop_signal=2)
    held("websockify", "`websockify {port} 127.0.0.1:9` (port only)", ["websockify", "{port}", "127.0.0.1:9"], cwd=A, timeout=6, stop_signal=2)
    neg("websockify", "normal start, one plain HTTP GET (not an upgrade), then SIGINT", ["websockify", "127.0.0.1:{port}", "127.0.0.1:9"], cwd=A, stop_signal=2, during=lambda p: http_get(p, "/"))
    neg("websockify", "--cert file that does not exist, --ssl-only", ["websockify", "--ssl-only", "--cert", A + "/nope.pem", "127.0.0.1:{port}", "127.0.0.1:9"], cwd=A, timeout=6, stop_signal=2)


_disp = [71]


def xtigervnc():
    reset("Xtigervnc")

    def X(h, p):
        _disp[0] += 1
        return ["Xtigervnc", ":%d" % _disp[0], "-rfbport", str(p), "-interface", h, "-SecurityTypes", "None", "-nolisten", "tcp", "-geometry", "320x200"]
    std("Xtigervnc", X, label=":N -rfbport PORT -interface HOST -SecurityTypes None", low=80, cwd=A, timeout=6)
    held("Xtigervnc", "Xtigervnc :N -rfbport {port} (no -interface)", lambda p: X("0.0.0.0", p)[:4] + ["-SecurityTypes", "None", "-nolisten", "tcp"], cwd=A, timeout=6)
    neg("Xtigervnc", "normal start, one client reads the RFB banner, then SIGTERM", lambda p: X("127.0.0.1", p), cwd=A, during=lambda p: tcp_poke(p))
    neg("Xtigervnc", "an unknown option", ["Xtigervnc", ":79", "-nope"], cwd=A, timeout=6)
    sh("rm -f /tmp/.X7[0-9]-lock /tmp/.X11-unix/X7[0-9]")


def cockpit_ws():
    reset("cockpit-ws")
    Cw = lambda h, p: ["/usr/lib/cockpit/cockpit-ws", "--no-tls", "-p", str(p), "-a", h]
    std("cockpit-ws", Cw, label="--no-tls -p PORT -a HOST", cwd=A, timeout=6)
    held("cockpit-ws", "cockpit-ws --no-tls -p {port} (no -a)", ["/usr/lib/cockpit/cockpit-ws", "--no-tls", "-p", "{port}"], cwd=A, timeout=6)
    neg("cockpit-ws", "normal start, GET / and /missing, then SIGTERM", lambda p: Cw("127.0.0.1", p), cwd=A, during=lambda p: (http_get(p, "/"), http_get(p, "/missing")))
    neg("cockpit-ws", "an unknown option", ["/usr/lib/cockpit/cockpit-ws", "--nope"], cwd=A, timeout=6)


def transmission():
    reset("transmission-daemon")

    def T(h, p, peer=None, extra=()):
        d = mkd(A + "/tr-%s-%s" % (h.replace(":", "_"), p))
        return ["transmission-daemon", "-f", "-g", d, "--log-info", "-T", "-O", "-Y", "--no-portmap", "--no-utp" if False else "-M",
                "-r", h, "-p", str(p), "-P", str(peer or p + 1000)] + list(extra)
    std("transmission-daemon", T, label="-f -r HOST -p PORT (RPC; DHT, LPD, portmap off)", cwd=A, timeout=6)
    p = new_port()
    held("transmission-daemon", "transmission-daemon -f -P {port} (the peer port held)", T("127.0.0.1", p + 1000, peer=p), port=p, cwd=A, timeout=6)
    p = new_port()
    held("transmission-daemon", "transmission-daemon -f -P {port} (the peer port held on UDP)", T("127.0.0.1", p + 1000, peer=p, extra=["--utp"]), port=p, proto="udp", cwd=A, timeout=6)
    neg("transmission-daemon", "normal start, GET /transmission/rpc (409, no session id), then SIGTERM", lambda p: T("127.0.0.1", p), cwd=A,
        during=lambda p: http_get(p, "/transmission/rpc"))
    neg("transmission-daemon", "-g a config dir with a broken settings.json", ["sh", "-c", "mkdir -p %s/tr-bad && printf '{\"rpc-port\": ' > %s/tr-bad/settings.json; exec transmission-daemon -f -g %s/tr-bad --log-info -p {port}" % (A, A, A)], cwd=A, timeout=6)


def aria2c():
    reset("aria2c")
    Ar = lambda p, allx="true": ["aria2c", "--no-conf", "--enable-rpc", "--rpc-listen-port=%s" % p, "--rpc-listen-all=" + allx, "-d", A, "--enable-dht=false", "--enable-dht6=false"]
    held("aria2c", "aria2c --enable-rpc --rpc-listen-port={port} --rpc-listen-all=true", lambda p: Ar(p), cwd=A, timeout=6)
    held("aria2c", "aria2c --enable-rpc --rpc-listen-port={port} --rpc-listen-all=true", lambda p: Ar(p), host="::", cwd=A, timeout=6)
    held("aria2c", "aria2c --enable-rpc --rpc-listen-port={port} (loopback only)", lambda p: Ar(p, "false"), host="127.0.0.1", cwd=A, timeout=6)
    run_case("aria2c", "bind", "run as nobody (ip_unprivileged_port_start=1024); aria2c --enable-rpc --rpc-listen-port=80 --rpc-listen-all=true", Ar(80), port=80, user="nobody", errno="EACCES", cwd=A, timeout=6)
    neg("aria2c", "normal start, one JSON-RPC aria2.getVersion, then SIGTERM", lambda p: Ar(p, "false"), cwd=A,
        during=lambda p: sh("curl -s -o /dev/null -d '{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"aria2.getVersion\"}' http://127.0.0.1:%d/jsonrpc" % p))
    neg("aria2c", "download from a closed port 127.0.0.1:9", ["aria2c", "--no-conf", "-d", A, "--max-tries=1", "http://127.0.0.1:9/x"], cwd=A, timeout=8)


def mpd():
    reset("mpd")

    def conf(h, p):
        d = mkd(A + "/mpd-%s" % p)
        mkd(d + "/music")
        return write(d + "/mpd.conf", 'music_directory "%s/music"\nplaylist_directory "%s"\ndb_file "%s/db"\nlog_file "/dev/stderr"\npid_file "%s/pid"\nstate_file "%s/state"\nbind_to_address "%s"\nport "%s"\naudio_output {\n  type "null"\n  name "null"\n}\nzeroconf_enabled "no"\n' % (d, d, d, d, d, h, p))
    std("mpd", lambda h, p: ["mpd", "--no-daemon", "--stderr", conf(h, p)], label='mpd.conf bind_to_address "HOST" port "PORT"', cwd=A, timeout=6)
    held("mpd", 'mpd.conf port "{port}" with bind_to_address "any"', lambda p: ["mpd", "--no-daemon", "--stderr", conf("any", p)], cwd=A, timeout=6)
    neg("mpd", "normal start, one client sends `status` and `close`, then SIGTERM", lambda p: ["mpd", "--no-daemon", "--stderr", conf("127.0.0.1", p)], cwd=A,
        during=lambda p: tcp_poke(p, b"status\nclose\n"))
    neg("mpd", "config file that does not exist", ["mpd", "--no-daemon", "--stderr", A + "/nope.conf"], cwd=A, timeout=6)


def qbittorrent():
    reset("qbittorrent-nox")

    def Q(h, p):
        d = mkd(A + "/qbt-%s-%s" % (h.replace(":", "_").replace("*", "all"), p))
        mkd(d + "/qBittorrent/config")
        write(d + "/qBittorrent/config/qBittorrent.conf", "[LegalNotice]\nAccepted=true\n\n[BitTorrent]\nSession\\DHTEnabled=false\nSession\\LSDEnabled=false\nSession\\PeXEnabled=false\nSession\\Port=%d\n\n[Preferences]\nWebUI\\Address=%s\nWebUI\\Port=%s\nConnection\\UPnP=false\n" % (int(p) + 1000, h, p))
        return ["qbittorrent-nox", "--profile=" + d, "--webui-port=%s" % p]
    std("qbittorrent-nox", Q, label="WebUI\\Address=HOST --webui-port=PORT", cwd=A, timeout=10)
    held("qbittorrent-nox", "qbittorrent-nox --webui-port={port} (WebUI\\Address=*)", lambda p: Q("*", p), cwd=A, timeout=10)
    neg("qbittorrent-nox", "normal start, GET / and /api/v2/app/version, then SIGTERM", lambda p: Q("127.0.0.1", p), cwd=A,
        during=lambda p: (http_get(p, "/"), http_get(p, "/api/v2/app/version")), settle=2)
    neg("qbittorrent-nox", "an unknown option", ["qbittorrent-nox", "--nope"], cwd=A, timeout=8)


def tarantool():
    reset("tarantool")

    def T(listen, p):
        d = mkd(A + "/tnt-%s" % p)
        s = write(d + "/init.lua", "box.cfg{listen = '%s', work_dir = '%s', wal_mode = 'none', log_level = 5}\nprint('tarantool ready')\n" % (listen, d))
        return ["tarantool", s]
    std("tarantool", lambda h, p: T(hp(h, p), p), label="box.cfg{listen = 'HOST:PORT'}", cwd=A, timeout=6)
    held("tarantool", "box.cfg{listen = {port}} (port only)", lambda p: T(str(p), p), cwd=A, timeout=6)
    neg("tarantool", "normal start, one client sends junk, then SIGTERM", lambda p: T("127.0.0.1:%d" % p, p), cwd=A, during=lambda p: tcp_poke(p, b"junk"))
    neg("tarantool", "script with a Lua error", ["sh", "-c", "printf 'box.cfg{listen = }\\n' > %s/tnt-bad.lua; exec tarantool %s/tnt-bad.lua" % (A, A)], cwd=A, timeout=6)


def hledger_web():
    reset("hledger-web")
    j = write(A + "/r3.journal", "2026-01-01 opening\n  assets:cash  10\n  equity\n")
    Hw = lambda h, p: ["hledger-web", "--serve", "--host=" + h, "--port=%d" % p, "-f", j]
    std("hledger-web", Hw, label="--serve --host=HOST --port=PORT", cwd=A, timeout=8)
    neg("hledger-web", "normal start, GET / and /missing, then SIGTERM", lambda p: Hw("127.0.0.1", p), cwd=A, during=lambda p: (http_get(p, "/"), http_get(p, "/missing")))
    neg("hledger-web", "journal with a parse error", ["sh", "-c", "printf '2026-13-45 bad\\n  a  x\\n' > %s/bad.journal; exec hledger-web --serve --port {port} -f %s/bad.journal" % (A, A)], cwd=A, timeout=8)


def guile():
    reset("guile")

    def G(h, p):
        fam = "AF_INET6" if ":" in h else "AF_INET"
        return ["guile", "-c", "(use-modules (web server)) (display \"starting\\n\") (run-server (lambda (r b) (values '((content-type . (text/plain))) \"hi\")) 'http (list #:family %s #:addr (inet-pton %s \"%s\") #:port %d))" % (fam, fam, h, p)]
    std("guile", G, label="(run-server handler 'http (list #:addr HOST #:port PORT))", cwd=A, timeout=8)
    neg("guile", "normal start, GET /, then SIGTERM", lambda p: G("127.0.0.1", p), cwd=A, during=lambda p: http_get(p, "/"))
    neg("guile", "a handler that raises on every request, GET /", lambda p: ["guile", "-c", "(use-modules (web server)) (run-server (lambda (r b) (error \"boom\")) 'http (list #:port %d))" % p], cwd=A, during=lambda p: http_get(p, "/"))


if __name__ == "__main__":
    for name in sys.argv[1:]:
        globals()[name.replace("-", "_")]()
