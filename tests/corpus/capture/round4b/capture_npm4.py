"""npm servers installed with `npm install --ignore-scripts` in /tmp/round4b/npm (node 20)."""
import os
import sys
from harness import run_case, reset, new_port, http_get, tcp_poke, RUN, sh, write
from common import std, held, neg, udp_poke, mkd, hp

N = "/tmp/round4b/npm"
B = N + "/node_modules/.bin/"
J = mkd(RUN + "/js", 0o777)
mkd(J + "/www", 0o777)
write(J + "/www/index.html", "<h1>hi</h1>\n")
write(J + "/www/README.md", "# hi\n")
write(J + "/polka_srv.js", "const polka = require('%s/node_modules/polka');\nconst [host, port] = process.argv.slice(2);\npolka().get('/', (req, res) => res.end('hi')).listen(+port, host, err => {\n  if (err) throw err;\n  console.log(`> Running on ${host}:${port}`);\n});\n" % N)
write(J + "/hono_srv.mjs", "import { serve } from '%s/node_modules/@hono/node-server/dist/index.mjs';\nimport { Hono } from '%s/node_modules/hono/dist/index.js';\nconst [hostname, port] = process.argv.slice(2);\nconst app = new Hono();\napp.get('/', c => c.text('hi'));\nserve({ fetch: app.fetch, hostname, port: +port }, info => console.log(`Listening on http://${info.address}:${info.port}`));\n" % (N, N))
write(J + "/tiny_srv.mjs", "import { App } from '%s/node_modules/@tinyhttp/app/dist/index.js';\nconst [host, port] = process.argv.slice(2);\nnew App().get('/', (req, res) => res.send('hi')).listen(+port, () => console.log(`Started on ${host}:${port}`), host);\n" % N)
write(J + "/dns2_srv.js", "const dns2 = require('%s/node_modules/dns2');\nconst [address, port] = process.argv.slice(2);\nconst server = dns2.createServer({ udp: true, handle: (req, send) => { const r = dns2.Packet.createResponseFromRequest(req); send(r); } });\nserver.on('listening', () => console.log('dns2 listening', server.addresses()));\nserver.on('error', (err) => { console.log('dns2 error', err); process.exit(1); });\nserver.listen({ udp: { port: +port, address } });\n" % N)
sh("chmod -R a+rwX %s" % J)


def docsify():
    reset("docsify")
    D = lambda h, p: [B + "docsify", "serve", J + "/www", "--port", str(p), "--host", h, "--livereload-port", str(p + 1)]
    std("docsify", D, label="serve DIR --port PORT --host HOST --livereload-port PORT+1", cwd=J, timeout=8, stop_signal=2)
    p = new_port()
    held("docsify", "docsify serve DIR --port %d --livereload-port {port} (the livereload port held)" % (p + 500), [B + "docsify", "serve", J + "/www", "--port", str(p + 500), "--livereload-port", str(p)], port=p, cwd=J, timeout=8, stop_signal=2)
    neg("docsify", "normal start, GET / and /missing, then SIGINT", lambda p: D("127.0.0.1", p), cwd=J, stop_signal=2, during=lambda p: (http_get(p, "/"), http_get(p, "/missing")))


def light_server():
    reset("light-server")
    L = lambda h, p: [B + "light-server", "-s", J + "/www", "-p", str(p), "-b", h, "-q"]
    std("light-server", L, label="-s DIR -p PORT -b HOST", cwd=J, timeout=8, stop_signal=2)
    neg("light-server", "normal start, GET / and /missing, then SIGINT", lambda p: L("127.0.0.1", p), cwd=J, stop_signal=2, during=lambda p: (http_get(p, "/"), http_get(p, "/missing")))


def reload():
    reset("reload")
    R = lambda h, p: [B + "reload", "-d", J + "/www", "-p", str(p), "-n", h]
    std("reload", R, label="-d DIR -p PORT -n HOST", cwd=J, timeout=8, stop_signal=2)
    neg("reload", "normal start, GET / and /missing, then SIGINT", lambda p: R("127.0.0.1", p), cwd=J, stop_signal=2, during=lambda p: (http_get(p, "/"), http_get(p, "/missing")))


def five_server():
    reset("five-server")
    F = lambda h, p: [B + "five-server", "--root=" + J + "/www", "--port=%d" % p, "--host=" + h, "--open=false"]
    std("five-server", F, label="--root=DIR --port=PORT --host=HOST --open=false", cwd=J, timeout=8, stop_signal=2)
    neg("five-server", "normal start, GET / and /missing, then SIGINT", lambda p: F("127.0.0.1", p), cwd=J, stop_signal=2, during=lambda p: (http_get(p, "/"), http_get(p, "/missing")))


def polka():
    reset("polka")
    std("polka", lambda h, p: ["node", J + "/polka_srv.js", h, str(p)], label="polka().listen(PORT, HOST, cb)", cwd=J, timeout=6, stop_signal=2)
    neg("polka", "normal start, GET / and /missing, then SIGINT", lambda p: ["node", J + "/polka_srv.js", "127.0.0.1", str(p)], cwd=J, stop_signal=2, during=lambda p: (http_get(p, "/"), http_get(p, "/missing")))


def hono():
    reset("hono")
    std("hono", lambda h, p: ["node", J + "/hono_srv.mjs", h, str(p)], label="@hono/node-server serve({fetch, hostname: HOST, port: PORT})", cwd=J, timeout=6, stop_signal=2)
    neg("hono", "normal start, GET / and /missing, then SIGINT", lambda p: ["node", J + "/hono_srv.mjs", "127.0.0.1", str(p)], cwd=J, stop_signal=2, during=lambda p: (http_get(p, "/"), http_get(p, "/missing")))


def tinyhttp():
    reset("tinyhttp")
    std("tinyhttp", lambda h, p: ["node", J + "/tiny_srv.mjs", h, str(p)], label="new App().listen(PORT, cb, HOST)", cwd=J, timeout=6, stop_signal=2)
    neg("tinyhttp", "normal start, GET / and /missing, then SIGINT", lambda p: ["node", J + "/tiny_srv.mjs", "127.0.0.1", str(p)], cwd=J, stop_signal=2, during=lambda p: (http_get(p, "/"), http_get(p, "/missing")))


def dns2():
    reset("dns2")
    std("dns2", lambda h, p: ["node", J + "/dns2_srv.js", h, str(p)], proto="udp", low=53, label="dns2.createServer({udp: true}).listen({udp: {port: PORT, address: HOST}})", cwd=J, timeout=6, stop_signal=2)
    neg("dns2", "normal start, one DNS query with dig, then SIGINT", lambda p: ["node", J + "/dns2_srv.js", "127.0.0.1", str(p)], proto="udp", cwd=J, stop_signal=2,
        during=lambda p: sh("timeout 5 dig +tries=1 +time=2 @127.0.0.1 -p %d example.test >/dev/null 2>&1" % p))


def http_echo_server():
    reset("http-echo-server")
    held("http-echo-server", "http-echo-server {port}", lambda p: [B + "http-echo-server", str(p)], cwd=J, timeout=6, stop_signal=2)
    held("http-echo-server", "http-echo-server {port}", lambda p: [B + "http-echo-server", str(p)], host="::", cwd=J, timeout=6, stop_signal=2)
    run_case("http-echo-server", "bind", "run as nobody (ip_unprivileged_port_start=1024); http-echo-server 80", [B + "http-echo-server", "80"], port=80, user="nobody", errno="EACCES", cwd=J, timeout=6, stop_signal=2)
    neg("http-echo-server", "normal start, GET /hello, then SIGINT", lambda p: [B + "http-echo-server", str(p)], cwd=J, stop_signal=2, during=lambda p: http_get(p, "/hello"))


def node_static():
    reset("node-static")
    S = lambda h, p: [B + "static", "-p", str(p), "-a", h, J + "/www"]
    std("node-static", S, label="static -p PORT -a HOST DIR", cwd=J, timeout=6, stop_signal=2)
    neg("node-static", "normal start, GET / and /missing, then SIGINT", lambda p: S("127.0.0.1", p), cwd=J, stop_signal=2, during=lambda p: (http_get(p, "/"), http_get(p, "/missing")))


def prism():
    reset("prism")
    spec = write(J + "/openapi.yaml", "openapi: 3.0.0\ninfo: {title: r4, version: '1'}\npaths:\n  /hi:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              example: {hi: 1}\n")
    M = lambda h, p: [B + "prism", "mock", spec, "-h", h, "-p", str(p)]
    std("prism", M, label="mock openapi.yaml -h HOST -p PORT", cwd=J, timeout=12, stop_signal=2)
    neg("prism", "normal start, GET /hi and /missing, then SIGINT", lambda p: M("127.0.0.1", p), cwd=J, stop_signal=2, during=lambda p: (http_get(p, "/hi"), http_get(p, "/missing")), settle=2)
    neg("prism", "mock a spec file that does not exist", lambda p: [B + "prism", "mock", J + "/nope.yaml", "-p", str(p)], cwd=J, timeout=12, stop_signal=2)


def listhen():
    reset("listhen")
    app = write(J + "/lh_app.mjs", "export default (req, res) => { res.end('hi') }\n")
    Lh = lambda h, p: [B + "listhen", app, "--port=%d" % p, "--host=" + h]
    std("listhen", Lh, label="app.mjs --port=PORT --host=HOST", cwd=J, timeout=10, stop_signal=2)
    neg("listhen", "normal start, GET / , then SIGINT", lambda p: Lh("127.0.0.1", p), cwd=J, stop_signal=2, during=lambda p: http_get(p, "/"), settle=2)


def haraka():
    reset("haraka")

    def d(h, p):
        dd = J + "/haraka-%s" % p
        if not os.path.exists(dd):
            sh("%sharaka -i %s >/dev/null 2>&1" % (B, dd))
        write(dd + "/config/smtp.ini", "listen=%s\nnodes=0\n" % hp(h, p))
        write(dd + "/config/plugins", "\n")
        sh("chmod -R a+rwX %s" % dd)
        return dd
    Hk = lambda h, p: [B + "haraka", "-c", d(h, p)]
    std("haraka", Hk, label="-c DIR with config/smtp.ini `listen=HOST:PORT`, nodes=0", low=25, cwd=J, timeout=10, stop_signal=2)
    neg("haraka", "normal start, one SMTP client says QUIT, then SIGINT", lambda p: Hk("127.0.0.1", p), cwd=J, stop_signal=2, during=lambda p: tcp_poke(p, b"QUIT\r\n"), settle=2)


def hexo():
    reset("hexo-server")
    site = J + "/hexo"
    if not os.path.exists(site + "/_config.yml"):
        mkd(site)
        write(site + "/package.json", '{"name": "r4", "version": "0.0.0", "private": true, "hexo": {"version": "8.1.2"}, "dependencies": {"hexo": "^8.1.2", "hexo-server": "^3.0.0"}}\n')
        write(site + "/_config.yml", "title: r4\nurl: http://example.test\nsource_dir: source\npublic_dir: public\ntheme: none\n")
        mkd(site + "/source/_posts")
        write(site + "/source/_posts/hi.md", "---\ntitle: hi\n---\nhi\n")
        sh("ln -sfn %s/node_modules %s/node_modules; chmod -R a+rwX %s" % (N, site, site))
    X = lambda h, p: [B + "hexo", "server", "-p", str(p), "-i", h]
    std("hexo-server", X, label="hexo server -p PORT -i HOST", cwd=site, timeout=12, stop_signal=2)
    neg("hexo-server", "normal start, GET / and /missing, then SIGINT", lambda p: X("127.0.0.1", p), cwd=site, stop_signal=2, during=lambda p: (http_get(p, "/"), http_get(p, "/missing")), settle=2)


def superstatic():
    reset("superstatic")
    S = lambda h, p: [B + "superstatic", "serve", J + "/www", "--port", str(p), "--host", h]
    std("superstatic", S, label="serve DIR --port PORT --host HOST", cwd=J, timeout=8, stop_signal=2)
    neg("superstatic", "normal start, GET / and /missing, then SIGINT", lambda p: S("127.0.0.1", p), cwd=J, stop_signal=2, during=lambda p: (http_get(p, "/"), http_get(p, "/missing")))


def httpster():
    reset("httpster")
    Hs = lambda p: [B + "httpster", "-p", str(p), "-d", J + "/www"]
    held("httpster", "httpster -p {port} -d DIR", lambda p: Hs(p), cwd=J, timeout=6, stop_signal=2)
    held("httpster", "httpster -p {port} -d DIR", lambda p: Hs(p), host="::", cwd=J, timeout=6, stop_signal=2)
    run_case("httpster", "bind", "run as nobody (ip_unprivileged_port_start=1024); httpster -p 80 -d DIR", Hs(80), port=80, user="nobody", errno="EACCES", cwd=J, timeout=6, stop_signal=2)
    neg("httpster", "normal start, GET / and /missing, then SIGINT", Hs, cwd=J, stop_signal=2, during=lambda p: (http_get(p, "/"), http_get(p, "/missing")))


def static_server():
    reset("static-server")
    Ss = lambda p: [B + "static-server", "-p", str(p), J + "/www"]
    held("static-server", "static-server -p {port} DIR", lambda p: Ss(p), cwd=J, timeout=6, stop_signal=2)
    held("static-server", "static-server -p {port} DIR", lambda p: Ss(p), host="::", cwd=J, timeout=6, stop_signal=2)
    run_case("static-server", "bind", "run as nobody (ip_unprivileged_port_start=1024); static-server -p 80 DIR", Ss(80), port=80, user="nobody", errno="EACCES", cwd=J, timeout=6, stop_signal=2)
    neg("static-server", "normal start, GET / and /missing, then SIGINT", Ss, cwd=J, stop_signal=2, during=lambda p: (http_get(p, "/"), http_get(p, "/missing")))


def st():
    reset("st")
    S = lambda h, p: [B + "st", "-p", str(p), "-H", h, "-d", J + "/www"]
    std("st", S, label="-p PORT -H HOST -d DIR", cwd=J, timeout=6, stop_signal=2)
    neg("st", "normal start, GET / and /missing, then SIGINT", lambda p: S("127.0.0.1", p), cwd=J, stop_signal=2, during=lambda p: (http_get(p, "/"), http_get(p, "/missing")))


def tftp():
    reset("tftp")
    srv = write(J + "/tftp_srv.js", "const tftp = require('%s/node_modules/tftp');\nconst [host, port] = process.argv.slice(2);\nconst server = tftp.createServer({ host, port: +port, root: '%s/www', denyPUT: true });\nserver.on('error', err => { console.error(err); });\nserver.on('listening', () => console.log('TFTP server listening on ' + host + ':' + port));\nserver.listen();\n" % (N, J))
    T = lambda h, p: ["node", srv, h, str(p)]
    std("tftp", T, proto="udp", low=69, label="tftp.createServer({host: HOST, port: PORT, root}).listen()", cwd=J, timeout=6, stop_signal=2)
    neg("tftp", "normal start, one `ntftp get` of index.html, then SIGINT", lambda p: T("127.0.0.1", p), proto="udp", cwd=J, stop_signal=2,
        during=lambda p: sh("cd /tmp && timeout 5 %sntftp get tftp://127.0.0.1:%d/index.html /tmp/round4b/run/js/got.html >/dev/null 2>&1" % (B, p)))


def mockoon():
    reset("mockoon-cli")
    data = write(J + "/mockoon.json", '{"uuid": "2d8f3b5e-0000-4000-8000-000000000001", "lastMigration": 32, "name": "r4", "endpointPrefix": "", "latency": 0, "port": 3000, "hostname": "", "folders": [], "routes": [], "rootChildren": [], "proxyMode": false, "proxyHost": "", "proxyRemovePrefix": false, "tlsOptions": {"enabled": false, "type": "CERT", "pfxPath": "", "certPath": "", "keyPath": "", "caPath": "", "passphrase": ""}, "cors": true, "headers": [], "proxyReqHeaders": [], "proxyResHeaders": [], "data": [], "callbacks": []}\n')
    M = lambda h, p: [B + "mockoon-cli", "start", "--data", data, "--port", str(p), "--hostname", h, "--repair"]
    std("mockoon-cli", M, label="start --data env.json --port PORT --hostname HOST", cwd=J, timeout=12, stop_signal=2)
    neg("mockoon-cli", "normal start, GET /missing, then SIGINT", lambda p: M("127.0.0.1", p), cwd=J, stop_signal=2, during=lambda p: http_get(p, "/missing"), settle=2)
    neg("mockoon-cli", "--data file that does not exist", lambda p: [B + "mockoon-cli", "start", "--data", J + "/nope.json", "--port", str(p)], cwd=J, timeout=12, stop_signal=2)


def pm2():
    reset("pm2-runtime")
    app = write(J + "/pm2_app.js", "const http = require('http');\nconst host = process.env.HOST, port = +process.env.PORT;\nhttp.createServer((req, res) => res.end('hi')).listen(port, host, () => console.log(`app listening on ${host}:${port}`));\n")
    home = mkd(J + "/pm2home")
    P2 = lambda h, p: [B + "pm2-runtime", "start", app, "--name", "r4app", "--no-autorestart"]
    for h, hold_, user, low, errno in (("0.0.0.0", "0.0.0.0", None, None, "EADDRINUSE"), ("::", "::", None, None, "EADDRINUSE"), ("0.0.0.0", None, "nobody", 80, "EACCES"), ("192.0.2.1", None, None, None, "EADDRNOTAVAIL")):
        p = low or new_port()
        what = {"EADDRINUSE": "python %ssocket held %s/tcp; " % ("dual-stack " if h == "::" else "", hp(h, p)), "EACCES": "run as nobody (ip_unprivileged_port_start=1024); ", "EADDRNOTAVAIL": ""}[errno]
        tail = ", an address not on this host" if errno == "EADDRNOTAVAIL" else ""
        run_case("pm2-runtime", "bind", what + "pm2-runtime start app.js --no-autorestart, the app (node http) listens on HOST=%s PORT=%d%s" % (h, p, tail), P2(h, p), port=p,
                 hold_spec=("tcp", hold_) if hold_ else None, user=user, errno=errno, addr=h, cwd=J, timeout=8, stop_signal=2,
                 env={"HOST": h, "PORT": str(p), "PM2_HOME": home + ("-nobody" if user else "")})
    p = new_port()
    run_case("pm2-runtime", "negative", "normal pm2-runtime start of the app on 127.0.0.1, GET /, then SIGINT", P2("127.0.0.1", p), port=p, cwd=J, stop_signal=2,
             env={"HOST": "127.0.0.1", "PORT": str(p), "PM2_HOME": home}, during=lambda p: http_get(p, "/"), settle=2)


def grpc_js():
    reset("grpc-js")
    G = lambda h, p: ["node", J + "/grpc_srv.js", hp(h, p)]
    std("grpc-js", G, label="new grpc.Server().bindAsync(\"HOST:PORT\", createInsecure(), cb) (cb prints err)", cwd=J, timeout=6)
    neg("grpc-js", "normal start, one client sends junk, then SIGTERM", lambda p: G("127.0.0.1", p), cwd=J, during=lambda p: tcp_poke(p, b"GET / HTTP/1.1\r\n\r\n"))


def workerd():
    reset("workerd")
    W = N + "/node_modules/@cloudflare/workerd-linux-64/bin/workerd"
    tmpl = open(J + "/workerd.capnp.tmpl").read()

    def conf(h, p):
        return write(J + "/workerd-%s-%s.capnp" % (h.replace(":", "_"), p), tmpl.replace("ADDR", hp(h, p)))
    Wk = lambda h, p: [W, "serve", conf(h, p)]
    std("workerd", Wk, label="serve config.capnp with `sockets = [(address = \"HOST:PORT\", http = ())]`", cwd=J, timeout=8)
    neg("workerd", "normal start, GET /, then SIGTERM", lambda p: Wk("127.0.0.1", p), cwd=J, during=lambda p: http_get(p, "/"), settle=2)
    neg("workerd", "config file that does not exist", [W, "serve", J + "/nope.capnp"], cwd=J, timeout=6)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        globals()[name.replace("-", "_")]()
