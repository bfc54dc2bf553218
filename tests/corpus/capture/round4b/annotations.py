"""Hand-checked annotations for the round-4 (helper b) captures.

For a bind case gen_toml.py starts from what derive.py reads in the text (errno word, the
port number, the address) and these entries override it where a human reads it otherwise,
drop cases that turned out not to be what was staged, turn some into negatives, or cut long
texts to the lines around the failure.  Indices are record numbers in /tmp/round4b/raw/P.jsonl."""

D = "debian: "
PY = "pypi: "
NPM = "npm: "
CR = "crates.io: "
NEG = lambda note: dict(kind="negative", note=note)
DROP = dict(drop=True)
RESOLVER = "(the address did not resolve: no bind was attempted)"
V6RES = "(`::` did not resolve for an IPv4-only socket: no bind was attempted)"
MOVED = "(it moved on to another port and kept running)"
NOBODY_EARLY = "(as nobody it stopped on a file permission, before any bind)"

ANN = {
    # ------------------------------------------------------------------ capture_pypi4.py
    "supervisord": dict(version="4.3.0", package=PY + "supervisor 4.3.0", cases={
        0: dict(errno="EADDRINUSE", note="(the text words it `Another program is already listening on a port`)"),
        1: NEG("(supervisor could not resolve `[::]` (socket.error -2): no bind was attempted)"),
        4: dict(errno="EADDRINUSE", note="(the text words it `Another program is already listening on a port`)")}),
    "circusd": dict(version="0.19.0", package=PY + "circus 0.19.0", cases={
        1: NEG("(circus refused the host `::` with a ValueError: no bind was attempted, and it kept running)")}),
    "pydoc": dict(name="python-pydoc", file="python-pydoc", version="3.11.2", package=D + "python3.11 3.11.2-6+deb12u6 (python3 -m pydoc)", cases={
        1: NEG("(`-n ::` did not resolve as an IPv4 host (EAI_ADDRFAMILY): no bind was attempted)")}),
    "eventlet": dict(version="0.41.3", package=PY + "eventlet 0.41.3"),
    "cheroot": dict(version="11.1.2", package=PY + "cheroot 11.1.2"),
    "pproxy": dict(version="2.7.9", package=PY + "pproxy 2.7.9"),
    "litestar": dict(version="2.25.0", package=PY + "litestar 2.25.0 (uvicorn 0.54.0)"),
    "fastapi": dict(version="0.0.34", package=PY + "fastapi-cli 0.0.34 (fastapi 0.165.0, uvicorn 0.54.0)"),
    "scrapyd": dict(version="1.6.0", package=PY + "scrapyd 1.6.0 (twisted 26.10.0)"),
    "flower": dict(version="2.2.0", package=PY + "flower 2.2.0 (celery 5.7.0, tornado 6.6.1)"),
    "devpi-server": dict(version="6.20.3", package=PY + "devpi-server 6.20.3 (waitress 3.0.2)", cases={
        0: dict(lines=(0, 40)), 1: dict(lines=(0, 40)), 3: dict(lines=(0, 40)), 6: dict(lines=(0, 40)),   # its banner and the first of two tracebacks
        2: NEG(NOBODY_EARLY)}),
    # ------------------------------------------------------------------ capture_lang4.py
    "gawk": dict(version="5.2.1", package=D + "gawk 1:5.2.1-2"),
    "nim": dict(version="1.6.10", package=D + "nim 1.6.10-2 (asynchttpserver, net)", cases={
        1: NEG("(asynchttpserver's IPv4 socket could not resolve `::`: no bind was attempted)")}),
    "raku": dict(version="2022.12", package=D + "rakudo 2022.12-1", cases={
        1: DROP}),   # `::` was taken as a named-argument switch by MAIN: only the usage text
    "pike": dict(version="8.0.1738", package=D + "pike8.0 8.0.1738-1"),
    "net-server": dict(name="net-server", version="2.013", package=D + "libnet-server-perl 2.013-2 (perl 5.36.0)"),
    "anyevent": dict(version="7.17", package=D + "libanyevent-perl 7.170-2+b3 (perl 5.36.0)"),
    "poe": dict(version="1.370", package=D + "libpoe-perl 2:1.3700-1 (perl 5.36.0)", cases={
        1: DROP}),   # `got inet_aton error 99 (Cannot assign requested address)` for `::`: no bind was attempted, yet the text reads like one
    "httpuv": dict(version="1.6.9", package=D + "r-cran-httpuv 1.6.9+dfsg-1 (r-base-core 4.2.2)"),
    "crystal": dict(version="1.6.0", package=D + "crystal 1.6.0+dfsg-3"),
    "mono": dict(version="6.8.0.105", package=D + "mono-runtime 6.8.0.105+dfsg-3.3+deb12u1 (mono-mcs)", cases={
        2: dict(errno="EACCES", note="(Mono words EACCES `Access denied`)"),
        3: dict(errno="EADDRNOTAVAIL", note="(Mono words EADDRNOTAVAIL as WSAEADDRNOTAVAIL: `The requested address is not valid in this context`)"),
        5: dict(errno="EACCES", note="(Mono words EACCES `Access denied`)")}),
    "eventmachine": dict(version="1.3~pre20220315", package=D + "ruby-eventmachine 1.3~pre20220315-df4ab006-3 (ruby 3.1.7)", cases={
        i: dict(errno="unknown", note="(EventMachine says only `port is in use or requires root privileges`, whatever the cause)") for i in (0, 1, 2, 3)}),
    "async-http": dict(version="0.59.5", package=D + "ruby-async-http 0.59.5-1 (ruby-async-io 1.34.1, ruby 3.1.7)"),
    "tensorboard": dict(version="2.21.0", package=PY + "tensorboard 2.21.0 (werkzeug 3.1.9)"),
    "pywebio": dict(version="1.8.4", package=PY + "pywebio 1.8.4 (tornado 6.6.1)"),
    "textual-serve": dict(version="1.1.3", package=PY + "textual-serve 1.1.3 (aiohttp 3.14.5)"),
    # ------------------------------------------------------------------ capture_npm4.py
    "docsify": dict(version="5.0.0", package=NPM + "docsify-cli 5.0.0 (node 20.20.2)", cases={
        0: NEG("(docsify silently served on another, random port: no failure printed)"),
        1: NEG("(docsify silently served on another, random port: no failure printed)"),
        2: NEG("(as nobody docsify silently served on another, random port: no failure printed)"),
        4: NEG("(the livereload port was held: docsify printed nothing about it and kept running)")}),
    "light-server": dict(version="2.9.1", package=NPM + "light-server 2.9.1 (node 20.20.2)"),
    # ------------------------------------------------------------------ capture_rust4.py
    "dufs": dict(version="0.47.0", package=CR + "dufs 0.47.0"),
    "mdbook": dict(version="0.5.4", package=CR + "mdbook 0.5.4", cases={
        2: NEG("(as nobody mdbook could not remove its old HTML output: before any bind)")}),
    "simple-http-server": dict(version="0.8.1", package=CR + "simple-http-server 0.8.1"),
    "warp": dict(version="3.3.21", package=D + "libghc-warp-dev 3.3.21-3+b2 (ghc 9.0.2, compiled)"),
    "netty": dict(version="4.1.48", package=D + "libnetty-java 1:4.1.48-7+deb12u2 (openjdk 17.0.21)"),
    "smbserver": dict(name="impacket-smbserver", file="impacket-smbserver", version="0.13.1", package=PY + "impacket 0.13.1 (smbserver.py)", cases={
        1: NEG("(impacket's IPv4 socket could not resolve `::` (EAI_ADDRFAMILY): no bind was attempted)")}),
    "adev": dict(version="1.1.2", package=PY + "aiohttp-devtools 1.1.2 (aiohttp 3.14.5)", cases={
        0: dict(note="(adev says `already is use` after five retries)"), 1: dict(note="(adev says `already is use` after five retries)")}),
    "dash": dict(version="4.4.1", package=PY + "dash 4.4.1 (flask 3.1.3, werkzeug 3.1.9)"),
    "moto_server": dict(version="5.2.5", package=PY + "moto 5.2.5 (werkzeug 3.1.9)"),
    "sphinx-autobuild": dict(version="2025.8.25", package=PY + "sphinx-autobuild 2025.8.25 (uvicorn 0.54.0)"),
    "livereload": dict(version="2.7.1", package=PY + "livereload 2.7.1 (tornado 6.6.1)"),
    "reload": dict(version="3.4.3", package=NPM + "reload 3.4.3 (node 20.20.2)", cases={
        0: dict(note="(reload's -n names only the browser host: its websocket server listened on `::`)"),
        3: NEG("(reload's -n names only the browser host: it listened on `::` and kept running, no failure printed)")}),
    "five-server": dict(version="0.4.5", package=NPM + "five-server 0.4.5 (node 20.20.2)", cases={
        0: dict(address=None, note=MOVED), 1: dict(address=None, note=MOVED)}),
    "polka": dict(version="0.5.2", package=NPM + "polka 0.5.2 (node 20.20.2)"),
    "hono": dict(version="2.1.9", package=NPM + "@hono/node-server 2.1.9 (hono 4.13.19, node 20.20.2)"),
    "tinyhttp": dict(version="3.0.11", package=NPM + "@tinyhttp/app 3.0.11 (node 20.20.2)"),
    "dns2": dict(version="3.0.0", package=NPM + "dns2 3.0.0 (node 20.20.2)", cases={
        1: dict(errno="unknown", note="(dns2 opens a udp4 socket: `bind EINVAL` for `::`, a cause outside the corpus errno set)")}),
    "http-echo-server": dict(version="2.1.1", package=NPM + "http-echo-server 2.1.1 (node 20.20.2)"),
    "node-static": dict(version="0.7.11", package=NPM + "node-static 0.7.11 (node 20.20.2)"),
    "prism": dict(version="5.14.2", package=NPM + "@stoplight/prism-cli 5.14.2 (node 20.20.2)"),
    "listhen": dict(version="1.10.1", package=NPM + "listhen 1.10.1 (get-port-please, node 20.20.2)", cases={
        0: dict(errno="unknown", note=MOVED + " (get-port-please says only `Unable to find an available port`)"),
        1: dict(errno="unknown", note=MOVED + " (get-port-please says only `Unable to find an available port`)"),
        2: dict(errno="unknown", note=MOVED + " (the cause was EACCES; get-port-please says only `Unable to find an available port`)"),
        3: dict(errno="unknown", note="(get-port-please gives no cause)")}),
    "haraka": dict(name="haraka", version="3.3.4", package=NPM + "Haraka 3.3.4 (node 20.20.2)", cases={
        1: dict(address="::", note="(the text writes the address `::0`)")}),
    "hexo-server": dict(name="hexo", file="hexo", version="8.1.2", package=NPM + "hexo 8.1.2 (hexo-server 3.0.0, node 20.20.2)"),
    "superstatic": dict(version="10.0.0", package=NPM + "superstatic 10.0.0 (node 20.20.2)"),
    "httpster": dict(version="1.2.1", package=NPM + "httpster 1.2.1 (node 20.20.2)"),
    "static-server": dict(version="3.0.0", package=NPM + "static-server 3.0.0 (node 20.20.2)"),
    "st": dict(version="4.0.13", package=NPM + "st 4.0.13 (node 20.20.2)"),
    "tftp": dict(version="0.1.2", package=NPM + "tftp 0.1.2 (node 20.20.2)"),
    "mockoon-cli": dict(version="9.9.0", package=NPM + "@mockoon/cli 9.9.0 (node 20.20.2)", cases={
        2: dict(errno="unknown", note="(mockoon says only `Port 80 is invalid or access is denied`)"),
        3: dict(note="(mockoon words it `Provided hostname/address is not available`)")}),
    # ------------------------------------------------------------------ capture_lang4.py (round 2)
    "ocaml": dict(version="4.13.1", package=D + "ocaml-nox 4.13.1-4 (Unix library, ocamlopt)"),
    "chicken": dict(version="5.3.0", package=D + "chicken-bin 5.3.0-1 (csc)", cases={
        1: NEG("(chicken's tcp-listen could not resolve `::` as an IPv4 host: no bind was attempted)")}),
    "sbcl": dict(version="2.2.9", package=D + "sbcl 2:2.2.9-1 (sb-bsd-sockets)", cases={
        2: dict(address="192.0.2.1", note="(the backtrace writes the address as the vector #(192 0 2 1); `0.0.0.0:0` is the unbound socket itself)")}),
    "gjs": dict(version="1.74.2", package=D + "gjs 1.74.2-1+deb12u1 (gir1.2-soup-3.0 3.2.3, GLib/Gio)"),
    "pyqt5": dict(version="5.15.9", package=D + "python3-pyqt5 5.15.9+dfsg-1 (Qt 5.15.8 QtNetwork)"),
    "http-server-simple": dict(version="0.52", package=D + "libhttp-server-simple-perl 0.52-2 (perl 5.36.0)", cases={
        1: dict(errno="unknown", note="(`::` did not resolve as IPv4, yet it called bind with no address: `Invalid argument`, a cause outside the corpus errno set)")}),
    "io-async": dict(version="0.802", package=D + "libio-async-perl 0.802-1 (perl 5.36.0)"),
    # ------------------------------------------------------------------ capture_pypi4.py (round 3)
    "xandikos": dict(version="0.4.10", package=PY + "xandikos 0.4.10 (aiohttp 3.14.5)"),
    "dnslib": dict(name="dnslib-fixedresolver", file="dnslib-fixedresolver", version="0.9.26", package=PY + "dnslib 0.9.26 (python -m dnslib.fixedresolver)"),
    "tftpy": dict(version="0.8.7", package=PY + "tftpy 0.8.7", cases={
        1: NEG("(tftpy's IPv4 socket could not resolve `::` (EAI_ADDRFAMILY): no bind was attempted)")}),
    "bjoern": dict(version="3.2.2", package=PY + "bjoern 3.2.2 (libev 4.33)", cases={
        1: NEG("(bjoern's IPv4 socket could not resolve `::` (EAI_ADDRFAMILY): no bind was attempted)")}),
    "smtpd": dict(name="python-smtpd", file="python-smtpd", version="3.11.2", package=D + "python3.11 3.11.2-6+deb12u6 (python3 -m smtpd, asyncore)", cases={
        1: NEG("(smtpd does not take `[::]:PORT`: `Bad local port`, no bind was attempted)")}),
    "wsgiref": dict(name="python-wsgiref", file="python-wsgiref", version="3.11.2", package=D + "python3.11 3.11.2-6+deb12u6 (python3 -m wsgiref.simple_server)", cases={
        0: dict(note="(the port shows only in the traceback's source line `make_server('', 8000, demo_app)`)"),
        1: dict(note="(the port shows only in the traceback's source line `make_server('', 8000, demo_app)`)")}),
    "net-dns-nameserver": dict(name="net-dns-nameserver", version="1.36", package=D + "libnet-dns-perl 1.36-1+deb12u1 (perl 5.36.0)", cases={
        4: DROP}),   # the TCP side held: it printed nothing at all
    "mina": dict(version="2.2.1", package=D + "libmina2-java 2.2.1-3 (openjdk 17.0.21)", cases={
        1: dict(address="::", note="(the text writes the address `[0:0:0:0:0:0:0:0]`)")}),
    # ------------------------------------------------------------------ capture_go4.py
    "gin": dict(version="1.8.1", package=D + "golang-github-gin-gonic-gin-dev 1.8.1-1 (go 1.19.8)", cases={
        1: dict(address="0.0.0.0", note="(gin's banner says `[::]:PORT`; Go's error names the wildcard `0.0.0.0`)")}),
    "echo": dict(version="4.2.1", package=D + "golang-github-labstack-echo-dev 4.2.1-3 (go 1.19.8)", cases={
        1: dict(note="(started on `[::]:PORT`; Go's error names the wildcard `0.0.0.0`)")}),
    "fasthttp": dict(version="1.31.0", package=D + "golang-github-valyala-fasthttp-dev 1:1.31.0-4 (go 1.19.8)", cases={
        1: dict(note="(started on `[::]:PORT`; fasthttp listened tcp4 and names `0.0.0.0`)")}),
    "gradio": dict(version="6.31.0", package=PY + "gradio 6.31.0 (uvicorn 0.54.0)", cases={
        0: dict(errno="EADDRINUSE", note="(gradio words it `Cannot find empty port in range: P-P`)"),
        1: dict(errno="EADDRINUSE", note="(gradio words it `Cannot find empty port in range: P-P`)"),
        2: dict(errno="EADDRINUSE", note="(the cause was EACCES; gradio says only `Cannot find empty port in range: 80-80`)"),
        3: dict(errno="EADDRNOTAVAIL", note="(uvicorn's Errno 99 line comes first; gradio then says `Cannot find empty port`)")}),
    "bore": dict(version="0.6.0", package=CR + "bore-cli 0.6.0", cases={
        i: dict(note="(bore's control port 7835 is fixed; the text names neither port nor address)") for i in (0, 1, 2)}),
    "basic-http-server": dict(version="0.11.0", package=CR + "basic-http-server 0.11.0"),
    "lua-http": dict(version="0.4", package=D + "lua-http 0.4-1 (lua5.3 5.3.6, lua-cqueues)"),
    "php-stream-socket-server": dict(version="8.2.36", package=D + "php8.2-cli 8.2.36-1~deb12u1 (stream_socket_server)", cases={
        i: dict(note="(the script's own line prints $errstr and $errno, which PHP leaves 0)") for i in range(6)}),
    "php-sockets": dict(version="8.2.36", package=D + "php8.2-cli 8.2.36-1~deb12u1 (php8.2-common sockets.so, socket_bind)"),
    "pm2-runtime": dict(version="7.0.4", package=NPM + "pm2 7.0.4 (pm2-runtime, node 20.20.2)", cases={
        i: dict(note="(the app's node error, relayed by pm2-runtime, which kept running)") for i in range(4)}),
    # ------------------------------------------------------------------ round 4 of captures
    "racket": dict(version="8.7", package=D + "racket 8.7+dfsg1-1 (web-server-lib, racket/tcp)"),
    "swipl": dict(version="9.0.4", package=D + "swi-prolog-nox 9.0.4+dfsg-2 (library(http/thread_httpd))", cases={
        1: NEG("(`::` did not resolve for SWI-Prolog's IPv4 socket: no bind was attempted)")}),
    "d-std-socket": dict(version="12.2.0", package=D + "gdc 4:12.2.0-3 (gdc-12 12.2.0-14+deb12u1, libphobos std.socket)"),
    "clisp": dict(version="2.49.93", package=D + "clisp 1:2.49.20210628.gitde01f0f-3 (SOCKET:SOCKET-SERVER)"),
    "newlisp": dict(version="10.7.5", package=D + "newlisp 10.7.5-2+b2", cases={
        0: dict(errno="unknown"), 2: dict(errno="unknown"), 3: dict(errno="unknown"),
        1: DROP}),   # `net-listen failed: nil`: newLISP in IPv4 mode gave no error for `::`, so no bind may have been attempted
    "sinatra": dict(version="3.0.5", package=D + "ruby-sinatra 3.0.5-3+deb12u1 (ruby-webrick 1.8.1, ruby-rack 2.2.22, ruby 3.1.7)"),
    "grpc-js": dict(version="1.14.7", package=NPM + "@grpc/grpc-js 1.14.7 (node 20.20.2)"),
    "workerd": dict(version="1.20261117.1", package=NPM + "workerd 1.20261117.1 (@cloudflare/workerd-linux-64, the binary in the npm package)", cases={
        i: dict(note="(workerd names the socket by its config name `http`, neither address nor port)") for i in range(4)}),
    "socketify": dict(version="0.0.31", package=PY + "socketify 0.0.31 (uWebSockets via cffi)", cases={
        i: dict(errno="unknown", note="(socketify says only `Failed to listen on port P` and keeps running)") for i in range(4)}),
    "pysnmp": dict(version="7.1.30", package=PY + "pysnmp 7.1.30 (asyncio UDP transport)", cases={
        0: NEG("(the UDP port was held: pysnmp 7 printed nothing about the failed bind and kept running until SIGINT)"),
        3: NEG("(192.0.2.1 is not on the host: pysnmp 7 printed nothing about the failed bind and kept running until SIGINT)"),
        1: DROP, 2: DROP}),   # the same silence again
    "sfz": dict(version="0.7.1", package=CR + "sfz 0.7.1", cases={
        1: NEG("(sfz could not parse `:::PORT` as a socket address: no bind was attempted)")}),
    "rathole": dict(version="0.5.0", package=CR + "rathole 0.5.0", cases={
        i: dict(note="(rathole names the config key `server.bind_addr`, not its value)") for i in range(4)}),
    # ------------------------------------------------------------------ capture_debug4.py
    "node-inspect": dict(version="20.20.2", package="debian (NodeSource repository): nodejs 20.20.2-1nodesource1+repack1 (node --inspect)", cases={
        2: NEG("(node refuses an inspector port below 1024 before any bind: `must be 0 or in range 1024 to 65535`)")}),
    "jdwp": dict(version="17.0.21", package=D + "openjdk-17-jre-headless 17.0.21.1+2-1~deb12u1 (-agentlib:jdwp)"),
    "java-jmxremote": dict(version="17.0.21", package=D + "openjdk-17-jre-headless 17.0.21.1+2-1~deb12u1 (-Dcom.sun.management.jmxremote.port)", cases={
        1: dict(note="(the JMX agent words it `Port already in use: 80`; the nested cause is Permission denied)"),
        2: dict(note="(the RMI connector on an ephemeral port failed: the text says `Port already in use: 0`, the nested cause is Cannot assign requested address)")}),
    "debugpy": dict(version="1.8.22", package=PY + "debugpy 1.8.22"),
    "ruby-debug": dict(version="1.6.3", package=D + "libruby3.1 3.1.7-1~deb12u2 (the bundled debug 1.6.3 gem, -rdebug/open_nonstop)"),
}
