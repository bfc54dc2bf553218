"""Network daemons from Debian: proxies, tunnels, routing, DNS, auth, IRC, build services."""
import json
import os
import sys
from harness import run_case, reset, new_port, http_get, tcp_poke, RUN, sh, write
from common import std, held, neg, udp_poke, mkd, hp

N = mkd(RUN + "/net3")
if not os.path.exists(N + "/hitch.pem"):
    sh("cd %s && openssl req -x509 -newkey rsa:2048 -nodes -keyout k.pem -out c.pem -subj /CN=localhost -days 2 2>/dev/null && cat k.pem c.pem > hitch.pem && chmod 644 *.pem" % N)


def sslh():
    reset("sslh")
    S = ["sslh", "-f", "-v", "1", "--ssh", "127.0.0.1:22"]
    std("sslh", lambda h, p: S + ["-p", hp(h, p)], label="-f -v 1 -p HOST:PORT --ssh 127.0.0.1:22", cwd=N, timeout=5)
    neg("sslh", "normal start (-v 1), one client sends an SSH banner (backend 127.0.0.1:22 closed), then SIGTERM", S + ["-p", "127.0.0.1:{port}"], cwd=N,
        during=lambda p: tcp_poke(p, b"SSH-2.0-x\r\n"))
    neg("sslh", "an unknown protocol option", ["sslh", "-f", "-p", "127.0.0.1:{port}", "--nope", "127.0.0.1:22"], cwd=N, timeout=5)


def hitch():
    reset("hitch")
    Hh = lambda h, p: ["hitch", "--frontend=[%s]:%d" % (h, p), "--backend=[127.0.0.1]:9", "--log-level=2", N + "/hitch.pem"]
    std("hitch", Hh, label="--frontend=[HOST]:PORT --backend=[127.0.0.1]:9 cert.pem", low=443, cwd=N, timeout=5)
    held("hitch", "hitch --frontend=[*]:{port}", ["hitch", "--frontend=[*]:{port}", "--backend=[127.0.0.1]:9", N + "/hitch.pem"], cwd=N, timeout=5)
    neg("hitch", "normal start, one TLS handshake (backend closed), then SIGTERM", lambda p: Hh("127.0.0.1", p), cwd=N,
        during=lambda p: sh("timeout 3 openssl s_client -connect 127.0.0.1:%d </dev/null >/dev/null 2>&1" % p))
    neg("hitch", "certificate file that does not exist", ["hitch", "--frontend=[127.0.0.1]:{port}", "--backend=[127.0.0.1]:9", N + "/nope.pem"], cwd=N, timeout=5)


def nghttpx():
    reset("nghttpx")
    X = lambda h, p: ["nghttpx", "--conf=/dev/null", "-f%s,%s;no-tls" % (h, p), "-b127.0.0.1,9", "--errorlog-file=/dev/stderr", "--accesslog-file=/dev/stdout", "--workers=1"]
    std("nghttpx", X, label="-fHOST,PORT;no-tls -b127.0.0.1,9", cwd=N, timeout=5)
    held("nghttpx", "nghttpx -f'*,{port};no-tls'", ["nghttpx", "--conf=/dev/null", "-f*,{port};no-tls", "-b127.0.0.1,9", "--workers=1"], cwd=N, timeout=5)
    neg("nghttpx", "normal start, GET / (backend 127.0.0.1:9 closed), then SIGTERM", lambda p: X("127.0.0.1", p), cwd=N, during=lambda p: http_get(p, "/"))
    neg("nghttpx", "TLS frontend with a key file that does not exist", ["nghttpx", "--conf=/dev/null", "-f127.0.0.1,{port}", "-b127.0.0.1,9", N + "/nope.key", N + "/nope.crt"], cwd=N, timeout=5)


def redir():
    reset("redir")
    std("redir", lambda h, p: ["redir", "-n", "-l", "debug", hp(h, p), "127.0.0.1:9"], label="-n -l debug HOST:PORT 127.0.0.1:9", cwd=N, timeout=5)
    held("redir", "redir -n :{port} 127.0.0.1:9 (port only)", ["redir", "-n", ":{port}", "127.0.0.1:9"], cwd=N, timeout=5)
    neg("redir", "normal start, one client (target 127.0.0.1:9 closed), then SIGTERM", ["redir", "-n", "-l", "debug", "127.0.0.1:{port}", "127.0.0.1:9"], cwd=N, during=lambda p: tcp_poke(p, b"x"))
    neg("redir", "target host name that does not resolve", ["redir", "-n", "127.0.0.1:{port}", "nope.invalid:9"], cwd=N, timeout=5)


def pen():
    reset("pen")
    std("pen", lambda h, p: ["pen", "-f", "-d", hp(h, p), "127.0.0.1:9"], label="-f -d HOST:PORT 127.0.0.1:9", cwd=N, timeout=5)
    held("pen", "pen -f {port} 127.0.0.1:9 (port only)", ["pen", "-f", "{port}", "127.0.0.1:9"], cwd=N, timeout=5)
    neg("pen", "normal start (-d), one client (backend closed), then SIGTERM", ["pen", "-f", "-d", "127.0.0.1:{port}", "127.0.0.1:9"], cwd=N, during=lambda p: tcp_poke(p, b"x"))
    neg("pen", "-F configuration file that does not exist", ["pen", "-f", "-F", N + "/nope.cfg", "127.0.0.1:{port}"], cwd=N, timeout=5)


def tcpserver():
    reset("tcpserver")
    std("tcpserver", lambda h, p: ["tcpserver", "-v", h, str(p), "cat"], label="-v HOST PORT cat", cwd=N, timeout=5)
    neg("tcpserver", "normal start (-v), one client, then SIGTERM", ["tcpserver", "-v", "127.0.0.1", "{port}", "echo", "hi"], cwd=N, during=lambda p: tcp_poke(p, b"x"))
    neg("tcpserver", "host name that does not resolve", ["tcpserver", "-v", "nope.invalid", "{port}", "cat"], cwd=N, timeout=5)


def microsocks():
    reset("microsocks")
    std("microsocks", lambda h, p: ["microsocks", "-i", h, "-p", str(p)], label="-i HOST -p PORT", cwd=N, timeout=5)
    held("microsocks", "microsocks -p {port} (default -i 0.0.0.0)", ["microsocks", "-p", "{port}"], cwd=N, timeout=5)
    neg("microsocks", "normal start, one SOCKS5 CONNECT to closed 127.0.0.1:9, then SIGTERM", ["microsocks", "-i", "127.0.0.1", "-p", "{port}"], cwd=N,
        during=lambda p: sh("curl -s -o /dev/null --socks5 127.0.0.1:%d http://127.0.0.1:9/" % p))
    neg("microsocks", "-u without -P", ["microsocks", "-u", "x", "-p", "{port}"], cwd=N, timeout=5)


def nutcracker():
    reset("nutcracker")

    def conf(h, p):
        return write(N + "/nc-%s-%s.yml" % (h.replace(":", "_"), p), "alpha:\n  listen: \"%s\"\n  redis: true\n  servers:\n   - 127.0.0.1:6379:1\n" % hp(h, p))
    std("nutcracker", lambda h, p: ["nutcracker", "-c", conf(h, p), "-o", "/dev/stderr", "-s", str(p + 1000), "-v", "6"], label="yaml `listen: HOST:PORT` (stats on PORT+1000)", cwd=N, timeout=5)
    p = new_port()
    held("nutcracker", "stats port held: nutcracker -s {port} -a 0.0.0.0 (pool listens elsewhere)", ["nutcracker", "-c", conf("127.0.0.1", p + 2000), "-o", "/dev/stderr", "-s", "{port}", "-a", "0.0.0.0", "-v", "6"], port=p, cwd=N, timeout=5)
    neg("nutcracker", "normal start, one redis PING (server 127.0.0.1:6379 closed), then SIGTERM", lambda p: ["nutcracker", "-c", conf("127.0.0.1", p), "-o", "/dev/stderr", "-s", str(p + 1000), "-v", "6"], cwd=N,
        during=lambda p: tcp_poke(p, b"PING\r\n"))
    neg("nutcracker", "config with a YAML error", ["sh", "-c", "printf 'alpha:\\n  listen: [\\n' > %s/nc-bad.yml; exec nutcracker -o /dev/stderr -c %s/nc-bad.yml" % (N, N)], cwd=N, timeout=5)


def tinc():
    reset("tincd")

    def conf(h, p):
        d = N + "/tinc-%s-%s" % (h.replace(":", "_"), p)
        sh("rm -rf %s; mkdir -p %s/hosts" % (d, d))
        write(d + "/tinc.conf", "Name = a\nDeviceType = dummy\nAddressFamily = any\nPort = %s\n%s" % (p, "" if h == "*" else "BindToAddress = %s\n" % h))
        write(d + "/hosts/a", "Subnet = 10.77.0.1/32\n")
        sh("cd %s && tincd -c %s -K2048 </dev/null >/dev/null 2>&1; chmod -R a+rwX %s" % (d, d, d))
        return ["tincd", "-c", d, "-D", "-d1", "--pidfile=" + d + "/pid"]
    std("tincd", conf, label="tinc.conf `BindToAddress = HOST` `Port = PORT` (DeviceType = dummy)", cwd=N, timeout=5)
    held("tincd", "tinc.conf `Port = {port}` (no BindToAddress), the UDP port held", lambda p: conf("*", p), proto="udp", cwd=N, timeout=5)
    held("tincd", "tinc.conf `Port = {port}` (no BindToAddress), the TCP port held on [::]", lambda p: conf("*", p), host="::", cwd=N, timeout=5)
    neg("tincd", "normal start, then SIGTERM", lambda p: conf("127.0.0.1", p), cwd=N, during=lambda p: tcp_poke(p, b"0 x 17\n"))
    neg("tincd", "-c a configuration directory without tinc.conf", ["tincd", "-c", N + "/nope", "-D", "-d1"], cwd=N, timeout=5)


def nebula():
    reset("nebula")
    d = mkd(N + "/nebula")
    if not os.path.exists(d + "/host.crt"):
        sh("cd %s && nebula-cert ca -name r3 >/dev/null && nebula-cert sign -name host -ip 10.88.0.1/24 >/dev/null" % d)
    sh("chmod a+r %s/*" % d)

    def conf(h, p):
        return write(d + "/config-%s-%s.yml" % (h.replace(":", "_"), p),
                     "pki:\n  ca: %s/ca.crt\n  cert: %s/host.crt\n  key: %s/host.key\nstatic_host_map: {}\nlighthouse:\n  am_lighthouse: true\nlisten:\n  host: \"%s\"\n  port: %s\ntun:\n  disabled: true\nlogging:\n  level: info\n  format: text\nfirewall:\n  outbound:\n    - port: any\n      proto: any\n      host: any\n  inbound: []\n" % (d, d, d, h, p))
    std("nebula", lambda h, p: ["nebula", "-config", conf(h, p)], proto="udp", low=53, label="config `listen: host: HOST port: PORT` (tun disabled)", cwd=N, timeout=5)
    neg("nebula", "normal start (tun disabled), one stray UDP packet, then SIGTERM", lambda p: ["nebula", "-config", conf("127.0.0.1", p)], proto="udp", cwd=N,
        during=lambda p: udp_poke(p, b"hello"))
    neg("nebula", "config whose ca file does not exist", ["sh", "-c", "sed 's#/ca.crt#/nope.crt#' %s > %s/bad.yml; exec nebula -config %s/bad.yml" % (conf("127.0.0.1", 1), d, d)], cwd=N, timeout=5)


def yggdrasil():
    reset("yggdrasil")
    d = mkd(N + "/ygg")
    if not os.path.exists(d + "/base.json"):
        sh("yggdrasil -genconf -json > %s/base.json" % d)

    def conf(h, p, scheme="tcp"):
        c = json.load(open(d + "/base.json"))
        c.update({"Listen": ["%s://%s" % (scheme, hp(h, p))], "IfName": "none", "AdminListen": "none", "Peers": [], "MulticastInterfaces": []})
        return write(d + "/c-%s-%s-%s.json" % (scheme, h.replace(":", "_"), p), json.dumps(c, indent=1))
    std("yggdrasil", lambda h, p: ["yggdrasil", "-useconffile", conf(h, p), "-logto", "stdout"], label="config `Listen: [\"tcp://HOST:PORT\"]` (IfName none)", cwd=N, timeout=5)
    p = new_port()
    c = json.load(open(d + "/base.json"))
    c.update({"Listen": [], "IfName": "none", "AdminListen": "tcp://127.0.0.1:%d" % p, "Peers": [], "MulticastInterfaces": []})
    held("yggdrasil", "config `AdminListen: \"tcp://127.0.0.1:{port}\"`", ["yggdrasil", "-useconffile", write(d + "/c-admin.json", json.dumps(c)), "-logto", "stdout"], host="127.0.0.1", port=p, cwd=N, timeout=5)
    neg("yggdrasil", "normal start (IfName none), one TCP client, then SIGTERM", lambda p: ["yggdrasil", "-useconffile", conf("127.0.0.1", p), "-logto", "stdout"], cwd=N,
        during=lambda p: tcp_poke(p, b"meta"))
    neg("yggdrasil", "config file that does not exist", ["yggdrasil", "-useconffile", d + "/nope.json"], cwd=N, timeout=5)


def iodined():
    reset("iodined")
    I = lambda h, p: ["iodined", "-f", "-c", "-P", "secretpw", "-l", h, "-p", str(p), "10.99.0.1", "t.example.test"]
    std("iodined", I, proto="udp", low=53, label="-f -l HOST -p PORT 10.99.0.1 t.example.test", cwd=N, timeout=5)
    neg("iodined", "normal start, one stray UDP packet, then SIGTERM", lambda p: I("127.0.0.1", p), proto="udp", cwd=N, during=lambda p: udp_poke(p, b"hello"))
    neg("iodined", "topdomain that is too long", ["iodined", "-f", "-P", "x", "-p", "{port}", "10.99.0.1", "a" * 140 + ".test"], cwd=N, timeout=5)


def supernode():
    reset("supernode")
    held("supernode", "n2n supernode -l {port} -v", ["supernode", "-l", "{port}", "-v"], proto="udp", cwd=N, timeout=5)
    held("supernode", "n2n supernode -l {port} -v", ["supernode", "-l", "{port}", "-v"], proto="udp", host="::", cwd=N, timeout=5)
    run_case("supernode", "bind", "run as nobody (ip_unprivileged_port_start=1024); n2n supernode -l 80 -v", ["supernode", "-l", "80", "-v"], port=80, user="nobody",
             errno="EACCES", proto="udp", cwd=N, timeout=5)
    neg("supernode", "normal start, one stray UDP packet, then SIGTERM", ["supernode", "-l", "{port}", "-v"], proto="udp", cwd=N, during=lambda p: udp_poke(p, b"hello"))
    neg("supernode", "no -l", ["supernode", "-v"], cwd=N, timeout=5)


def gobgpd():
    reset("gobgpd")

    def conf(h, p):
        return write(N + "/gobgp-%s-%s.toml" % (h.replace(":", "_"), p), "[global.config]\n  as = 65001\n  router-id = \"10.0.0.1\"\n  port = %s\n  local-address-list = [\"%s\"]\n" % (p, h))
    std("gobgpd", lambda h, p: ["gobgpd", "-f", conf(h, p), "-t", "toml", "--api-hosts", "127.0.0.1:%d" % (p + 1000), "-l", "info"], low=179,
        label="config `[global.config] port = PORT local-address-list = [HOST]`", cwd=N, timeout=5)
    held("gobgpd", "gobgpd --api-hosts 127.0.0.1:{port} (the gRPC API port), BGP port -1", ["gobgpd", "-f", conf("0.0.0.0", -1), "-t", "toml", "--api-hosts", "127.0.0.1:{port}"], host="127.0.0.1", cwd=N, timeout=5)
    neg("gobgpd", "normal start, one TCP client to the BGP port sends junk, then SIGTERM", lambda p: ["gobgpd", "-f", conf("127.0.0.1", p), "-t", "toml", "--api-hosts", "127.0.0.1:49998", "-l", "info"], cwd=N,
        during=lambda p: tcp_poke(p, b"junk" * 8))
    neg("gobgpd", "config with a TOML syntax error", ["sh", "-c", "printf '[global.config\\n' > %s/gobgp-bad.toml; exec gobgpd -f %s/gobgp-bad.toml -t toml --api-hosts 127.0.0.1:{port}" % (N, N)], cwd=N, timeout=5)


def dnsdist():
    reset("dnsdist")

    def conf(h, p, extra=""):
        return write(N + "/dnsdist-%s-%s.conf" % (h.replace(":", "_"), p), "setLocal(\"%s\")\nnewServer(\"127.0.0.1:5399\")\nsetSecurityPollSuffix(\"\")\n%s" % (hp(h, p), extra))
    D = lambda c: ["dnsdist", "--supervised", "--disable-syslog", "-C", c]
    std("dnsdist", lambda h, p: D(conf(h, p)), label="setLocal(\"HOST:PORT\") (UDP and TCP; TCP held)", low=53, cwd=N, timeout=5)
    held("dnsdist", "dnsdist setLocal(\"0.0.0.0:{port}\"), the UDP port held", lambda p: D(conf("0.0.0.0", p)), proto="udp", cwd=N, timeout=5)
    p = new_port()
    held("dnsdist", "dnsdist webserver(\"127.0.0.1:{port}\")", D(conf("127.0.0.1", p + 1000, "webserver(\"127.0.0.1:%d\")\n" % p)), host="127.0.0.1", port=p, cwd=N, timeout=5)
    neg("dnsdist", "normal start, one DNS query over UDP (backend down), then SIGTERM", lambda p: D(conf("127.0.0.1", p)), proto="udp", cwd=N,
        during=lambda p: udp_poke(p, bytes.fromhex("12340100000100000000000003777777076578616d706c650000010001")))
    neg("dnsdist", "config with a Lua syntax error", ["sh", "-c", "printf 'setLocal(\"127.0.0.1:{port}\"\\n' > %s/dd-bad.conf; exec dnsdist --supervised --disable-syslog -C %s/dd-bad.conf" % (N, N)], cwd=N, timeout=5)


def krb5kdc():
    reset("krb5kdc")
    d = mkd(N + "/krb5")
    write(d + "/krb5.conf", "[libdefaults]\n  default_realm = R3.TEST\n  dns_lookup_kdc = false\n  dns_lookup_realm = false\n[logging]\n  kdc = STDERR\n")

    def kdc(h, p, tcp_only=False):
        spec = hp(h, p) if h != "*" else str(p)
        c = write(d + "/kdc-%s-%s.conf" % (h.replace(":", "_").replace("*", "all"), p),
                  "[kdcdefaults]\n  kdc_ports = %s\n  kdc_tcp_ports = %s\n[realms]\n  R3.TEST = {\n    database_name = %s/principal\n    key_stash_file = %s/stash\n    kdc_listen = %s\n    kdc_tcp_listen = %s\n  }\n[logging]\n  kdc = STDERR\n" % (p, p, d, d, spec, spec))
        return c
    env0 = {"KRB5_CONFIG": d + "/krb5.conf"}
    if not os.path.exists(d + "/principal"):
        sh("KRB5_CONFIG=%s/krb5.conf KRB5_KDC_PROFILE=%s kdb5_util -r R3.TEST create -s -P r3pw >/dev/null 2>&1; chmod -R a+rX %s" % (d, kdc("127.0.0.1", 1), d))

    def cmd(h, p):
        return ["sh", "-c", "KRB5_KDC_PROFILE=%s exec krb5kdc -n -r R3.TEST" % kdc(h, p)]
    std("krb5kdc", cmd, label="kdc.conf kdc_listen/kdc_tcp_listen = HOST:PORT (UDP held)", proto="udp", low=88, cwd=N, timeout=5, env=env0)
    held("krb5kdc", "kdc.conf kdc_listen/kdc_tcp_listen = {port} (port only), the TCP port held", lambda p: cmd("*", p), cwd=N, timeout=5, env=env0)
    neg("krb5kdc", "normal start, one AS-REQ from kinit for an unknown principal, then SIGTERM", lambda p: cmd("127.0.0.1", p), proto="udp", cwd=N, env=env0,
        during=lambda p: sh("printf '[libdefaults]\\n default_realm = R3.TEST\\n[realms]\\n R3.TEST = {\\n kdc = 127.0.0.1:%d\\n }\\n' > %s/client.conf; KRB5_CONFIG=%s/client.conf timeout 5 kinit nope@R3.TEST </dev/null >/dev/null 2>&1" % (p, d, d)))
    neg("krb5kdc", "realm with no database", lambda p: ["sh", "-c", "KRB5_KDC_PROFILE=%s exec krb5kdc -n -r NOPE.TEST" % kdc("127.0.0.1", p)], cwd=N, timeout=5, env=env0)


def tac_plus():
    reset("tac_plus")
    c = write(N + "/tac_plus.conf", "key = r3secret\nuser = alice {\n  login = cleartext alicepw\n}\n")
    T = lambda h, p: ["tac_plus", "-C", c, "-G", "-g", "-d", "8", "-l", "/dev/stderr", "-B", h, "-p", str(p)]
    std("tac_plus", T, label="-C conf -G -g -B HOST -p PORT", low=49, cwd=N, timeout=5)
    held("tac_plus", "tac_plus -C conf -G -g -p {port} (no -B)", ["tac_plus", "-C", c, "-G", "-g", "-p", "{port}"], cwd=N, timeout=5)
    neg("tac_plus", "normal start, one client sends junk, then SIGTERM", lambda p: T("127.0.0.1", p), cwd=N, during=lambda p: tcp_poke(p, b"\xc0\x01\x01\x00" + b"\x00" * 8))
    neg("tac_plus", "config with a syntax error", ["sh", "-c", "printf 'user = bob {\\n  nope\\n' > %s/tac-bad.conf; exec tac_plus -C %s/tac-bad.conf -G -g -p {port}" % (N, N)], cwd=N, timeout=5)


def oidentd():
    reset("oidentd")
    O = ["oidentd", "-i", "-S", "-d", "-u", "nobody", "-g", "nogroup"]
    std("oidentd", lambda h, p: O + ["-a", h, "-p", str(p)], label="-i -S -d -a HOST -p PORT", low=113, cwd=N, timeout=5)
    held("oidentd", "oidentd -i -S -p {port} (no -a)", O + ["-p", "{port}"], cwd=N, timeout=5)
    neg("oidentd", "normal start, one ident query, then SIGTERM", O + ["-a", "127.0.0.1", "-p", "{port}"], cwd=N, during=lambda p: tcp_poke(p, b"12345, 6789\r\n"))
    neg("oidentd", "-C a config file that does not exist", O + ["-C", N + "/nope.conf", "-p", "{port}"], cwd=N, timeout=5)


def distccd():
    reset("distccd")
    Dd = ["distccd", "--daemon", "--no-detach", "--log-stderr", "--log-level", "info", "--allow", "127.0.0.1"]
    std("distccd", lambda h, p: Dd + ["--listen", h, "--port", str(p)], label="--daemon --no-detach --log-stderr --listen HOST --port PORT", cwd=N, timeout=5)
    held("distccd", "distccd --daemon --no-detach --log-stderr --port {port} (no --listen)", Dd + ["--port", "{port}"], cwd=N, timeout=5)
    p = new_port()
    held("distccd", "distccd --stats --stats-port {port}", Dd + ["--listen", "127.0.0.1", "--port", str(p + 1000), "--stats", "--stats-port", "{port}"], port=p, cwd=N, timeout=5)
    neg("distccd", "normal start, one client sends junk, then SIGTERM", Dd + ["--listen", "127.0.0.1", "--port", "{port}"], cwd=N, during=lambda p: tcp_poke(p, b"DIST00000001"))
    neg("distccd", "--allow with a bad netmask", ["distccd", "--daemon", "--no-detach", "--log-stderr", "--allow", "127.0.0.1/99", "--port", "{port}"], cwd=N, timeout=5)


def bitlbee():
    reset("bitlbee")
    d = mkd(N + "/bitlbee")
    c = write(d + "/bitlbee.conf", "[settings]\nRunMode = Daemon\nUser = nobody\n")
    B = lambda h, p: ["bitlbee", "-D", "-n", "-v", "-c", c, "-d", d, "-i", h, "-p", str(p)]
    std("bitlbee", B, label="-D -n -v -i HOST -p PORT", low=194, cwd=N, timeout=5)
    neg("bitlbee", "normal start, one IRC client NICK/USER/QUIT, then SIGTERM", lambda p: B("127.0.0.1", p), cwd=N,
        during=lambda p: tcp_poke(p, b"NICK a\r\nUSER a 0 * :a\r\nQUIT\r\n"))
    neg("bitlbee", "-c a config file that does not exist", ["bitlbee", "-D", "-n", "-v", "-c", d + "/nope.conf", "-p", "{port}"], cwd=N, timeout=5)


def ergo():
    reset("ergo")
    d = mkd(N + "/ergo")
    if not os.path.exists(d + "/default.yaml"):
        sh("cp /usr/share/doc/ergo/examples/default.yaml* %s/ 2>/dev/null; ls /usr/share/doc/ergo/ /etc/ergo* >/dev/null 2>&1" % d)

    def conf(h, p):
        base = open("/etc/ergo/ircd.yaml").read() if os.path.exists("/etc/ergo/ircd.yaml") else open(d + "/default.yaml").read()
        import re
        base = re.sub(r'(?ms)^    listeners:\n.*?(?=^    \S)', '    listeners:\n        "%s": {}\n\n' % hp(h, p), base, count=1)
        base = base.replace("path: ircd.db", "path: %s/ircd-%s.db" % (d, p)).replace("autocreate: false", "autocreate: true")
        base = re.sub(r'(?m)^(\s+)filename: .*languages.*$', r'\1', base)
        return write(d + "/ircd-%s-%s.yaml" % (h.replace(":", "_"), p), base)
    std("ergo", lambda h, p: ["ergo", "run", "--conf", conf(h, p)], label="ircd.yaml `listeners: \"HOST:PORT\": {}`", low=194, cwd=d, timeout=6)
    neg("ergo", "normal start, one IRC client NICK/USER/QUIT, then SIGTERM", lambda p: ["ergo", "run", "--conf", conf("127.0.0.1", p)], cwd=d,
        during=lambda p: tcp_poke(p, b"NICK a\r\nUSER a 0 * :a\r\nQUIT\r\n"))
    neg("ergo", "config file that does not exist", ["ergo", "run", "--conf", d + "/nope.yaml"], cwd=d, timeout=5)


def quasselcore():
    reset("quasselcore")
    d = mkd(N + "/quassel")
    Q = lambda h, p: ["quasselcore", "--configdir=" + d, "--listen=" + h, "--port=%d" % p, "--loglevel=Info", "--logfile=/dev/stderr"]
    std("quasselcore", Q, label="--listen=HOST --port=PORT", low=443, cwd=d, timeout=6)
    held("quasselcore", "quasselcore --port={port} (default --listen ::,0.0.0.0)", ["quasselcore", "--configdir=" + d, "--port={port}"], cwd=d, timeout=6)
    neg("quasselcore", "normal start, one client sends junk, then SIGTERM", lambda p: Q("127.0.0.1", p), cwd=d, during=lambda p: tcp_poke(p, b"\x42\xb3\x3f\x00"))
    neg("quasselcore", "an unknown option", ["quasselcore", "--configdir=" + d, "--nope"], cwd=d, timeout=5)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        globals()[name.replace("-", "_")]()
