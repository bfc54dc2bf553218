"""crates.io servers built with `cargo install --root /tmp/round3-cargo dufs mdbook simple-http-server`."""
import os
import sys
from harness import run_case, reset, new_port, http_get, RUN, sh, write
from common import std, held, neg, mkd, hp

C = "/tmp/round3-cargo/bin/"
R = mkd(RUN + "/rust", 0o755)
mkd(R + "/www", 0o755)
write(R + "/www/index.html", "<h1>hi</h1>\n")
mkd(R + "/book/src", 0o777)
write(R + "/book/book.toml", "[book]\ntitle = \"r3\"\n")
write(R + "/book/src/SUMMARY.md", "# Summary\n\n- [Hi](hi.md)\n")
write(R + "/book/src/hi.md", "# Hi\n")
sh("chmod -R a+rwX %s; chmod 755 /tmp/round3-cargo /tmp/round3-cargo/bin" % R)


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


if __name__ == "__main__":
    for name in sys.argv[1:]:
        globals()[name.replace("-", "_")]()
