"""crates.io servers: dufs, mdbook, simple-http-server (binaries cargo-installed earlier from crates.io, copied to /tmp/round4b/cargo/bin), bore-cli and basic-http-server (`cargo install --root /tmp/round4b/cargo`)."""
import os
import sys
from harness import run_case, reset, new_port, http_get, tcp_poke, RUN, sh, write
from common import std, held, neg, mkd, hp

C = "/tmp/round4b/cargo/bin/"
R = mkd(RUN + "/rust", 0o755)
mkd(R + "/www", 0o755)
write(R + "/www/index.html", "<h1>hi</h1>\n")
mkd(R + "/book/src", 0o777)
write(R + "/book/book.toml", "[book]\ntitle = \"r3\"\n")
write(R + "/book/src/SUMMARY.md", "# Summary\n\n- [Hi](hi.md)\n")
write(R + "/book/src/hi.md", "# Hi\n")
sh("chmod -R a+rwX %s; chmod 755 /tmp/round4b/cargo /tmp/round4b/cargo/bin" % R)


def dufs():
    reset("dufs")
    std("dufs", lambda h, p: [C + "dufs", R + "/www", "-b", h, "-p", str(p)], label="DIR -b HOST -p PORT", cwd=R, stop_signal=2, timeout=6)
    held("dufs", "dufs DIR -p {port} (default binds 0.0.0.0 and ::)", [C + "dufs", R + "/www", "-p", "{port}"], cwd=R, stop_signal=2, timeout=6)
    neg("dufs", "normal start, GET / and /missing, then SIGINT", [C + "dufs", R + "/www", "-b", "127.0.0.1", "-p", "{port}"], cwd=R, stop_signal=2,
        during=lambda p: (http_get(p, "/"), http_get(p, "/missing")))
    neg("dufs", "serve path that does not exist", [C + "dufs", R + "/nope", "-p", "{port}"], cwd=R, stop_signal=2, timeout=6)


def mdbook():
    reset("mdbook")
    std("mdbook", lambda h, p: [C + "mdbook", "serve", R + "/book", "-n", h, "-p", str(p)], label="serve BOOK -n HOST -p PORT", cwd=R, stop_signal=2, timeout=10)
    neg("mdbook", "normal serve, GET / and /missing, then SIGINT", [C + "mdbook", "serve", R + "/book", "-n", "127.0.0.1", "-p", "{port}"], cwd=R, stop_signal=2,
        during=lambda p: (http_get(p, "/"), http_get(p, "/missing")), settle=2)
    neg("mdbook", "serve a directory with no book.toml and no src/", [C + "mdbook", "serve", R + "/www/nope", "-p", "{port}"], cwd=R, stop_signal=2, timeout=8)


def simple_http_server():
    reset("simple-http-server")
    std("simple-http-server", lambda h, p: [C + "simple-http-server", "--ip", h, "-p", str(p), R + "/www"], label="--ip HOST -p PORT DIR", cwd=R, stop_signal=2, timeout=6)
    neg("simple-http-server", "normal start, GET / and /missing, then SIGINT", [C + "simple-http-server", "--ip", "127.0.0.1", "-p", "{port}", R + "/www"], cwd=R, stop_signal=2,
        during=lambda p: (http_get(p, "/"), http_get(p, "/missing")))
    neg("simple-http-server", "root that does not exist", [C + "simple-http-server", "-p", "{port}", R + "/nope"], cwd=R, stop_signal=2, timeout=6)




def bore():
    reset("bore")
    Bs = lambda h, p: [C + "bore", "server", "--bind-addr", h, "--min-port", "46900", "--max-port", "46950"]
    # bore's control port is fixed at 7835: each case holds 7835 itself (namespaces are private)
    for h, label in (("0.0.0.0", ""), ("::", "dual-stack ")):
        run_case("bore", "bind", "python %ssocket held %s:7835/tcp (bore's fixed control port); bore server --bind-addr %s" % (label, "[::]" if h == "::" else h, h),
                 Bs(h, 7835), port=7835, hold_spec=("tcp", h), errno="EADDRINUSE", addr=h, cwd=R, stop_signal=2, timeout=6)
    run_case("bore", "bind", "bore server --bind-addr 192.0.2.1 (control port 7835), an address not on this host", Bs("192.0.2.1", 7835), port=7835, errno="EADDRNOTAVAIL", addr="192.0.2.1", cwd=R, stop_signal=2, timeout=6)
    p = new_port()
    run_case("bore", "negative", "normal `bore server --bind-addr 127.0.0.1`, then `bore local %d --to 127.0.0.1` (no local service behind it), then SIGINT" % p, Bs("127.0.0.1", 7835), port=7835, cwd=R, stop_signal=2,
             during=lambda _p: sh("timeout 4 %sbore local %d --to 127.0.0.1 >/dev/null 2>&1" % (C, p)), settle=1)
    run_case("bore", "negative", "`bore local PORT --to 127.0.0.1` with no bore server running (connect refused)", [C + "bore", "local", str(p), "--to", "127.0.0.1"], port=p, cwd=R, stop_signal=2, timeout=6)


def basic_http_server():
    reset("basic-http-server")
    std("basic-http-server", lambda h, p: [C + "basic-http-server", "-a", hp(h, p), R + "/www"], label="-a HOST:PORT DIR", cwd=R, stop_signal=2, timeout=6)
    neg("basic-http-server", "normal start, GET / and /missing, then SIGINT", lambda p: [C + "basic-http-server", "-a", "127.0.0.1:%d" % p, R + "/www"], cwd=R, stop_signal=2,
        during=lambda p: (http_get(p, "/"), http_get(p, "/missing")))


def sfz():
    reset("sfz")
    std("sfz", lambda h, p: [C + "sfz", "-b", h, "-p", str(p), R + "/www"], label="-b HOST -p PORT DIR", cwd=R, stop_signal=2, timeout=6)
    neg("sfz", "normal start, GET / and /missing, then SIGINT", lambda p: [C + "sfz", "-b", "127.0.0.1", "-p", str(p), R + "/www"], cwd=R, stop_signal=2,
        during=lambda p: (http_get(p, "/"), http_get(p, "/missing")))


def rathole():
    reset("rathole")

    def conf(h, p):
        return write(R + "/rathole-%s-%s.toml" % (h.replace(":", "_"), p), '[server]\nbind_addr = "%s"\n\n[server.services.s1]\ntoken = "r4-token"\nbind_addr = "127.0.0.1:%d"\n' % (hp(h, p), p + 1000))
    Rs = lambda h, p: [C + "rathole", "--server", conf(h, p)]
    std("rathole", Rs, label="--server conf.toml with `[server] bind_addr = \"HOST:PORT\"`", cwd=R, stop_signal=2, timeout=6)
    neg("rathole", "normal server start, one client sends junk to the control port, then SIGINT", lambda p: Rs("127.0.0.1", p), cwd=R, stop_signal=2, during=lambda p: tcp_poke(p, b"junk"))
    neg("rathole", "--server with a config file that does not exist", [C + "rathole", "--server", R + "/nope.toml"], cwd=R, stop_signal=2, timeout=6)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        globals()[name.replace("-", "_")]()
