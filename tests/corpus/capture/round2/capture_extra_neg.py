"""Second negative cases for programs that had only one; appended to the raw files (no reset)."""
import os
import sys
from harness import run_case, new_port, tcp_poke, http_get, RUN, sh, write

V = "/tmp/round2-venv/bin/"
B = "/tmp/round2-npm/node_modules/.bin/"
P = RUN + "/py"
N = RUN + "/npm"
X = RUN + "/net"


def neg(prog, staged, cmd, **kw):
    run_case(prog, "negative", staged, cmd, cwd=kw.pop("cwd", RUN), timeout=kw.pop("timeout", 8), **kw)


def main():
    neg("aiosmtpd", "--version", [V + "python", "-m", "aiosmtpd", "--version"])
    neg("aiosmtpd", "-l with a port that is not a number", [V + "python", "-m", "aiosmtpd", "-n", "-l", "127.0.0.1:notaport"], stop_signal=2)
    neg("bgpd", "--version", ["/usr/lib/frr/bgpd", "--version"])
    w = X + "/bgpd-bad"
    os.makedirs(w, exist_ok=True)
    neg("bgpd", "-C dry run of a config with an unknown command", ["/usr/lib/frr/bgpd", "-C", "-Z", "-S", "-f", write(w + "/bgpd.conf", "router bgp 65000\n bogus command here\n"), "--log", "stdout"])
    neg("cherrypy", "cherryd --version", [V + "cherryd", "--version"])
    neg("daphne", "--version", [V + "daphne", "--version"])
    neg("daphne", "application module that does not exist", [V + "daphne", "-b", "127.0.0.1", "-p", str(new_port()), "nope_app:app"], cwd=P, stop_signal=2)
    p = new_port()
    run_case("gevent", "negative", "normal start, one client sends a malformed request line, then SIGINT", [V + "python", P + "/gevent_app.py", "127.0.0.1", str(p)],
             port=p, cwd=P, stop_signal=2, during=lambda p: tcp_poke(p, b"BLAH\r\n\r\n"))
    neg("live-server", "--version", [B + "live-server", "--version"], cwd=N)
    neg("murmurd", "-version", ["murmurd", "-version"])
    neg("murmurd", "database in a directory that does not exist", ["murmurd", "-fg", "-ini", write(X + "/murmur-bad.ini", "database=/nonexistent/dir/murmur.sqlite\nport=%d\nhost=127.0.0.1\nbonjour=false\n" % new_port())], timeout=6)
    neg("parcel", "entry file that does not exist", [B + "parcel", "serve", "nope.html", "--port", str(new_port()), "--no-cache"], cwd=N, timeout=20, stop_signal=2)
    neg("proxy.py", "--version", [V + "proxy", "--version"])
    neg("proxy.py", "unknown flag", [V + "proxy", "--bogus-flag"])
    neg("pyftpdlib", "-d directory that does not exist", [V + "python", "-m", "pyftpdlib", "-i", "127.0.0.1", "-p", str(new_port()), "-d", "/nonexistent/dir"], stop_signal=2)
    neg("spamd", "--version", ["spamd", "--version"])
    neg("nodemon", "script that does not exist (then SIGINT)", [B + "nodemon", "--no-colors", "nope.js"], cwd=N, timeout=5, stop_signal=2)
    neg("hapi", "server script with a JavaScript syntax error", ["node", "-e", "const Hapi = require('@hapi/hapi'); const s = Hapi.server({port: 1}; s.start();"], cwd=N)
    neg("restify", "GET /boom handler throws (first run, stopped after the request)", ["node", "restify_server.js", "127.0.0.1", str(new_port())], cwd=N, timeout=4, stop_signal=2)
    neg("ws", "a client connects, the script crashes on a ReferenceError in the handler",
        ["node", "-e", "const {WebSocketServer,WebSocket}=require('ws');const w=new WebSocketServer({host:'127.0.0.1',port:%d},()=>{new WebSocket('ws://127.0.0.1:%d')});w.on('connection',()=>{undefinedThing()});" % tuple([new_port()] * 2)], cwd=N)


if __name__ == "__main__":
    main()
