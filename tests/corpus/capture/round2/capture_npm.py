"""npm servers, installed in /tmp/round2-npm (outside the repo)."""
import os
import sys
from harness import run_case, reset, new_port, http_get, tcp_poke, RUN, sh, std, write

NM = "/tmp/round2-npm"
B = NM + "/node_modules/.bin/"
N = RUN + "/npm"
os.makedirs(N + "/src", exist_ok=True)
sh("chmod -R a+rwX %s; ln -sfn %s/node_modules %s/node_modules" % (N, NM, N))
write(N + "/db.json", '{"posts": [{"id": 1, "title": "hi"}]}\n', mode=0o666)
write(N + "/src/index.js", "console.log('hi');\n")
write(N + "/index.html", "<!doctype html><html><body><script type=\"module\" src=\"./src/index.js\"></script></body></html>\n")
write(N + "/webpack.config.js", "module.exports = { mode: 'development', entry: './src/index.js', infrastructureLogging: { level: 'info' } };\n")
write(N + "/plain_server.js", "const http = require('http');\nconst [host, port] = [process.argv[2], Number(process.argv[3])];\nhttp.createServer((q, s) => s.end('hi')).listen(port, host, () => console.log(`listening on ${host}:${port}`));\n")
write(N + "/hapi_server.js", "const Hapi = require('@hapi/hapi');\nconst init = async () => {\n  const server = Hapi.server({ host: process.argv[2], port: Number(process.argv[3]) });\n  server.route({ method: 'GET', path: '/', handler: () => 'hi' });\n  server.route({ method: 'GET', path: '/boom', handler: () => { throw new Error('boom'); } });\n  await server.start();\n  console.log('Server running on %s', server.info.uri);\n};\ninit();\n")
write(N + "/restify_server.js", "const restify = require('restify');\nconst server = restify.createServer();\nserver.get('/', (req, res, next) => { res.send('hi'); next(); });\nserver.get('/boom', (req, res, next) => { throw new Error('boom'); });\nserver.listen(Number(process.argv[3]), process.argv[2], () => console.log('%s listening at %s', server.name, server.url));\n")
write(N + "/ws_server.js", "const { WebSocketServer } = require('ws');\nconst wss = new WebSocketServer({ host: process.argv[2], port: Number(process.argv[3]) });\nwss.on('listening', () => console.log('ws listening', wss.address()));\nwss.on('connection', (ws) => ws.send('hi'));\n")
sh("chmod -R a+rX %s" % N)


def neg(prog, staged, cmd, **kw):
    p = new_port()
    c = [x.replace("{port}", str(p)) for x in cmd]
    run_case(prog, "negative", staged, c, port=p, cwd=kw.pop("cwd", N), **kw)


def json_server():
    reset("json-server")
    std("json-server", lambda h, p: [B + "json-server", "--host", h, "--port", str(p), "db.json"], label="--host HOST --port PORT db.json", cwd=N, stop_signal=2)
    neg("json-server", "normal start, GET /posts and /missing, then SIGINT", [B + "json-server", "--host", "127.0.0.1", "--port", "{port}", "db.json"],
        stop_signal=2, during=lambda p: (http_get(p, "/posts"), http_get(p, "/missing")))
    neg("json-server", "db file with a JSON syntax error", ["sh", "-c", "printf '{\"posts\": [' > bad.json; exec %sjson-server --port {port} bad.json" % B], stop_signal=2)


def webpack_dev_server():
    reset("webpack-dev-server")
    std("webpack-dev-server", lambda h, p: [B + "webpack", "serve", "--host", h, "--port", str(p), "--no-open"], label="`webpack serve --host HOST --port PORT`", cwd=N, timeout=15, stop_signal=2)
    neg("webpack-dev-server", "normal `webpack serve`, GET / and /missing, then SIGINT", [B + "webpack", "serve", "--host", "127.0.0.1", "--port", "{port}", "--no-open"],
        stop_signal=2, during=lambda p: (http_get(p, "/"), http_get(p, "/missing")), settle=2, listen_timeout=40)
    neg("webpack-dev-server", "entry file that does not exist", [B + "webpack", "serve", "--entry", "./src/nope.js", "--port", "{port}", "--no-open"], stop_signal=2, timeout=15)


def parcel():
    reset("parcel")
    std("parcel", lambda h, p: [B + "parcel", "serve", "index.html", "--host", h, "--port", str(p), "--no-cache", "--no-hmr"], label="`parcel serve index.html --host HOST --port PORT`", cwd=N, timeout=20, stop_signal=2)
    neg("parcel", "normal `parcel serve`, GET / and /missing, then SIGINT", [B + "parcel", "serve", "index.html", "--host", "127.0.0.1", "--port", "{port}", "--no-cache", "--no-hmr"],
        stop_signal=2, during=lambda p: (http_get(p, "/"), http_get(p, "/missing")), settle=3, listen_timeout=60)


def node_red():
    reset("node-red")
    ud = N + "/nr"
    os.makedirs(ud, exist_ok=True)
    sh("chmod 777 %s" % ud)

    def cmd(h, p):
        s = write(N + "/nr-settings-%s.js" % p, "module.exports = { uiHost: '%s', uiPort: %s, flowFile: 'flows.json', diagnostics: { enabled: false }, telemetry: { enabled: false }, logging: { console: { level: 'info' } } };\n" % (h, p))
        return [B + "node-red", "--userDir", ud, "--settings", s, "--port", str(p)]
    std("node-red", cmd, label="settings uiHost/uiPort", cwd=N, timeout=25, stop_signal=2)
    p = new_port()
    run_case("node-red", "negative", "normal start, GET / and /missing, then SIGINT", cmd("127.0.0.1", p), port=p, cwd=N, stop_signal=2,
             during=lambda p: (http_get(p, "/"), http_get(p, "/missing")), settle=2, listen_timeout=60)
    write(N + "/nr-bad.js", "module.exports = { uiPort: 1,\n")
    run_case("node-red", "negative", "settings file with a JavaScript syntax error", [B + "node-red", "--userDir", ud, "--settings", N + "/nr-bad.js"], cwd=N, stop_signal=2)


def live_server():
    reset("live-server")
    std("live-server", lambda h, p: [B + "live-server", "--host=%s" % h, "--port=%d" % p, "--no-browser", "--quiet"], label="--host=HOST --port=PORT --no-browser", cwd=N, timeout=8, stop_signal=2)
    neg("live-server", "normal start (no --quiet), GET / and /missing, then SIGINT", [B + "live-server", "--host=127.0.0.1", "--port={port}", "--no-browser"],
        stop_signal=2, during=lambda p: (http_get(p, "/"), http_get(p, "/missing")))


def nodemon():
    reset("nodemon")
    std("nodemon", lambda h, p: [B + "nodemon", "--no-colors", "plain_server.js", h, str(p)], label="`nodemon plain_server.js HOST PORT` (http.listen)", cwd=N, timeout=8, stop_signal=2)
    neg("nodemon", "normal start, GET /, then SIGINT", [B + "nodemon", "--no-colors", "plain_server.js", "127.0.0.1", "{port}"], stop_signal=2,
        during=lambda p: http_get(p, "/"))


def hapi():
    reset("hapi")
    std("hapi", lambda h, p: ["node", "hapi_server.js", h, str(p)], label="Hapi.server({host, port}).start() with no catch", cwd=N, stop_signal=2)
    neg("hapi", "normal start, GET / and /boom, then SIGINT", ["node", "hapi_server.js", "127.0.0.1", "{port}"], stop_signal=2,
        during=lambda p: (http_get(p, "/"), http_get(p, "/boom")))


def restify():
    reset("restify")
    std("restify", lambda h, p: ["node", "restify_server.js", h, str(p)], label="server.listen(PORT, HOST)", cwd=N, stop_signal=2)
    neg("restify", "normal start, GET / and /boom, then SIGINT", ["node", "restify_server.js", "127.0.0.1", "{port}"], stop_signal=2,
        during=lambda p: (http_get(p, "/"), http_get(p, "/boom")))


def browser_sync():
    reset("browser-sync")
    std("browser-sync", lambda h, p: [B + "browser-sync", "start", "--server", "--listen", h, "--port", str(p), "--no-open", "--no-ui", "--no-notify", "--no-online"],
        label="start --server --listen HOST --port PORT", cwd=N, timeout=10, stop_signal=2)
    neg("browser-sync", "normal start, GET / and /missing, then SIGINT", [B + "browser-sync", "start", "--server", "--listen", "127.0.0.1", "--port", "{port}", "--no-open", "--no-ui", "--no-notify", "--no-online"],
        stop_signal=2, during=lambda p: (http_get(p, "/"), http_get(p, "/missing")))


def ws():
    reset("ws")
    std("ws", lambda h, p: ["node", "ws_server.js", h, str(p)], label="new WebSocketServer({host, port}) with no 'error' listener", cwd=N, stop_signal=2)
    neg("ws", "normal start, one plain HTTP GET (not an upgrade), then SIGINT", ["node", "ws_server.js", "127.0.0.1", "{port}"], stop_signal=2,
        during=lambda p: http_get(p, "/"))


if __name__ == "__main__":
    for name in sys.argv[1:]:
        globals()[name.replace("-", "_")]()
