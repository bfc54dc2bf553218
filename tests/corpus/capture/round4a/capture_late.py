"""Late additions: FRR ripd/ripngd, crossfire-server, gerbera, and re-runs (ser2net with a dummy device, kannel bearerbox)."""
import json, os, sys, subprocess
from harness import run_case, reset, new_port, http_get, tcp_poke, RUN, sh, write, stop
from common import std, held, neg, udp_poke, mkd, hp

N = mkd(RUN + "/late")
_n = [0]


def uniq():
    _n[0] += 1
    return _n[0]


def frr(daemon, rip_port, proto_v6=False):
    reset(daemon)
    d = mkd(N + "/" + daemon)
    sh("chown frr:frr %s" % d)

    def cmd(vty_host="127.0.0.1", vty_port=0):
        w = mkd(d + "/w%d" % uniq())
        sh("chown frr:frr %s" % w)
        conf = "router rip\n network 127.0.0.0/8\n" if daemon == "ripd" else "router ripng\n network ::1/128\n"
        c = write(w + "/%s.conf" % daemon, conf)
        a = ["/usr/lib/frr/" + daemon, "-f", c, "-i", w + "/pid", "--vty_socket", w, "-P", str(vty_port), "--log", "stdout", "--log-level", "info"]
        if vty_port:
            a += ["-A", vty_host]
        return a
    held(daemon, "%s with `router %s` (protocol port %d fixed), the UDP port held%s" % (daemon, "rip" if daemon == "ripd" else "ripng", rip_port, " on [::]" if proto_v6 else ""),
         cmd(), port=rip_port, proto="udp", host="::" if proto_v6 else "0.0.0.0", timeout=5, cwd=d)
    p = new_port()
    held(daemon, "%s -A 127.0.0.1 -P {port} (the vty port)" % daemon, cmd("127.0.0.1", p), port=p, host="127.0.0.1", timeout=5, cwd=d)
    neg(daemon, "normal start with `router %s`, then SIGTERM" % ("rip" if daemon == "ripd" else "ripng"), cmd(), port=rip_port, proto="udp", cwd=d, during=lambda p: None)


def ripd():
    frr("ripd", 520)


def ripngd():
    frr("ripngd", 521, True)


def crossfire_server():
    reset("crossfire-server")
    d = mkd(N + "/crossfire")
    C = lambda p: ["/usr/sbin/crossfire-server", "-p", str(p), "-log", "/dev/stdout"]
    held("crossfire-server", "crossfire-server -p {port} as nobody (it refuses root)", lambda p: C(p), user="nobody", timeout=8, cwd=d)
    held("crossfire-server", "crossfire-server -p {port} as nobody (it refuses root)", lambda p: C(p), host="::", user="nobody", timeout=8, cwd=d)
    run_case("crossfire-server", "bind", "run as nobody (ip_unprivileged_port_start=1024); crossfire-server -p 133", C(133), port=133, user="nobody", errno="EACCES", timeout=8, cwd=d)
    neg("crossfire-server", "normal start as nobody, one client sends junk, then SIGTERM", lambda p: C(p), user="nobody", cwd=d, during=lambda p: tcp_poke(p, b"\x00\x05hello"))
    neg("crossfire-server", "run as root (it refuses)", ["/usr/sbin/crossfire-server", "-p", "{port}"], cwd=d, timeout=5)


def ser2net():
    reset("ser2net")
    d = mkd(N + "/ser2net")
    # gensio resolves addresses with AI_ADDRCONFIG: give the namespace a dummy device with an address
    # (a dummy device drops everything it is given)
    sh("ip link add r3dummy0 type dummy && ip addr add 10.255.77.1/24 dev r3dummy0 && ip link set r3dummy0 up")

    def conf(h, p):
        f = write(d + "/s%d.yaml" % uniq(), "connection: &c1\n  accepter: tcp,%s,%d\n  connector: serialdev,/dev/null,9600n81\n" % (h, p))
        return ["ser2net", "-n", "-d", "-c", f, "-P", d + "/pid%d" % uniq()]
    std("ser2net", conf, label="yaml `accepter: tcp,HOST,PORT` (netns has a dummy device with 10.255.77.1)", timeout=5, cwd=d, low=23)
    neg("ser2net", "normal start, one client (connector /dev/null), then SIGTERM", lambda p: conf("127.0.0.1", p), cwd=d, during=lambda p: tcp_poke(p, b"x"))
    neg("ser2net", "config with a YAML error", ["sh", "-c", "printf 'connection: [\\n' > %s/bad.yaml; exec ser2net -n -d -c %s/bad.yaml" % (d, d)], cwd=d, timeout=5)
    sh("ip link del r3dummy0")


def gerbera():
    reset("gerbera")
    d = mkd(N + "/gerbera")

    def G(h, p):
        home = mkd(d + "/h%d" % uniq())
        return ["gerbera", "--home", home, "--cfgdir", ".", "--ip", h, "--port", str(p), "-e", "lo"][:4 + 0] + ["--ip", h, "--port", str(p)]
    std("gerbera", G, label="--home DIR --ip HOST --port PORT", timeout=8, cwd=d, low=80, v6=False, env={"HOME": d})
    neg("gerbera", "normal start, GET /, then SIGTERM", lambda p: G("127.0.0.1", p), cwd=d, env={"HOME": d}, during=lambda p: http_get(p, "/"))


def conserver():
    reset("conserver")
    d = mkd(N + "/conserver")
    cf = write(d + "/conserver.cf", "default * { rw *; }\nconsole c1 { master localhost; type exec; exec /bin/cat; }\naccess * { trusted 127.0.0.1; }\n")
    pw = write(d + "/conserver.passwd", "")
    C = lambda h, p: ["conserver", "-C", cf, "-P", pw, "-M", h, "-p", str(p), "-v"]
    std("conserver", C, label="-C conserver.cf -M HOST -p PORT -v (one exec console)", timeout=5, cwd=d, low=782)
    neg("conserver", "normal start, one client reads the greeting, then SIGTERM", lambda p: C("127.0.0.1", p), cwd=d, during=lambda p: tcp_poke(p))


def upsd():
    reset("upsd")
    d = mkd(N + "/nut")

    def U(h, p):
        w = mkd(d + "/n%d" % uniq())
        write(w + "/ups.conf", "[dummy]\n  driver = dummy-ups\n  port = dummy.dev\n")
        write(w + "/upsd.conf", "LISTEN %s %d\n" % (h, p))
        write(w + "/upsd.users", "")
        sh("chmod 644 %s/*; chmod 777 %s" % (w, w))
        return (["/lib/nut/upsd", "-F", "-D"], {"NUT_CONFPATH": w, "NUT_STATEPATH": w, "NUT_ALTPIDPATH": w})
    for h in ("0.0.0.0", "::"):
        p = new_port()
        argv, env = U(h, p)
        held("upsd", "upsd.conf `LISTEN %s {port}` (/lib/nut/upsd -F -D, one dummy-ups UPS)" % h, argv, host=h, port=p, env=env, timeout=5, cwd=d)
    argv, env = U("0.0.0.0", 349)
    run_case("upsd", "bind", "run as nobody (ip_unprivileged_port_start=1024); upsd.conf `LISTEN 0.0.0.0 349`", argv, port=349, user="nobody", env=env, errno="EACCES", addr="0.0.0.0", timeout=5, cwd=d)
    p = new_port()
    argv, env = U("192.0.2.1", p)
    run_case("upsd", "bind", "upsd.conf `LISTEN 192.0.2.1 %d`, an address not on this host" % p, argv, port=p, env=env, errno="EADDRNOTAVAIL", addr="192.0.2.1", timeout=5, cwd=d)
    p = new_port()
    argv, env = U("127.0.0.1", p)
    neg("upsd", "normal start (driver not running), one client sends LIST UPS, then SIGTERM", argv, port=p, env=env, cwd=d, during=lambda p: tcp_poke(p, b"LIST UPS\n"))


def icinga2():
    reset("icinga2")
    d = mkd(N + "/icinga2")

    def I(h, p, user="root"):
        w = mkd(d + "/i%d" % uniq())
        for s in ("data", "data/certs", "run", "cache", "log"):
            mkd(w + "/" + s)
        sh("cd %s/data/certs && openssl req -x509 -newkey rsa:2048 -nodes -keyout r4.key -out r4.crt -subj /CN=r4 -days 2 2>/dev/null && cp r4.crt ca.crt && chmod 644 *" % w)
        c = write(w + "/icinga2.conf", "const NodeName = \"r4\"\nobject Endpoint \"r4\" { }\nobject Zone \"master\" { endpoints = [ \"r4\" ] }\n"
                  "object ApiListener \"api\" {\n  bind_host = \"%s\"\n  bind_port = %d\n}\n" % (h, p))
        sh("chmod -R a+rwX %s" % w)
        return ["icinga2", "daemon", "-c", c, "-DDataDir=%s/data" % w, "-DInitRunDir=%s/run" % w, "-DCacheDir=%s/cache" % w, "-DLogDir=%s/log" % w,
                "-DRunAsUser=%s" % user, "-DRunAsGroup=%s" % ("nogroup" if user == "nobody" else user)]
    std("icinga2", lambda h, p: I(h, p), label="icinga2.conf `object ApiListener \"api\" { bind_host = \"HOST\" bind_port = PORT }`", eacces=False, timeout=8, cwd=d)
    run_case("icinga2", "bind", "run as nobody (ip_unprivileged_port_start=1024); icinga2.conf ApiListener bind_host = \"0.0.0.0\" bind_port = 566", I("0.0.0.0", 566, "nobody"),
             port=566, user="nobody", errno="EACCES", addr="0.0.0.0", timeout=8, cwd=d)
    neg("icinga2", "normal start with an ApiListener on 127.0.0.1, one TLS handshake, then SIGTERM", lambda p: I("127.0.0.1", p), cwd=d,
        during=lambda p: sh("timeout 3 openssl s_client -connect 127.0.0.1:%d </dev/null >/dev/null 2>&1" % p))


def traffic_server():
    reset("traffic_server")
    d = mkd(N + "/ats")
    diag = {"PROXY_CONFIG_DIAGS_OUTPUT_%s" % k: "SE" for k in ("STATUS", "NOTE", "WARNING", "ERROR", "FATAL")}
    T = lambda spec: (["traffic_server"], dict(diag, PROXY_CONFIG_HTTP_SERVER_PORTS=spec))
    for spec, host in (("{port}", "0.0.0.0"), ("{port}:ipv6", "::"), ("{port}:ip-in=127.0.0.1", "127.0.0.1")):
        p = new_port()
        argv, env = T(spec.replace("{port}", str(p)))
        held("traffic_server", "env PROXY_CONFIG_HTTP_SERVER_PORTS=%s (Debian's /etc/trafficserver otherwise), diags to stderr" % spec, argv, host=host, port=p, env=env, timeout=10, cwd=d)
    p = new_port()
    argv, env = T("%d:ip-in=192.0.2.1" % p)
    run_case("traffic_server", "bind", "env PROXY_CONFIG_HTTP_SERVER_PORTS=%d:ip-in=192.0.2.1, an address not on this host" % p, argv, port=p, env=env, errno="EADDRNOTAVAIL", addr="192.0.2.1", timeout=10, cwd=d)
    p = new_port()
    argv, env = T(str(p))
    neg("traffic_server", "normal start, one proxied GET for http://127.0.0.1:9/ (closed), then SIGTERM", argv, port=p, env=env, cwd=d,
        during=lambda p: sh("curl -s -m 5 -o /dev/null -x http://127.0.0.1:%d http://127.0.0.1:9/" % p))


def kadmind():
    reset("kadmind")
    d = mkd(N + "/kadmind")
    write(d + "/krb5.conf", "[libdefaults]\n default_realm = R4.TEST\n dns_lookup_kdc = false\n dns_lookup_realm = false\n[logging]\n admin_server = STDERR\n")
    write(d + "/kadm5.acl", "*/admin@R4.TEST *\n")

    def conf(kadm, kpw, listen=None):
        return write(d + "/kdc%d.conf" % uniq(), "[kdcdefaults]\n kdc_ports = 88\n[realms]\n R4.TEST = {\n  database_name = %s/principal\n  key_stash_file = %s/stash\n  acl_file = %s/kadm5.acl\n"
                     "  kadmind_port = %d\n  kpasswd_port = %d\n%s }\n[logging]\n admin_server = STDERR\n" % (d, d, d, kadm, kpw, ("  kadmind_listen = %s\n" % listen) if listen else ""))
    if not os.path.exists(d + "/principal"):
        sh("cd %s && KRB5_CONFIG=%s/krb5.conf KRB5_KDC_PROFILE=%s kdb5_util -r R4.TEST create -s -P r4pw >/dev/null 2>&1; chmod -R a+rwX %s" % (d, d, conf(1, 2), d))
    K = lambda c: (["kadmind", "-nofork", "-r", "R4.TEST", "-P", d + "/pid"], {"KRB5_CONFIG": d + "/krb5.conf", "KRB5_KDC_PROFILE": c})
    p = new_port()
    argv, env = K(conf(p, p + 1))
    held("kadmind", "kdc.conf `kadmind_port = {port}` (kpasswd_port PORT+1)", argv, port=p, env=env, timeout=6, cwd=d)
    p = new_port()
    argv, env = K(conf(p, p + 1))
    held("kadmind", "kdc.conf `kadmind_port = {port}` (kpasswd_port PORT+1)", argv, host="::", port=p, env=env, timeout=6, cwd=d)
    p = new_port()
    argv, env = K(conf(p + 1, p))
    held("kadmind", "kdc.conf `kpasswd_port = {port}` (kadmind_port PORT+1), the UDP port held", argv, proto="udp", port=p, env=env, timeout=6, cwd=d)
    argv, env = K(conf(749, 464))
    run_case("kadmind", "bind", "run as nobody (ip_unprivileged_port_start=1024); kdc.conf `kadmind_port = 749` `kpasswd_port = 464`", argv, port=749, user="nobody", env=env,
             errno="EACCES", timeout=6, cwd=d)
    p = new_port()
    argv, env = K(conf(p, p + 1, "192.0.2.1:%d" % p))
    run_case("kadmind", "bind", "kdc.conf `kadmind_listen = 192.0.2.1:%d`, an address not on this host" % p, argv, port=p, env=env, errno="EADDRNOTAVAIL", addr="192.0.2.1", timeout=6, cwd=d)
    p = new_port()
    argv, env = K(conf(p, p + 1))
    neg("kadmind", "normal start, one client sends junk to the kadmin port, then SIGTERM", argv, port=p, env=env, cwd=d, during=lambda p: tcp_poke(p, b"junk" * 8))


def amuled():
    reset("amuled")
    d = mkd(N + "/amuled")
    import hashlib
    pw = hashlib.md5(b"r4pw").hexdigest()

    def A(tcp, udp, ec, addr=""):
        w = mkd(d + "/a%d" % uniq())
        write(w + "/amule.conf", "[eMule]\nPort=%d\nUDPPort=%d\nAddress=%s\n[ExternalConnect]\nAcceptExternalConnections=1\nECPassword=%s\nECPort=%d\n" % (tcp, udp, addr, pw, ec))
        sh("chmod -R a+rwX %s" % w)
        return (["amuled", "-c", w], {"HOME": w})
    p = new_port()
    argv, env = A(p, p + 1, p + 2)
    held("amuled", "amule.conf `[eMule] Port={port}` (UDPPort PORT+1, ECPort PORT+2)", argv, port=p, env=env, timeout=8, cwd=d)
    p = new_port()
    argv, env = A(p, p + 1, p + 2)
    held("amuled", "amule.conf `[eMule] Port={port}` (UDPPort PORT+1, ECPort PORT+2)", argv, host="::", port=p, env=env, timeout=8, cwd=d)
    p = new_port()
    argv, env = A(p + 1, p, p + 2)
    held("amuled", "amule.conf `[eMule] UDPPort={port}` (Port PORT+1, ECPort PORT+2), the UDP port held", argv, proto="udp", port=p, env=env, timeout=8, cwd=d)
    p = new_port()
    argv, env = A(p + 1, p + 2, p)
    held("amuled", "amule.conf `[ExternalConnect] ECPort={port}` (Port PORT+1, UDPPort PORT+2)", argv, port=p, env=env, timeout=8, cwd=d)
    argv, env = A(466, 467, 468)
    run_case("amuled", "bind", "run as nobody (ip_unprivileged_port_start=1024); amule.conf `Port=466` `UDPPort=467` `ECPort=468`", argv, port=466, user="nobody", env=env, errno="EACCES", timeout=8, cwd=d)
    p = new_port()
    argv, env = A(p, p + 1, p + 2, "192.0.2.1")
    run_case("amuled", "bind", "amule.conf `Address=192.0.2.1` `Port=%d`, an address not on this host" % p, argv, port=p, env=env, errno="EADDRNOTAVAIL", addr="192.0.2.1", timeout=8, cwd=d)
    p = new_port()
    argv, env = A(p, p + 1, p + 2)
    neg("amuled", "normal start (first run), one client sends junk to the ed2k port, then SIGTERM", argv, port=p, env=env, cwd=d, during=lambda p: tcp_poke(p, b"junk" * 4))


if __name__ == "__main__":
    for name in sys.argv[1:]:
        globals()[name.replace("-", "_")]()
