"""Game servers, media/torrent daemons, VPN and remote-desktop servers from Debian 12."""
import json, os, sys, glob
from harness import run_case, reset, new_port, http_get, tcp_poke, RUN, sh, write
from common import std, held, neg, udp_poke, mkd, hp

N = mkd(RUN + "/apps")
if not os.path.exists(N + "/cert.pem"):
    sh("cd %s && openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem -subj /CN=localhost -days 2 2>/dev/null && chmod 644 *.pem" % N)


def minetestserver():
    reset("minetestserver")
    d = mkd(N + "/minetest")
    M = "/usr/lib/minetest/minetestserver"

    def cmd(h, p):
        w = mkd(d + "/world-%s" % p)
        c = write(d + "/mt-%s-%s.conf" % (h.replace(":", "_"), p), "bind_address = %s\nipv6_server = %s\nserver_announce = false\n" % (h, "true" if ":" in h else "false"))
        return [M, "--config", c, "--world", w, "--gameid", "devtest", "--port", str(p)]
    std("minetestserver", cmd, label="minetest.conf `bind_address = HOST`, --port PORT, --gameid devtest", proto="udp", low=300, timeout=10, cwd=d, env={"HOME": d})
    neg("minetestserver", "normal start (devtest), one stray UDP packet, then SIGTERM", lambda p: cmd("127.0.0.1", p), proto="udp", cwd=d, env={"HOME": d},
        during=lambda p: udp_poke(p, b"hello"), listen_timeout=40)
    neg("minetestserver", "--gameid that does not exist", [M, "--world", d + "/w-nope", "--gameid", "nope", "--port", "{port}"], cwd=d, env={"HOME": d}, timeout=10)


def freeciv_server():
    reset("freeciv-server")
    d = mkd(N + "/freeciv")
    F = lambda h, p: ["/usr/games/freeciv-server", "-b", h, "-p", str(p), "-d", "2"]
    std("freeciv-server", F, label="-b HOST -p PORT (as nobody: it refuses root)", timeout=6, cwd=d, all_user="nobody", low=555)
    neg("freeciv-server", "normal start as nobody, one TCP client sends junk, then SIGTERM", lambda p: F("127.0.0.1", p), cwd=d, user="nobody", during=lambda p: tcp_poke(p, b"junk" * 4))
    neg("freeciv-server", "run as root (it refuses)", ["/usr/games/freeciv-server", "-p", "{port}"], cwd=d, env={"HOME": d}, timeout=6)


def wesnothd():
    reset("wesnothd")
    d = mkd(N + "/wesnothd")
    W = lambda p: ["/usr/games/wesnothd-1.16", "-p", str(p), "-v"]
    held("wesnothd", "wesnothd-1.16 -p {port}", lambda p: W(p), timeout=6, cwd=d, env={"HOME": d})
    held("wesnothd", "wesnothd-1.16 -p {port}", lambda p: W(p), host="::", timeout=6, cwd=d, env={"HOME": d})
    run_case("wesnothd", "bind", "run as nobody (ip_unprivileged_port_start=1024); wesnothd-1.16 -p 150", W(150), port=150, user="nobody", errno="EACCES", timeout=6, cwd=d)
    neg("wesnothd", "normal start, one client sends the handshake, then SIGTERM", lambda p: W(p), cwd=d, env={"HOME": d}, during=lambda p: tcp_poke(p, b"\x00\x00\x00\x00"))
    neg("wesnothd", "-c a config file that does not exist", ["/usr/games/wesnothd-1.16", "-p", "{port}", "-c", d + "/nope.cfg"], cwd=d, env={"HOME": d}, timeout=6)


def bzfs():
    reset("bzfs")
    d = mkd(N + "/bzfs")
    B = lambda h, p: ["/usr/games/bzfs", "-i", h, "-p", str(p), "-d"]
    std("bzfs", B, label="-i HOST -p PORT (TCP and UDP; TCP held)", timeout=6, cwd=d, env={"HOME": d}, low=518)
    held("bzfs", "bzfs -p {port}, the UDP port held", lambda p: ["/usr/games/bzfs", "-p", str(p), "-d"], proto="udp", timeout=6, cwd=d, env={"HOME": d})
    neg("bzfs", "normal start, one client sends a hello, then SIGTERM", lambda p: B("127.0.0.1", p), cwd=d, env={"HOME": d}, during=lambda p: tcp_poke(p, b"BZFLAG\r\n\r\n"))
    neg("bzfs", "-world a file that does not exist", ["/usr/games/bzfs", "-p", "{port}", "-world", d + "/nope.bzw"], cwd=d, env={"HOME": d}, timeout=6)


def openttd():
    reset("openttd")
    d = mkd(N + "/openttd")
    O = lambda h, p: ["/usr/games/openttd", "-D", hp(h, p), "-x", "-c", write(d + "/openttd-%s.cfg" % p, "[network]\nserver_advertise = false\n")]
    std("openttd", O, label="-D HOST:PORT (TCP and UDP; TCP held)", timeout=12, cwd=d, env={"HOME": d}, low=397)
    held("openttd", "openttd -D 0.0.0.0:{port}, the UDP port held", lambda p: O("0.0.0.0", p), proto="udp", timeout=12, cwd=d, env={"HOME": d})
    neg("openttd", "normal dedicated start, one TCP client sends junk, then SIGTERM", lambda p: O("127.0.0.1", p), cwd=d, env={"HOME": d}, during=lambda p: tcp_poke(p, b"junk"), listen_timeout=40)


def teeworlds_server():
    reset("teeworlds-server")
    d = mkd(N + "/teeworlds")
    T = lambda h, p: ["/usr/games/teeworlds-server", "bindaddr %s; sv_port %d; sv_register 0" % (h, p)]
    std("teeworlds-server", T, label="`bindaddr HOST; sv_port PORT`", proto="udp", timeout=6, cwd=d, env={"HOME": d}, low=303)
    neg("teeworlds-server", "normal start, one stray UDP packet, then SIGTERM", lambda p: T("127.0.0.1", p), proto="udp", cwd=d, env={"HOME": d}, during=lambda p: udp_poke(p, b"hello"))


def armagetronad():
    reset("armagetronad-dedicated")
    d = mkd(N + "/armagetron")

    def A(h, p):
        u = mkd(d + "/u-%s" % p)
        write(u + "/autoexec.cfg", "SERVER_IP %s\nSERVER_PORT %d\nTALK_TO_MASTER 0\n" % (h, p))
        return ["/usr/games/armagetronad-dedicated", "--userconfigdir", u]
    std("armagetronad-dedicated", A, label="autoexec.cfg `SERVER_IP HOST` `SERVER_PORT PORT`", proto="udp", timeout=8, cwd=d, env={"HOME": d}, low=453, stop_signal=9)


def deluged():
    reset("deluged")
    d = mkd(N + "/deluged")
    D = lambda h, p: ["deluged", "-d", "-c", mkd(d + "/cfg-%s" % p), "-u", h, "-p", str(p), "-L", "warning"]
    std("deluged", D, label="-d -u HOST -p PORT (the daemon RPC port)", timeout=10, cwd=d, env={"HOME": d}, low=588)
    neg("deluged", "normal start, one TCP client sends junk, then SIGTERM", lambda p: D("127.0.0.1", p), cwd=d, env={"HOME": d}, during=lambda p: tcp_poke(p, b"junk"), listen_timeout=40)


def unison():
    reset("unison")
    d = mkd(N + "/unison")
    U = lambda h, p: ["unison", "-socket", str(p), "-listen", h]
    std("unison", U, label="-socket PORT -listen HOST", timeout=6, cwd=d, env={"HOME": d}, low=666)
    held("unison", "unison -socket {port} (no -listen)", lambda p: ["unison", "-socket", str(p)], timeout=6, cwd=d, env={"HOME": d})
    neg("unison", "normal start, one TCP client sends junk, then SIGTERM", lambda p: U("127.0.0.1", p), cwd=d, env={"HOME": d}, during=lambda p: tcp_poke(p, b"junk\n"))


def snapserver():
    reset("snapserver")
    d = mkd(N + "/snapserver")

    def S(h, p, which="stream"):
        ports = {"stream": p + 10, "tcp": p + 20, "http": p + 30}
        ports[which] = p
        a = ["snapserver", "-c", write(d + "/snapserver.conf", "[logging]\nsink = stdout\n[server]\ndatadir = %s\n" % d),
             "--stream.source=pipe://%s/fifo?name=x&mode=create" % d, "--logging.filter=*:info"]
        for k, v in ports.items():
            a += ["--%s.port=%d" % (k, v), "--%s.bind_to_address=%s" % (k, h if k == which else "127.0.0.1")]
        return a
    std("snapserver", lambda h, p: S(h, p), label="--stream.bind_to_address=HOST --stream.port=PORT", timeout=6, cwd=d, low=704)
    held("snapserver", "snapserver --http.bind_to_address=0.0.0.0 --http.port={port}", lambda p: S("0.0.0.0", p, "http"), timeout=6, cwd=d)
    held("snapserver", "snapserver --tcp.bind_to_address=0.0.0.0 --tcp.port={port} (JSON-RPC)", lambda p: S("0.0.0.0", p, "tcp"), timeout=6, cwd=d)
    neg("snapserver", "normal start, GET / on the HTTP port, then SIGTERM", lambda p: S("127.0.0.1", p, "http"), cwd=d, during=lambda p: http_get(p, "/"))


def minissdpd():
    reset("minissdpd")
    d = mkd(N + "/minissdpd")
    M = ["minissdpd", "-d", "-i", "lo", "-s", d + "/sock", "-p", d + "/pid"]
    held("minissdpd", "minissdpd -d -i lo (SSDP port 1900 fixed), the UDP port held", M, port=1900, proto="udp", timeout=5, cwd=d)
    run_case("minissdpd", "bind", "run as nobody (ip_unprivileged_port_start=1024); minissdpd -d -i lo (UDP 1900)", M, port=1900, proto="udp", user="nobody", errno="EACCES", timeout=5, cwd=d)
    neg("minissdpd", "normal start on lo, one M-SEARCH, then SIGTERM", M, port=1900, proto="udp", cwd=d,
        during=lambda p: udp_poke(p, b"M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: \"ssdp:discover\"\r\nMX: 1\r\nST: ssdp:all\r\n\r\n"))


def ziproxy():
    reset("ziproxy")
    d = mkd(N + "/ziproxy")
    Z = lambda h, p: ["ziproxy", "-d", "-c", write(d + "/z-%s-%s.conf" % (h.replace(":", "_"), p), "Port = %d\nAddress = \"%s\"\n" % (p, h)), "-p", d + "/pid-%d" % p]
    std("ziproxy", Z, label="-d, ziproxy.conf `Address = \"HOST\"` `Port = PORT`", timeout=5, cwd=d, low=808, after_wait=2)
    neg("ziproxy", "normal start, GET http://127.0.0.1:9/ through it, then SIGTERM", lambda p: Z("127.0.0.1", p), cwd=d,
        during=lambda p: sh("curl -s -o /dev/null -x http://127.0.0.1:%d http://127.0.0.1:9/" % p))


def trojan():
    reset("trojan")
    d = mkd(N + "/trojan")

    def T(h, p):
        c = {"run_type": "server", "local_addr": h, "local_port": p, "remote_addr": "127.0.0.1", "remote_port": 9, "password": ["pw"], "log_level": 1,
             "ssl": {"cert": N + "/cert.pem", "key": N + "/key.pem"}}
        return ["trojan", "-c", write(d + "/t-%s-%s.json" % (h.replace(":", "_"), p), json.dumps(c))]
    std("trojan", T, label="config `local_addr: HOST, local_port: PORT`", timeout=5, cwd=d, low=443)
    neg("trojan", "normal start, one TLS handshake, then SIGTERM", lambda p: T("127.0.0.1", p), cwd=d,
        during=lambda p: sh("timeout 3 openssl s_client -connect 127.0.0.1:%d </dev/null >/dev/null 2>&1" % p))
    neg("trojan", "certificate file that does not exist", ["sh", "-c", "sed 's#cert.pem#nope.pem#' %s > %s/bad.json; exec trojan -c %s/bad.json" % (T("127.0.0.1", 1)[2], d, d)], cwd=d, timeout=5)


def ocserv():
    reset("ocserv")
    d = mkd(N + "/ocserv")

    def O(h, p, udp=False):
        c = write(d + "/oc-%s-%s-%s.conf" % (h.replace(":", "_"), p, udp),
                  "auth = \"plain[passwd=%s/passwd]\"\n%stcp-port = %d\n%s\nserver-cert = %s/cert.pem\nserver-key = %s/key.pem\nsocket-file = %s/sock-%d\n"
                  "run-as-user = nobody\nrun-as-group = nogroup\nisolate-workers = false\ndevice = vpns\nipv4-network = 10.66.0.0/24\n"
                  % (d, ("listen-host = %s\n" % h) if h != "*" else "", p if not udp else p + 1, ("udp-port = %d" % p) if udp else "", N, N, d, p))
        write(d + "/passwd", "")
        return ["ocserv", "-f", "-d", "1", "-c", c]
    std("ocserv", O, label="ocserv.conf `listen-host = HOST` `tcp-port = PORT`", timeout=6, cwd=d, low=443)
    held("ocserv", "ocserv.conf `udp-port = {port}` (tcp-port PORT+1, no listen-host), the UDP port held", lambda p: O("*", p, True), proto="udp", timeout=6, cwd=d)
    neg("ocserv", "normal start, one TLS handshake, then SIGTERM", lambda p: O("127.0.0.1", p), cwd=d,
        during=lambda p: sh("timeout 3 openssl s_client -connect 127.0.0.1:%d </dev/null >/dev/null 2>&1" % p))


def corosync():
    reset("corosync")
    d = mkd(N + "/corosync")

    def C(h, p):
        c = write(d + "/cs-%s-%s.conf" % (h.replace(":", "_"), p),
                  "totem {\n  version: 2\n  cluster_name: r4\n  transport: udpu\n  crypto_cipher: none\n  crypto_hash: none\n  ip_version: %s\n}\n"
                  "nodelist {\n  node {\n    ring0_addr: %s\n    name: n1\n    nodeid: 1\n  }\n}\nquorum {\n  provider: corosync_votequorum\n}\n"
                  "logging {\n  to_stderr: yes\n  to_syslog: no\n  to_logfile: no\n}\n" % ("ipv6" if ":" in h else "ipv4", h))
        return ["corosync", "-f", "-c", c]
    # udpu binds the node's ring0 address on mcastport (5405, fixed unless set): hold that port
    held("corosync", "corosync.conf transport udpu, ring0_addr 127.0.0.1 (port 5405), UDP held on 0.0.0.0", C("127.0.0.1", 5405), port=5405, proto="udp", timeout=8, cwd=d)
    run_case("corosync", "bind", "corosync.conf transport udpu, ring0_addr 192.0.2.1 (port 5405), an address not on this host", C("192.0.2.1", 5405), port=5405, proto="udp",
             errno="EADDRNOTAVAIL", addr="192.0.2.1", timeout=8, cwd=d)
    neg("corosync", "normal start (udpu, ring0_addr 127.0.0.1), then SIGTERM", C("127.0.0.1", 5405), port=5405, proto="udp", cwd=d, during=lambda p: None)


def fastd():
    reset("fastd")
    d = mkd(N + "/fastd")
    if not os.path.exists(d + "/secret"):
        sh("fastd --generate-key --machine-readable > %s/secret 2>/dev/null" % d)
    sec = open(d + "/secret").read().strip()

    def F(h, p):
        bind = ("[%s]:%d" % (h, p)) if ":" in h else ("%s:%d" % (h, p))
        mkd(d + "/peers")
        c = write(d + "/f-%s-%s.conf" % (h.replace(":", "_"), p), "bind %s;\nmethod \"null\";\nmode tap;\ninterface \"r4fastd%d\";\nsecret \"%s\";\nlog level info;\ninclude peers from \"%s/peers\";\n" % (bind, p % 100, sec, d))
        return ["fastd", "-c", c]
    std("fastd", F, label="fastd.conf `bind HOST:PORT;`", proto="udp", timeout=6, cwd=d, low=100)


def x11vnc():
    reset("x11vnc")
    d = mkd(N + "/x11vnc")
    # a TigerVNC X server (already on the machine) gives x11vnc a display to export
    xs = None
    import subprocess, time
    disp = ":47"
    xs = subprocess.Popen(["Xtigervnc", disp, "-SecurityTypes", "None", "-rfbport", "-1", "-localhost"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    time.sleep(2)
    try:
        X = lambda h, p: ["x11vnc", "-display", disp, "-rfbport", str(p), "-listen", h, "-nopw", "-once", "-noipv6" if ":" not in h else "-6"]
        std("x11vnc", X, label="-display :47 -listen HOST -rfbport PORT", timeout=6, cwd=d, low=590)
        neg("x11vnc", "normal start, one client reads the RFB banner, then SIGTERM", lambda p: X("127.0.0.1", p), cwd=d, during=lambda p: tcp_poke(p))
    finally:
        from harness import stop
        stop(xs)
        sh("rm -f /tmp/.X47-lock /tmp/.X11-unix/X47")


def xrdp():
    reset("xrdp")
    d = mkd(N + "/xrdp")
    if not os.path.exists(d + "/rsakeys.ini"):
        sh("xrdp-keygen xrdp %s/rsakeys.ini >/dev/null 2>&1" % d)

    def X(h, p):
        ini = write(d + "/xrdp-%s-%s.ini" % (h.replace(":", "_"), p),
                    "[Globals]\nport=tcp://%s\nsecurity_layer=rdp\ncertificate=%s/cert.pem\nkey_file=%s/key.pem\n[Logging]\nLogFile=/dev/null\nLogLevel=DEBUG\nEnableConsole=true\nConsoleLevel=DEBUG\nEnableSyslog=false\n" % (hp(h, p), N, N))
        return ["xrdp", "--nodaemon", "--config", ini]
    std("xrdp", X, label="xrdp.ini `port=tcp://HOST:PORT`", timeout=6, cwd=d, low=389)
    neg("xrdp", "normal start, one client sends junk, then SIGTERM", lambda p: X("127.0.0.1", p), cwd=d, during=lambda p: tcp_poke(p, b"junk"))


def exabgp():
    reset("exabgp")
    d = mkd(N + "/exabgp")
    c = write(d + "/exabgp.conf", "neighbor 127.0.0.2 {\n  router-id 10.0.0.1;\n  local-address 127.0.0.1;\n  local-as 65001;\n  peer-as 65002;\n  passive;\n}\n")
    E = lambda h, p: (["exabgp", c], {"exabgp.tcp.bind": h, "exabgp.tcp.port": str(p), "exabgp.daemon.user": "root", "exabgp.log.destination": "stdout", "exabgp.api.cli": "false"})
    for kind, h in (("0.0.0.0", "0.0.0.0"), ("::", "::")):
        p = new_port()
        argv, env = E(h, p)
        held("exabgp", "env exabgp.tcp.bind=%s exabgp.tcp.port={port}" % h, argv, host=h, port=p, env=env, timeout=8, cwd=d)
    argv, env = E("0.0.0.0", 179)
    env["exabgp.daemon.user"] = "nobody"
    run_case("exabgp", "bind", "run as nobody (ip_unprivileged_port_start=1024); env exabgp.tcp.bind=0.0.0.0 exabgp.tcp.port=179", argv, port=179, user="nobody", env=env, errno="EACCES", timeout=8, cwd=d)
    p = new_port()
    argv, env = E("192.0.2.1", p)
    run_case("exabgp", "bind", "env exabgp.tcp.bind=192.0.2.1 exabgp.tcp.port={port}, an address not on this host", argv, port=p, env=env, errno="EADDRNOTAVAIL", addr="192.0.2.1", timeout=8, cwd=d)
    p = new_port()
    argv, env = E("127.0.0.1", p)
    neg("exabgp", "normal start (passive neighbor), one TCP client sends junk, then SIGTERM", argv, port=p, env=env, cwd=d, during=lambda p: tcp_poke(p, b"junk" * 8))


def i2pd():
    reset("i2pd")
    d = mkd(N + "/i2pd")

    def I(p, which="http", h="127.0.0.1"):
        ports = {"http": p + 10, "httpproxy": p + 20, "socksproxy": p + 30, "sam": p + 40}
        ports[which] = p
        a = ["i2pd", "--datadir", mkd(d + "/data-%d" % p), "--conf", write(d + "/empty.conf", ""), "--tunconf", d + "/empty.conf", "--log", "stdout", "--loglevel", "info",
             "--reseed.verify=false", "--ntcp2.enabled=false", "--ssu2.enabled=false", "--upnp.enabled=false", "--sam.enabled=true", "--bob.enabled=false", "--i2cp.enabled=false",
             "--i2pcontrol.enabled=false"]
        for k, v in ports.items():
            a += ["--%s.address=%s" % (k, h if k == which else "127.0.0.1"), "--%s.port=%d" % (k, v)]
        return a
    for which in ("http", "httpproxy", "socksproxy", "sam"):
        held("i2pd", "i2pd --%s.address=0.0.0.0 --%s.port={port}" % (which, which), lambda p, w=which: I(p, w, "0.0.0.0"), timeout=8, cwd=d)
    run_case("i2pd", "bind", "i2pd --http.address=192.0.2.1 --http.port={port}, an address not on this host", I(41990, "http", "192.0.2.1"), port=41990, errno="EADDRNOTAVAIL", addr="192.0.2.1", timeout=8, cwd=d)
    neg("i2pd", "normal start (no transports), GET / on the web console, then SIGTERM", lambda p: I(p), cwd=d, during=lambda p: http_get(p, "/"))


def carbon_cache():
    reset("carbon-cache")
    d = mkd(N + "/carbon")

    def C(h, p, which="LINE_RECEIVER"):
        ports = {"LINE_RECEIVER": p + 10, "PICKLE_RECEIVER": p + 20, "CACHE_QUERY": p + 30}
        ports[which] = p
        conf = "[cache]\nSTORAGE_DIR = %s/storage/\nLOCAL_DATA_DIR = %s/storage/whisper/\nLOG_DIR = %s/log/\nPID_DIR = %s/\nUSER =\nENABLE_UDP_LISTENER = False\n" % (d, d, d, d)
        for k, v in ports.items():
            conf += "%s_INTERFACE = %s\n%s_PORT = %d\n" % (k, h if k == which else "127.0.0.1", k, v)
        cd = mkd(d + "/conf-%d" % p)
        write(cd + "/carbon.conf", conf)
        write(cd + "/storage-schemas.conf", "[default]\npattern = .*\nretentions = 60s:1d\n")
        return ["carbon-cache", "--config", cd + "/carbon.conf", "--nodaemon", "--debug", "--pidfile", "%s/carbon-%d.pid" % (d, p), "start"]
    std("carbon-cache", C, label="carbon.conf `LINE_RECEIVER_INTERFACE = HOST` `LINE_RECEIVER_PORT = PORT`", timeout=10, cwd=d, low=203)
    held("carbon-cache", "carbon.conf `PICKLE_RECEIVER_INTERFACE = 0.0.0.0` `PICKLE_RECEIVER_PORT = {port}`", lambda p: C("0.0.0.0", p, "PICKLE_RECEIVER"), timeout=10, cwd=d)
    neg("carbon-cache", "normal start, one metric line over TCP, then SIGTERM", lambda p: C("127.0.0.1", p), cwd=d, during=lambda p: tcp_poke(p, b"a.b 1 1700000000\n"), listen_timeout=40)


def netdata():
    reset("netdata")
    d = mkd(N + "/netdata")

    def ND(h, p):
        c = write(d + "/netdata-%s.conf" % p, "[global]\n  run as user = root\n[directories]\n  cache = %s/cache\n  lib = %s/lib\n  log = %s/log\n[logs]\n  error = stderr\n  access = none\n  debug = none\n[plugins]\n  enable running new plugins = no\n  proc = no\n  diskspace = no\n  cgroups = no\n  tc = no\n  idlejitter = no\n  checks = no\n  apps = no\n  python.d = no\n  charts.d = no\n  go.d = no\n  node.d = no\n  ebpf = no\n[web]\n  bind to = %s\n  default port = %d\n[ml]\n  enabled = no\n[health]\n  enabled = no\n" % (d, d, d, hp(h, p), p))
        for s in ("cache", "lib", "log"):
            mkd(d + "/" + s)
        return ["netdata", "-D", "-c", c]
    std("netdata", ND, label="netdata.conf `[web] bind to = HOST:PORT`", timeout=10, cwd=d, low=199)
    neg("netdata", "normal start, GET /api/v1/info, then SIGTERM", lambda p: ND("127.0.0.1", p), cwd=d, during=lambda p: http_get(p, "/api/v1/info"), listen_timeout=40)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        globals()[name.replace("-", "_")]()
