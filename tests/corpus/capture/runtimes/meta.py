"""Versions of what printed each file, and the hand-checked corrections for gen_toml.py.

FIX keys are (program, substring of `staged`); values override what gen_toml.py reads
off the text.  Every override was decided by reading the captured text.
"""
import re

PY = "debian: python3.11 3.11.2-6+deb12u6"
VENV = "python 3.11.7 (pyenv build) venv; "
NODE = "node 20.20.2 (nodejs 20.20.2-1nodesource1+repack1); "
RUST = "rustc 1.95.0; "
META = {
    "python-http-server": ("3.11.2", PY),
    "python-socketserver": ("3.11.2", PY),
    "python-asyncio": ("3.11.2", PY),
    "python-socket": ("3.11.2", PY),
    "uvicorn": ("0.54.0", VENV + "pypi: uvicorn 0.54.0, fastapi 0.165.0, starlette 1.10.0"),
    "gunicorn": ("27.0.1", VENV + "pypi: gunicorn 27.0.1"),
    "hypercorn": ("0.18.0", VENV + "pypi: hypercorn 0.18.0, fastapi 0.165.0"),
    "flask": ("3.1.3", VENV + "pypi: flask 3.1.3, werkzeug 3.1.9"),
    "django": ("5.2.19", VENV + "pypi: django 5.2.19"),
    "aiohttp": ("3.14.5", VENV + "pypi: aiohttp 3.14.5"),
    "tornado": ("6.6.1", VENV + "pypi: tornado 6.6.1"),
    "twistd": ("26.10.0", VENV + "pypi: twisted 26.10.0"),
    "waitress": ("3.0.2", VENV + "pypi: waitress 3.0.2"),
    "node-http": ("20.20.2", "debian: nodejs 20.20.2-1nodesource1+repack1"),
    "node-dgram": ("20.20.2", "debian: nodejs 20.20.2-1nodesource1+repack1"),
    "express": ("5.3.0", NODE + "npm: express 5.3.0"),
    "fastify": ("5.12.8", NODE + "npm: fastify 5.12.8"),
    "koa": ("3.3.0", NODE + "npm: koa 3.3.0"),
    "vite": ("8.3.8", NODE + "npm: vite 8.3.8"),
    "serve": ("14.2.7", NODE + "npm: serve 14.2.7"),
    "http-server": ("14.1.1", NODE + "npm: http-server 14.1.1"),
    "go-nethttp": ("go1.19.8", "debian: golang-1.19-go 1.19.8-2"),
    "go-udp": ("go1.19.8", "debian: golang-1.19-go 1.19.8-2"),
    "java-serversocket": ("17.0.15", "debian: openjdk-17-jre-headless 17.0.15+6-1~deb12u1"),
    "java-httpserver": ("17.0.15", "debian: openjdk-17-jre-headless 17.0.15+6-1~deb12u1"),
    "java-datagramsocket": ("17.0.15", "debian: openjdk-17-jre-headless 17.0.15+6-1~deb12u1"),
    "tomcat10": ("10.1.60", "debian: tomcat10 10.1.60-1~deb12u1 (openjdk 17.0.15)"),
    "jetty9": ("9.4.57.v20241219", "debian: jetty9 / libjetty9-java 9.4.57-1.1~deb12u1 (openjdk 17.0.15)"),
    "ruby-webrick": ("1.8.1", "debian: ruby3.1 3.1.7-1~deb12u2, ruby-webrick 1.8.1-1"),
    "ruby-run-httpd": ("3.1.7", "debian: ruby3.1 3.1.7-1~deb12u2, ruby-webrick 1.8.1-1"),
    "ruby-socket": ("3.1.7", "debian: ruby3.1 3.1.7-1~deb12u2"),
    "puma": ("5.6.5", "debian: puma 5.6.5-3+deb12u2 (ruby 3.1.7)"),
    "thin": ("1.8.1", "debian: thin 1.8.1-2 (ruby 3.1.7)"),
    "php": ("8.2.36", "debian: php8.2-cli 8.2.36-1~deb12u1"),
    "php-fpm": ("8.2.36", "debian: php8.2-fpm 8.2.36-1~deb12u1"),
    "perl-http-daemon": ("6.16", "debian: libhttp-daemon-perl 6.16-1+deb13u1~deb12u1 (perl 5.36.0-7+deb12u4)"),
    "perl-io-socket": ("1.49", "debian: perl 5.36.0-7+deb12u4 (IO::Socket::INET 1.49)"),
    "mojolicious": ("9.31", "debian: libmojolicious-perl 9.31+dfsg-1"),
    "erlang": ("OTP 25", "debian: erlang-base 1:25.2.3+dfsg-1+deb12u4"),
    "elixir": ("1.14.0", "debian: elixir 1.14.0.dfsg-2 (erlang-base 1:25.2.3+dfsg-1+deb12u4)"),
    "lua-socket": ("3.0.0", "debian: lua-socket 3.1.0-1+b1 (LuaSocket 3.0.0), lua5.4 5.4.4-3+deb12u1"),
    "tcl": ("8.6.13", "debian: tcl8.6 8.6.13+dfsg-2"),
    "socat": ("1.7.4.4", "debian: socat 1.7.4.4-2"),
    "rust-std": ("1.95.0", "rustup: rustc 1.95.0 (std only)"),
    "rust-udp": ("1.95.0", "rustup: rustc 1.95.0 (std only)"),
    "tokio": ("1.54.1", RUST + "crates.io: tokio 1.54.1"),
    "axum": ("0.8.9", RUST + "crates.io: axum 0.8.9, tokio 1.54.1"),
    "actix-web": ("4.18.1", RUST + "crates.io: actix-web 4.18.1"),
}


def window(pattern, before=3, total=60):
    """Keep `total` lines starting `before` lines above the first line matching pattern."""
    def cut(text):
        lines = text.split("\n")
        if len(lines) <= total:
            return text
        i = next(k for k, l in enumerate(lines) if re.search(pattern, l))
        start = max(0, min(i - before, len(lines) - total))
        return "\n".join(lines[start:start + total])
    return cut


CUT_NOTE = " (output cut to the 60 lines around the failure)"
SILENT = ("; the bind FAILED but Express 5 hands the listen error to the callback, which "
          "ignores it: the process printed this and exited 0")
SERVE = "; serve silently picked another free port: the text never mentions the held port"
FIX = {
    # Express 5: error swallowed by the usual `() => console.log(...)` callback
    ("express", "express started on"): {"kind": "negative", "staged_suffix": SILENT},
    # serve: moved to a random port without saying why (non-TTY output)
    ("serve", "holder bound 0.0.0.0:"): {"kind": "negative", "staged_suffix": SERVE},
    ("serve", "holder bound [::]:"): {"kind": "negative", "staged_suffix": SERVE},
    # thin: one message for every cause
    ("thin", "thin started on"): {"errno": "unknown"},
    ("thin", "run as nobody"): {"errno": "unknown"},
    # django's own wording
    ("django", "run as nobody"): {"errno": "EACCES"},
    ("django", "192.0.2.1"): {"errno": "EADDRNOTAVAIL"},
    # Go prints the wildcard as 0.0.0.0 even when [::] was asked for
    ("go-nethttp", "started on [::]"): {"address": "0.0.0.0"},
    # expanded IPv6 wildcard forms
    ("socat", "UDP6-LISTEN"): {"address": "::"},
    ("socat", "TCP-LISTEN started on [::]"): {"address": "::"},
    ("jetty9", "started on [::]"): {"address": "::"},
    ("tomcat10", 'address="::"'): {"address": "::"},
    # long Java server logs
    ("tomcat10", "holder bound"): {"cut": window(r"AbstractProtocol.init Initializing", before=4), "staged_suffix": CUT_NOTE},
    ("tomcat10", "run as nobody"): {"cut": window(r"AbstractProtocol.init Initializing", before=4), "staged_suffix": CUT_NOTE},
    ("tomcat10", "not on this host"): {"cut": window(r"AbstractProtocol.init Initializing", before=4), "staged_suffix": CUT_NOTE},
    ("jetty9", "started on"): {"cut": window(r"Logging initialized", before=0), "staged_suffix": CUT_NOTE},
    ("jetty9", "70000"): {"cut": window(r"Logging initialized", before=0), "staged_suffix": CUT_NOTE},
    ("node-dgram", "port 70000"): {"staged_suffix": "; node did not reject it: it bound 127.0.0.1:4464 (70000 mod 65536) and ran until SIGINT"},
    # not bind failures after all
    ("perl-io-socket", "started on [::]"): {"kind": "negative",
        "staged_suffix": "; IO::Socket::INET has no IPv6: it rejects '::' as a hostname before any bind"},
    ("php-fpm", "php-fpm8.2 -F with `listen = 0.0.0.0:80`"): {"kind": "negative",
        "staged_suffix": "; as nobody php-fpm cannot reopen /proc/self/fd/2 (a root-owned pipe) and stops before any bind"},
}
