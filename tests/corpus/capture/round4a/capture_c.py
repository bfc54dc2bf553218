"""C/C++ network daemons from Debian 12: IRC/DC hubs, DNS, SNMP, RADIUS, RPC, monitoring, storage, VPN."""
import json, os, sys
from harness import run_case, reset, new_port, http_get, tcp_poke, RUN, sh, write
from common import std, held, neg, udp_poke, mkd, hp

N = mkd(RUN + "/c")
DNSQ = bytes.fromhex("12340100000100000000000003777777076578616d706c650000010001")


def bip():
    reset("bip")
    d = mkd(N + "/bip")

    def conf(h, p):
        f = write(d + "/bip-%s-%s.conf" % (h.replace(":", "_"), p),
                  'ip = "%s";\nport = %d;\nclient_side_ssl = false;\nlog_root = "%s/logs";\npid_file = "%s/bip-%d.pid";\nlog_level = 3;\n'
                  'network { name = "n"; server { host = "127.0.0.1"; port = 9; }; };\n' % (h, p, d, d, p))
        return ["bip", "-n", "-s", d, "-f", f]
    std("bip", conf, label="bip.conf `ip = \"HOST\"; port = PORT;`", timeout=5, cwd=d, low=113)
    neg("bip", "normal start, one IRC client sends NICK/USER, then SIGTERM", lambda p: conf("127.0.0.1", p), cwd=d, during=lambda p: tcp_poke(p, b"NICK a\r\nUSER a 0 * :a\r\n"))
    neg("bip", "config with a syntax error", ["sh", "-c", "printf 'port = ;\\n' > %s/bad.conf; exec bip -n -s %s -f %s/bad.conf" % (d, d, d)], cwd=d, timeout=5)


def uhub():
    reset("uhub")
    d = mkd(N + "/uhub")

    def conf(h, p):
        f = write(d + "/uhub-%s-%s.conf" % (h.replace(":", "_"), p), "server_port = %d\nserver_bind_addr = %s\n" % (p, h))
        return ["uhub", "-c", f, "-v"]
    std("uhub", conf, label="uhub.conf `server_bind_addr = HOST` `server_port = PORT`", timeout=5, cwd=d, low=411)
    neg("uhub", "normal start, one ADC client sends HSUP, then SIGTERM", lambda p: conf("127.0.0.1", p), cwd=d, during=lambda p: tcp_poke(p, b"HSUP ADBASE ADTIGR\n"))
    neg("uhub", "config file that does not exist", ["uhub", "-c", d + "/nope.conf"], cwd=d, timeout=5)


def stubby():
    reset("stubby")
    d = mkd(N + "/stubby")

    def conf(h, p):
        f = write(d + "/stubby-%s-%s.yml" % (h.replace(":", "_"), p),
                  "resolution_type: GETDNS_RESOLUTION_STUB\ndns_transport_list:\n  - GETDNS_TRANSPORT_UDP\nlisten_addresses:\n  - %s@%d\n"
                  "upstream_recursive_servers:\n  - address_data: 127.0.0.1\n    port: 9\n" % (h, p))
        return ["stubby", "-C", f, "-l", "-v", "6"]
    std("stubby", conf, label="stubby.yml `listen_addresses: [HOST@PORT]`", proto="udp", low=53, timeout=5, cwd=d)
    held("stubby", "stubby listen_addresses 0.0.0.0@{port}, the TCP port held", lambda p: conf("0.0.0.0", p), timeout=5, cwd=d)
    neg("stubby", "normal start, one DNS query (upstream 127.0.0.1:9 closed), then SIGTERM", lambda p: conf("127.0.0.1", p), proto="udp", cwd=d, during=lambda p: udp_poke(p, DNSQ))
    neg("stubby", "config with a YAML error", ["sh", "-c", "printf 'listen_addresses: [\\n' > %s/bad.yml; exec stubby -C %s/bad.yml -l" % (d, d)], cwd=d, timeout=5)


def snmptrapd():
    reset("snmptrapd")
    d = mkd(N + "/snmptrapd")
    c = write(d + "/snmptrapd.conf", "disableAuthorization yes\n")

    def cmd(h, p, t="udp"):
        spec = ("%s6:[%s]:%d" % (t, h, p)) if ":" in h else ("%s:%s:%d" % (t, h, p))
        return ["snmptrapd", "-f", "-Lo", "-C", "-c", c, "-p", d + "/pid", spec]
    std("snmptrapd", cmd, label="`udp:HOST:PORT` listening address (udp6:[::]:PORT for IPv6)", proto="udp", low=162, timeout=5, cwd=d)
    held("snmptrapd", "snmptrapd tcp:0.0.0.0:{port}", lambda p: cmd("0.0.0.0", p, "tcp"), timeout=5, cwd=d)
    neg("snmptrapd", "normal start, one stray UDP packet, then SIGTERM", lambda p: cmd("127.0.0.1", p), proto="udp", cwd=d, during=lambda p: udp_poke(p, b"hello"))
    neg("snmptrapd", "listening address with an unknown transport", ["snmptrapd", "-f", "-Lo", "-C", "-c", c, "nope:127.0.0.1:{port}"], cwd=d, timeout=5)


def radsecproxy():
    reset("radsecproxy")
    d = mkd(N + "/radsec")

    def conf(h, p, kind="UDP"):
        f = write(d + "/rsp-%s-%s-%s.conf" % (kind, h.replace(":", "_"), p),
                  "Listen%s %s\nLogLevel 3\nclient 127.0.0.1 {\n  type %s\n  secret s\n}\nserver 127.0.0.1 {\n  type udp\n  port 9\n  secret s\n}\nrealm * {\n  server 127.0.0.1\n}\n"
                  % (kind, hp(h, p), kind.lower()))
        return ["radsecproxy", "-f", "-d", "3", "-c", f, "-i", d + "/pid-%s" % p]
    std("radsecproxy", conf, label="`ListenUDP HOST:PORT`", proto="udp", low=1812 - 1000, timeout=5, cwd=d)
    held("radsecproxy", "radsecproxy `ListenTCP 0.0.0.0:{port}`", lambda p: conf("0.0.0.0", p, "TCP"), timeout=5, cwd=d)
    neg("radsecproxy", "normal start, one stray UDP packet, then SIGTERM", lambda p: conf("127.0.0.1", p), proto="udp", cwd=d, during=lambda p: udp_poke(p, b"hello"))
    neg("radsecproxy", "config file that does not exist", ["radsecproxy", "-f", "-c", d + "/nope.conf"], cwd=d, timeout=5)


def zabbix_proxy():
    reset("zabbix_proxy")
    import harness
    harness._next_port[0] = 31000   # zabbix takes ListenPort 1024-32767 only
    d = mkd(N + "/zbx")

    def conf(h, p):
        f = write(d + "/zp-%s-%s.conf" % (h.replace(":", "_"), p),
                  "ProxyMode=1\nServer=127.0.0.1\nHostname=r4\nDBName=%s/zp-%d.db\nListenPort=%d\nListenIP=%s\nLogType=console\nAllowRoot=1\nPidFile=%s/zp-%d.pid\n"
                  "StartPollers=1\nStartTrappers=1\n" % (d, p, p, h, d, p))
        return ["zabbix_proxy", "-f", "-c", f]
    std("zabbix_proxy", conf, label="zabbix_proxy.conf `ListenIP=HOST` `ListenPort=PORT` (sqlite3)", timeout=8, cwd=d, low=105)
    neg("zabbix_proxy", "normal start, one TCP client sends junk, then SIGTERM", lambda p: conf("127.0.0.1", p), cwd=d, during=lambda p: tcp_poke(p, b"junk\n"))
    neg("zabbix_proxy", "config with an unknown parameter", ["sh", "-c", "printf 'Nope=1\\nHostname=x\\n' > %s/bad.conf; exec zabbix_proxy -f -c %s/bad.conf" % (d, d)], cwd=d, timeout=5)


def gmetad():
    reset("gmetad")
    d = mkd(N + "/gmetad")

    def conf(p, ip=None, q=None):
        f = write(d + "/gmetad-%s.conf" % p, 'data_source "x" 127.0.0.1:9\nxml_port %d\ninteractive_port %d\nrrd_rootdir "%s"\nsetuid off\n' % (p, q or p + 1, d))
        return ["gmetad", "-d", "1", "-c", f]
    held("gmetad", "gmetad.conf `xml_port {port}`", lambda p: conf(p), timeout=5, cwd=d)
    held("gmetad", "gmetad.conf `xml_port {port}`", lambda p: conf(p), host="::", timeout=5, cwd=d)
    p = new_port()
    held("gmetad", "gmetad.conf `interactive_port {port}` (xml_port PORT+1)", conf(p + 1, q=p), port=p, timeout=5, cwd=d)
    sh("chown -R nobody %s" % d)
    run_case("gmetad", "bind", "run as nobody (ip_unprivileged_port_start=1024); gmetad.conf `xml_port 80`", conf(80), port=80, user="nobody", errno="EACCES", timeout=5, cwd=d)
    neg("gmetad", "normal start (data source 127.0.0.1:9 closed), one client reads the XML, then SIGTERM", lambda p: conf(p), cwd=d, during=lambda p: tcp_poke(p))
    neg("gmetad", "config file that does not exist", ["gmetad", "-d", "1", "-c", d + "/nope.conf"], cwd=d, timeout=5)


def ovsdb_server():
    reset("ovsdb-server")
    d = mkd(N + "/ovsdb")
    sh("rm -f %s/conf.db; ovsdb-tool create %s/conf.db /usr/share/openvswitch/vswitch.ovsschema" % (d, d))
    sh("chmod 666 %s/conf.db" % d)

    dn = mkd(N + "/ovsdb-nobody")
    sh("rm -f %s/conf.db %s/.conf.db.~lock~; ovsdb-tool create %s/conf.db /usr/share/openvswitch/vswitch.ovsschema; chown -R nobody %s" % (dn, dn, dn, dn))

    def cmd(h, p):
        return ["ovsdb-server", (dn if p == 80 else d) + "/conf.db", "--remote=ptcp:%d:%s" % (p, ("[%s]" % h) if ":" in h else h), "--unixctl=%s/ctl-%d" % (d, p), "-vconsole:info", "--no-chdir"]
    std("ovsdb-server", cmd, label="--remote=ptcp:PORT:HOST", timeout=5, cwd=d)
    neg("ovsdb-server", "normal start, one JSON-RPC echo, then SIGTERM", lambda p: cmd("127.0.0.1", p), cwd=d,
        during=lambda p: tcp_poke(p, b'{"method":"echo","params":[],"id":1}'))
    neg("ovsdb-server", "database file that does not exist", ["ovsdb-server", d + "/nope.db", "--remote=ptcp:{port}:127.0.0.1", "-vconsole:info"], cwd=d, timeout=5)


def openbgpd():
    reset("openbgpd")
    d = mkd(N + "/obgpd")

    def conf(h, p):
        f = write(d + "/bgpd-%s-%s.conf" % (h.replace(":", "_"), p), "AS 65001\nrouter-id 10.0.0.1\nlisten on %s port %d\n" % (h, p))
        sh("chmod 600 " + f)
        return ["/usr/sbin/bgpd", "-d", "-v", "-f", f]
    std("openbgpd", conf, label="bgpd.conf `listen on HOST port PORT`", timeout=5, cwd=d, low=179)
    neg("openbgpd", "normal start, one TCP client sends junk, then SIGTERM", lambda p: conf("127.0.0.1", p), cwd=d, during=lambda p: tcp_poke(p, b"junk" * 8))
    neg("openbgpd", "config with a syntax error", ["sh", "-c", "printf 'AS nope\\n' > %s/bad.conf; chmod 600 %s/bad.conf; exec /usr/sbin/bgpd -d -v -f %s/bad.conf" % (d, d, d)], cwd=d, timeout=5)


def xl2tpd():
    reset("xl2tpd")
    d = mkd(N + "/xl2tpd")

    def conf(h, p):
        f = write(d + "/x-%s-%s.conf" % (h.replace(":", "_"), p), "[global]\nlisten-addr = %s\nport = %d\n" % (h, p))
        return ["xl2tpd", "-D", "-c", f, "-p", d + "/pid-%d" % p, "-C", d + "/ctl-%d" % p]
    std("xl2tpd", conf, label="xl2tpd.conf `listen-addr = HOST` `port = PORT`", proto="udp", v6=False, timeout=5, cwd=d, low=701)
    neg("xl2tpd", "normal start, one stray UDP packet, then SIGTERM", lambda p: conf("127.0.0.1", p), proto="udp", cwd=d, during=lambda p: udp_poke(p, b"hello"))
    neg("xl2tpd", "config file that does not exist", ["xl2tpd", "-D", "-c", d + "/nope.conf", "-p", d + "/pid", "-C", d + "/ctl"], cwd=d, timeout=5)


def vtund():
    reset("vtund")
    d = mkd(N + "/vtund")
    c = write(d + "/vtund.conf", "options {\n  timeout 10;\n}\nh1 {\n  passwd secret;\n  type tun;\n  proto tcp;\n}\n")
    std("vtund", lambda h, p: ["vtund", "-s", "-n", "-f", c, "-L", h, "-P", str(p)], label="-s -n -L HOST -P PORT", timeout=5, cwd=d, low=500)
    neg("vtund", "normal start, one TCP client sends junk, then SIGTERM", ["vtund", "-s", "-n", "-f", c, "-L", "127.0.0.1", "-P", "{port}"], cwd=d, during=lambda p: tcp_poke(p, b"junk\n"))
    neg("vtund", "config file that does not exist", ["vtund", "-s", "-n", "-f", d + "/nope.conf", "-P", "{port}"], cwd=d, timeout=5)


def p910nd():
    reset("p910nd")
    d = mkd(N + "/p910nd")
    sh("mkdir -p /var/lock/p910nd")
    P = lambda h: ["p910nd", "-f", "/dev/null", "-b", "-d", "-v", "-i", h, "5"]
    held("p910nd", "p910nd -f /dev/null -b -d -i 0.0.0.0 5 (port 9105)", P("0.0.0.0"), port=9105, cwd=d, timeout=5)
    held("p910nd", "p910nd -f /dev/null -b -d -i :: 5 (port 9105)", P("::"), port=9105, host="::", cwd=d, timeout=5)
    run_case("p910nd", "bind", "p910nd -f /dev/null -b -d -i 192.0.2.1 5 (port 9105), an address not on this host", P("192.0.2.1"), port=9105, errno="EADDRNOTAVAIL", addr="192.0.2.1", cwd=d, timeout=5)
    neg("p910nd", "normal start, one client sends a few bytes (printer /dev/null), then SIGTERM", P("127.0.0.1"), port=9105, cwd=d, during=lambda p: tcp_poke(p, b"print me\n"))
    neg("p910nd", "printer device that does not exist", ["p910nd", "-f", "/nope/lp0", "-d", "-v", "-i", "127.0.0.1", "5"], port=9105, cwd=d, during=lambda p: tcp_poke(p, b"x"))


def lpd():
    reset("lpd")
    d = mkd(N + "/lpd")
    made = not os.path.exists("/etc/printcap")
    if made:
        write("/etc/printcap", "")   # LPRng will not start without one; removed again below
    std("lpd", lambda h, p: ["lpd", "-F", "-L", "/dev/stdout", "-p", ("%s%%%d" % (h, p)) if False else str(p)], label="LPRng lpd -F -L /dev/stdout -p PORT", v6=False, notavail=False, timeout=5, cwd=d, low=515)
    neg("lpd", "normal start, one client sends a queue-state request, then SIGTERM", ["lpd", "-F", "-L", "/dev/stdout", "-p", "{port}"], cwd=d, during=lambda p: tcp_poke(p, b"\x03lp\n"))
    if made:
        os.remove("/etc/printcap")


def opendmarc():
    reset("opendmarc")
    d = mkd(N + "/opendmarc")
    c = write(d + "/opendmarc.conf", "Syslog false\n")

    def cmd(h, p):
        return ["opendmarc", "-f", "-v", "-c", c, "-p", "inet:%d@%s" % (p, ("[%s]" % h) if ":" in h else h), "-P", d + "/pid-%d" % p]
    std("opendmarc", cmd, label="-p inet:PORT@HOST", timeout=5, cwd=d, low=25)
    neg("opendmarc", "normal start, one TCP client sends junk, then SIGTERM", lambda p: cmd("127.0.0.1", p), cwd=d, during=lambda p: tcp_poke(p, b"junk"))
    neg("opendmarc", "socket spec with an unknown family", ["opendmarc", "-f", "-c", c, "-p", "nope:{port}@127.0.0.1"], cwd=d, timeout=5)


def nbd_server():
    reset("nbd-server")
    d = mkd(N + "/nbd")
    sh("truncate -s 1M %s/disk.img; chmod 666 %s/disk.img" % (d, d))

    def conf(h, p):
        f = write(d + "/nbd-%s-%s.conf" % (h.replace(":", "_"), p), "[generic]\nport = %d\nlistenaddr = %s\n[disk]\nexportname = %s/disk.img\n" % (p, h, d))
        return ["nbd-server", "-d", "-C", f]
    std("nbd-server", conf, label="config `[generic] listenaddr = HOST port = PORT`", timeout=5, cwd=d, low=809)
    neg("nbd-server", "normal start, one client reads the greeting, then SIGTERM", lambda p: conf("127.0.0.1", p), cwd=d, during=lambda p: tcp_poke(p))
    neg("nbd-server", "config file that does not exist", ["nbd-server", "-d", "-C", d + "/nope.conf"], cwd=d, timeout=5)


def tgtd():
    reset("tgtd")
    d = mkd(N + "/tgtd")
    std("tgtd", lambda h, p: ["tgtd", "-f", "--iscsi", "portal=%s" % hp(h, p)], label="-f --iscsi portal=HOST:PORT", timeout=5, cwd=d, low=860)
    neg("tgtd", "normal start, one TCP client sends junk, then SIGTERM", ["tgtd", "-f", "--iscsi", "portal=127.0.0.1:{port}"], cwd=d, during=lambda p: tcp_poke(p, b"junk" * 12))


def gdnsd():
    reset("gdnsd")
    d = mkd(N + "/gdnsd")

    def conf(h, p):
        cd = mkd(d + "/cfg-%s-%s" % (h.replace(":", "_"), p))
        mkd(cd + "/zones")
        write(cd + "/zones/example.test", "@ SOA ns1 hostmaster 1 7200 1800 259200 900\n@ NS ns1\nns1 A 127.0.0.1\n")
        write(cd + "/config", "options => {\n  listen => [ %s ]\n  run_dir => %s\n  state_dir => %s\n}\n" % (hp(h, p), mkd(cd + "/run"), mkd(cd + "/state")))
        return ["gdnsd", "-c", cd, "-f", "start"]
    std("gdnsd", conf, label="config `listen => [ HOST:PORT ]` (UDP and TCP; UDP held)", proto="udp", low=53, timeout=6, cwd=d)
    held("gdnsd", "gdnsd `listen => [ 0.0.0.0:{port} ]`, the TCP port held", lambda p: conf("0.0.0.0", p), timeout=6, cwd=d)
    neg("gdnsd", "normal start, one DNS query over UDP, then SIGTERM", lambda p: conf("127.0.0.1", p), proto="udp", cwd=d, during=lambda p: udp_poke(p, DNSQ))
    neg("gdnsd", "config directory that does not exist", ["gdnsd", "-c", d + "/nope", "-f", "start"], cwd=d, timeout=5)


def apt_cacher_ng():
    reset("apt-cacher-ng")
    d = mkd(N + "/acng")
    A = lambda h, p: ["apt-cacher-ng", "-c", "/etc/apt-cacher-ng", "ForeGround=1", "Port=%d" % p, "BindAddress=%s" % h, "CacheDir=" + mkd(d + "/cache"), "LogDir=" + mkd(d + "/log"),
                      "SocketPath=%s/sock-%d" % (d, p), "PidFile=%s/pid-%d" % (d, p), "Debug=1"]
    std("apt-cacher-ng", A, label="ForeGround=1 Port=PORT BindAddress=HOST", timeout=5, cwd=d, low=142)
    neg("apt-cacher-ng", "normal start, GET /acng-report.html, then SIGTERM", lambda p: A("127.0.0.1", p), cwd=d, during=lambda p: http_get(p, "/acng-report.html"))


def ser2net():
    reset("ser2net")
    d = mkd(N + "/ser2net")

    def conf(h, p):
        f = write(d + "/s-%s-%s.yaml" % (h.replace(":", "_"), p), "connection: &c1\n  accepter: tcp,%s,%d\n  connector: serialdev,/dev/null,9600n81\n" % (h, p))
        return ["ser2net", "-n", "-d", "-c", f, "-P", d + "/pid-%d" % p]
    std("ser2net", conf, label="yaml `accepter: tcp,HOST,PORT`", timeout=5, cwd=d, low=23)
    neg("ser2net", "normal start, one client (connector 127.0.0.1:9 closed), then SIGTERM", lambda p: conf("127.0.0.1", p), cwd=d, during=lambda p: tcp_poke(p, b"x"))
    neg("ser2net", "config with a YAML error", ["sh", "-c", "printf 'connection: [\\n' > %s/bad.yaml; exec ser2net -n -d -c %s/bad.yaml" % (d, d)], cwd=d, timeout=5)


def pgpool():
    reset("pgpool")
    d = mkd(N + "/pgpool")
    pcp = write(d + "/pcp.conf", "")

    def conf(h, p, pcp_port=None):
        f = write(d + "/pgpool-%s-%s.conf" % (h.replace(":", "_"), p),
                  "listen_addresses = '%s'\nport = %d\npcp_listen_addresses = '127.0.0.1'\npcp_port = %d\nsocket_dir = '%s'\npcp_socket_dir = '%s'\n"
                  "backend_hostname0 = '127.0.0.1'\nbackend_port0 = 5432\nlogdir = '%s'\npid_file_name = '%s/pgpool-%d.pid'\nnum_init_children = 2\nlog_destination = 'stderr'\n"
                  % (h, p, pcp_port or p + 1, d, d, d, d, p))
        return ["pgpool", "-n", "-f", f, "-F", pcp]
    std("pgpool", conf, label="pgpool.conf `listen_addresses = 'HOST'` `port = PORT`", timeout=6, cwd=d, low=543)
    p = new_port()
    held("pgpool", "pgpool.conf `pcp_port = {port}` (pcp_listen_addresses 127.0.0.1; port PORT+1)", conf("127.0.0.1", p + 1, pcp_port=p), host="127.0.0.1", port=p, timeout=6, cwd=d)
    neg("pgpool", "normal start (backend 127.0.0.1:9 closed), one client sends a startup packet, then SIGTERM", lambda p: conf("127.0.0.1", p), cwd=d,
        during=lambda p: tcp_poke(p, bytes.fromhex("0000000804d2162f")))
    neg("pgpool", "config file that does not exist", ["pgpool", "-n", "-f", d + "/nope.conf", "-F", pcp], cwd=d, timeout=5)


def nrpe():
    reset("nrpe")
    d = mkd(N + "/nrpe")

    def conf(h, p):
        f = write(d + "/nrpe-%s-%s.cfg" % (h.replace(":", "_"), p),
                  "server_port=%d\nserver_address=%s\nallowed_hosts=127.0.0.1,::1\nnrpe_user=nobody\nnrpe_group=nogroup\npid_file=%s/nrpe-%d.pid\ndebug=1\nlog_file=/dev/stdout\n" % (p, h, d, p))
        return ["nrpe", "-c", f, "-f"]
    std("nrpe", conf, label="nrpe.cfg `server_address=HOST` `server_port=PORT`", timeout=5, cwd=d, low=666)
    neg("nrpe", "normal start, one plain TCP client sends junk, then SIGTERM", lambda p: conf("127.0.0.1", p), cwd=d, during=lambda p: tcp_poke(p, b"junk\n"))
    neg("nrpe", "config file that does not exist", ["nrpe", "-c", d + "/nope.cfg", "-f"], cwd=d, timeout=5)


def babeld():
    reset("babeld")
    d = mkd(N + "/babeld")
    B = lambda p: ["babeld", "-d", "1", "-p", str(p), "-I", d + "/pid-%d" % p, "-S", d + "/state-%d" % p, "-G", str(p + 1000), "lo"]
    held("babeld", "babeld -p {port} lo (protocol port, UDP held on [::])", lambda p: B(p), proto="udp", host="::", timeout=5, cwd=d)
    p = new_port()
    held("babeld", "babeld -G {port} (local configuration port, TCP held on [::]; protocol port PORT-1000)", B(p - 1000), host="::", port=p, timeout=5, cwd=d)
    neg("babeld", "normal start on lo, then SIGTERM", lambda p: B(p), proto="udp", cwd=d, during=lambda p: None)
    neg("babeld", "interface that does not exist", ["babeld", "-d", "1", "-p", "{port}", "-I", d + "/pidx", "-S", d + "/statex", "nope0"], cwd=d, timeout=5)


def pptpd():
    reset("pptpd")
    d = mkd(N + "/pptpd")
    opt = write(d + "/options", "")
    P = lambda h: ["pptpd", "-f", "-d", "-c", write(d + "/pptpd-%s.conf" % h.replace(":", "_"), "option %s\nlisten %s\n" % (opt, h)), "-p", d + "/pid"]
    held("pptpd", "pptpd.conf `listen 0.0.0.0` (port 1723 fixed)", P("0.0.0.0"), port=1723, timeout=5, cwd=d)
    run_case("pptpd", "bind", "pptpd.conf `listen 192.0.2.1` (port 1723), an address not on this host", P("192.0.2.1"), port=1723, errno="EADDRNOTAVAIL", addr="192.0.2.1", timeout=5, cwd=d)
    neg("pptpd", "normal start, one TCP client sends junk, then SIGTERM", P("127.0.0.1"), port=1723, cwd=d, during=lambda p: tcp_poke(p, b"junk" * 8))


def rpcbind():
    reset("rpcbind")
    held("rpcbind", "rpcbind -f (port 111 fixed), the TCP port held", ["rpcbind", "-f", "-w"], port=111, timeout=5)
    held("rpcbind", "rpcbind -f (port 111 fixed), the UDP port held", ["rpcbind", "-f", "-w"], port=111, proto="udp", timeout=5)
    run_case("rpcbind", "bind", "rpcbind -f -h 192.0.2.1 (UDP on 111), an address not on this host", ["rpcbind", "-f", "-h", "192.0.2.1"], port=111, proto="udp", errno="EADDRNOTAVAIL", addr="192.0.2.1", timeout=5)
    neg("rpcbind", "normal start, rpcinfo -p 127.0.0.1, then SIGTERM", ["rpcbind", "-f", "-w"], port=111, during=lambda p: sh("rpcinfo -p 127.0.0.1 >/dev/null 2>&1"))
    sh("rm -f /run/rpcbind.sock /run/rpcbind.lock")


def charon():
    reset("charon")
    d = mkd(N + "/charon")

    def conf(p, q, extra=""):
        return write(d + "/strongswan-%d-%d.conf" % (p, q),
                     "charon {\n  port = %d\n  port_nat_t = %d\n  %s\n  install_routes = no\n  filelog {\n    stderr {\n      default = 1\n      ike = 1\n    }\n  }\n  plugins {\n    stroke {\n      socket = unix://%s/charon-%d.ctl\n    }\n  }\n}\n" % (p, q, extra, d, p))
    C = lambda p, q, extra="": (["/usr/lib/ipsec/charon"], {"STRONGSWAN_CONF": conf(p, q, extra)})
    p = new_port()
    argv, env = C(p, p + 1)
    held("charon", "strongswan.conf `charon.port = {port}` (port_nat_t PORT+1), the UDP port held", argv, port=p, proto="udp", env=env, timeout=6, cwd=d)
    p = new_port()
    argv, env = C(p - 1, p)
    held("charon", "strongswan.conf `charon.port_nat_t = {port}` (port PORT-1), the UDP port held on [::]", argv, port=p, host="::", proto="udp", env=env, timeout=6, cwd=d)
    argv, env = C(500, 4500)
    run_case("charon", "bind", "run as nobody (ip_unprivileged_port_start=1024); strongswan.conf charon.port = 500, port_nat_t = 4500", argv, port=500, user="nobody", env=env, proto="udp", errno="EACCES", timeout=6, cwd=d)
    p = new_port()
    argv, env = C(p, p + 1)
    neg("charon", "normal start (ports PORT and PORT+1), one stray UDP packet, then SIGTERM", argv, port=p, proto="udp", env=env, cwd=d, during=lambda p: udp_poke(p, b"hello"))


if __name__ == "__main__":
    for name in sys.argv[1:]:
        globals()[name.replace("-", "_")]()
