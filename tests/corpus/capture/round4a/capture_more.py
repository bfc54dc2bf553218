"""More Debian 12 daemons in other languages: ejabberd (Erlang), gitit (Haskell), ocsigenserver (OCaml),
pebble (Go), sccache (Rust), cntlm, spiped, dnsproxy, kannel bearerbox (C), apt-cacher (Perl)."""
import json, os, sys, subprocess
from harness import run_case, reset, new_port, http_get, tcp_poke, RUN, sh, write, stop
from common import std, held, neg, udp_poke, mkd, hp

N = mkd(RUN + "/more")
if not os.path.exists(N + "/cert.pem"):
    sh("cd %s && openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem -subj /CN=localhost -days 2 2>/dev/null && chmod 644 *.pem" % N)
DNSQ = bytes.fromhex("12340100000100000000000003777777076578616d706c650000010001")
_n = [0]


def uniq():
    _n[0] += 1
    return _n[0]


def gitit():
    reset("gitit")
    d = mkd(N + "/gitit")

    def G(h, p):
        w = mkd(d + "/w%d" % uniq())
        return ["sh", "-c", "cd %s && exec gitit -p %d -l %s" % (w, p, h)]
    std("gitit", G, label="-p PORT -l HOST (in an empty wiki directory)", timeout=10, cwd=d, low=80, env={"HOME": d})
    neg("gitit", "normal start in an empty directory, GET /, then SIGTERM", lambda p: G("127.0.0.1", p), cwd=d, env={"HOME": d}, during=lambda p: http_get(p, "/"), listen_timeout=40)
    neg("gitit", "-f a config file that does not exist", ["gitit", "-f", d + "/nope.conf"], cwd=d, env={"HOME": d}, timeout=6)


def pebble():
    reset("pebble")
    d = mkd(N + "/pebble")

    def P(h, p, mgmt=None):
        c = {"pebble": {"listenAddress": hp(h, p), "managementListenAddress": mgmt or "127.0.0.1:%d" % (p + 100), "certificate": N + "/cert.pem", "privateKey": N + "/key.pem",
                        "httpPort": 5002, "tlsPort": 5001, "ocspResponderURL": "", "externalAccountBindingRequired": False}}
        return ["pebble", "-config", write(d + "/pebble%d.json" % uniq(), json.dumps(c))]
    std("pebble", P, label="config `listenAddress: HOST:PORT`", timeout=6, cwd=d, low=443, env={"PEBBLE_VA_NOSLEEP": "1"})
    p = new_port()
    held("pebble", "pebble config `managementListenAddress: 0.0.0.0:{port}` (listenAddress on PORT+1)", P("127.0.0.1", p + 1, "0.0.0.0:%d" % p), port=p, timeout=6, cwd=d, env={"PEBBLE_VA_NOSLEEP": "1"})
    neg("pebble", "normal start, GET /dir over TLS, then SIGTERM", lambda p: P("127.0.0.1", p), cwd=d, env={"PEBBLE_VA_NOSLEEP": "1"},
        during=lambda p: sh("curl -sk -o /dev/null https://127.0.0.1:%d/dir" % p))
    neg("pebble", "config file that does not exist", ["pebble", "-config", d + "/nope.json"], cwd=d, timeout=6)


def sccache():
    reset("sccache")
    d = mkd(N + "/sccache")
    env = lambda p: {"SCCACHE_SERVER_PORT": str(p), "SCCACHE_NO_DAEMON": "1", "SCCACHE_START_SERVER": "1", "SCCACHE_DIR": d + "/cache", "SCCACHE_LOG": "info", "HOME": d}
    for host in ("127.0.0.1",):
        p = new_port()
        held("sccache", "SCCACHE_NO_DAEMON=1 SCCACHE_START_SERVER=1 SCCACHE_SERVER_PORT={port} sccache (server binds 127.0.0.1)", ["sccache"], host=host, port=p, env=env(p), timeout=6, cwd=d)
    p = new_port()
    held("sccache", "sccache --start-server with SCCACHE_SERVER_PORT={port} (the client reports the background server's failure)", ["sccache", "--start-server"], host="127.0.0.1", port=p,
         env={"SCCACHE_SERVER_PORT": str(p), "SCCACHE_DIR": d + "/cache", "HOME": d}, timeout=15, cwd=d)
    run_case("sccache", "bind", "run as nobody (ip_unprivileged_port_start=1024); SCCACHE_NO_DAEMON=1 SCCACHE_START_SERVER=1 SCCACHE_SERVER_PORT=80 sccache", ["sccache"], port=80, user="nobody",
             env=dict(env(80), SCCACHE_DIR="/tmp/nobody-home/sc", HOME="/tmp/nobody-home"), errno="EACCES", addr="127.0.0.1", timeout=6, cwd=d)
    p = new_port()
    neg("sccache", "normal foreground server start, sccache --show-stats against it, then SIGTERM", ["sccache"], port=p, env=env(p), cwd=d,
        during=lambda p: sh("SCCACHE_SERVER_PORT=%d SCCACHE_DIR=%s/cache sccache --show-stats >/dev/null 2>&1" % (p, d)))


def cntlm():
    reset("cntlm")
    d = mkd(N + "/cntlm")
    C = lambda h, p: ["cntlm", "-f", "-v", "-c", "/dev/null", "-u", "u", "-d", "dom", "-p", "pw", "-l", hp(h, p), "127.0.0.1:9"]
    std("cntlm", C, label="-f -v -l HOST:PORT 127.0.0.1:9", timeout=5, cwd=d, low=80)
    held("cntlm", "cntlm -f -l {port} (port only) 127.0.0.1:9", lambda p: ["cntlm", "-f", "-v", "-c", "/dev/null", "-u", "u", "-d", "dom", "-p", "pw", "-l", str(p), "127.0.0.1:9"], timeout=5, cwd=d)
    neg("cntlm", "normal start, one proxied GET (parent 127.0.0.1:9 closed), then SIGTERM", lambda p: C("127.0.0.1", p), cwd=d,
        during=lambda p: sh("curl -s -m 4 -o /dev/null -x http://127.0.0.1:%d http://127.0.0.1:9/" % p))


def spiped():
    reset("spiped")
    d = mkd(N + "/spiped")
    if not os.path.exists(d + "/key"):
        sh("dd if=/dev/urandom of=%s/key bs=32 count=1 2>/dev/null; chmod 644 %s/key" % (d, d))
    S = lambda h, p: ["spiped", "-d", "-F", "-s", "[%s]:%d" % (h, p), "-t", "[127.0.0.1]:9", "-k", d + "/key", "-p", d + "/pid%d" % uniq()]
    std("spiped", S, label="-d -F -s [HOST]:PORT -t [127.0.0.1]:9", timeout=5, cwd=d, low=80)
    neg("spiped", "normal start, one client sends junk (target closed), then SIGTERM", lambda p: S("127.0.0.1", p), cwd=d, during=lambda p: tcp_poke(p, b"junk" * 20))
    neg("spiped", "key file that does not exist", ["spiped", "-d", "-F", "-s", "[127.0.0.1]:{port}", "-t", "[127.0.0.1]:9", "-k", d + "/nope"], cwd=d, timeout=5)


def dnsproxy():
    reset("dnsproxy")
    d = mkd(N + "/dnsproxy")

    def D(h, p):
        c = write(d + "/dnsproxy%d.conf" % uniq(), "authoritative 127.0.0.1\nauthoritative-port 5399\nrecursive 127.0.0.1\nrecursive-port 5399\nlisten %s\nport %d\nchroot %s\nuser nobody\n" % (h, p, d))
        return ["dnsproxy", "-c", c]
    std("dnsproxy", D, label="dnsproxy.conf `listen HOST` `port PORT`", proto="udp", timeout=5, cwd=d, low=53, v6=False)
    neg("dnsproxy", "normal start, one DNS query (backends 127.0.0.1:5399 closed), then SIGTERM", lambda p: D("127.0.0.1", p), proto="udp", cwd=d, during=lambda p: udp_poke(p, DNSQ))


def bearerbox():
    reset("bearerbox")
    d = mkd(N + "/kannel")

    def B(p, smsbox=None):
        c = write(d + "/kannel%d.conf" % uniq(), "group = core\nadmin-port = %d\nadmin-password = secret\nsmsbox-port = %d\nlog-level = 0\nstore-type = spool\nstore-location = \"%s/spool\"\n\ngroup = smsbox\nbearerbox-host = 127.0.0.1\n" % (p, smsbox or p + 1, d))
        mkd(d + "/spool")
        return ["bearerbox", "-v", "0", c]
    held("bearerbox", "kannel.conf `admin-port = {port}`", lambda p: B(p), timeout=6, cwd=d)
    held("bearerbox", "kannel.conf `admin-port = {port}`", lambda p: B(p), host="::", timeout=6, cwd=d)
    p = new_port()
    held("bearerbox", "kannel.conf `smsbox-port = {port}` (admin-port PORT+1)", B(p + 1, p), port=p, timeout=6, cwd=d)
    run_case("bearerbox", "bind", "run as nobody (ip_unprivileged_port_start=1024); kannel.conf `admin-port = 80`", B(80), port=80, user="nobody", errno="EACCES", timeout=6, cwd=d)
    neg("bearerbox", "normal start, GET /status?password=secret on the admin port, then SIGTERM", lambda p: B(p), cwd=d, during=lambda p: http_get(p, "/status?password=secret"))
    neg("bearerbox", "config file that does not exist", ["bearerbox", "-v", "0", d + "/nope.conf"], cwd=d, timeout=6)


def apt_cacher():
    reset("apt-cacher")
    d = mkd(N + "/apt-cacher")
    A = lambda h, p: ["apt-cacher", "-c", write(d + "/apt-cacher.conf", "cache_dir = %s/cache\nlog_dir = %s/log\nuser = root\ngroup = root\n" % (d, d)), "daemon_port=%d" % p, "daemon_addr=%s" % h]
    mkd(d + "/cache"); mkd(d + "/log")
    std("apt-cacher", A, label="-c conf daemon_addr=HOST daemon_port=PORT", timeout=6, cwd=d, low=80)
    neg("apt-cacher", "normal start, GET /, then SIGTERM", lambda p: A("127.0.0.1", p), cwd=d, during=lambda p: http_get(p, "/"))


def ocsigenserver():
    reset("ocsigenserver")
    d = mkd(N + "/ocsigen")

    def O(h, p):
        w = mkd(d + "/s%d" % uniq())
        c = write(w + "/ocsigen.conf", "<ocsigen>\n <server>\n  <port>%s</port>\n  <logdir>%s</logdir>\n  <datadir>%s</datadir>\n  <commandpipe>%s/cmd</commandpipe>\n  <charset>utf-8</charset>\n"
                  "  <extension findlib-package=\"ocsigenserver.ext.staticmod\"/>\n  <host><static dir=\"%s\"/></host>\n </server>\n</ocsigen>\n" % (hp(h, p) if h != "*" else p, w, w, w, w))
        return ["ocsigenserver", "-c", c, "-v"]
    std("ocsigenserver", O, label="config `<port>HOST:PORT</port>`", timeout=6, cwd=d, low=80)
    neg("ocsigenserver", "normal start, GET /, then SIGTERM", lambda p: O("127.0.0.1", p), cwd=d, during=lambda p: http_get(p, "/"))
    neg("ocsigenserver", "config file that does not exist", ["ocsigenserver", "-c", d + "/nope.conf"], cwd=d, timeout=6)


def ejabberd():
    reset("ejabberd")
    d = mkd(N + "/ejabberd")
    AS = ["setpriv", "--reuid", "ejabberd", "--regid", "ejabberd", "--init-groups", "--"]   # not `su`: su starts a new session

    def E(h, p):
        w = mkd(d + "/e%d" % uniq())
        mkd(w + "/spool"); mkd(w + "/logs")
        c = write(w + "/ejabberd.yml", "hosts:\n  - localhost\nloglevel: info\nlisten:\n  -\n    port: %d\n    ip: \"%s\"\n    module: ejabberd_c2s\n" % (p, h))
        sh("chown -R ejabberd %s" % w)
        ctl = write(w + "/ejabberdctl.cfg", "ERL_OPTIONS=\"-env ERL_CRASH_DUMP_BYTES 0\"\n")   # Debian's own cfg would set the config path back
        return AS + ["ejabberdctl", "--ctl-config", ctl, "--node", "r4ej%d@localhost" % p, "--config", c, "--logs", w + "/logs", "--spool", w + "/spool", "foreground"]
    env = {"HOME": "/var/lib/ejabberd"}
    lab = "ejabberd.yml `listen: - port: PORT ip: \"HOST\" module: ejabberd_c2s` (ejabberdctl foreground as user ejabberd)"
    held("ejabberd", lab.replace("PORT", "{port}").replace("HOST", "0.0.0.0"), lambda p: E("0.0.0.0", p), env=env, timeout=25, cwd=d)
    held("ejabberd", lab.replace("PORT", "{port}").replace("HOST", "::"), lambda p: E("::", p), host="::", env=env, timeout=25, cwd=d)
    run_case("ejabberd", "bind", "as user ejabberd (ip_unprivileged_port_start=1024); " + lab.replace("PORT", "522").replace("HOST", "0.0.0.0"), E("0.0.0.0", 522), port=522,
             errno="EACCES", addr="0.0.0.0", env=env, timeout=25, cwd=d)
    p = new_port()
    run_case("ejabberd", "bind", lab.replace("PORT", str(p)).replace("HOST", "192.0.2.1") + ", an address not on this host", E("192.0.2.1", p), port=p,
             errno="EADDRNOTAVAIL", addr="192.0.2.1", env=env, timeout=25, cwd=d)
    neg("ejabberd", "normal start (ejabberdctl foreground), one XMPP stream header, then SIGTERM", lambda p: E("127.0.0.1", p), cwd=d, env=env, listen_timeout=60,
        during=lambda p: tcp_poke(p, b"<?xml version='1.0'?><stream:stream to='localhost' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>"))
    # epmd is started by the Erlang VM as a daemon of its own: end the one in this namespace by its pid
    out = subprocess.run(["pgrep", "-x", "epmd"], capture_output=True, text=True).stdout.split()
    for pid in out:
        try:
            if os.readlink("/proc/%s/ns/net" % pid) == os.readlink("/proc/self/ns/net"):
                os.kill(int(pid), 15)
        except OSError:
            pass


if __name__ == "__main__":
    for name in sys.argv[1:]:
        globals()[name.replace("-", "_")]()
