"""Hand-checked annotations for the round-5 (helper b) captures.

For a bind case gen_toml.py starts from what derive.py reads in the text (errno word, the
port number, the address) and these entries override it where a human reads it otherwise,
drop cases that turned out not to be what was staged, turn some into negatives, or cut long
texts.  Indices are record numbers in /tmp/round5b/raw/P.jsonl."""

D = "debian: "
PY = "pypi: "
NPM = "npm: "
NEG = lambda note: dict(kind="negative", note=note)
DROP = dict(drop=True)
V6RES = "(`::` did not resolve for an IPv4-only socket (EAI_ADDRFAMILY): no bind was attempted)"
MOVED = "(it moved on to another port and kept running)"
OWNLINE = "(the port is read from the test script's own `listener started on port N` line; the traceback names none)"
DNSLINE = "(the port is read from its `starting DNS server on port N` line; the traceback names none)"
ETUPLE = "(address and port are read from the Erlang terms the text prints, e.g. `{0,0,0,0},47609`)"

ANN = {
    # ------------------------------------------------------------------ capture_pypi5.py
    "pdoc": dict(version="16.0.0", package=PY + "pdoc 16.0.0", cases={1: NEG(V6RES)}),
    "uploadserver": dict(version="6.0.5", package=PY + "uploadserver 6.0.5"),
    "remote-pdb": dict(version="2.1.0", package=PY + "remote-pdb 2.1.0", cases={1: NEG(V6RES)}),
    "prometheus-client": dict(version="0.26.0", package=PY + "prometheus-client 0.26.0"),
    "aiomonitor": dict(version="0.7.1", package=PY + "aiomonitor 0.7.1 (aiohttp web UI on PORT+1)", cases={
        0: DROP, 1: DROP,   # printed nothing at all and kept running (the held port was the monitor port, not the web UI port)
        2: dict(port=81, address="0.0.0.0", note="(the only failure it printed is the web UI's bind on webui_port = PORT+1 = 81; nothing about port 80; it kept running)"),
        3: dict(port=47103, address="192.0.2.1", note="(the only failure it printed is the web UI's bind on webui_port = PORT+1; it kept running)")}),
    "mqttools": dict(version="0.50.0", package=PY + "mqttools 0.50.0"),
    "sftpserver": dict(version="0.3", package=PY + "sftpserver 0.3 (paramiko 5.1.0)", cases={1: NEG(V6RES)}),
    "lektor": dict(version="3.3.14", package=PY + "Lektor 3.3.14 (werkzeug)", cases={
        2: dict(port=None, address=None), 3: dict(port=None, address=None)}),   # the only number is in the output path
    "python-xmlrpc": dict(version="3.11.2", package=D + "python3.11 3.11.2-6+deb12u6 (xmlrpc.server)"),
    "python-multiprocessing": dict(version="3.11.2", package=D + "python3.11 3.11.2-6+deb12u6 (multiprocessing.connection)", cases={1: NEG(V6RES)}),
    "python-asyncore": dict(version="3.11.2", package=D + "python3.11 3.11.2-6+deb12u6 (asyncore)"),
    # ------------------------------------------------------------------ capture_npm5.py
    "lws": dict(version="5.4.0", package=NPM + "local-web-server 5.4.0 (lws)"),
    "mountebank": dict(version="2.9.1", package=NPM + "mountebank 2.9.1 (mb)"),
    "cors-anywhere": dict(version="0.4.4", package=NPM + "cors-anywhere 0.4.4"),
    "socket.io": dict(version="4.8.4", package=NPM + "socket.io 4.8.4"),
    "ssh2": dict(version="1.17.0", package=NPM + "ssh2 1.17.0"),
    "restana": dict(version="5.2.0", package=NPM + "restana 5.2.0"),
    "http-proxy": dict(version="1.18.1", package=NPM + "http-proxy 1.18.1"),
    "mockttp": dict(version="4.6.5", package=NPM + "mockttp 4.6.5", cases={
        0: dict(note="(mockttp listens on `::`: the held IPv4 port conflicts with it, and the text names `::`)")}),
    "anywhere": dict(version="1.7.0", package=NPM + "anywhere 1.7.0", cases={
        0: dict(note="(anywhere listens on `::` whatever -h says; the text names `::`)"),
        3: NEG("(anywhere does not bind the -h address: it listened on all addresses and kept running)")}),
    "servor": dict(version="4.0.2", package=NPM + "servor 4.0.2", cases={
        2: dict(errno="EADDRINUSE", note="(servor's own port check says `already in use` for any failure; the real cause was EACCES, the text says in use)")}),
    # ------------------------------------------------------------------ capture_lang5.py
    "ruby-drb": dict(version="3.1.7", package=D + "ruby3.1 3.1.7-1~deb12u2 (drb 2.1.0)", cases={
        1: NEG("(`druby://[::]:PORT` did not resolve (getaddrinfo): no bind was attempted)")}),
    "java-nio": dict(version="17.0.21.1", package=D + "openjdk-17-jdk-headless 17.0.21.1+2-1~deb12u1 (java.nio.channels)"),
    "erlang-inets-httpd": dict(version="25.2.3", package=D + "erlang-inets 1:25.2.3+dfsg-1+deb12u4 (Erlang/OTP 25)", cases={
        0: dict(address="0.0.0.0", note=ETUPLE), 1: dict(address="::", note=ETUPLE + " `{0,0,0,0,0,0,0,0}`"),
        2: dict(address="0.0.0.0", note=ETUPLE), 3: dict(address="192.0.2.1", note=ETUPLE + " `{192,0,2,1}`")}),
    "erlang-ssh": dict(version="4.15.2", package=D + "erlang-ssh 1:25.2.3+dfsg-1+deb12u4 (ssh 4.15.2, Erlang/OTP 25)", cases={
        0: dict(lines=(0, 60), address="0.0.0.0", note=ETUPLE + " (cut to its first 60 lines)"),
        1: dict(lines=(0, 60), address="::", note=ETUPLE + " `{0,0,0,0,0,0,0,0}` (cut to its first 60 lines)"),
        2: dict(lines=(0, 60), address="0.0.0.0", note=ETUPLE + " (cut to its first 60 lines)"),
        3: dict(lines=(0, 60), address="192.0.2.1", note=ETUPLE + " `{192,0,2,1}` (cut to its first 60 lines)")}),
    # ------------------------------------------------------------------ capture_more5.py
    "dnserver": dict(version="0.4.0", package=PY + "dnserver 0.4.0 (dnslib)", cases={
        0: dict(protocol="udp", note=DNSLINE), 1: dict(protocol="tcp", note="(it binds UDP first, then TCP: the TCP bind failed) " + DNSLINE), 2: dict(protocol="udp", note=DNSLINE)}),
    "py3tftp": dict(version="1.3.0", package=PY + "py3tftp 1.3.0", cases={
        i: dict(note="(port and address are read from its `Starting TFTP server on HOST:PORT` line just before the traceback)") for i in range(4)}),
    "fakeredis": dict(version="2.40.0", package=PY + "fakeredis 2.40.0 (TcpFakeServer)", cases={1: NEG(V6RES)}),
    "grip": dict(version="4.6.2", package=PY + "grip 4.6.2 (flask, werkzeug)", cases={
        1: NEG("(grip refused `[::]:PORT` as an address and started on its default localhost:6419 instead: no bind of the given address was attempted)")}),
    "coap": dict(version="1.5.0", package=NPM + "coap 1.5.0"),
    "net-snmp": dict(version="3.29.2", package=NPM + "net-snmp 3.29.2 (createAgent)", cases={
        i: dict(note="(the agent logs the error and the process exits 0)") for i in range(4)}),
    "alive-server": dict(version="1.3.0", package=NPM + "alive-server 1.3.0", cases={
        0: dict(note=MOVED), 1: dict(note=MOVED)}),
    "servez": dict(version="2.4.1", package=NPM + "servez 2.4.1 (servez-lib)", cases={
        0: dict(port=47913, note="(servez scans for a free port and names the FREE one, PORT+1, as `in use`; the text names 47913, the held port was 47912)"),
        1: dict(port=47914, note="(servez names the free port it found, PORT+1, as `in use`; the held port was 47913)"),
        2: dict(errno="EADDRINUSE", port=1024, note="(the real cause was EACCES on port 80; servez's port scan says `port $1024 in use`, naming the first port it could use)")}),
    "netcat-traditional": dict(version="1.10-47", package=D + "netcat-traditional 1.10-47 (nc.traditional)", cases={
        1: NEG("(`-s ::` did not resolve (`forward host lookup failed`): no bind was attempted)"),
        4: dict(note="(with -v; nc keeps retrying every few seconds and was stopped after 4 s; without -v it printed nothing)"),
        5: dict(note="(with -v; nc keeps retrying and was stopped after 4 s; without -v it printed nothing)")}),
    "jimsh": dict(version="0.81", package=D + "jimsh 0.81+dfsg0-2 (Jim Tcl)", cases={
        1: NEG("(Jim Tcl refused `[::]:PORT` as `Not a valid address`: no bind was attempted)")}),
    "picolisp": dict(version="23.2", package=D + "picolisp 23.2-1 (run with `pil`)"),
    # ------------------------------------------------------------------ capture_extra5.py
    "node-cluster": dict(version="20.20.2", package=D + "nodejs 20.20.2-1nodesource1+repack1 (node:cluster, 2 workers)", cases={
        i: dict(note="(both workers failed; each printed its error and the primary logged their exit)") for i in range(4)}),
    "python-logging-listen": dict(version="3.11.2", package=D + "python3.11 3.11.2-6+deb12u6 (logging.config.listen)", cases={
        0: dict(note=OWNLINE), 1: dict(note=OWNLINE + " (the held 0.0.0.0 port conflicts with its localhost bind)"), 2: dict(note=OWNLINE)}),
    "r-serversocket": dict(version="4.2.2", package=D + "r-base-core 4.2.2.20221110-2 (serverSocket)", cases={
        1: dict(note="(R binds IPv4 0.0.0.0; the dual-stack holder covers it)"),
        2: dict(note="(the real cause was EACCES; the text gives none)")}),
    "perl-io-socket-ip": dict(version="0.41", package=D + "perl-base 5.36.0-7+deb12u4 (IO::Socket::IP 0.41)", cases={
        i: dict(note="(the test script dies with `Cannot listen on HOST:PORT: $@`, $@ being IO::Socket::IP's own error)") for i in range(4)}),
}
