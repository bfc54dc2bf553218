"""Second batch: PyPI dnserver, py3tftp, fakeredis TcpFakeServer, grip; npm coap, net-snmp agent,
alive-server, servez; Debian netcat-traditional, jimsh (Jim Tcl), picolisp; plus negatives for
mqttools and prometheus-client whose first negative printed nothing."""
import os
import sys
import subprocess
from harness import run_case, reset, new_port, http_get, tcp_poke, RUN, sh, write
from common import std, held, neg, udp_poke, mkd, hp

V = "/tmp/round5b/venv/bin/"
PY = V + "python"
B = "/tmp/round5b/npm/node_modules/.bin/"
M = "/tmp/round5b/npm/node_modules/"
P = mkd(RUN + "/more", 0o777)
mkd(P + "/www", 0o777)
write(P + "/www/index.html", "<h1>hi</h1>\n")
write(P + "/www/README.md", "# hi\n")
write(P + "/zones.toml", "[[zones]]\nhost = 'example.test'\ntype = 'A'\nanswer = '127.0.0.1'\n")
write(P + "/fakeredis_srv.py", "import sys\nfrom fakeredis import TcpFakeServer\ns = TcpFakeServer((sys.argv[1], int(sys.argv[2])), server_type='redis')\nprint('fakeredis on', sys.argv[1], sys.argv[2], flush=True)\ns.serve_forever()\n")
write(P + "/coap_srv.js", "const [host, port] = process.argv.slice(2);\nconst coap = require('%scoap');\nconst server = coap.createServer({ type: host.includes(':') ? 'udp6' : 'udp4' });\nserver.on('request', (req, res) => res.end('hi'));\nserver.listen(+port, host, () => console.log(`coap server on ${host}:${port}`));\n" % M)
write(P + "/snmp_srv.js", "const [host, port] = process.argv.slice(2);\nconst snmp = require('%snet-snmp');\nconst agent = snmp.createAgent({ port: +port, address: host, transport: host.includes(':') ? 'udp6' : 'udp4', disableAuthorization: true }, (err, data) => { if (err) console.error(err); else console.log('request', data.pdu.type); });\nconsole.log(`snmp agent on ${host}:${port}`);\n" % M)
write(P + "/jim_srv.tcl", "set s [socket stream.server [lindex $argv 0]]\nputs \"listening [lindex $argv 0]\"\nflush stdout\nset c [$s accept]\nputs \"accepted\"\n")
write(P + "/pil_srv.l", "(setq P (port (format (opt))))\n(prinl \"port \" P)\n(flush)\n(setq S (listen P))\n(prinl \"accepted \" S)\n(bye)\n")
write(P + "/pil_udp.l", "(setq P (port T (format (opt))))\n(prinl \"udp port \" P)\n(flush)\n(wait 600000)\n(bye)\n")
sh("chmod -R a+rwX %s" % P)


def dnserver():
    reset("dnserver")
    D = lambda p: [V + "dnserver", "--port", str(p), "--no-upstream", P + "/zones.toml"]
    held("dnserver", "dnserver --port {port} --no-upstream zones.toml (it binds UDP and TCP on all addresses)", D, proto="udp", cwd=P, timeout=6, stop_signal=2)
    held("dnserver", "dnserver --port {port} --no-upstream zones.toml (the TCP port held)", D, proto="tcp", cwd=P, timeout=6, stop_signal=2)
    run_case("dnserver", "bind", "run as nobody (ip_unprivileged_port_start=1024); dnserver --port 53 --no-upstream zones.toml", D(53), port=53, user="nobody", errno="EACCES", proto="udp", cwd=P, timeout=6, stop_signal=2)
    neg("dnserver", "normal start, one UDP DNS query (example.test A), then SIGINT", D, cwd=P, stop_signal=2, proto="udp",
        during=lambda p: sh("dig +time=2 +tries=1 @127.0.0.1 -p %d example.test A >/dev/null 2>&1" % p))
    neg("dnserver", "zones file that does not exist", lambda p: [V + "dnserver", "--port", str(p), "--no-upstream", P + "/nope.toml"], cwd=P, timeout=6, stop_signal=2)


def py3tftp():
    reset("py3tftp")
    T = lambda h, p: [V + "py3tftp", "--host", h, "-p", str(p)]
    std("py3tftp", T, proto="udp", label="--host HOST -p PORT", cwd=P + "/www", timeout=6, stop_signal=2, low=69)
    neg("py3tftp", "normal start, one TFTP RRQ for a missing file, then SIGINT", lambda p: T("127.0.0.1", p), cwd=P + "/www", stop_signal=2, proto="udp",
        during=lambda p: udp_poke(p, b"\x00\x01nope.txt\x00octet\x00"))


def fakeredis():
    reset("fakeredis")
    F = lambda h, p: [PY, P + "/fakeredis_srv.py", h, str(p)]
    std("fakeredis", F, label="TcpFakeServer((HOST, PORT)).serve_forever()", cwd=P, timeout=6, stop_signal=2)
    neg("fakeredis", "normal start, a client sends PING, then SIGINT", lambda p: F("127.0.0.1", p), cwd=P, stop_signal=2, during=lambda p: tcp_poke(p, b"PING\r\n"))


def grip():
    reset("grip")
    G = lambda h, p: [V + "grip", P + "/www/README.md", hp(h, p)]
    std("grip", G, label="README.md HOST:PORT", cwd=P, timeout=8, stop_signal=2, env={"HOME": "/tmp/nobody-home"})
    neg("grip", "normal start, GET /__/grip/static/favicon.ico and /missing (no network: it does not render the page), then SIGINT", lambda p: G("127.0.0.1", p), cwd=P, stop_signal=2,
        during=lambda p: (http_get(p, "/__/grip/static/favicon.ico"), http_get(p, "/missing")), env={"HOME": "/tmp/nobody-home"})


def coap():
    reset("coap")
    C = lambda h, p: ["node", P + "/coap_srv.js", h, str(p)]
    std("coap", C, proto="udp", label="coap.createServer().listen(PORT, HOST)", cwd=P, timeout=6, stop_signal=2, low=683)
    neg("coap", "normal start, one UDP datagram of garbage, then SIGINT", lambda p: C("127.0.0.1", p), cwd=P, stop_signal=2, proto="udp", during=lambda p: udp_poke(p, b"xx"))


def snmp():
    reset("net-snmp")
    S = lambda h, p: ["node", P + "/snmp_srv.js", h, str(p)]
    std("net-snmp", S, proto="udp", label="snmp.createAgent({port: PORT, address: HOST})", cwd=P, timeout=6, stop_signal=2, low=161)
    neg("net-snmp", "normal start, one UDP datagram of garbage, then SIGINT", lambda p: S("127.0.0.1", p), cwd=P, stop_signal=2, proto="udp", during=lambda p: udp_poke(p, b"xx"))


def alive():
    reset("alive-server")
    A = lambda h, p: [B + "alive-server", "--port=%d" % p, "--host=" + h, "--no-browser", P + "/www"]
    std("alive-server", A, label="--port=PORT --host=HOST --no-browser DIR", cwd=P, timeout=8, stop_signal=2)
    neg("alive-server", "normal start, GET / and /missing, then SIGINT", lambda p: A("127.0.0.1", p), cwd=P, stop_signal=2, during=lambda p: (http_get(p, "/"), http_get(p, "/missing")))


def servez():
    reset("servez")
    S = lambda p: [B + "servez", "-p", str(p), "--no-scan", P + "/www"]
    held("servez", "servez -p {port} --no-scan DIR", S, cwd=P, timeout=8, stop_signal=2)
    held("servez", "servez -p {port} --no-scan DIR", S, host="::", cwd=P, timeout=8, stop_signal=2)
    run_case("servez", "bind", "run as nobody (ip_unprivileged_port_start=1024); servez -p 80 --no-scan DIR", S(80), port=80, user="nobody", errno="EACCES", cwd=P, timeout=8, stop_signal=2)
    neg("servez", "normal start, GET / and /missing, then SIGINT", S, cwd=P, stop_signal=2, during=lambda p: (http_get(p, "/"), http_get(p, "/missing")))


def nc_trad():
    reset("netcat-traditional")
    N = lambda h, p: ["nc.traditional", "-l", "-s", h, "-p", str(p)]
    std("netcat-traditional", N, label="nc.traditional -l -s HOST -p PORT", cwd=P, timeout=4, stop_signal=9)
    held("netcat-traditional", "nc.traditional -v -l -s 0.0.0.0 -p {port} (verbose)", lambda p: ["nc.traditional", "-v", "-l", "-s", "0.0.0.0", "-p", str(p)], cwd=P, timeout=4, stop_signal=9)
    held("netcat-traditional", "nc.traditional -v -u -l -s 0.0.0.0 -p {port} (verbose)", lambda p: ["nc.traditional", "-v", "-u", "-l", "-s", "0.0.0.0", "-p", str(p)], proto="udp", cwd=P, timeout=4, stop_signal=9)
    std("netcat-traditional", lambda h, p: ["nc.traditional", "-u", "-l", "-s", h, "-p", str(p)], proto="udp", label="nc.traditional -u -l -s HOST -p PORT", cwd=P, timeout=4, stop_signal=9, v6=False, eacces=False, notavail=False)
    neg("netcat-traditional", "normal start, a client sends a line, then SIGKILL", lambda p: ["nc.traditional", "-v", "-l", "-s", "127.0.0.1", "-p", str(p)], cwd=P, stop_signal=9, during=lambda p: tcp_poke(p, b"hello\n"))
    neg("netcat-traditional", "-v connect to 127.0.0.1:PORT where nothing listens", lambda p: ["nc.traditional", "-v", "-w", "2", "127.0.0.1", str(p)], cwd=P, timeout=5, stop_signal=9)


def jim():
    reset("jimsh")
    J = lambda h, p: ["jimsh", P + "/jim_srv.tcl", hp(h, p)]
    std("jimsh", J, label="socket stream.server HOST:PORT", cwd=P, timeout=4, stop_signal=9)
    neg("jimsh", "normal start, a client connects", lambda p: J("127.0.0.1", p), cwd=P, stop_signal=9, during=lambda p: tcp_poke(p))


def pil():
    reset("picolisp")
    T = lambda p: ["pil", P + "/pil_srv.l", str(p)]
    held("picolisp", "picolisp `(port {port})` (it binds the IPv6 wildcard, dual-stack)", T, cwd=P, timeout=4, stop_signal=9)
    held("picolisp", "picolisp `(port {port})` (it binds the IPv6 wildcard, dual-stack)", T, host="::", cwd=P, timeout=4, stop_signal=9)
    run_case("picolisp", "bind", "run as nobody (ip_unprivileged_port_start=1024); picolisp `(port 80)`", T(80), port=80, user="nobody", errno="EACCES", cwd=P, timeout=4, stop_signal=9)
    held("picolisp", "picolisp `(port T {port})` (UDP)", lambda p: ["pil", P + "/pil_udp.l", str(p)], proto="udp", cwd=P, timeout=4, stop_signal=9)
    neg("picolisp", "normal start, a client connects", T, cwd=P, stop_signal=9, during=lambda p: tcp_poke(p))


def fixneg2():
    neg("mqttools", "`mqttools subscribe` to 127.0.0.1:PORT where nothing listens (connect refused)", lambda p: [V + "mqttools", "subscribe", "--host", "127.0.0.1", "--port", str(p), "/t"], cwd=P, timeout=6, stop_signal=2)
    neg("mqttools", "broker --port not-a-number", [V + "mqttools", "broker", "--port", "eighty"], cwd=P, timeout=6, stop_signal=2)


def fixneg():
    neg("mqttools", "--certfile that does not exist with --keyfile", lambda p: [V + "mqttools", "broker", "--host", "127.0.0.1", "--port", str(p), "--secure-port", str(p + 1), "--certfile", P + "/nope.crt", "--keyfile", P + "/nope.key"], cwd=P, timeout=6, stop_signal=2)
    neg("prometheus-client", "start_http_server(PORT, addr='nosuchhost.invalid') (name does not resolve: no bind attempted)", lambda p: [PY, "/tmp/round5b/run/py/prom_srv.py", "nosuchhost.invalid", str(p)], cwd=P, timeout=6, stop_signal=9)


if __name__ == "__main__":
    for n in sys.argv[1:]:
        globals()[n]()
