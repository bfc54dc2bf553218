"""PyPI servers, from a venv at /tmp/round2-venv (outside the repo)."""
import os
import sys
from harness import run_case, reset, new_port, http_get, tcp_poke, RUN, sh, std, write

V = "/tmp/round2-venv/bin/"
P = RUN + "/py"
os.makedirs(P, exist_ok=True)
os.chmod(P, 0o755)

write(P + "/sanic_app.py", "from sanic import Sanic\nfrom sanic.response import text\napp = Sanic('demo')\n\n@app.get('/')\nasync def index(request):\n    return text('hi')\n\n@app.get('/boom')\nasync def boom(request):\n    raise RuntimeError('boom')\n")
write(P + "/quart_app.py", "from quart import Quart\napp = Quart(__name__)\n\n@app.route('/')\nasync def index():\n    return 'hi'\n\n@app.route('/boom')\nasync def boom():\n    raise RuntimeError('boom')\n")
write(P + "/bottle_app.py", "import bottle\napp = bottle.Bottle()\n\n@app.route('/')\ndef index():\n    return 'hi'\n\n@app.route('/boom')\ndef boom():\n    raise RuntimeError('boom')\n")
write(P + "/cherry_app.py", "import sys, cherrypy\nclass Root:\n    @cherrypy.expose\n    def index(self):\n        return 'hi'\n    @cherrypy.expose\n    def boom(self):\n        raise RuntimeError('boom')\ncherrypy.config.update({'server.socket_host': sys.argv[1], 'server.socket_port': int(sys.argv[2]), 'engine.autoreload.on': False})\ncherrypy.quickstart(Root())\n")
write(P + "/asgi_app.py", "async def app(scope, receive, send):\n    if scope['type'] != 'http':\n        return\n    if scope['path'] == '/boom':\n        raise RuntimeError('boom')\n    await send({'type': 'http.response.start', 'status': 200, 'headers': [(b'content-type', b'text/plain')]})\n    await send({'type': 'http.response.body', 'body': b'hi'})\n")
write(P + "/gevent_app.py", "import sys\nfrom gevent.pywsgi import WSGIServer\n\ndef app(env, start_response):\n    if env['PATH_INFO'] == '/boom':\n        raise RuntimeError('boom')\n    start_response('200 OK', [('Content-Type', 'text/plain')])\n    return [b'hi']\n\nWSGIServer((sys.argv[1], int(sys.argv[2])), app).serve_forever()\n")
write(P + "/streamlit_app.py", "import streamlit as st\nst.write('hi')\n")
write(P + "/locustfile.py", "from locust import HttpUser, task\nclass U(HttpUser):\n    @task\n    def t(self):\n        self.client.get('/')\n")
write(P + "/robyn_app.py", "import sys\nfrom robyn import Robyn\napp = Robyn(__file__)\n\n@app.get('/')\ndef index(request):\n    return 'hi'\n\napp.start(host=sys.argv[1], port=int(sys.argv[2]))\n")
os.makedirs(P + "/mkdocs/docs", exist_ok=True)
write(P + "/mkdocs/mkdocs.yml", "site_name: demo\n")
write(P + "/mkdocs/docs/index.md", "# hi\n")
sh("chmod -R a+rwX %s/mkdocs" % P)


def hp(h, p):
    return "[%s]:%s" % (h, p) if ":" in h else "%s:%s" % (h, p)


def neg_run(prog, staged, cmd, **kw):
    p = new_port()
    c = [x.replace("{port}", str(p)) for x in cmd] if isinstance(cmd, list) else cmd.replace("{port}", str(p))
    run_case(prog, "negative", staged, c, port=p, cwd=kw.pop("cwd", P), **kw)


def sanic():
    reset("sanic")
    std("sanic", lambda h, p: [V + "sanic", "sanic_app:app", "--host", h, "--port", str(p)], label="CLI --host HOST --port PORT", cwd=P, timeout=12, stop_signal=2)
    p = new_port()
    run_case("sanic", "bind", "python socket held 127.0.0.1:%d; sanic CLI --single-process --port %d (default host 127.0.0.1)" % (p, p),
             [V + "sanic", "sanic_app:app", "--single-process", "--port", str(p)], port=p, hold_spec=("tcp", "127.0.0.1"),
             errno="EADDRINUSE", addr="127.0.0.1", cwd=P, timeout=12, stop_signal=2)
    run_case("sanic", "bind", "run as nobody (ip_unprivileged_port_start=1024); sanic CLI --single-process --host 0.0.0.0 --port 80",
             [V + "sanic", "sanic_app:app", "--single-process", "--host", "0.0.0.0", "--port", "80"], port=80, user="nobody",
             errno="EACCES", addr="0.0.0.0", cwd=P, timeout=12, stop_signal=2)
    neg_run("sanic", "normal start, GET / and /boom (handler raises), then SIGINT",
            [V + "sanic", "sanic_app:app", "--host", "127.0.0.1", "--port", "{port}"], timeout=12, stop_signal=2,
            during=lambda p: (http_get(p, "/"), http_get(p, "/boom")), settle=2)
    neg_run("sanic", "app module that does not exist", [V + "sanic", "nope_app:app", "--port", "{port}"], timeout=10, stop_signal=2)


def quart():
    reset("quart")
    std("quart", lambda h, p: [V + "quart", "--app", "quart_app", "run", "--host", h, "--port", str(p)], label="`quart run --host HOST --port PORT`", cwd=P, stop_signal=2)
    neg_run("quart", "normal start, GET / and /boom, then SIGINT", [V + "quart", "--app", "quart_app", "run", "--host", "127.0.0.1", "--port", "{port}"],
            stop_signal=2, during=lambda p: (http_get(p, "/"), http_get(p, "/boom")))
    neg_run("quart", "--app module that does not exist", [V + "quart", "--app", "nope_app", "run", "--port", "{port}"], stop_signal=2)


def bottle():
    reset("bottle")
    std("bottle", lambda h, p: [V + "python", "-m", "bottle", "-b", hp(h, p), "bottle_app:app"], label="`python -m bottle -b HOST:PORT` (wsgiref)", cwd=P, stop_signal=2)
    p = new_port()
    run_case("bottle", "bind", "python socket held 0.0.0.0:%d; `python -m bottle -s gevent -b 0.0.0.0:%d`" % (p, p),
             [V + "python", "-m", "bottle", "-s", "gevent", "-b", "0.0.0.0:%d" % p, "bottle_app:app"], port=p, hold_spec=("tcp", "0.0.0.0"),
             errno="EADDRINUSE", addr="0.0.0.0", cwd=P, stop_signal=2)
    neg_run("bottle", "normal start, GET / and /boom, then SIGINT", [V + "python", "-m", "bottle", "-b", "127.0.0.1:{port}", "bottle_app:app"],
            stop_signal=2, during=lambda p: (http_get(p, "/"), http_get(p, "/boom")))
    neg_run("bottle", "app module with a syntax error", "printf 'import bottle\\napp = bottle.Bottle(\\n' > %s/bottle_bad.py; exec %spython -m bottle -b 127.0.0.1:{port} bottle_bad:app" % (P, V), shell=True, stop_signal=2)


def cherrypy():
    reset("cherrypy")
    std("cherrypy", lambda h, p: [V + "python", P + "/cherry_app.py", h, str(p)], label="quickstart, server.socket_host/port", cwd=P, timeout=12)
    neg_run("cherrypy", "normal start, GET / and /boom, then SIGTERM", [V + "python", P + "/cherry_app.py", "127.0.0.1", "{port}"],
            during=lambda p: (http_get(p, "/"), http_get(p, "/boom")))


def daphne():
    reset("daphne")
    std("daphne", lambda h, p: [V + "daphne", "-b", h, "-p", str(p), "asgi_app:app"], label="-b HOST -p PORT", cwd=P, stop_signal=2)
    p = new_port()
    run_case("daphne", "bind", "python socket held 0.0.0.0:%d; daphne -e tcp:port=%d:interface=0.0.0.0 (endpoint string)" % (p, p),
             [V + "daphne", "-e", "tcp:port=%d:interface=0.0.0.0" % p, "asgi_app:app"], port=p, hold_spec=("tcp", "0.0.0.0"),
             errno="EADDRINUSE", addr="0.0.0.0", cwd=P, stop_signal=2)
    neg_run("daphne", "normal start, GET / and /boom, then SIGINT", [V + "daphne", "-b", "127.0.0.1", "-p", "{port}", "asgi_app:app"],
            stop_signal=2, during=lambda p: (http_get(p, "/"), http_get(p, "/boom")))


def granian():
    reset("granian")
    std("granian", lambda h, p: [V + "granian", "--interface", "asgi", "--host", h, "--port", str(p), "asgi_app:app"], label="--interface asgi --host HOST --port PORT", cwd=P, stop_signal=2)
    neg_run("granian", "normal start, GET / and /boom, then SIGINT", [V + "granian", "--interface", "asgi", "--host", "127.0.0.1", "--port", "{port}", "asgi_app:app"],
            stop_signal=2, during=lambda p: (http_get(p, "/"), http_get(p, "/boom")), settle=2)
    neg_run("granian", "target module that does not exist", [V + "granian", "--interface", "asgi", "--port", "{port}", "nope:app"], stop_signal=2)


def gevent():
    reset("gevent")
    std("gevent", lambda h, p: [V + "python", P + "/gevent_app.py", h, str(p)], label="pywsgi.WSGIServer((HOST, PORT)).serve_forever()", cwd=P, stop_signal=2)
    neg_run("gevent", "normal start, GET / and /boom, then SIGINT", [V + "python", P + "/gevent_app.py", "127.0.0.1", "{port}"],
            stop_signal=2, during=lambda p: (http_get(p, "/"), http_get(p, "/boom")))


def mkdocs():
    reset("mkdocs")
    std("mkdocs", lambda h, p: [V + "mkdocs", "serve", "--no-livereload", "-a", hp(h, p)], label="`mkdocs serve -a HOST:PORT`", cwd=P + "/mkdocs", timeout=12, stop_signal=2)
    p = new_port()
    run_case("mkdocs", "bind", "python socket held 127.0.0.1:%d; `mkdocs serve -a 127.0.0.1:%d` (livereload on)" % (p, p),
             [V + "mkdocs", "serve", "-a", "127.0.0.1:%d" % p], port=p, hold_spec=("tcp", "127.0.0.1"), errno="EADDRINUSE", addr="127.0.0.1",
             cwd=P + "/mkdocs", timeout=12, stop_signal=2)
    neg_run("mkdocs", "normal `mkdocs serve`, GET / and /missing/, then SIGINT", [V + "mkdocs", "serve", "-a", "127.0.0.1:{port}"],
            cwd=P + "/mkdocs", stop_signal=2, during=lambda p: (http_get(p, "/"), http_get(p, "/missing/")), settle=2)
    os.makedirs(P + "/mkdocs-bad/docs", exist_ok=True)
    write(P + "/mkdocs-bad/mkdocs.yml", "site_name: [demo\n")
    neg_run("mkdocs", "mkdocs.yml with a YAML syntax error", [V + "mkdocs", "serve", "-a", "127.0.0.1:{port}"], cwd=P + "/mkdocs-bad", stop_signal=2)


def datasette():
    reset("datasette")
    std("datasette", lambda h, p: [V + "datasette", "serve", "--memory", "--host", h, "--port", str(p)], label="serve --memory --host HOST --port PORT", cwd=P, timeout=12, stop_signal=2)
    neg_run("datasette", "normal start, GET / and /missing, then SIGINT", [V + "datasette", "serve", "--memory", "--host", "127.0.0.1", "--port", "{port}"],
            stop_signal=2, during=lambda p: (http_get(p, "/"), http_get(p, "/missing")), settle=2)
    neg_run("datasette", "database file that does not exist", [V + "datasette", "serve", P + "/nope.db", "--port", "{port}"], stop_signal=2)


def streamlit():
    reset("streamlit")
    base = lambda h, p: [V + "streamlit", "run", P + "/streamlit_app.py", "--server.address", h, "--server.port", str(p), "--server.headless", "true",
                         "--browser.gatherUsageStats", "false", "--global.developmentMode", "false"]
    std("streamlit", base, label="run --server.address HOST --server.port PORT --server.headless true", cwd=P, timeout=15, stop_signal=2)
    neg_run("streamlit", "normal start, GET / and /missing, then SIGINT", base("127.0.0.1", "{port}"), stop_signal=2,
            during=lambda p: (http_get(p, "/"), http_get(p, "/missing")), settle=2, listen_timeout=40)
    neg_run("streamlit", "script that does not exist", [V + "streamlit", "run", P + "/nope.py", "--server.headless", "true", "--browser.gatherUsageStats", "false"], stop_signal=2)


def locust():
    reset("locust")
    std("locust", lambda h, p: [V + "locust", "-f", P + "/locustfile.py", "--web-host", h, "--web-port", str(p)], label="-f locustfile.py --web-host HOST --web-port PORT", cwd=P, timeout=12, stop_signal=2)
    p = new_port()
    run_case("locust", "bind", "python socket held 0.0.0.0:%d; locust --master --master-bind-port %d (zmq)" % (p, p),
             [V + "locust", "-f", P + "/locustfile.py", "--master", "--master-bind-host", "0.0.0.0", "--master-bind-port", str(p), "--web-port", str(new_port())],
             port=p, hold_spec=("tcp", "0.0.0.0"), errno="EADDRINUSE", addr="0.0.0.0", cwd=P, timeout=12, stop_signal=2)
    neg_run("locust", "normal start of the web UI, GET / and /missing, then SIGINT", [V + "locust", "-f", P + "/locustfile.py", "--web-host", "127.0.0.1", "--web-port", "{port}"],
            stop_signal=2, during=lambda p: (http_get(p, "/"), http_get(p, "/missing")), settle=2)
    neg_run("locust", "headless run against a closed port 127.0.0.1:49999 for 2 s", [V + "locust", "-f", P + "/locustfile.py", "--headless", "-u", "1", "-r", "1", "-t", "2s", "--host", "http://127.0.0.1:49999", "--only-summary"], timeout=20, stop_signal=2)


def aiosmtpd():
    reset("aiosmtpd")
    std("aiosmtpd", lambda h, p: [V + "python", "-m", "aiosmtpd", "-n", "-l", "%s:%s" % (h, p)], label="`python -m aiosmtpd -n -l HOST:PORT`", cwd=P, stop_signal=2, low=25)
    neg_run("aiosmtpd", "normal start (-d), one SMTP client says EHLO/QUIT, then SIGINT", [V + "python", "-m", "aiosmtpd", "-n", "-d", "-l", "127.0.0.1:{port}"],
            stop_signal=2, during=lambda p: tcp_poke(p, b"EHLO x\r\nQUIT\r\n"))


def pyftpdlib():
    reset("pyftpdlib")
    std("pyftpdlib", lambda h, p: [V + "python", "-m", "pyftpdlib", "-i", h, "-p", str(p), "-d", P], label="`python -m pyftpdlib -i HOST -p PORT`", cwd=P, stop_signal=2, low=21)
    neg_run("pyftpdlib", "normal start, one FTP client logs in anonymously and quits, then SIGINT", [V + "python", "-m", "pyftpdlib", "-i", "127.0.0.1", "-p", "{port}", "-d", P],
            stop_signal=2, during=lambda p: sh("%spython -c \"import ftplib;f=ftplib.FTP();f.connect('127.0.0.1',%d);f.login();f.nlst();f.quit()\"" % (V, p)))


def mitmdump():
    reset("mitmdump")
    env = {"HOME": "/tmp/nobody-home"}
    sh("mkdir -p /tmp/nobody-home && chown nobody /tmp/nobody-home")
    std("mitmdump", lambda h, p: [V + "mitmdump", "--set", "confdir=/tmp/nobody-home/.mitmproxy", "--listen-host", h, "--listen-port", str(p)], label="--listen-host HOST --listen-port PORT", cwd=P, timeout=12, stop_signal=2, env=env)
    neg_run("mitmdump", "normal start, one proxied request to closed 127.0.0.1:49999, then SIGINT",
            [V + "mitmdump", "--set", "confdir=/tmp/nobody-home/.mitmproxy", "--listen-host", "127.0.0.1", "--listen-port", "{port}"], env=env, stop_signal=2, timeout=12,
            during=lambda p: sh("curl -s -o /dev/null -x http://127.0.0.1:%d http://127.0.0.1:49999/x" % p), settle=2)


def robyn():
    reset("robyn")
    std("robyn", lambda h, p: [V + "python", P + "/robyn_app.py", h, str(p)], label="app.start(host=HOST, port=PORT)", cwd=P, timeout=12, stop_signal=2)
    neg_run("robyn", "normal start, GET / and /missing, then SIGINT", [V + "python", P + "/robyn_app.py", "127.0.0.1", "{port}"],
            stop_signal=2, during=lambda p: (http_get(p, "/"), http_get(p, "/missing")), settle=2)


def proxy_py():
    reset("proxy.py")
    std("proxy.py", lambda h, p: [V + "proxy", "--hostname", h, "--port", str(p)], label="`proxy --hostname HOST --port PORT`", cwd=P, timeout=12, stop_signal=2)
    neg_run("proxy.py", "normal start, one proxied request to closed 127.0.0.1:49999, then SIGINT",
            [V + "proxy", "--hostname", "127.0.0.1", "--port", "{port}"], stop_signal=2, timeout=12,
            during=lambda p: sh("curl -s -o /dev/null -x http://127.0.0.1:%d http://127.0.0.1:49999/x" % p), settle=2)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        globals()[name.replace("-", "_").replace(".", "_")]()
