"""npm servers installed with `npm install --ignore-scripts` in /tmp/round5b/npm (node 20)."""
import os
import sys
from harness import run_case, reset, new_port, http_get, tcp_poke, RUN, sh, write
from common import std, held, neg, udp_poke, mkd, hp

N = "/tmp/round5b/npm"
M = N + "/node_modules/"
B = M + ".bin/"
J = mkd(RUN + "/js", 0o777)
mkd(J + "/www", 0o777)
write(J + "/www/index.html", "<h1>hi</h1>\n")
write(J + "/cors_srv.js", "const [host, port] = process.argv.slice(2);\nrequire('%scors-anywhere').createServer({}).listen(+port, host, () => console.log('Running CORS Anywhere on ' + host + ':' + port));\n" % M)
write(J + "/sio_srv.js", "const [host, port] = process.argv.slice(2);\nconst { Server } = require('%ssocket.io');\nconst http = require('http');\nconst srv = http.createServer();\nconst io = new Server(srv);\nio.on('connection', s => console.log('connected', s.id));\nsrv.listen(+port, host, () => console.log(`socket.io listening on ${host}:${port}`));\n" % M)
write(J + "/ssh2_srv.js", "const fs = require('fs');\nconst [host, port] = process.argv.slice(2);\nconst { Server } = require('%sssh2');\nnew Server({ hostKeys: [fs.readFileSync('%s/ssh2_host.key')] }, c => { console.log('client connected'); c.on('error', e => console.log('client error', e.message)); }).listen(+port, host, function () { console.log('Listening on port ' + this.address().port); });\n" % (M, J))
write(J + "/restana_srv.js", "const [host, port] = process.argv.slice(2);\nconst service = require('%srestana')();\nservice.get('/', (req, res) => res.send('hi'));\nservice.start(+port, host).then(() => console.log(`restana on ${host}:${port}`));\n" % M)
write(J + "/hproxy_srv.js", "const [host, port] = process.argv.slice(2);\nconst httpProxy = require('%shttp-proxy');\nhttpProxy.createProxyServer({ target: 'http://127.0.0.1:9' }).listen(+port, host);\nconsole.log(`proxy on ${host}:${port}`);\n" % M)
write(J + "/mockttp_srv.mjs", "import * as mockttp from '%smockttp/dist/main.js';\nconst [host, port] = process.argv.slice(2);\nconst server = mockttp.getLocal();\nawait server.start(+port);\nawait server.forGet('/').thenReply(200, 'hi');\nconsole.log(`mockttp running on ${server.url}`);\n" % M)
sh("chmod -R a+rwX %s" % J)


def lws():
    reset("lws")
    L = lambda h, p: [B + "lws", "--port", str(p), "--hostname", h]
    std("lws", L, label="--port PORT --hostname HOST (cwd = the web root)", cwd=J + "/www", timeout=8, stop_signal=2)
    neg("lws", "normal start, GET / and /missing, then SIGINT", lambda p: L("127.0.0.1", p), cwd=J + "/www", stop_signal=2, during=lambda p: (http_get(p, "/"), http_get(p, "/missing")))
    neg("lws", "an unknown option (--directory DIR)", lambda p: L("127.0.0.1", p) + ["--directory", J + "/www"], cwd=J + "/www", timeout=8, stop_signal=2)


def mb():
    reset("mountebank")
    Mb = lambda h, p: [B + "mb", "start", "--port", str(p), "--host", h, "--nologfile", "--pidfile", "/tmp/round5b/run/js/mb-%d.pid" % p]
    std("mountebank", Mb, label="mb start --port PORT --host HOST --nologfile", cwd=J, timeout=10, stop_signal=2)
    neg("mountebank", "normal start, GET / and /imposters, then SIGINT", lambda p: Mb("127.0.0.1", p), cwd=J, stop_signal=2, during=lambda p: (http_get(p, "/"), http_get(p, "/imposters")), settle=2)


def node_lib(name, f, lab, poke, ext="js", **kw):
    reset(name)
    R = lambda h, p: ["node", J + "/" + f, h, str(p)]
    std(name, R, label=lab, cwd=J, timeout=6, stop_signal=2, **kw)
    neg(name, "normal start, a client request, then SIGINT", lambda p: R("127.0.0.1", p), cwd=J, stop_signal=2, during=poke)


def libs():
    if not os.path.exists(J + "/ssh2_host.key"):
        sh("ssh-keygen -q -t rsa -m PEM -N '' -f %s/ssh2_host.key; chmod 644 %s/ssh2_host.key" % (J, J))
    node_lib("cors-anywhere", "cors_srv.js", "require('cors-anywhere').createServer({}).listen(PORT, HOST)", lambda p: http_get(p, "/"))
    node_lib("socket.io", "sio_srv.js", "new Server(http.createServer()); srv.listen(PORT, HOST)", lambda p: http_get(p, "/socket.io/?EIO=4&transport=polling"))
    node_lib("ssh2", "ssh2_srv.js", "new ssh2.Server({hostKeys}).listen(PORT, HOST)", lambda p: tcp_poke(p, b"SSH-2.0-x\r\n"))
    node_lib("restana", "restana_srv.js", "restana().start(PORT, HOST)", lambda p: (http_get(p, "/"), http_get(p, "/missing")))
    node_lib("http-proxy", "hproxy_srv.js", "httpProxy.createProxyServer({target}).listen(PORT, HOST)", lambda p: http_get(p, "/"))


def mockttp():
    reset("mockttp")
    R = lambda p: ["node", J + "/mockttp_srv.mjs", "x", str(p)]
    held("mockttp", "mockttp getLocal().start({port})", R, cwd=J, timeout=8, stop_signal=2)
    held("mockttp", "mockttp getLocal().start({port})", R, host="::", cwd=J, timeout=8, stop_signal=2)
    run_case("mockttp", "bind", "run as nobody (ip_unprivileged_port_start=1024); mockttp getLocal().start(80)", R(80), port=80, user="nobody", errno="EACCES", cwd=J, timeout=8, stop_signal=2)
    neg("mockttp", "normal start, GET / and /missing, then SIGINT", R, cwd=J, stop_signal=2, during=lambda p: (http_get(p, "/"), http_get(p, "/missing")))


def anywhere():
    reset("anywhere")
    A = lambda h, p: [B + "anywhere", "-s", "-h", h, "-p", str(p), "-d", J + "/www"]
    std("anywhere", A, label="-s -h HOST -p PORT -d DIR", cwd=J, timeout=6, stop_signal=2)
    neg("anywhere", "normal start, GET / and /missing, then SIGINT", lambda p: A("127.0.0.1", p), cwd=J, stop_signal=2, during=lambda p: (http_get(p, "/"), http_get(p, "/missing")))


def servor():
    reset("servor")
    S = lambda p: [B + "servor", J + "/www", "index.html", str(p)]
    held("servor", "servor DIR index.html {port}", S, cwd=J, timeout=6, stop_signal=2)
    held("servor", "servor DIR index.html {port}", S, host="::", cwd=J, timeout=6, stop_signal=2)
    run_case("servor", "bind", "run as nobody (ip_unprivileged_port_start=1024); servor DIR index.html 80", S(80), port=80, user="nobody", errno="EACCES", cwd=J, timeout=6, stop_signal=2)
    neg("servor", "normal start, GET / and /missing, then SIGINT", S, cwd=J, stop_signal=2, during=lambda p: (http_get(p, "/"), http_get(p, "/missing")))


if __name__ == "__main__":
    for n in sys.argv[1:]:
        globals()[n.replace("-", "_")]()
