"""crates.io servers built with `cargo install --root /tmp/round2-cargo miniserve static-web-server`."""
import os
import sys
from harness import run_case, reset, new_port, http_get, RUN, sh, std, write

C = "/tmp/round2-cargo/bin/"
R = RUN + "/rust"
os.makedirs(R + "/www", exist_ok=True)
write(R + "/www/index.html", "<h1>hi</h1>\n")
sh("chmod -R a+rX %s; chmod 755 /tmp/round2-cargo /tmp/round2-cargo/bin" % R)


def miniserve():
    reset("miniserve")
    std("miniserve", lambda h, p: [C + "miniserve", "-i", h, "-p", str(p), R + "/www"], label="-i HOST -p PORT DIR", cwd=R, stop_signal=2)
    p = new_port()
    run_case("miniserve", "bind", "python socket held 0.0.0.0:%d; miniserve -p %d (default interfaces :: and 0.0.0.0)" % (p, p),
             [C + "miniserve", "-p", str(p), R + "/www"], port=p, hold_spec=("tcp", "0.0.0.0"), errno="EADDRINUSE", cwd=R, stop_signal=2)
    p = new_port()
    run_case("miniserve", "negative", "normal start, GET / and /missing, then SIGINT", [C + "miniserve", "-i", "127.0.0.1", "-p", str(p), R + "/www"],
             port=p, cwd=R, stop_signal=2, during=lambda p: (http_get(p, "/"), http_get(p, "/missing")))
    run_case("miniserve", "negative", "path that does not exist", [C + "miniserve", "-p", str(new_port()), R + "/nope"], cwd=R, stop_signal=2)


def static_web_server():
    reset("static-web-server")
    std("static-web-server", lambda h, p: [C + "static-web-server", "--host", h, "--port", str(p), "--root", R + "/www"], label="--host HOST --port PORT --root DIR", cwd=R, stop_signal=2)
    p = new_port()
    run_case("static-web-server", "negative", "normal start (log-level info), GET / and /missing, then SIGINT",
             [C + "static-web-server", "--host", "127.0.0.1", "--port", str(p), "--root", R + "/www", "--log-level", "info"],
             port=p, cwd=R, stop_signal=2, during=lambda p: (http_get(p, "/"), http_get(p, "/missing")))
    run_case("static-web-server", "negative", "--root that does not exist",
             [C + "static-web-server", "--host", "127.0.0.1", "--port", str(new_port()), "--root", R + "/nope"], cwd=R, stop_signal=2)
    write(R + "/sws-bad.toml", "[general]\nport = \"x\n")
    run_case("static-web-server", "negative", "--config-file with a TOML syntax error",
             [C + "static-web-server", "--config-file", R + "/sws-bad.toml"], cwd=R, stop_signal=2)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        globals()[name.replace("-", "_")]()
