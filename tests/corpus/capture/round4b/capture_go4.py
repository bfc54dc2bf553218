"""Go web frameworks from Debian's golang-*-dev packages (gin 1.8.1, echo 4.2.1, fasthttp 1.31.0), built with
GO111MODULE=off GOPATH=/usr/share/gocode into /tmp/round4b/go/bin; each takes its address as argv[1]."""
import sys
from harness import run_case, reset, new_port, http_get, tcp_poke, RUN, sh, write
from common import std, held, neg, mkd, hp

G = "/tmp/round4b/go/bin/"
W = mkd(RUN + "/go", 0o777)


def gin():
    reset("gin")
    std("gin", lambda h, p: [G + "gin", hp(h, p)], label="gin.Default().Run(\"HOST:PORT\") (debug mode)", cwd=W, timeout=5)
    held("gin", "gin r.Run(\":{port}\")", lambda p: [G + "gin", ":%d" % p], cwd=W, timeout=5)
    p = new_port()
    run_case("gin", "bind", "python socket held 0.0.0.0:%d/tcp; GIN_MODE=release gin r.Run(\"0.0.0.0:%d\")" % (p, p), [G + "gin", "0.0.0.0:%d" % p], port=p, hold_spec=("tcp", "0.0.0.0"),
             errno="EADDRINUSE", addr="0.0.0.0", cwd=W, timeout=5, env={"GIN_MODE": "release"})
    neg("gin", "normal start, GET / and /missing, then SIGTERM", lambda p: [G + "gin", "127.0.0.1:%d" % p], cwd=W, during=lambda p: (http_get(p, "/"), http_get(p, "/missing")))


def echo():
    reset("echo")
    std("echo", lambda h, p: [G + "echo", hp(h, p)], label="e.Logger.Fatal(e.Start(\"HOST:PORT\"))", cwd=W, timeout=5)
    held("echo", "echo e.Start(\":{port}\")", lambda p: [G + "echo", ":%d" % p], cwd=W, timeout=5)
    neg("echo", "normal start, GET / and /missing, then SIGTERM", lambda p: [G + "echo", "127.0.0.1:%d" % p], cwd=W, during=lambda p: (http_get(p, "/"), http_get(p, "/missing")))


def fasthttp():
    reset("fasthttp")
    std("fasthttp", lambda h, p: [G + "fasthttp", hp(h, p)], label="log.Fatalf(\"error in ListenAndServe: %v\", fasthttp.ListenAndServe(\"HOST:PORT\", h))", cwd=W, timeout=5)
    neg("fasthttp", "normal start, GET /, then SIGTERM", lambda p: [G + "fasthttp", "127.0.0.1:%d" % p], cwd=W, during=lambda p: http_get(p, "/"))


if __name__ == "__main__":
    for name in sys.argv[1:]:
        globals()[name]()
