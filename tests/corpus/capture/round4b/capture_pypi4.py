"""PyPI servers from a venv at /tmp/round4b/venv, plus python3's own pydoc server."""
import os
import sys
from harness import run_case, reset, new_port, http_get, tcp_poke, RUN, sh, write
from common import std, held, neg, udp_poke, mkd, hp

V = "/tmp/round4b/venv/bin/"
PY = V + "python"
V2 = "/tmp/round4b/venv-pproxy/bin/"   # pproxy in a venv of its own: with uvloop installed it cannot start
P = mkd(RUN + "/py", 0o777)
mkd(P + "/www", 0o777)
write(P + "/www/index.html", "<h1>hi</h1>\n")
write(P + "/wsgi_app.py", "def app(environ, start_response):\n    start_response('200 OK', [('Content-Type', 'text/plain')])\n    return [b'hi\\n']\n")
write(P + "/eventlet_srv.py", "import sys, eventlet\nfrom eventlet import wsgi\nfrom wsgi_app import app\nfam = 10 if ':' in sys.argv[1] else 2\nsock = eventlet.listen((sys.argv[1], int(sys.argv[2])), family=fam)\nwsgi.server(sock, app)\n")
write(P + "/ls_app.py", "from litestar import Litestar, get\n@get('/')\nasync def index() -> str:\n    return 'hi'\napp = Litestar([index])\n")
write(P + "/fa_app.py", "from fastapi import FastAPI\napp = FastAPI()\n@app.get('/')\ndef index():\n    return {'hi': 1}\n")
write(P + "/pywebio_srv.py", "import sys\nfrom pywebio import start_server\nfrom pywebio.output import put_text\ndef app():\n    put_text('hi')\nstart_server(app, host=sys.argv[1], port=int(sys.argv[2]))\n")
write(P + "/tserve_srv.py", "import sys\nfrom textual_serve.server import Server\nServer('python -m textual', host=sys.argv[1], port=int(sys.argv[2])).serve()\n")
write(P + "/dash_srv.py", "import sys\nfrom dash import Dash, html\napp = Dash(__name__)\napp.layout = html.Div('hi')\napp.run(host=sys.argv[1], port=int(sys.argv[2]), debug=False)\n")
write(P + "/aio_app.py", "from aiohttp import web\nasync def index(r):\n    return web.Response(text='hi')\ndef app():\n    a = web.Application()\n    a.router.add_get('/', index)\n    return a\n")
sh("chmod -R a+rwX %s" % P)


def supervisor():
    reset("supervisord")

    def conf(h, p):
        d = mkd(P + "/sup-%s" % p)
        return write(d + "/supervisord.conf", "[supervisord]\nnodaemon=true\nlogfile=%s/supervisord.log\npidfile=%s/supervisord.pid\nloglevel=info\n\n[inet_http_server]\nport=%s\n\n[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n\n[program:sleeper]\ncommand=/bin/sleep 100\n" % (d, d, hp(h, p)))
    S = lambda h, p: [V + "supervisord", "-c", conf(h, p)]
    std("supervisord", S, label="-n -c conf with `[inet_http_server] port=HOST:PORT`", cwd=P, timeout=8, stop_signal=15)
    held("supervisord", "supervisord config `[inet_http_server] port=*:{port}`", lambda p: [V + "supervisord", "-c", conf("*", p)], cwd=P, timeout=8)
    neg("supervisord", "normal start, GET / (the web UI) and supervisorctl status, then SIGTERM", lambda p: S("127.0.0.1", p), cwd=P,
        during=lambda p: (http_get(p, "/"), sh("%ssupervisorctl -s http://127.0.0.1:%d status >/dev/null 2>&1" % (V, p))), settle=2)
    neg("supervisord", "-c a config file that does not exist", [V + "supervisord", "-c", P + "/nope.conf"], cwd=P, timeout=8)


def circus():
    reset("circusd")

    def conf(h, p, ep=None):
        ep = ep or p + 1000
        return write(P + "/circus-%s-%s.ini" % (h.replace(":", "_"), p), "[circus]\nendpoint = tcp://127.0.0.1:%d\npubsub_endpoint = tcp://127.0.0.1:%d\nstatsd = false\n\n[watcher:web]\ncmd = /bin/sleep 100\nuse_sockets = True\n\n[socket:web]\nhost = %s\nport = %d\n" % (ep, ep + 1, h, p))
    C = lambda h, p: [V + "circusd", conf(h, p)]
    std("circusd", C, label="ini `[socket:web] host = HOST port = PORT`", cwd=P, timeout=8, stop_signal=2)
    p = new_port()
    held("circusd", "circusd ini `[circus] endpoint = tcp://127.0.0.1:{port}` (the control endpoint held)", [V + "circusd", conf("127.0.0.1", p + 2000, ep=p)], host="127.0.0.1", port=p, cwd=P, timeout=8, stop_signal=2)
    neg("circusd", "normal start, `circusctl status`, then SIGINT", lambda p: [V + "circusd", conf("127.0.0.1", p)], cwd=P, stop_signal=2,
        during=lambda p: sh("%scircusctl --endpoint tcp://127.0.0.1:%d status >/dev/null 2>&1" % (V, p + 1000)), settle=2)
    neg("circusd", "ini file that does not exist", [V + "circusd", P + "/nope.ini"], cwd=P, timeout=8, stop_signal=2)


def pydoc():
    reset("pydoc")
    D = lambda h, p: ["/usr/bin/python3", "-m", "pydoc", "-n", h, "-p", str(p)]
    std("pydoc", D, label="-m pydoc -n HOST -p PORT", cwd=P, timeout=5, stop_signal=2)
    neg("pydoc", "normal start, GET / and /nope_module.html, then SIGINT", lambda p: D("127.0.0.1", p), cwd=P, stop_signal=2,
        during=lambda p: (http_get(p, "/"), http_get(p, "/nope_module.html")))


def eventlet():
    reset("eventlet")
    E = lambda h, p: [PY, P + "/eventlet_srv.py", h, str(p)]
    std("eventlet", E, label="eventlet.listen((HOST, PORT)) + eventlet.wsgi.server", cwd=P, timeout=6, stop_signal=2)
    neg("eventlet", "normal start, GET / and /missing, then SIGINT", lambda p: E("127.0.0.1", p), cwd=P, stop_signal=2,
        during=lambda p: (http_get(p, "/"), http_get(p, "/missing")))


def cheroot():
    reset("cheroot")
    C = lambda h, p: [V + "cheroot", "--bind", hp(h, p), "wsgi_app:app"]
    E = {"PYTHONPATH": P}
    std("cheroot", C, label="--bind HOST:PORT wsgi_app:app (PYTHONPATH=dir)", cwd=P, timeout=6, stop_signal=2, env=E)
    neg("cheroot", "normal start, GET /, then SIGINT", lambda p: C("127.0.0.1", p), cwd=P, stop_signal=2, during=lambda p: http_get(p, "/"), env=E)
    neg("cheroot", "app module that does not exist", lambda p: [V + "cheroot", "--bind", "127.0.0.1:%d" % p, "nope_mod:app"], cwd=P, timeout=6, stop_signal=2, env=E)


def pproxy():
    reset("pproxy")
    X = lambda h, p: [V2 + "pproxy", "-l", "http://%s" % hp(h, p), "-v"]
    std("pproxy", X, label="-l http://HOST:PORT", cwd=P, timeout=6, stop_signal=2)
    std("pproxy", lambda h, p: [V2 + "pproxy", "-ul", "socks5://%s" % hp(h, p), "-v"], proto="udp", label="-ul socks5://HOST:PORT (UDP)", cwd=P, timeout=6, stop_signal=2, v6=False, eacces=False)
    neg("pproxy", "normal start, one HTTP proxy request to 127.0.0.1:1 (refused), then SIGINT", lambda p: X("127.0.0.1", p), cwd=P, stop_signal=2,
        during=lambda p: sh("curl -s -m 5 -o /dev/null -x http://127.0.0.1:%d http://127.0.0.1:1/" % p))


def litestar():
    reset("litestar")
    L = lambda h, p: [V + "litestar", "--app", "ls_app:app", "run", "--host", h, "--port", str(p)]
    std("litestar", L, label="--app ls_app:app run --host HOST --port PORT", cwd=P, timeout=10, stop_signal=2)
    neg("litestar", "normal start, GET / and /missing, then SIGINT", lambda p: L("127.0.0.1", p), cwd=P, stop_signal=2,
        during=lambda p: (http_get(p, "/"), http_get(p, "/missing")), settle=2)
    neg("litestar", "--app pointing to a module that does not exist", lambda p: [V + "litestar", "--app", "nope_mod:app", "run", "--port", str(p)], cwd=P, timeout=10, stop_signal=2)


def fastapi():
    reset("fastapi")
    F = lambda h, p: [V + "fastapi", "run", "fa_app.py", "--host", h, "--port", str(p)]
    std("fastapi", F, label="run fa_app.py --host HOST --port PORT", cwd=P, timeout=12, stop_signal=2)
    neg("fastapi", "normal `fastapi run`, GET / and /missing, then SIGINT", lambda p: F("127.0.0.1", p), cwd=P, stop_signal=2,
        during=lambda p: (http_get(p, "/"), http_get(p, "/missing")), settle=2)
    neg("fastapi", "fastapi run on a file that does not exist", lambda p: [V + "fastapi", "run", "nope.py", "--port", str(p)], cwd=P, timeout=10, stop_signal=2)


def scrapyd():
    reset("scrapyd")

    def d(h, p):
        dd = mkd(P + "/scrapyd-%s" % p)
        write(dd + "/scrapyd.conf", "[scrapyd]\nbind_address = %s\nhttp_port = %d\neggs_dir = %s/eggs\nlogs_dir = %s/logs\ndbs_dir = %s/dbs\n" % (h, p, dd, dd, dd))
        sh("chmod -R a+rwX %s" % dd)
        return dd
    for kind, h, hold_, user, low in (("v4", "0.0.0.0", True, None, None), ("v6", "::", True, None, None), ("acc", "0.0.0.0", False, "nobody", 80), ("na", "192.0.2.1", False, None, None)):
        p = low or new_port()
        dd = d(h, p)
        errno = {"v4": "EADDRINUSE", "v6": "EADDRINUSE", "acc": "EACCES", "na": "EADDRNOTAVAIL"}[kind]
        staged = {"v4": "python socket held 0.0.0.0:%d/tcp; scrapyd -n with scrapyd.conf `bind_address = 0.0.0.0`, `http_port = %d`",
                  "v6": "python dual-stack socket held [::]:%d/tcp; scrapyd -n with scrapyd.conf `bind_address = ::`, `http_port = %d`",
                  "acc": "run as nobody (ip_unprivileged_port_start=1024); scrapyd -n with scrapyd.conf `bind_address = 0.0.0.0`, `http_port = %d`",
                  "na": "scrapyd -n with scrapyd.conf `bind_address = 192.0.2.1`, `http_port = %d`, an address not on this host"}[kind]
        staged = staged % ((p, p) if kind in ("v4", "v6") else (p,))
        run_case("scrapyd", "bind", staged, [V + "scrapyd", "-n"], port=p, hold_spec=("tcp", h) if hold_ else None, user=user,
                 errno=errno, addr=h, cwd=dd, timeout=10, stop_signal=2)
    p = new_port()
    dd = d("127.0.0.1", p)
    run_case("scrapyd", "negative", "normal start, GET / and /daemonstatus.json, then SIGINT", [V + "scrapyd", "-n"], port=p, cwd=dd, stop_signal=2,
             during=lambda p: (http_get(p, "/"), http_get(p, "/daemonstatus.json")), settle=2)


def flower():
    reset("flower")
    F = lambda h, p: [V + "celery", "--broker=memory://", "flower", "--address=" + h, "--port=%d" % p]
    std("flower", F, label="celery --broker=memory:// flower --address=HOST --port=PORT", cwd=P, timeout=12, stop_signal=2)
    neg("flower", "normal start, GET / and /missing, then SIGINT", lambda p: F("127.0.0.1", p), cwd=P, stop_signal=2,
        during=lambda p: (http_get(p, "/"), http_get(p, "/missing")), settle=2)


def devpi():
    reset("devpi-server")
    sd = P + "/devpi"
    if not os.path.exists(sd):
        sh("%sdevpi-init --serverdir %s >/dev/null 2>&1; chmod -R a+rwX %s" % (V, sd, sd))
    D = lambda h, p: [V + "devpi-server", "--serverdir", sd, "--host", h, "--port", str(p)]
    std("devpi-server", D, label="--serverdir D --host HOST --port PORT", cwd=P, timeout=15, stop_signal=2)
    neg("devpi-server", "normal start, GET / and /root/pypi/+simple/nope/ (no network: the mirror fetch fails), then SIGINT", lambda p: D("127.0.0.1", p), cwd=P, stop_signal=2,
        during=lambda p: (http_get(p, "/"), http_get(p, "/root/nope/")), settle=2, listen_timeout=40)
    neg("devpi-server", "--serverdir that was never initialised", lambda p: [V + "devpi-server", "--serverdir", P + "/devpi-nope", "--port", str(p)], cwd=P, timeout=12, stop_signal=2)


def tensorboard():
    reset("tensorboard")
    ld = mkd(P + "/tblogs")
    T = lambda h, p: [V + "tensorboard", "--logdir", ld, "--host", h, "--port", str(p)]
    std("tensorboard", T, label="--logdir D --host HOST --port PORT", cwd=P, timeout=20, stop_signal=2)
    neg("tensorboard", "normal start, GET / and /data/runs, then SIGINT", lambda p: T("127.0.0.1", p), cwd=P, stop_signal=2,
        during=lambda p: (http_get(p, "/"), http_get(p, "/data/runs")), settle=2, listen_timeout=40)


def pywebio():
    reset("pywebio")
    W = lambda h, p: [PY, P + "/pywebio_srv.py", h, str(p)]
    std("pywebio", W, label="start_server(app, host=HOST, port=PORT)", cwd=P, timeout=8, stop_signal=2)
    neg("pywebio", "normal start, GET / and /missing, then SIGINT", lambda p: W("127.0.0.1", p), cwd=P, stop_signal=2,
        during=lambda p: (http_get(p, "/"), http_get(p, "/missing")))


def textual_serve():
    reset("textual-serve")
    T = lambda h, p: [PY, P + "/tserve_srv.py", h, str(p)]
    std("textual-serve", T, label="Server(cmd, host=HOST, port=PORT).serve()", cwd=P, timeout=8, stop_signal=2)
    neg("textual-serve", "normal start, GET / and /missing, then SIGINT", lambda p: T("127.0.0.1", p), cwd=P, stop_signal=2,
        during=lambda p: (http_get(p, "/"), http_get(p, "/missing")))


def smbserver():
    reset("smbserver")
    S = lambda h, p: [V + "smbserver.py", "-ip", h, "-port", str(p), "SHARE", P + "/www"]
    std("smbserver", S, label="(impacket) -ip HOST -port PORT SHARE DIR", low=445, cwd=P, timeout=8, stop_signal=2)
    neg("smbserver", "normal start, one client sends junk, then SIGINT", lambda p: S("127.0.0.1", p), cwd=P, stop_signal=2,
        during=lambda p: tcp_poke(p, b"\x00\x00\x00\x04junk"))


def adev():
    reset("adev")
    A = lambda p: [V + "adev", "runserver", P + "/aio_app.py", "--app-factory", "app", "--port", str(p)]
    for i in range(2):
        p = new_port()
        held("adev", "adev runserver aio_app.py --port {port}" + (" (the app port)" if i == 0 else ""), A(p), port=p, host=("0.0.0.0", "::")[i], cwd=P, timeout=12, stop_signal=2)
    p = new_port()
    run_case("adev", "bind", "run as nobody (ip_unprivileged_port_start=1024); adev runserver aio_app.py --port 80", A(80), port=80, user="nobody", errno="EACCES", cwd=P, timeout=12, stop_signal=2)
    neg("adev", "normal start, GET / and /missing, then SIGINT", A, cwd=P, stop_signal=2, during=lambda p: (http_get(p, "/"), http_get(p, "/missing")), settle=2)


def dash():
    reset("dash")
    D = lambda h, p: [PY, P + "/dash_srv.py", h, str(p)]
    std("dash", D, label="app.run(host=HOST, port=PORT)", cwd=P, timeout=10, stop_signal=2)
    neg("dash", "normal start, GET / and /missing, then SIGINT", lambda p: D("127.0.0.1", p), cwd=P, stop_signal=2,
        during=lambda p: (http_get(p, "/"), http_get(p, "/missing")), settle=2)


def moto():
    reset("moto_server")
    M = lambda h, p: [V + "moto_server", "-H", h, "-p", str(p)]
    std("moto_server", M, label="-H HOST -p PORT", cwd=P, timeout=12, stop_signal=2)
    neg("moto_server", "normal start, GET / and an S3 ListBuckets, then SIGINT", lambda p: M("127.0.0.1", p), cwd=P, stop_signal=2,
        during=lambda p: (http_get(p, "/"), http_get(p, "/nope-bucket")), settle=2)


def sphinx_autobuild():
    reset("sphinx-autobuild")
    src = mkd(P + "/sphx")
    write(src + "/conf.py", "project = 'r4'\n")
    write(src + "/index.rst", "Hi\n==\n")
    sh("chmod -R a+rwX %s" % src)
    S = lambda h, p: [V + "sphinx-autobuild", src, P + "/sphx-out-%s" % p, "--host", h, "--port", str(p)]
    std("sphinx-autobuild", S, label="SRC OUT --host HOST --port PORT", cwd=P, timeout=20, stop_signal=2)
    neg("sphinx-autobuild", "normal start, GET / and /missing, then SIGINT", lambda p: S("127.0.0.1", p), cwd=P, stop_signal=2,
        during=lambda p: (http_get(p, "/"), http_get(p, "/missing")), settle=2, listen_timeout=40)


def livereload():
    reset("livereload")
    L = lambda h, p: [V + "livereload", "--host", h, "-p", str(p), P + "/www"]
    std("livereload", L, label="--host HOST -p PORT DIR", cwd=P, timeout=8, stop_signal=2)
    neg("livereload", "normal start, GET / and /missing, then SIGINT", lambda p: L("127.0.0.1", p), cwd=P, stop_signal=2,
        during=lambda p: (http_get(p, "/"), http_get(p, "/missing")))


def gradio():
    reset("gradio")
    app = write(P + "/gradio_app.py", "import sys\nimport gradio as gr\ndemo = gr.Interface(fn=lambda x: x, inputs='text', outputs='text')\ndemo.launch(server_name=sys.argv[1], server_port=int(sys.argv[2]))\n")
    env = {"GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1", "GRADIO_TEMP_DIR": P + "/gradio-tmp", "MPLCONFIGDIR": P + "/mpl"}
    G = lambda h, p: [PY, app, h, str(p)]
    std("gradio", G, label="gr.Interface(...).launch(server_name=HOST, server_port=PORT)", cwd=P, timeout=25, stop_signal=2, env=env)
    neg("gradio", "normal start, GET / and /missing, then SIGINT", lambda p: G("127.0.0.1", p), cwd=P, stop_signal=2, env=env,
        during=lambda p: (http_get(p, "/"), http_get(p, "/missing")), settle=2, listen_timeout=60)


def xandikos():
    reset("xandikos")
    d = mkd(P + "/xandikos")
    X = lambda h, p: [V + "xandikos", "serve", "-d", d, "--autocreate", "--state-dir", P + "/xandikos-state", "--no-detect-systemd", "-l", h, "-p", str(p)]
    std("xandikos", X, label="serve -d DIR --autocreate -l HOST -p PORT", cwd=P, timeout=10, stop_signal=2)
    neg("xandikos", "normal start, GET / and PROPFIND /nope/, then SIGINT", lambda p: X("127.0.0.1", p), cwd=P, stop_signal=2,
        during=lambda p: (http_get(p, "/"), sh("curl -s -o /dev/null -X PROPFIND http://127.0.0.1:%d/nope/" % p)), settle=2)


def dnslib():
    reset("dnslib")
    Dn = lambda h, p, *x: [PY, "-m", "dnslib.fixedresolver", "--address", h, "--port", str(p), "--response", ". 60 IN A 127.0.0.1"] + list(x)
    std("dnslib", Dn, proto="udp", low=53, label="-m dnslib.fixedresolver --address HOST --port PORT (UDP)", cwd=P, timeout=6, stop_signal=2)
    held("dnslib", "python -m dnslib.fixedresolver --address 0.0.0.0 --port {port} --tcp (TCP side held)", lambda p: Dn("0.0.0.0", p, "--tcp"), cwd=P, timeout=6, stop_signal=2)
    neg("dnslib", "normal start, one dig query, then SIGINT", lambda p: Dn("127.0.0.1", p), proto="udp", cwd=P, stop_signal=2,
        during=lambda p: sh("timeout 5 dig +tries=1 +time=2 @127.0.0.1 -p %d example.test >/dev/null 2>&1" % p))


def tftpy():
    reset("tftpy")
    srv = write(P + "/tftpy_srv.py", "import sys, logging\nlogging.basicConfig(level=logging.INFO)\nimport tftpy\ntftpy.TftpServer('%s/www').listen(sys.argv[1], int(sys.argv[2]))\n" % P)
    T = lambda h, p: [PY, srv, h, str(p)]
    std("tftpy", T, proto="udp", low=69, label="tftpy.TftpServer(root).listen(HOST, PORT)", cwd=P, timeout=6, stop_signal=2)
    neg("tftpy", "normal start, one tftpy client download of index.html, then SIGINT", lambda p: T("127.0.0.1", p), proto="udp", cwd=P, stop_signal=2,
        during=lambda p: sh("timeout 6 %s -c \"import tftpy; tftpy.TftpClient('127.0.0.1', %d).download('index.html', '/tmp/round4b/run/py/got.html')\" >/dev/null 2>&1" % (PY, p)))


def bjoern():
    reset("bjoern")
    srv = write(P + "/bjoern_srv.py", "import sys, bjoern\nfrom wsgi_app import app\nprint('bjoern serving on %s:%s' % (sys.argv[1], sys.argv[2]), flush=True)\nbjoern.run(app, sys.argv[1], int(sys.argv[2]))\n")
    Bj = lambda h, p: [PY, srv, h, str(p)]
    std("bjoern", Bj, label="bjoern.run(app, HOST, PORT)", cwd=P, timeout=6, stop_signal=2)
    neg("bjoern", "normal start, GET /, then SIGINT", lambda p: Bj("127.0.0.1", p), cwd=P, stop_signal=2, during=lambda p: http_get(p, "/"))


def smtpd():
    reset("smtpd")
    S = lambda h, p: ["/usr/bin/python3", "-W", "ignore", "-m", "smtpd", "-n", "-c", "DebuggingServer", hp(h, p)]
    std("smtpd", S, label="python3 -m smtpd -n -c DebuggingServer HOST:PORT", low=25, cwd=P, timeout=6, stop_signal=2)
    neg("smtpd", "normal start, one SMTP client says QUIT, then SIGINT", lambda p: S("127.0.0.1", p), cwd=P, stop_signal=2, during=lambda p: tcp_poke(p, b"QUIT\r\n"))


def wsgiref():
    reset("wsgiref")
    W = ["/usr/bin/python3", "-m", "wsgiref.simple_server"]
    held("wsgiref", "python3 -m wsgiref.simple_server (its demo app on the fixed port {port})", W, port=8000, cwd=P, timeout=5, stop_signal=2)
    held("wsgiref", "python3 -m wsgiref.simple_server (its demo app on the fixed port {port})", W, port=8000, host="::", cwd=P, timeout=5, stop_signal=2)
    run_case("wsgiref", "negative", "normal start on port 8000, GET /xyz, then SIGINT", W, port=8000, cwd=P, stop_signal=2, during=lambda p: http_get(p, "/xyz"))


def socketify():
    reset("socketify")
    S = lambda h, p: [PY, P + "/socketify_srv.py", h, str(p)]
    std("socketify", S, label="App().listen(AppListenOptions(port=PORT, host=HOST), cb); app.run()", cwd=P, timeout=6, stop_signal=2)
    neg("socketify", "normal start, GET /, then SIGINT", lambda p: S("127.0.0.1", p), cwd=P, stop_signal=2, during=lambda p: http_get(p, "/"))


def pysnmp():
    reset("pysnmp")
    S = lambda h, p: [PY, P + "/snmp_agent.py", h, str(p)]
    std("pysnmp", S, proto="udp", low=161, label="UdpTransport().open_server_mode((HOST, PORT)) agent", cwd=P, timeout=8, stop_signal=2)
    neg("pysnmp", "normal start, one snmpget-like junk datagram, then SIGINT", lambda p: S("127.0.0.1", p), proto="udp", cwd=P, stop_signal=2,
        during=lambda p: udp_poke(p, b"\x30\x00"))


if __name__ == "__main__":
    for name in sys.argv[1:]:
        globals()[name.replace("-", "_")]()
