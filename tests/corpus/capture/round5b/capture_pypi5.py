"""PyPI servers from a venv at /tmp/round5b/venv, plus python3 stdlib servers not yet covered."""
import os
import sys
from harness import run_case, reset, new_port, http_get, tcp_poke, RUN, sh, write
from common import std, held, neg, udp_poke, mkd, hp

V = "/tmp/round5b/venv/bin/"
PY = V + "python"
P = mkd(RUN + "/py", 0o777)
mkd(P + "/www", 0o777)
write(P + "/www/index.html", "<h1>hi</h1>\n")
write(P + "/rpdb_srv.py", "import sys\nfrom remote_pdb import RemotePdb\nRemotePdb(sys.argv[1], int(sys.argv[2])).set_trace()\nprint('done')\n")
write(P + "/prom_srv.py", "import sys, time\nfrom prometheus_client import start_http_server\nstart_http_server(int(sys.argv[2]), addr=sys.argv[1])\nwhile True:\n    time.sleep(1)\n")
write(P + "/aiomon_srv.py", "import sys, asyncio, aiomonitor\nasync def main():\n    loop = asyncio.get_running_loop()\n    with aiomonitor.start_monitor(loop, host=sys.argv[1], port=int(sys.argv[2]), webui_port=int(sys.argv[2]) + 1):\n        await asyncio.sleep(3600)\nasyncio.run(main())\n")
write(P + "/xmlrpc_srv.py", "import sys\nfrom xmlrpc.server import SimpleXMLRPCServer\nimport socket\nclass S(SimpleXMLRPCServer):\n    address_family = socket.AF_INET6 if ':' in sys.argv[1] else socket.AF_INET\ns = S((sys.argv[1], int(sys.argv[2])))\ns.register_function(pow)\ns.serve_forever()\n")
write(P + "/mpconn_srv.py", "import sys\nfrom multiprocessing.connection import Listener\nl = Listener((sys.argv[1], int(sys.argv[2])), authkey=b'k')\nc = l.accept()\nprint(c.recv())\n")
write(P + "/asyncore_srv.py", "import sys, asyncore, socket\nclass S(asyncore.dispatcher):\n    def __init__(self, h, p):\n        asyncore.dispatcher.__init__(self)\n        self.create_socket(socket.AF_INET6 if ':' in h else socket.AF_INET, socket.SOCK_STREAM)\n        self.set_reuse_addr()\n        self.bind((h, p))\n        self.listen(5)\n    def handle_accepted(self, sock, addr):\n        sock.close()\nS(sys.argv[1], int(sys.argv[2]))\nasyncore.loop()\n")
sh("chmod -R a+rwX %s" % P)


def pdoc():
    reset("pdoc")
    D = lambda h, p: [V + "pdoc", "-n", "-h", h, "-p", str(p), "json"]
    std("pdoc", D, label="-n -h HOST -p PORT json", cwd=P, timeout=6, stop_signal=2)
    neg("pdoc", "normal start, GET / and /json.html, then SIGINT", lambda p: D("127.0.0.1", p), cwd=P, stop_signal=2,
        during=lambda p: (http_get(p, "/"), http_get(p, "/json.html")))
    neg("pdoc", "pdoc on a module that does not exist", lambda p: [V + "pdoc", "-n", "-p", str(p), "nope_module_x"], cwd=P, timeout=6, stop_signal=2)


def uploadserver():
    reset("uploadserver")
    U = lambda h, p: [PY, "-m", "uploadserver", "--bind", h, "--directory", P + "/www", str(p)]
    std("uploadserver", U, label="python -m uploadserver --bind HOST PORT", cwd=P, timeout=6, stop_signal=2)
    neg("uploadserver", "normal start, GET / and /upload, then SIGINT", lambda p: U("127.0.0.1", p), cwd=P, stop_signal=2,
        during=lambda p: (http_get(p, "/"), http_get(p, "/upload")))


def remote_pdb():
    reset("remote-pdb")
    R = lambda h, p: [PY, P + "/rpdb_srv.py", h, str(p)]
    std("remote-pdb", R, label="RemotePdb(HOST, PORT).set_trace()", cwd=P, timeout=5, stop_signal=9)
    neg("remote-pdb", "normal start, a client connects and sends `c`", lambda p: R("127.0.0.1", p), cwd=P, stop_signal=9,
        during=lambda p: tcp_poke(p, b"c\n"))


def prometheus_client():
    reset("prometheus-client")
    R = lambda h, p: [PY, P + "/prom_srv.py", h, str(p)]
    std("prometheus-client", R, label="prometheus_client.start_http_server(PORT, addr=HOST)", cwd=P, timeout=5, stop_signal=9)
    neg("prometheus-client", "normal start, GET /metrics", lambda p: R("127.0.0.1", p), cwd=P, stop_signal=9,
        during=lambda p: http_get(p, "/metrics"))


def aiomonitor():
    reset("aiomonitor")
    R = lambda h, p: [PY, P + "/aiomon_srv.py", h, str(p)]
    std("aiomonitor", R, label="aiomonitor.start_monitor(loop, host=HOST, port=PORT)", cwd=P, timeout=6, stop_signal=2)
    neg("aiomonitor", "normal start, a telnet-style client connects, then SIGINT", lambda p: R("127.0.0.1", p), cwd=P, stop_signal=2,
        during=lambda p: tcp_poke(p, b"help\n"))


def mqttools():
    reset("mqttools")
    M = lambda h, p: [V + "mqttools", "broker", "--host", h, "--port", str(p)]
    std("mqttools", M, label="broker --host HOST --port PORT", cwd=P, timeout=6, stop_signal=2)
    neg("mqttools", "normal start, a TCP client sends garbage, then SIGINT", lambda p: M("127.0.0.1", p), cwd=P, stop_signal=2,
        during=lambda p: tcp_poke(p, b"hello\r\n"))


def sftpserver():
    reset("sftpserver")
    key = P + "/sftp_rsa.key"
    if not os.path.exists(key):
        sh("ssh-keygen -q -t rsa -m PEM -N '' -f %s; chmod 644 %s" % (key, key))
    S = lambda h, p: [V + "sftpserver", "--host", h, "-p", str(p), "-k", key]
    std("sftpserver", S, label="--host HOST -p PORT -k key", cwd=P, timeout=6, stop_signal=2)
    neg("sftpserver", "normal start, a TCP client sends an SSH banner, then SIGINT", lambda p: S("127.0.0.1", p), cwd=P, stop_signal=2,
        during=lambda p: tcp_poke(p, b"SSH-2.0-x\r\n"))
    neg("sftpserver", "-k a key file that does not exist", lambda p: [V + "sftpserver", "-p", str(p), "-k", P + "/nope.key"], cwd=P, timeout=6, stop_signal=2)


def lektor():
    reset("lektor")
    d = mkd(P + "/lektor", 0o777)
    write(d + "/site.lektorproject", "[project]\nname = t\n")
    mkd(d + "/content", 0o777)
    write(d + "/content/contents.lr", "title: hi\n---\nbody: hi\n")
    mkd(d + "/templates", 0o777)
    write(d + "/templates/page.html", "<h1>{{ this.title }}</h1>\n")
    mkd(d + "/models", 0o777)
    write(d + "/models/page.ini", "[model]\nname = Page\n\n[fields.title]\ntype = string\n")
    sh("chmod -R a+rwX %s" % d)
    L = lambda h, p: [V + "lektor", "--project", d, "server", "-h", h, "-p", str(p), "-O", "/tmp/round5b/run/py/lektor-out-%d" % p]
    std("lektor", L, label="--project D server -h HOST -p PORT", cwd=d, timeout=10, stop_signal=2, env={"HOME": "/tmp/nobody-home"})
    neg("lektor", "normal start, GET /, then SIGINT", lambda p: L("127.0.0.1", p), cwd=d, stop_signal=2, during=lambda p: http_get(p, "/"), settle=2, env={"HOME": "/tmp/nobody-home"})


def stdlib():
    for name, f, lab in (("python-xmlrpc", "xmlrpc_srv.py", "xmlrpc.server.SimpleXMLRPCServer((HOST, PORT))"),
                         ("python-multiprocessing", "mpconn_srv.py", "multiprocessing.connection.Listener((HOST, PORT))"),
                         ("python-asyncore", "asyncore_srv.py", "asyncore.dispatcher bind((HOST, PORT))")):
        reset(name)
        R = lambda h, p, f=f: ["/usr/bin/python3", P + "/" + f, h, str(p)]
        std(name, R, label=lab, cwd=P, timeout=5, stop_signal=2)
        neg(name, "normal start, a client connects, then SIGINT", lambda p, R=R: R("127.0.0.1", p), cwd=P, stop_signal=2,
            during=lambda p: tcp_poke(p, b"POST / HTTP/1.0\r\n\r\n"))


if __name__ == "__main__":
    for n in sys.argv[1:]:
        globals()[n.replace("-", "_")]()
