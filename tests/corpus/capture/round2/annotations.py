"""Hand-checked annotations for the round-2 captures.

For a bind case gen_toml.py starts from what derive.py reads in the text (errno word, the
port number, the address) and these entries override it where a human reads it otherwise,
drop cases that turned out not to be what was staged, turn some into negatives, or cut long
texts to the lines around the failure."""

D = "debian: "
PY = "pypi: "
NPM = "npm: "

ANN = {
    # ------------------------------------------------------------------ web (capture_web.py)
    "caddy": dict(version="2.6.2", package=D + "caddy 2.6.2-5"),
    "h2o": dict(version="2.2.5", package=D + "h2o 2.2.5+dfsg2-7", cases={
        4: dict(note="(the text says ANY: no address)")}),
    "mini_httpd": dict(version="1.30", package=D + "mini-httpd 1.30-3"),
    "webfsd": dict(version="1.21", package=D + "webfs 1.21+ds1-12+b1"),
    "uwsgi": dict(version="2.0.21-debian", package=D + "uwsgi-core 2.0.21-5.1 (+ uwsgi-plugin-python3 2.0.21-5.1)"),
    "starman": dict(version="0.4016", package=D + "starman 0.4016-1", cases={
        1: dict(kind="negative", note="(`--listen [::]:PORT` is refused by Net::Server before any bind)"),
        6: dict(lines=(0, 30))}),
    "plackup": dict(version="1.0050", package=D + "libplack-perl 1.0050-1", cases={
        1: dict(drop=True)}),   # IO::Socket::INET given '::': EINVAL, not a conflict
    "unicorn": dict(version="6.0.0", package=D + "unicorn 6.0.0-2+b4", cases={6: dict(lines=(0, 40))}),
    "yaws": dict(version="2.1.1", package=D + "yaws 2.1.1+dfsg-2", cases={i: dict(lines=(0, 40)) for i in range(4)}),
    "hugo": dict(version="0.111.3", package=D + "hugo 0.111.3-1"),
    "jekyll": dict(version="4.3.1", package=D + "jekyll 4.3.1+dfsg-3+deb12u1"),
    # ------------------------------------------------------------------ small daemons
    "iperf3": dict(version="3.12", package=D + "iperf3 3.12-1+deb12u2"),
    "beanstalkd": dict(version="1.12", package=D + "beanstalkd 1.12-2+b1"),
    "gearmand": dict(version="1.1.20", package=D + "gearman-job-server 1.1.20+ds-1"),
    "nats-server": dict(version="2.9.10", package=D + "nats-server 2.9.10-1+b3"),
    "rinetd": dict(version="0.73", package=D + "rinetd 0.73-1"),
    "sniproxy": dict(version="0.6.0", package=D + "sniproxy 0.6.0-2.1"),
    "mosh-server": dict(version="1.4.0", package=D + "mosh 1.4.0-1+b1"),
    "dropbear": dict(version="2022.83", package=D + "dropbear-bin 2022.83-1+deb12u3"),
    # ------------------------------------------------------------------ Go daemons
    "etcd": dict(version="3.4.23", package=D + "etcd-server 3.4.23-4+b4"),
    "prometheus": dict(version="2.42.0+ds", package=D + "prometheus 2.42.0+ds-5+deb12u1"),
    "node_exporter": dict(version="1.5.0", package=D + "prometheus-node-exporter 1.5.0-1+b6"),
    "syncthing": dict(version="1.19.2-ds1", package=D + "syncthing 1.19.2~ds1-1+b4"),
    "influxd": dict(version="1.6.7~rc0", package=D + "influxdb 1.6.7~rc0-1+b13"),
    # ------------------------------------------------------------------ network daemons
    "nsd": dict(version="4.6.1", package=D + "nsd 4.6.1-1"),
    "knotd": dict(version="3.2.6", package=D + "knot 3.2.6-1", cases={2: dict(errno='EACCES', note='(knot words EACCES as "operation not permitted")'), 3: dict(kind='negative', note='(knot binds non-local addresses with IP_FREEBIND: only a warning, no failure)')}),
    "pdns_recursor": dict(version="4.8.8", package=D + "pdns-recursor 4.8.8-1+deb12u1"),
    "dhcpd": dict(version="4.4.3-P1", package=D + "isc-dhcp-server 4.4.3-P1-2", cases={0: dict(kind='negative', note='(lo is not a usable DHCP interface: dhcpd stopped before binding)'), 1: dict(kind='negative', note='(as nobody dhcpd stopped on the LPF socket, before binding)')}),
    "kea-dhcp4": dict(version="2.2.0", package=D + "kea-dhcp4-server 2.2.0-6"),
    "bird": dict(version="2.0.12", package=D + "bird2 2.0.12-7", cases={3: dict(drop=True)}),
    "bgpd": dict(version="8.4.4", package=D + "frr 8.4.4-1.1~deb12u2"),
    "danted": dict(version="1.4.2", package=D + "dante-server 1.4.2+dfsg-7+b8"),
    "ss-server": dict(version="3.3.5", package=D + "shadowsocks-libev 3.3.5+ds-10", cases={2: dict(drop=True)}),
    "tor": dict(version="0.4.9.11", package=D + "tor 0.4.9.11-0+deb12u1", cases={i: dict(drop=True) for i in range(4)}),
    "kamailio": dict(version="5.6.3", package=D + "kamailio 5.6.3-2"),
    "ngircd": dict(version="26.1", package=D + "ngircd 26.1-1+deb12u1"),
    "inspircd": dict(version="3.15.0", package=D + "inspircd 3.15.0-1"),
    "znc": dict(version="1.8.2", package=D + "znc 1.8.2-3.1+deb12u2"),
    "smtpd": dict(version="6.8.0p2", package=D + "opensmtpd 6.8.0p2-4+b4", cases={2: dict(kind='negative', note='(smtpd refuses to start without root, before any bind)')}),
    "prosody": dict(version="0.12.3", package=D + "prosody 0.12.3-1+deb12u1"),
    "murmurd": dict(version="1.3.4", package=D + "mumble-server 1.3.4-4"),
    "icecast2": dict(version="2.4.4", package=D + "icecast2 2.4.4-4+b1", cases={2: dict(staged='python dual-stack socket held [::]:40016; icecast2 run as nobody, bind-address :: port 40016')}),
    "spamd": dict(version="4.0.1", package=D + "spamd 4.0.1-1~deb12u1"),
    "slapd": dict(version="2.5.13", package=D + "slapd 2.5.13+dfsg-5"),
    "freeradius": dict(version="3.2.1", package=D + "freeradius 3.2.1+dfsg-4+deb12u1", cases={2: dict(kind='negative', note='(freeradius failed on initgroups before any bind)'), 4: dict(lines=(-60, None))}),
    "opendkim": dict(version="2.11.0~beta2", package=D + "opendkim 2.11.0~beta2-8+deb12u1", cases={2: dict(kind='negative', note='(opendkim failed on initgroups before any bind)')}),
    # ------------------------------------------------------------------ PyPI
    "sanic": dict(version="25.12.1", package=PY + "sanic 25.12.1", cases={2: dict(drop=True)}),
    "quart": dict(version="0.22.0", package=PY + "quart 0.22.0 (hypercorn 0.17.3)"),
    "bottle": dict(version="0.13.4", package=PY + "bottle 0.13.4 (gevent 26.9.0 for -s gevent)"),
    "cherrypy": dict(version="18.10.0", package=PY + "cherrypy 18.10.0 (cheroot 11.1.2)"),
    "daphne": dict(version="4.2.3", package=PY + "daphne 4.2.3 (twisted 25.5.0)"),
    "granian": dict(version="2.8.7", package=PY + "granian 2.8.7"),
    "gevent": dict(version="26.9.0", package=PY + "gevent 26.9.0"),
    "mkdocs": dict(version="1.6.1", package=PY + "mkdocs 1.6.1"),
    "datasette": dict(version="0.65.5", package=PY + "datasette 0.65.5 (uvicorn 0.54.0)", cases={4: dict(lines=(0, 60))}),
    "streamlit": dict(version="1.67.0", package=PY + "streamlit 1.67.0 (tornado 6.4.2)"),
    "locust": dict(version="2.47.0", package=PY + "locust 2.47.0", cases={i: dict(lines=(0, 60)) for i in range(4)}),
    "aiosmtpd": dict(version="1.4.6", package=PY + "aiosmtpd 1.4.6"),
    "pyftpdlib": dict(version="2.2.0", package=PY + "pyftpdlib 2.2.0"),
    "mitmdump": dict(version="11.0.2", package=PY + "mitmproxy 11.0.2", cases={2: dict(kind='negative', note='(it failed on reading its CA file left by a root run, before any bind)')}),
    "robyn": dict(version="0.88.0", package=PY + "robyn 0.88.0", cases={0: dict(lines=(0, 8), note='(robyn then prompts for another port on stdin forever: first 8 lines)'), 1: dict(lines=(0, 8), note='(robyn then prompts for another port on stdin forever: first 8 lines)')}),
    "proxy.py": dict(version="2.4.10", package=PY + "proxy.py 2.4.10", cases={6: dict(lines=(-8, None), note='(last 8 lines of the usage text)')}),
    # ------------------------------------------------------------------ npm
    "json-server": dict(version="0.17.4", package=NPM + "json-server 0.17.4"),
    "webpack-dev-server": dict(version="5.2.7", package=NPM + "webpack-dev-server 5.2.7 (webpack 5.112.2, webpack-cli 7.3.1)"),
    "parcel": dict(version="2.16.4", package=NPM + "parcel 2.16.4"),
    "node-red": dict(version="4.1.15", package=NPM + "node-red 4.1.15", cases={1: dict(address='localhost', note='(node-red shows [::] as localhost)')}),
    "live-server": dict(version="1.2.2", package=NPM + "live-server 1.2.2"),
    "nodemon": dict(version="3.1.14", package=NPM + "nodemon 3.1.14 (node 20.20.2)"),
    "hapi": dict(version="21.4.10", package=NPM + "@hapi/hapi 21.4.10"),
    "restify": dict(version="11.1.0", package=NPM + "restify 11.1.0", cases={5: dict(staged='normal start, no request, stopped with SIGINT after 4 s')}),
    "browser-sync": dict(version="3.0.4", package=NPM + "browser-sync 3.0.4", cases={0: dict(kind='negative', note='(browser-sync silently moved to the next free port: no failure printed)'), 1: dict(kind='negative', note='(browser-sync silently moved to the next free port: no failure printed)'), 3: dict(kind='negative', note='(its port probe connect()ed to the address; in the private namespace the connect failed with ENETUNREACH and no packet left)')}),
    "ws": dict(version="8.23.0", package=NPM + "ws 8.23.0 (node 20.20.2)"),
    # ------------------------------------------------------------------ crates.io
    "miniserve": dict(version="0.35.0", package="crates.io: miniserve 0.35.0"),
    "static-web-server": dict(version="2.44.1", package="crates.io: static-web-server 2.44.1"),
}
