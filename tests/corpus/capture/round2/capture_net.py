"""Network daemons from Debian, each given no upstream, peer or forwarder outside loopback:
nsd, knotd (authoritative only), pdns_recursor (forwards '.' to closed 127.0.0.1:49999, no
root priming), dhcpd / kea-dhcp4 (on lo only), bird / bgpd (no neighbors), danted, ss-server,
tor (DisableNetwork 1), i2pd (no reseed, no transports), kamailio, ngircd, inspircd, znc,
opendkim, spamd, smtpd, prosody, murmurd, icecast2, slapd, freeradius."""
import os
import sys
import json
from harness import run_case, reset, new_port, http_get, tcp_poke, RUN, sh, std, write

X = RUN + "/net"
os.makedirs(X, exist_ok=True)
sh("chmod 777 %s" % X)


def hp(h, p):
    return "[%s]:%s" % (h, p) if ":" in h else "%s:%s" % (h, p)


def d(name):
    path = X + "/" + name
    sh("rm -rf %s; mkdir -p %s; chmod 777 %s" % (path, path, path))
    return path


def nsd():
    reset("nsd")

    def conf(h, p, proto_extra=""):
        w = d("nsd-%s-%s" % (h.replace(":", "_"), p))
        write(w + "/example.zone", "$ORIGIN example.test.\n$TTL 60\n@ IN SOA ns hostmaster 1 60 60 60 60\n@ IN NS ns\nns IN A 127.0.0.1\n")
        return write(w + "/nsd.conf", "server:\n  ip-address: %s\n  port: %s\n  username: \"\"\n  zonesdir: \"%s\"\n  database: \"\"\n  pidfile: \"%s/nsd.pid\"\n  xfrdfile: \"%s/xfrd.state\"\n  zonelistfile: \"%s/zone.list\"\n  verbosity: 2\n  %s\nremote-control:\n  control-enable: no\nzone:\n  name: example.test\n  zonefile: example.zone\n" % (h, p, w, w, w, w, proto_extra))
    std("nsd", lambda h, p: ["nsd", "-d", "-c", conf(h, p)], proto="udp", label="-d, `ip-address: HOST` `port: PORT` (held over UDP)", cwd=X, timeout=6, low=53)
    p = new_port()
    run_case("nsd", "bind", "python socket held 0.0.0.0:%d/tcp (UDP free); nsd -d on 0.0.0.0 port %d" % (p, p),
             ["nsd", "-d", "-c", conf("0.0.0.0", p)], port=p, hold_spec=("tcp", "0.0.0.0"), errno="EADDRINUSE", addr="0.0.0.0", proto="tcp", cwd=X, timeout=6)
    p = new_port()
    run_case("nsd", "negative", "normal start on 127.0.0.1, one TCP client connects and closes, then SIGTERM",
             ["nsd", "-d", "-c", conf("127.0.0.1", p)], port=p, cwd=X, during=lambda p: tcp_poke(p, b"\x00\x00"))
    w = d("nsd-bad")
    write(w + "/nsd.conf", "server:\n  port: 1\n  bogus-option: yes\n")
    run_case("nsd", "negative", "config with an unknown option", ["nsd", "-d", "-c", w + "/nsd.conf"], cwd=X, timeout=5)


def knotd():
    reset("knotd")

    def conf(h, p):
        w = d("knot-%s-%s" % (h.replace(":", "_"), p))
        return write(w + "/knot.conf", "server:\n    rundir: \"%s\"\n    listen: %s@%s\ndatabase:\n    storage: \"%s\"\nlog:\n  - target: stderr\n    any: info\n" % (w, h, p, w))
    std("knotd", lambda h, p: ["knotd", "-c", conf(h, p)], proto="udp", label="`listen: HOST@PORT` (held over UDP), log to stderr", cwd=X, timeout=6, low=53)
    p = new_port()
    run_case("knotd", "bind", "python socket held 0.0.0.0:%d/tcp (UDP free); knotd `listen: 0.0.0.0@%d`" % (p, p),
             ["knotd", "-c", conf("0.0.0.0", p)], port=p, hold_spec=("tcp", "0.0.0.0"), errno="EADDRINUSE", addr="0.0.0.0", proto="tcp", cwd=X, timeout=6)
    p = new_port()
    run_case("knotd", "negative", "normal start on 127.0.0.1, then SIGTERM", ["knotd", "-c", conf("127.0.0.1", p)], port=p, cwd=X,
             during=lambda p: tcp_poke(p, b"\x00\x00"))
    w = d("knot-bad")
    write(w + "/knot.conf", "server:\n    listen: 127.0.0.1@1\n    bogus: yes\n")
    run_case("knotd", "negative", "config with an unknown item", ["knotd", "-c", w + "/knot.conf"], cwd=X, timeout=5)


def pdns_recursor():
    reset("pdns_recursor")

    def cmd(h, p):
        w = d("rec-%s-%s" % (h.replace(":", "_"), p))
        write(w + "/recursor.conf", "")
        return ["pdns_recursor", "--config-dir=" + w, "--socket-dir=" + w, "--daemon=no", "--disable-syslog", "--write-pid=no",
                "--local-address=" + h, "--local-port=%s" % p, "--forward-zones-recurse=.=127.0.0.1:49999", "--hint-file=no", "--loglevel=6"]
    std("pdns_recursor", cmd, proto="udp", label="--local-address=HOST --local-port=PORT, '.' forwarded to closed 127.0.0.1:49999 (held over UDP)", cwd=X, timeout=6, low=53)
    p = new_port()
    run_case("pdns_recursor", "bind", "python socket held 0.0.0.0:%d/tcp (UDP free); pdns_recursor --local-address=0.0.0.0 --local-port=%d" % (p, p),
             cmd("0.0.0.0", p), port=p, hold_spec=("tcp", "0.0.0.0"), errno="EADDRINUSE", addr="0.0.0.0", proto="tcp", cwd=X, timeout=6)
    p = new_port()
    run_case("pdns_recursor", "negative", "normal start on 127.0.0.1 (no query sent), then SIGTERM", cmd("127.0.0.1", p), port=p, cwd=X,
             during=lambda p: tcp_poke(p, b""))
    run_case("pdns_recursor", "negative", "unknown setting", ["pdns_recursor", "--config-dir=" + d("rec-bad"), "--daemon=no", "--bogus-setting=1"], cwd=X, timeout=5)


def dhcpd():
    reset("dhcpd")

    def cmd(p, user=None):
        w = d("dhcpd-%s" % p)
        write(w + "/dhcpd.conf", "authoritative;\nsubnet 127.0.0.0 netmask 255.0.0.0 {\n}\n")
        open(w + "/dhcpd.leases", "w").close()
        sh("chmod 666 %s/dhcpd.leases" % w)
        return ["dhcpd", "-f", "-d", "-4", "-cf", w + "/dhcpd.conf", "-lf", w + "/dhcpd.leases", "-pf", w + "/dhcpd.pid", "-p", str(p), "lo"]
    p = new_port()
    run_case("dhcpd", "bind", "python socket held 0.0.0.0:%d/udp; dhcpd -f -d -p %d lo (subnet 127/8 only)" % (p, p), cmd(p), port=p,
             hold_spec=("udp", "0.0.0.0"), errno="EADDRINUSE", addr="0.0.0.0", proto="udp", cwd=X, timeout=6)
    run_case("dhcpd", "bind", "run as nobody (ip_unprivileged_port_start=1024); dhcpd -f -d on lo, default port 67", cmd(67)[:-3] + ["lo"], port=67,
             user="nobody", errno="EACCES", addr="0.0.0.0", proto="udp", cwd=X, timeout=6)
    p = new_port()
    run_case("dhcpd", "negative", "normal start on lo, then SIGTERM", cmd(p), port=p, proto="udp", cwd=X, during=lambda p: None)
    w = d("dhcpd-bad")
    write(w + "/dhcpd.conf", "subnet 127.0.0.0 netmask 255.0.0.0 {\n  bogus-statement 1;\n}\n")
    run_case("dhcpd", "negative", "config with an unknown statement", ["dhcpd", "-f", "-d", "-4", "-cf", w + "/dhcpd.conf", "-lf", "/dev/null", "-p", str(new_port()), "lo"], cwd=X, timeout=5)


def kea_dhcp4():
    reset("kea-dhcp4")

    def cmd(p, iface="lo", sock="udp"):
        w = d("kea-%s" % p)
        c = {"Dhcp4": {"interfaces-config": {"interfaces": [iface], "dhcp-socket-type": sock},
                       "lease-database": {"type": "memfile", "persist": False},
                       "control-socket": {"socket-type": "unix", "socket-name": w + "/kea.sock"},
                       "loggers": [{"name": "kea-dhcp4", "output_options": [{"output": "stdout"}], "severity": "INFO"}],
                       "subnet4": [{"id": 1, "subnet": "127.0.0.0/8"}]}}
        write(w + "/kea.conf", json.dumps(c, indent=2))
        return ["kea-dhcp4", "-c", w + "/kea.conf", "-p", str(p)]
    env = {"KEA_PIDFILE_DIR": X, "KEA_LOCKFILE_DIR": "none"}
    p = new_port()
    run_case("kea-dhcp4", "bind", "python socket held 0.0.0.0:%d/udp; kea-dhcp4 -p %d on lo (udp sockets)" % (p, p), cmd(p), port=p,
             hold_spec=("udp", "0.0.0.0"), errno="EADDRINUSE", addr="0.0.0.0", proto="udp", cwd=X, timeout=6, env=env)
    p = new_port()
    run_case("kea-dhcp4", "bind", "python socket held 127.0.0.1:%d/udp; kea-dhcp4 -p %d on lo (udp sockets)" % (p, p), cmd(p), port=p,
             hold_spec=("udp", "127.0.0.1"), errno="EADDRINUSE", addr="127.0.0.1", proto="udp", cwd=X, timeout=6, env=env)
    p = new_port()
    run_case("kea-dhcp4", "negative", "normal start on lo, then SIGTERM", cmd(p), port=p, proto="udp", cwd=X, during=lambda p: None, env=env)
    w = d("kea-bad")
    write(w + "/kea.conf", "{ \"Dhcp4\": { \"interfaces-config\": { \"interfaces\": [ \"lo\" ] }, }\n")
    run_case("kea-dhcp4", "negative", "JSON syntax error in the config", ["kea-dhcp4", "-c", w + "/kea.conf"], cwd=X, timeout=5, env=env)


def bird():
    reset("bird")

    def conf(h, p):
        w = d("bird-%s-%s" % (h.replace(":", "_"), p))
        c = write(w + "/bird.conf", "log stderr all;\nrouter id 10.255.255.254;\nprotocol device {}\nprotocol bgp b1 {\n  local %s port %s as 65000;\n  neighbor 198.51.100.1 port 49999 as 65001;\n  multihop;\n  passive on;\n  ipv4 { import none; export none; };\n}\n" % (h, p))
        return ["bird", "-f", "-c", c, "-s", w + "/bird.ctl"]
    std("bird", conf, label="BGP `local HOST port PORT`, passive (never connects), neighbor 198.51.100.1 multihop (unroutable in the namespace)", cwd=X, timeout=5, low=179)
    p = new_port()
    run_case("bird", "negative", "normal start (passive BGP on 127.0.0.1), then SIGTERM", conf("127.0.0.1", p), port=p, cwd=X,
             during=lambda p: tcp_poke(p, b""))
    w = d("bird-bad")
    write(w + "/bird.conf", "router id 1.2.3.4;\nprotocol bgp {\n  local as 65000\n}\n")
    run_case("bird", "negative", "config syntax error", ["bird", "-f", "-c", w + "/bird.conf", "-s", w + "/bird.ctl"], cwd=X, timeout=5)


def bgpd():
    reset("bgpd")

    def cmd(h, p):
        w = d("bgpd-%s-%s" % (h.replace(":", "_"), p))
        c = write(w + "/bgpd.conf", "router bgp 65000\n bgp router-id 10.255.255.254\n neighbor 127.0.0.2 remote-as 65001\n neighbor 127.0.0.2 passive\n", mode=0o644)
        return ["/usr/lib/frr/bgpd", "-f", c, "-Z", "-S", "-l", h, "-p", str(p), "-i", w + "/bgpd.pid", "--vty_socket", w, "-P", "0", "--log", "stdout", "--log-level", "info"]
    std("bgpd", cmd, label="-Z -S -l HOST -p PORT (FRR, passive neighbor 127.0.0.2)", cwd=X, timeout=5, low=179)
    p = new_port()
    run_case("bgpd", "negative", "normal start on 127.0.0.1, then SIGTERM", cmd("127.0.0.1", p), port=p, cwd=X, during=lambda p: tcp_poke(p, b""))


def danted():
    reset("danted")

    def conf(h, p):
        return ["danted", "-f", write(X + "/danted-%s-%s.conf" % (h.replace(":", "_"), p),
                "logoutput: stderr\ninternal: %s port = %s\nexternal: lo\nsocksmethod: none\nclientmethod: none\nuser.privileged: root\nuser.unprivileged: nobody\nclient pass { from: 0.0.0.0/0 to: 0.0.0.0/0 }\nsocks pass { from: 0.0.0.0/0 to: 127.0.0.0/8 }\n" % (h, p))]
    std("danted", conf, label="`internal: HOST port = PORT`, logoutput stderr", cwd=X, timeout=5, low=1080 if False else 80)
    p = new_port()
    run_case("danted", "negative", "normal start on 127.0.0.1, one SOCKS5 client asks for closed 127.0.0.1:49999, then SIGTERM", conf("127.0.0.1", p), port=p, cwd=X,
             during=lambda p: sh("curl -s -o /dev/null --max-time 3 -x socks5://127.0.0.1:%d http://127.0.0.1:49999/" % p))
    run_case("danted", "negative", "config syntax error", ["danted", "-f", write(X + "/danted-bad.conf", "logoutput: stderr\ninternal: lo port = \n")], cwd=X, timeout=5)


def ss_server():
    reset("ss-server")
    base = lambda h, p: ["ss-server", "-s", h, "-p", str(p), "-k", "test-password", "-m", "aes-256-gcm", "-u", "-v"]
    std("ss-server", base, label="-s HOST -p PORT -u (tcp and udp relay)", cwd=X, timeout=5)
    p = new_port()
    run_case("ss-server", "bind", "python socket held 0.0.0.0:%d/udp (TCP free); ss-server -s 0.0.0.0 -p %d -u" % (p, p), base("0.0.0.0", p), port=p,
             hold_spec=("udp", "0.0.0.0"), errno="EADDRINUSE", addr="0.0.0.0", proto="udp", cwd=X, timeout=5)
    p = new_port()
    run_case("ss-server", "negative", "normal start on 127.0.0.1, one client sends garbage, then SIGTERM", base("127.0.0.1", p), port=p, cwd=X,
             during=lambda p: tcp_poke(p, b"garbage" * 20))
    run_case("ss-server", "negative", "unknown cipher", ["ss-server", "-s", "127.0.0.1", "-p", str(new_port()), "-k", "x", "-m", "bogus-cipher"], cwd=X, timeout=5)


def tor():
    reset("tor")

    def cmd(h, p, extra=""):
        w = d("tor-%s-%s" % (h.replace(":", "_"), p))
        rc = write(w + "/torrc", "DisableNetwork 1\nDataDirectory %s/data\nSocksPort 0\nControlPort %s\nLog notice stdout\nRunAsDaemon 0\nAvoidDiskWrites 1\n%s" % (w, hp(h, p), extra))
        return ["tor", "-f", rc, "--ignore-missing-torrc"]
    # with DisableNetwork 1 tor opens no SocksPort at all, but it does open its ControlPort
    std("tor", cmd, label="DisableNetwork 1, SocksPort 0, `ControlPort HOST:PORT`", cwd=X, timeout=8)
    p = new_port()
    run_case("tor", "bind", "python socket held 127.0.0.1:%d; tor (DisableNetwork 1) `ControlPort %d` (port only)" % (p, p),
             cmd("127.0.0.1", p)[:0] + ["tor", "-f", write(d("tor-portonly") + "/torrc", "DisableNetwork 1\nDataDirectory %s/tor-portonly/data\nSocksPort 0\nControlPort %d\nLog notice stdout\n" % (X, p)), "--ignore-missing-torrc"],
             port=p, hold_spec=("tcp", "127.0.0.1"), errno="EADDRINUSE", addr="127.0.0.1", cwd=X, timeout=8)
    p = new_port()
    p = new_port()
    run_case("tor", "bind", "python dual-stack socket held [::]:%d; tor (DisableNetwork 1) `ControlPort [::1]:%d`" % (p, p),
             cmd("::1", p), port=p, hold_spec=("tcp", "::"), errno="EADDRINUSE", addr="::1", cwd=X, timeout=8)
    run_case("tor", "bind", "run as nobody (ip_unprivileged_port_start=1024); tor (DisableNetwork 1) `ControlPort 127.0.0.1:80`",
             cmd("127.0.0.1", 80), port=80, user="nobody", errno="EACCES", addr="127.0.0.1", cwd=X, timeout=8)
    p = new_port()
    run_case("tor", "negative", "normal start with DisableNetwork 1, ControlPort 127.0.0.1, one client sends PROTOCOLINFO, then SIGINT", cmd("127.0.0.1", p), port=p, cwd=X, stop_signal=2,
             during=lambda p: tcp_poke(p, b"PROTOCOLINFO 1\r\n"))
    run_case("tor", "negative", "torrc with an unknown option", cmd("127.0.0.1", new_port(), "BogusOption 1\n"), cwd=X, timeout=8)


def kamailio():
    reset("kamailio")

    def cmd(h, p, proto="udp"):
        w = d("kam-%s-%s-%s" % (h.replace(":", "_"), p, proto))
        host = "[%s]" % h if ":" in h else h
        c = write(w + "/kamailio.cfg", "#!KAMAILIO\ndebug=2\nlog_stderror=yes\nchildren=1\nlisten=%s:%s:%s\nrequest_route {\n  drop;\n}\n" % (proto, host, p))
        return ["kamailio", "-DD", "-E", "-f", c, "-Y", w, "-P", w + "/k.pid", "-w", w]
    std("kamailio", cmd, proto="udp", label="-DD -E, `listen=udp:HOST:PORT`", cwd=X, timeout=6, low=5060 if False else 80)
    p = new_port()
    run_case("kamailio", "bind", "python socket held 0.0.0.0:%d/tcp; kamailio `listen=tcp:0.0.0.0:%d`" % (p, p), cmd("0.0.0.0", p, "tcp"), port=p,
             hold_spec=("tcp", "0.0.0.0"), errno="EADDRINUSE", addr="0.0.0.0", proto="tcp", cwd=X, timeout=6)
    p = new_port()
    run_case("kamailio", "negative", "normal start on udp:127.0.0.1, then SIGTERM", cmd("127.0.0.1", p), port=p, proto="udp", cwd=X, during=lambda p: None)
    w = d("kam-bad")
    c = write(w + "/kamailio.cfg", "#!KAMAILIO\nlisten=udp:127.0.0.1:%d\nrequest_route {\n  bogus_function();\n}\n" % new_port())
    run_case("kamailio", "negative", "config calling an unknown function", ["kamailio", "-DD", "-E", "-f", c, "-Y", w], cwd=X, timeout=6)


def ngircd():
    reset("ngircd")

    def conf(h, p):
        w = d("ngircd-%s-%s" % (h.replace(":", "_"), p))
        c = write(w + "/ngircd.conf", "[Global]\n  Name = irc.example.test\n  Info = test\n  Listen = %s\n  Ports = %s\n  ServerUID = nobody\n  ServerGID = nogroup\n[Options]\n  PAM = no\n  DNS = no\n  Ident = no\n" % (h, p))
        return ["ngircd", "-n", "-f", c]
    std("ngircd", conf, label="-n, `Listen = HOST` `Ports = PORT`", cwd=X, timeout=5)
    p = new_port()
    run_case("ngircd", "negative", "normal start on 127.0.0.1, one client sends NICK/USER/QUIT, then SIGTERM", conf("127.0.0.1", p), port=p, cwd=X,
             during=lambda p: tcp_poke(p, b"NICK t\r\nUSER t 0 * :t\r\nQUIT\r\n"))
    w = d("ngircd-bad")
    run_case("ngircd", "negative", "config with an unknown variable", ["ngircd", "-n", "-f", write(w + "/ngircd.conf", "[Global]\n  Name = irc.example.test\n  Bogus = 1\n  Ports = %d\n" % new_port())], cwd=X, timeout=5)


def inspircd():
    reset("inspircd")

    def conf(h, p):
        w = d("insp-%s-%s" % (h.replace(":", "_"), p))
        c = write(w + "/inspircd.conf", '<server name="irc.example.test" description="test" network="Test">\n<admin name="a" nick="a" email="a@example.test">\n<bind address="%s" port="%s" type="clients">\n<connect allow="*" timeout="60" pingfreq="120" maxchans="20">\n<class name="Shutdown" commands="DIE RESTART REHASH LOADMODULE UNLOADMODULE RELOADMODULE GLOADMODULE GUNLOADMODULE GRELOADMODULE">\n<pid file="%s/inspircd.pid">\n<log method="file" type="* -USERINPUT -USEROUTPUT" level="default" target="%s/ircd.log">\n<dns server="127.0.0.1" timeout="5">\n' % (h, p, w, w))
        return ["inspircd", "--nofork", "--runasroot", "--config=" + c]
    std("inspircd", conf, label="--nofork, `<bind address=HOST port=PORT>`", cwd=X, timeout=6)
    p = new_port()
    run_case("inspircd", "negative", "normal start on 127.0.0.1, one client sends NICK/USER/QUIT, then SIGTERM", conf("127.0.0.1", p), port=p, cwd=X,
             during=lambda p: tcp_poke(p, b"NICK t\r\nUSER t 0 * :t\r\nQUIT\r\n"))
    w = d("insp-bad")
    run_case("inspircd", "negative", "config with an unterminated tag", ["inspircd", "--nofork", "--runasroot", "--config=" + write(w + "/inspircd.conf", '<server name="irc.example.test"\n')], cwd=X, timeout=6)


def znc():
    reset("znc")

    def cmd(h, p, ipv="true"):
        w = d("znc-%s-%s" % (h.replace(":", "_"), p))
        os.makedirs(w + "/configs", exist_ok=True)
        write(w + "/configs/znc.conf", "Version = 1.8.2\n<Listener l>\n  Port = %s\n%s  IPv4 = true\n  IPv6 = %s\n  SSL = false\n</Listener>\n<User admin>\n  Pass = plain#secret\n  Admin = true\n  Nick = admin\n  AltNick = admin_\n  Ident = admin\n  RealName = admin\n</User>\n" % (p, ("  Host = %s\n" % h) if h else "", ipv))
        sh("chmod -R a+rwX %s" % w)
        return ["znc", "--foreground", "--datadir", w]
    # as root znc waits 30 s before starting: every run is as nobody
    std("znc", lambda h, p: cmd("" if h == "0.0.0.0" else h, p), label="--foreground as nobody, `<Listener> Host = HOST Port = PORT` (no Host line for 0.0.0.0)", cwd=X, timeout=6, all_user="nobody")
    p = new_port()
    run_case("znc", "negative", "normal start on 127.0.0.1 as nobody, one client connects and quits, then SIGTERM", cmd("127.0.0.1", p), port=p, cwd=X, user="nobody",
             during=lambda p: tcp_poke(p, b"QUIT\r\n"))
    w = d("znc-bad")
    os.makedirs(w + "/configs")
    write(w + "/configs/znc.conf", "Version = 1.8.2\n<Listener l>\n  Port = 1\n")
    sh("chmod -R a+rwX %s" % w)
    run_case("znc", "negative", "znc.conf with an unclosed section (as nobody)", ["znc", "--foreground", "--datadir", w], cwd=X, timeout=6, user="nobody")


def spamd():
    reset("spamd")
    base = lambda h, p: ["spamd", "--listen", hp(h, p), "-u", "debian-spamd", "--syslog=stderr", "--max-children=1", "--pidfile=%s/spamd-%s.pid" % (X, p)]
    std("spamd", base, label="--listen HOST:PORT --syslog=stderr", cwd=X, timeout=20, low=783 if False else 80)
    p = new_port()
    run_case("spamd", "negative", "normal start on 127.0.0.1, one client sends PING, then SIGTERM", base("127.0.0.1", p), port=p, cwd=X, listen_timeout=40,
             during=lambda p: tcp_poke(p, b"PING SPAMC/1.5\r\n\r\n"))


def smtpd():
    reset("smtpd")

    def cmd(h, p):
        c = write(X + "/smtpd-%s-%s.conf" % (h.replace(":", "_"), p), "listen on %s port %s\naction \"local\" mbox\nmatch from local for local action \"local\"\n" % (h if h not in ("0.0.0.0", "::") else ("0.0.0.0" if h == "0.0.0.0" else "::"), p))
        return ["smtpd", "-d", "-f", c]
    std("smtpd", cmd, label="-d, `listen on HOST port PORT`", cwd=X, timeout=6, low=25)
    p = new_port()
    run_case("smtpd", "bind", "python socket held 127.0.0.1:%d; smtpd -d, `listen on lo port %d` (interface name)" % (p, p),
             ["smtpd", "-d", "-f", write(X + "/smtpd-lo.conf", "listen on lo port %d\naction \"local\" mbox\nmatch from local for local action \"local\"\n" % p)],
             port=p, hold_spec=("tcp", "127.0.0.1"), errno="EADDRINUSE", addr="127.0.0.1", cwd=X, timeout=6)
    p = new_port()
    run_case("smtpd", "negative", "normal start on 127.0.0.1, one client says EHLO/QUIT, then SIGTERM", cmd("127.0.0.1", p), port=p, cwd=X,
             during=lambda p: tcp_poke(p, b"EHLO x\r\nQUIT\r\n"))
    run_case("smtpd", "negative", "config syntax error", ["smtpd", "-d", "-f", write(X + "/smtpd-bad.conf", "listen on lo port\n")], cwd=X, timeout=5)


def prosody():
    reset("prosody")

    def cmd(h, p):
        w = d("prosody-%s-%s" % (h.replace(":", "_"), p))
        c = write(w + "/prosody.cfg.lua", 'pidfile = "%s/prosody.pid"\ndata_path = "%s"\nc2s_ports = { %s }\nc2s_interfaces = { "%s" }\ns2s_ports = { }\nlog = { { levels = { min = "info" }, to = "console" } }\nmodules_enabled = { "roster"; "saslauth"; "disco"; "ping" }\nVirtualHost "example.test"\n' % (w, w, p, h))
        return ["prosody", "-F", "--config", c]
    # prosody refuses to run as root: every run is as nobody
    std("prosody", cmd, label="-F as nobody, `c2s_interfaces = { HOST }` `c2s_ports = { PORT }`", cwd=X, timeout=6, all_user="nobody")
    p = new_port()
    run_case("prosody", "negative", "normal start on 127.0.0.1 as nobody, one client opens a stream, then SIGTERM", cmd("127.0.0.1", p), port=p, cwd=X, user="nobody",
             during=lambda p: tcp_poke(p, b"<?xml version='1.0'?><stream:stream to='example.test' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>"))
    w = d("prosody-bad")
    run_case("prosody", "negative", "config with a Lua syntax error (as nobody)", ["prosody", "-F", "--config", write(w + "/prosody.cfg.lua", 'c2s_ports = { 1 \nVirtualHost "x"\n')], cwd=X, timeout=6, user="nobody")


def murmurd():
    reset("murmurd")

    def cmd(h, p):
        w = d("murmur-%s-%s" % (h.replace(":", "_"), p))
        c = write(w + "/murmur.ini", "database=%s/murmur.sqlite\nbonjour=false\nhost=%s\nport=%s\nlogfile=\npidfile=\nice=\"\"\nuname=\n" % (w, h, p))
        return ["murmurd", "-fg", "-ini", c]
    std("murmurd", cmd, label="-fg, `host=HOST` `port=PORT` (tcp and udp)", cwd=X, timeout=8)
    p = new_port()
    run_case("murmurd", "bind", "python socket held 0.0.0.0:%d/udp (TCP free); murmurd host=0.0.0.0 port=%d" % (p, p), cmd("0.0.0.0", p), port=p,
             hold_spec=("udp", "0.0.0.0"), errno="EADDRINUSE", addr="0.0.0.0", proto="udp", cwd=X, timeout=8)
    p = new_port()
    run_case("murmurd", "negative", "normal start on 127.0.0.1, one TCP client sends garbage, then SIGTERM", cmd("127.0.0.1", p), port=p, cwd=X,
             during=lambda p: tcp_poke(p, b"garbage"), settle=2)


def icecast2():
    reset("icecast2")

    def cmd(h, p):
        w = d("ice-%s-%s" % (h.replace(":", "_"), p))
        c = write(w + "/icecast.xml", "<icecast>\n<limits><clients>10</clients><sources>2</sources></limits>\n<authentication><source-password>x</source-password><admin-user>admin</admin-user><admin-password>x</admin-password></authentication>\n<hostname>localhost</hostname>\n<listen-socket><port>%s</port><bind-address>%s</bind-address></listen-socket>\n<paths><basedir>/usr/share/icecast2</basedir><logdir>%s</logdir><webroot>/usr/share/icecast2/web</webroot><adminroot>/usr/share/icecast2/admin</adminroot></paths>\n<logging><errorlog>-</errorlog><accesslog>-</accesslog><loglevel>3</loglevel></logging>\n</icecast>\n" % (p, h, w))
        return ["icecast2", "-c", c]
    # icecast2 refuses to run as root without <changeowner>: every run is as nobody
    std("icecast2", cmd, v4=False, v6=False, notavail=False, label="-c (listen-socket bind-address HOST port PORT), errorlog -", cwd=X, timeout=6, own_pipe=True)
    for h, held, lab in (("0.0.0.0", "0.0.0.0", "EADDRINUSE"), ("::", "::", "EADDRINUSE"), ("192.0.2.1", None, "EADDRNOTAVAIL")):
        p = new_port()
        run_case("icecast2", "bind", ("python socket held %s; " % hp(held, p) if held else "") + "icecast2 run as nobody, bind-address %s port %d" % (h, p),
                 cmd(h, p), port=p, hold_spec=("tcp", held) if held else None, user="nobody", own_pipe=True, errno=lab, addr=h, cwd=X, timeout=6)
    p = new_port()
    run_case("icecast2", "negative", "normal start on 127.0.0.1 as nobody, GET / and /missing, then SIGTERM", cmd("127.0.0.1", p), port=p, user="nobody", own_pipe=True, cwd=X,
             during=lambda p: (http_get(p, "/"), http_get(p, "/missing")))
    run_case("icecast2", "negative", "icecast2 started as root (no <changeowner>)", cmd("127.0.0.1", new_port()), cwd=X, timeout=5)


def slapd():
    reset("slapd")

    def cmd(h, p):
        w = d("slapd-%s-%s" % (h.replace(":", "_"), p))
        c = write(w + "/slapd.conf", "include /etc/ldap/schema/core.schema\npidfile %s/slapd.pid\ndatabase ldif\nsuffix \"dc=example,dc=test\"\ndirectory %s\n" % (w, w))
        return ["slapd", "-d", "256", "-f", c, "-h", "ldap://%s/" % hp(h, p)]
    std("slapd", cmd, label="-d 256 -h ldap://HOST:PORT/", cwd=X, timeout=5, low=389)
    p = new_port()
    run_case("slapd", "negative", "normal start on 127.0.0.1, one client connects and closes, then SIGTERM", cmd("127.0.0.1", p), port=p, cwd=X,
             during=lambda p: tcp_poke(p, b""))
    w = d("slapd-bad")
    run_case("slapd", "negative", "slapd.conf with an unknown directive", ["slapd", "-d", "256", "-f", write(w + "/slapd.conf", "bogusdirective yes\n"), "-h", "ldap://127.0.0.1:%d/" % new_port()], cwd=X, timeout=5)


def freeradius():
    reset("freeradius")
    w = d("raddb")
    sh("cp -a /etc/freeradius/3.0/. %s/ && chmod -R a+rX %s" % (w, w))
    base = lambda h, p: ["freeradius", "-f", "-d", w, "-l", "stdout", "-i", h, "-p", str(p)]
    std("freeradius", base, proto="udp", label="-f -l stdout -i HOST -p PORT", cwd=X, timeout=8, low=80)
    p = new_port()
    run_case("freeradius", "bind", "python socket held 127.0.0.1:%d/udp; freeradius -X -i 127.0.0.1 -p %d (full debug, last 60 lines)" % (p, p),
             ["freeradius", "-X", "-d", w, "-i", "127.0.0.1", "-p", str(p)], port=p, hold_spec=("udp", "127.0.0.1"), errno="EADDRINUSE", addr="127.0.0.1", proto="udp", cwd=X, timeout=8)
    p = new_port()
    run_case("freeradius", "negative", "normal start on 127.0.0.1, then SIGTERM", base("127.0.0.1", p), port=p, proto="udp", cwd=X, during=lambda p: None, settle=2)
    w2 = d("raddb-bad")
    sh("cp -a /etc/freeradius/3.0/. %s/ && printf 'bogus_directive = yes {\\n' >> %s/radiusd.conf" % (w2, w2))
    run_case("freeradius", "negative", "radiusd.conf syntax error", ["freeradius", "-f", "-d", w2, "-l", "stdout"], cwd=X, timeout=8)


def opendkim():
    reset("opendkim")

    def cmd(h, p):
        c = write(X + "/opendkim-%s-%s.conf" % (h.replace(":", "_"), p), "Syslog no\nLogWhy yes\nMode v\nSocket inet:%s@%s\nPidFile %s/opendkim-%s.pid\nUserID root\n" % (p, h, X, p))
        return ["opendkim", "-f", "-v", "-x", c]
    std("opendkim", cmd, label="-f -x (`Socket inet:PORT@HOST`)", cwd=X, timeout=5)
    p = new_port()
    run_case("opendkim", "negative", "normal start on 127.0.0.1, then SIGTERM", cmd("127.0.0.1", p), port=p, cwd=X, during=lambda p: tcp_poke(p, b""))
    run_case("opendkim", "negative", "config with an unknown parameter", ["opendkim", "-f", "-x", write(X + "/opendkim-bad.conf", "BogusParameter yes\nSocket inet:1@127.0.0.1\n")], cwd=X, timeout=5)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        globals()[name.replace("-", "_")]()
