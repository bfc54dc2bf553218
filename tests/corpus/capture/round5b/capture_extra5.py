"""Third batch, runtimes already on the machine: node cluster workers, python logging.config.listen(),
R serverSocket(), Perl IO::Socket::IP."""
import sys
from harness import run_case, reset, new_port, http_get, tcp_poke, RUN, sh, write
from common import std, held, neg, udp_poke, mkd, hp

X = mkd(RUN + "/extra", 0o777)
write(X + "/cluster_srv.js", "const cluster = require('node:cluster');\nconst http = require('node:http');\nconst [host, port] = process.argv.slice(2);\nif (cluster.isPrimary) {\n  console.log(`Primary ${process.pid} is running`);\n  for (let i = 0; i < 2; i++) cluster.fork();\n  cluster.on('exit', (w, code, signal) => console.log(`worker ${w.process.pid} died (code ${code})`));\n} else {\n  http.createServer((req, res) => res.end('hi\\n')).listen(+port, host);\n  console.log(`Worker ${process.pid} started`);\n}\n")
write(X + "/logl_srv.py", "import sys, time, logging, logging.config\nlogging.basicConfig(level=logging.INFO)\nt = logging.config.listen(int(sys.argv[1]))\nt.start()\nlogging.info('logging config listener started on port %s', sys.argv[1])\ntime.sleep(600)\n")
write(X + "/iosip_srv.pl", "use strict; use warnings; use IO::Socket::IP;\n$| = 1;\nmy ($host, $port) = @ARGV;\nmy $s = IO::Socket::IP->new(LocalHost => $host, LocalPort => $port, Listen => 5, ReuseAddr => 1) or die \"Cannot listen on $host:$port: $@\\n\";\nprint \"listening on $host:$port\\n\";\nmy $c = $s->accept; print \"accepted\\n\";\n")
sh("chmod -R a+rwX %s" % X)


def cluster():
    reset("node-cluster")
    C = lambda h, p: ["node", X + "/cluster_srv.js", h, str(p)]
    std("node-cluster", C, label="node:cluster primary + 2 workers, http.createServer().listen(PORT, HOST) in each", cwd=X, timeout=5, stop_signal=2)
    neg("node-cluster", "normal start, GET /, then SIGINT", lambda p: C("127.0.0.1", p), cwd=X, stop_signal=2, during=lambda p: http_get(p, "/"))


def logl():
    reset("python-logging-listen")
    L = lambda p: ["/usr/bin/python3", X + "/logl_srv.py", str(p)]
    held("python-logging-listen", "python3 logging.config.listen({port}).start() (it binds localhost)", L, host="127.0.0.1", cwd=X, timeout=4, stop_signal=9)
    held("python-logging-listen", "python3 logging.config.listen({port}).start() (it binds localhost)", L, host="0.0.0.0", cwd=X, timeout=4, stop_signal=9)
    run_case("python-logging-listen", "bind", "run as nobody (ip_unprivileged_port_start=1024); logging.config.listen(80).start()", L(80), port=80, user="nobody", errno="EACCES", cwd=X, timeout=4, stop_signal=9)
    neg("python-logging-listen", "normal start, a client sends a bad config message", L, cwd=X, stop_signal=9, during=lambda p: tcp_poke(p, b"\x00\x00\x00\x05hello"))


def rsock():
    reset("r-serversocket")
    R = lambda p: ["Rscript", "-e", "s <- serverSocket(%d); cat('listening\\n'); c <- socketAccept(s); cat('accepted\\n')" % p]
    held("r-serversocket", "Rscript -e 'serverSocket({port})'", R, cwd=X, timeout=5, stop_signal=9)
    held("r-serversocket", "Rscript -e 'serverSocket({port})'", R, host="::", cwd=X, timeout=5, stop_signal=9)
    run_case("r-serversocket", "bind", "run as nobody (ip_unprivileged_port_start=1024); Rscript -e 'serverSocket(80)'", R(80), port=80, user="nobody", errno="EACCES", cwd=X, timeout=5, stop_signal=9)
    neg("r-serversocket", "normal start, a client connects", R, cwd=X, stop_signal=9, during=lambda p: tcp_poke(p))


def iosip():
    reset("perl-io-socket-ip")
    P = lambda h, p: ["perl", X + "/iosip_srv.pl", h, str(p)]
    std("perl-io-socket-ip", P, label="IO::Socket::IP->new(LocalHost => HOST, LocalPort => PORT, Listen => 5) or die \"...: $@\"", cwd=X, timeout=4, stop_signal=9)
    neg("perl-io-socket-ip", "normal start, a client connects", lambda p: P("127.0.0.1", p), cwd=X, stop_signal=9, during=lambda p: tcp_poke(p))


if __name__ == "__main__":
    for n in sys.argv[1:]:
        globals()[n]()
