"""Node captures (node 20 from Debian/nodesource; npm packages in /tmp/corpus-npm)."""
import os, sys, shutil, signal
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import *

HERE = os.path.dirname(os.path.abspath(__file__))
N = "/tmp/corpus-npm"
os.system("cp -r %s/node/* %s/ && chmod -R a+rX %s" % (HERE, N, N))
NODE = "/usr/bin/node"
BIN = N + "/node_modules/.bin/"
ENV = {"NO_UPDATE_NOTIFIER": "1", "NPM_CONFIG_UPDATE_NOTIFIER": "false", "CI": "1"}

def reqs(*paths):
    def f(port):
        for p in paths:
            http_get(port, p)
    return f

only = sys.argv[1:]
def want(name):
    return not only or name in only

def std(n, f, **kw):
    kw.setdefault("cwd", N)
    kw.setdefault("env", ENV)
    # standard_bind_cases has no cwd; wrap run_case defaults
    standard_bind_cases(n, f, **{k: v for k, v in kw.items() if k != "cwd"})

if want("node-http"):
    n = "node-http"
    standard_bind_cases(n, lambda h: [NODE, N + "/http_server.js", h, "{port}"], env=ENV)
    run_case(n, "bind", "holder bound 0.0.0.0:{port}; http server with on('error') printing err.message",
             [NODE, N + "/http_server_handled.js", "0.0.0.0", "{port}"], hold_spec=("tcp", "0.0.0.0"), errno="EADDRINUSE", cwd=N)
    run_case(n, "bind", "holder bound [::]:{port}; net.createServer on('error') console.error('server error:', e)",
             [NODE, N + "/net_server.js", "::", "{port}"], hold_spec=("tcp", "::"), errno="EADDRINUSE", cwd=N)
    run_case(n, "bind", "run as nobody; net.createServer listening 127.0.0.1:443, console.error of the error object",
             [NODE, N + "/net_server.js", "127.0.0.1", "443"], port=443, user="nobody", errno="EACCES", cwd=N)
    run_case(n, "negative", "normal start on 127.0.0.1, GET / and /nope, then SIGINT",
             [NODE, N + "/http_server_handled.js", "127.0.0.1", "{port}"], during=reqs("/", "/nope"), cwd=N)
    run_case(n, "negative", "a server file with a syntax error", [NODE, N + "/syntax_error.js"], cwd=N)
    run_case(n, "negative", "http.get to a closed loopback port (ECONNREFUSED)",
             [NODE, N + "/connect_refused.js", "{port}"], cwd=N)

if want("node-dgram"):
    n = "node-dgram"
    standard_bind_cases(n, lambda h: [NODE, N + "/dgram_server.js", h, "{port}"], proto="udp", low_port=53, env=ENV)
    run_case(n, "negative", "normal start on 127.0.0.1/udp, then SIGINT",
             [NODE, N + "/dgram_server.js", "127.0.0.1", "{port}"], proto="udp", during=lambda p: None, cwd=N)

if want("express"):
    n = "express"
    standard_bind_cases(n, lambda h: [NODE, N + "/express_server.js", h, "{port}"], env=ENV)
    run_case(n, "bind", "holder bound 0.0.0.0:{port}; express 5 app.listen callback that throws err",
             [NODE, N + "/express_server_cb.js", "0.0.0.0", "{port}"], hold_spec=("tcp", "0.0.0.0"), errno="EADDRINUSE", cwd=N)
    run_case(n, "negative", "normal start on 127.0.0.1, GET / and /nope, then SIGINT",
             [NODE, N + "/express_server.js", "127.0.0.1", "{port}"], during=reqs("/", "/nope"), cwd=N)

if want("fastify"):
    n = "fastify"
    standard_bind_cases(n, lambda h: [NODE, N + "/fastify_server.js", h, "{port}"], env=ENV)
    run_case(n, "bind", "holder bound 127.0.0.1:{port}; fastify (no logger) listen() promise not caught",
             [NODE, N + "/fastify_await.js", "127.0.0.1", "{port}"], hold_spec=("tcp", "127.0.0.1"), errno="EADDRINUSE", cwd=N)
    run_case(n, "bind", "holder bound 127.0.0.1:{port}; fastify with logger listening on host 'localhost' (127.0.0.1 and ::1)",
             [NODE, N + "/fastify_server.js", "localhost", "{port}"], hold_spec=("tcp", "127.0.0.1"), errno="EADDRINUSE", cwd=N)
    run_case(n, "negative", "normal start on 127.0.0.1 with logger, GET / and /nope, then SIGINT",
             [NODE, N + "/fastify_server.js", "127.0.0.1", "{port}"], during=reqs("/", "/nope"), cwd=N)

if want("koa"):
    n = "koa"
    standard_bind_cases(n, lambda h: [NODE, N + "/koa_server.js", h, "{port}"], env=ENV)
    run_case(n, "negative", "normal start on 127.0.0.1, GET /, then SIGINT",
             [NODE, N + "/koa_server.js", "127.0.0.1", "{port}"], during=reqs("/"), cwd=N)

if want("vite"):
    n = "vite"
    V = N + "/vite-app"
    vite = lambda h: [BIN + "vite", "--host", h, "--port", "{port}", "--strictPort"]
    for a, b in [("0.0.0.0", "0.0.0.0"), ("::", "::")]:
        run_case(n, "bind", "holder bound %s:{port}; vite dev server --host %s --port {port} --strictPort" % (a, b),
                 vite(b), hold_spec=("tcp", a), errno="EADDRINUSE", cwd=V, env=ENV, timeout=10)
    run_case(n, "bind", "run as nobody; vite --host 0.0.0.0 --port 80 --strictPort", vite("0.0.0.0"), port=80,
             user="nobody", errno="EACCES", cwd=V, env=ENV, timeout=10)
    run_case(n, "bind", "vite --host 192.0.2.1 --port {port} --strictPort (address not on this host)", vite("192.0.2.1"),
             errno="EADDRNOTAVAIL", cwd=V, env=ENV, timeout=10)
    run_case(n, "bind", "holder bound 127.0.0.1:{port}; vite --port {port} without --strictPort (it moves to another port and keeps running)",
             [BIN + "vite", "--port", "{port}"], hold_spec=("tcp", "127.0.0.1"), errno="EADDRINUSE", cwd=V, env=ENV, timeout=8)
    run_case(n, "negative", "normal start (vite --port {port} --strictPort), GET /, then SIGINT",
             [BIN + "vite", "--port", "{port}", "--strictPort"], during=reqs("/"), cwd=V, env=ENV, timeout=15)

if want("serve"):
    n = "serve"
    srv = lambda h: [BIN + "serve", "--no-clipboard", "-l", "tcp://" + ("[%s]" % h if ":" in h else h) + ":{port}", N + "/vite-app"]
    standard_bind_cases(n, srv, env=ENV)
    run_case(n, "bind", "holder bound 0.0.0.0:{port}; npx serve -l {port} (port only)",
             [BIN + "serve", "--no-clipboard", "-l", "{port}", N + "/vite-app"], hold_spec=("tcp", "0.0.0.0"), errno="EADDRINUSE", cwd=N, env=ENV)
    run_case(n, "bind", "holder bound 0.0.0.0:{port}; npx serve -p {port} (it moves to another port and keeps running)",
             [BIN + "serve", "--no-clipboard", "-p", "{port}", N + "/vite-app"], hold_spec=("tcp", "0.0.0.0"), errno="EADDRINUSE", cwd=N, env=ENV)
    run_case(n, "negative", "normal start on 127.0.0.1, GET / and /nope, then SIGINT",
             srv("127.0.0.1"), during=reqs("/", "/nope"), cwd=N, env=ENV)

if want("http-server"):
    n = "http-server"
    hs = lambda h: [BIN + "http-server", "-a", h, "-p", "{port}", N + "/vite-app"]
    standard_bind_cases(n, hs, env=ENV)
    run_case(n, "negative", "normal start on 127.0.0.1, GET / and /nope, then SIGINT",
             hs("127.0.0.1"), during=reqs("/", "/nope"), cwd=N, env=ENV)
