"""Hand-checked annotations for the round-4 (helper a) captures: Debian 12 network daemons.

For a bind case gen_toml.py starts from what derive.py reads in the text (errno word, the
port number, the address) and these entries override it where a human reads it otherwise,
drop cases that turned out not to be what was staged, turn some into negatives, or cut long
texts to the lines around the failure.  Indices are record numbers in /tmp/round4a/raw/P.jsonl."""

D = "debian: "
NEG = lambda note: dict(kind="negative", note=note)
DROP = dict(drop=True)
NONE = dict(port=None, address=None)

ANN = {
    # ------------------------------------------------------------------ capture_go.py
    "alertmanager": dict(version="0.25.0", package=D + "prometheus-alertmanager 0.25.0-1+b4", cases={
        1: dict(note="(alertmanager's Go listener bound 0.0.0.0 and names it)")}),
    "pushgateway": dict(version="1.5.1", package=D + "prometheus-pushgateway 1.5.1-2+b5", cases={
        4: dict(address=None)}),
    "blackbox_exporter": dict(version="0.23.0", package=D + "prometheus-blackbox-exporter 0.23.0-4+b4", cases={
        5: dict(note="(the unknown prober was accepted at start: an ordinary start)")}),
    "v2ray": dict(version="4.34.0", package=D + "v2ray 4.34.0+ds-1", cases={
        2: NEG("(/usr/bin/v2ray has cap_net_bind_service: as nobody it bound port 80 and kept running)")}),
    # ------------------------------------------------------------------ capture_c.py
    "bip": dict(version="0.9.3", package=D + "bip 0.9.3-1+b2"),
    "uhub": dict(version="0.4.1", package=D + "uhub 0.4.1-3.2"),
    "stubby": dict(version="0.3.0", package=D + "stubby 1.6.0-3+b1 (Stubby 0.3.0, libgetdns10 1.6.0-3+b1)", cases={
        0: dict(NONE, note="(the port and address appear only in the config file's name)"),
        1: NEG("(stubby could not parse `::@PORT` in its YAML: no bind was attempted)"),
        2: dict(NONE, note="(the port and address appear only in the config file's name)"),
        3: dict(NONE, note="(the port and address appear only in the config file's name)"),
        4: NEG("(stubby with a UDP-only transport list kept running: no failure printed)")}),
    "snmptrapd": dict(version="5.9.3", package=D + "snmptrapd 5.9.3+dfsg-2+deb12u1", cases={
        i: dict(lines=(-30, None), note="(last 30 lines: before them ~490 lines of MIB-loading complaints)") for i in range(7)}),
    "radsecproxy": dict(version="1.9.2", package=D + "radsecproxy 1.9.2-2"),
    "zabbix_proxy": dict(version="6.0.14", package=D + "zabbix-proxy-sqlite3 1:6.0.14+dfsg-1+b1", cases={
        2: NEG("(zabbix takes ListenPort 1024-32767 only: refused the config before any bind)")}),
    "gmetad": dict(version="3.7.2", package=D + "gmetad 3.7.2-6+b2", cases={
        i: dict(address=None, note="(127.0.0.1 in the text is the data source, not the listener)") for i in range(4)}),
    "xl2tpd": dict(version="1.3.18", package=D + "xl2tpd 1.3.18-1"),
    "opendmarc": dict(version="1.4.2", package=D + "opendmarc 1.4.2-2+b1", cases={
        5: DROP}),   # an unknown socket family prints the very same line as a failed bind: not a useful negative
    "openbgpd": dict(version="7.7", package=D + "openbgpd 7.7-2", cases={
        2: NEG("(openbgpd refuses to start unless root: before any bind)"),
        4: dict(note="(its RTR process could not chroot and bgpd stopped: not a bind failure)")}),
    "vtund": dict(version="3.0.4", package=D + "vtun 3.0.4-2+b1", cases={
        2: dict(errno="unknown", note="(the Permission denied is about the PID file; the bind line gives no cause)"),
        3: NEG("(vtund started on the address that is not on the host: no failure printed)")}),
    "apt-cacher-ng": dict(version="3.7.4", package=D + "apt-cacher-ng 3.7.4-1+b2", cases={
        0: dict(note="(apt-cacher-ng kept running without the listener)"),
        1: dict(note="(apt-cacher-ng kept running without the listener)"),
        2: NEG("(as nobody apt-cacher-ng could not read its security.conf: before any bind)"),
        3: dict(note="(apt-cacher-ng kept running without the listener)")}),
    "babeld": dict(version="1.12.1", package=D + "babeld 1.12.1-1"),
    "rpcbind": dict(version="1.2.6", package=D + "rpcbind 1.2.6-6+b1", cases={
        2: NEG("(with -h 192.0.2.1 rpcbind aborted on a double free: it printed nothing about a bind)")}),
    "charon": dict(version="5.9.8", package=D + "strongswan-charon 5.9.8-5+deb12u6", cases={
        0: dict(note="(charon disabled IPv4 and kept running)"),
        1: dict(note="(charon went on without the NAT-T sockets and kept running)"),
        2: NEG("(as nobody charon could not read /etc/ipsec.secrets nor open netlink: it aborted before any bind)")}),
    "p910nd": dict(version="0.97", package=D + "p910nd 0.97-1+b1"),
    "lpd": dict(version="3.8.B", package=D + "lprng 3.8.B-6", cases={
        1: NEG("(as nobody lpd could not open its lock file: before any bind)")}),
    "nbd-server": dict(version="3.24", package=D + "nbd-server 1:3.24-1.1"),
    "tgtd": dict(version="1.0.85", package=D + "tgt 1:1.0.85-1+deb12u1", cases={
        0: dict(note="(tgtd went on running without the portal)"),
        1: dict(note="(tgtd went on running without the portal)"),
        2: NEG("(as nobody tgtd could not open its IPC lock file: before any bind)"),
        3: dict(note="(tgtd went on running without the portal)")}),
    "gdnsd": dict(version="3.8.1", package=D + "gdnsd 3.8.1-1", cases={
        1: NEG("(gdnsd's config parser took the bare `::` for a non-string: no bind was attempted)"),
        2: NEG("(as nobody gdnsd could not chmod its run directory: before any bind)"),
        3: NEG("(gdnsd binds with IP_FREEBIND: it warned and kept running)")}),
    # ------------------------------------------------------------------ capture_more.py
    "pebble": dict(version="2.4.0", package=D + "pebble 2.4.0+ds1-2+b4", cases={
        1: dict(address="0.0.0.0", note="(the failing line names 0.0.0.0, though the line before says [::])"),
        2: dict(port=543, address="127.0.0.1", note="(the management port PORT+100 = 543 failed first)")}),
    "sccache": dict(version="0.4.0-pre.6", package=D + "sccache 0.4.0~~pre6-1+b1", cases={
        0: dict(address=None), 2: dict(address=None)}),
    "cntlm": dict(version="0.92.3", package=D + "cntlm 0.92.3-1.2", cases={
        1: NEG("(cntlm could not parse `[::]:PORT` as a listen address: no bind was attempted)")}),
    "bearerbox": dict(version="1.4.5", package=D + "kannel 1.4.5-12", cases={
        0: dict(address=None), 1: dict(address=None), 3: dict(address=None),
        2: NEG("(with the smsbox port held bearerbox printed nothing about it)")}),
    "ejabberd": dict(version="23.01", package=D + "ejabberd 23.01-1 (erlang 25.2.3)"),
    "spiped": dict(version="1.6.2", package=D + "spiped 1.6.2-3"),
    "dnsproxy": dict(version="1.17", package=D + "dnsproxy 1.17+git20211129.22329c4-5+b1"),
    "gitit": dict(version="0.15.1.0", package=D + "gitit 0.15.1.0+dfsg-2+b6", cases={
        1: dict(errno="EAFNOSUPPORT", note="(gitit bound an IPv4 socket to `::`: Address family not supported by protocol)")}),
    "ocsigenserver": dict(version="5.0.1", package=D + "ocsigenserver 5.0.1-2", cases={
        0: NEG("(ocsigenserver could not load its staticmod extension: it stopped before any bind)"),
        1: DROP, 2: DROP, 3: DROP, 4: DROP}),
    "pgpool": dict(version="4.3.5", package=D + "pgpool2 4.3.5-1+deb12u1", cases={
        2: NEG("(pgpool takes port 1024-65535 only: refused the config before any bind)"),
        4: NEG("(with the pcp port held pgpool printed nothing about it and kept running)")}),
    # ------------------------------------------------------------------ capture_late.py
    "ripd": dict(version="8.4.4", package=D + "frr 8.4.4-1.1~deb12u2", cases={
        0: dict(note="(ripd refused the `router rip` instance and kept running)"),
        1: NEG("(with its vty port held ripd printed nothing about it and kept running)")}),
    "ripngd": dict(version="8.4.4", package=D + "frr 8.4.4-1.1~deb12u2", cases={
        0: dict(NONE, note="(ripngd refused the `router ripng` instance and kept running; `::1/128` is the configured network)"),
        1: NEG("(with its vty port held ripngd printed nothing about it and kept running)")}),
    "icinga2": dict(version="2.13.6", package=D + "icinga2-bin 2.13.6-2+deb12u2"),
    "traffic_server": dict(version="9.2.9", package=D + "trafficserver 9.2.5+ds-0+deb12u4 (it says 9.2.9)", cases={
        i: dict(note="(traffic_server kept running without the listener)") for i in range(4)}),
    "kadmind": dict(version="1.20.1", package=D + "krb5-admin-server 1.20.1-2+deb12u5", cases={
        3: dict(port=464, protocol="udp", note="(the kpasswd UDP port 464 failed first)")}),
    "amuled": dict(version="2.3.3", package=D + "amule-daemon 1:2.3.3-3", cases={
        0: dict(note="(amuled went on without the port: `you will be LOWID`)"),
        1: dict(note="(amuled went on without the port: `you will be LOWID`)"),
        2: DROP, 4: DROP, 5: DROP,   # amuled crashed with a bare backtrace: the text says nothing of a bind
        3: NEG("(with the EC port held amuled printed nothing about it and kept running)")}),
    "upsd": dict(version="2.8.0", package=D + "nut-server 2.8.0-7"),
    "conserver": dict(version="8.2.7", package=D + "conserver-server 8.2.7-2+b1", cases={
        0: dict(address=None, note="(conserver ignores the failed bind and reports listen() failing with Bad file descriptor: the text gives no real cause)"),
        1: dict(address=None, note="(conserver ignores the failed bind and reports listen() failing with Bad file descriptor: the text gives no real cause)"),
        2: dict(address=None, note="(conserver ignores the failed bind and reports listen() failing with Bad file descriptor: the text gives no real cause)"),
        3: dict(note="(the console-group child could not bind on the -M address)")}),
    "crossfire-server": dict(version="1.75.0", package=D + "crossfire-server 1.75.0-5+b2", cases={
        0: dict(note="(the IPv4 socket failed; crossfire went on with [::] and kept running)")}),
    "ser2net": dict(version="4.3.11", package=D + "ser2net 4.3.11-1", cases={
        i: DROP for i in range(4)}),   # gensio could not resolve the accepter address in the namespace: no bind was attempted
    "gerbera": dict(version="1.1.0", package=D + "gerbera 1.1.0+dfsg-3.1+b1", cases={
        0: NEG("(libupnp could not initialise on a namespace with only lo: no bind was attempted)"), 1: DROP, 2: DROP}),
    # ------------------------------------------------------------------ capture_more2.py
    "iperf": dict(version="2.1.8", package=D + "iperf 2.1.8+dfsg-1"),
    "nbdkit": dict(version="1.32.5", package=D + "nbdkit 1.32.5-1"),
    "postsrsd": dict(version="1.10", package=D + "postsrsd 1.10-2+b1"),
    "smartdns": dict(version="40", package=D + "smartdns 40+dfsg-1"),
    "swtpm": dict(version="0.7.1", package=D + "swtpm 0.7.1-1.3"),
    "nsca-ng": dict(version="1.6", package=D + "nsca-ng-server 1.6-6", cases={
        i: dict(note="(nsca-ng prints `(null)` where the cause should be)") for i in range(4)}),
    "sqlgrey": dict(version="1.8.0", package=D + "sqlgrey 1:1.8.0-4 (Net::Server, libdbd-sqlite3-perl 1.72-1)"),
    "ptp4l": dict(version="3.1.1", package=D + "linuxptp 3.1.1-4+b2", cases={
        0: dict(note="(ptp4l kept running; `port 0` and `port 1` are its PTP port numbers, not UDP ports)"),
        1: dict(note="(ptp4l kept running; `port 0` and `port 1` are its PTP port numbers, not UDP ports)"),
        2: dict(note="(ptp4l kept running; `port 0` and `port 1` are its PTP port numbers, not UDP ports)")}),
    "yadifad": dict(version="2.6.4", package=D + "yadifa 2.6.4-1", cases={
        0: dict(note="(yadifad expands 0.0.0.0 to each local address and names 127.0.0.1#PORT)"),
        1: dict(note="(yadifad expands :: to each local address and names ::1#PORT)"),
        2: dict(note="(yadifad kept retrying the UDP listener every second)"),
        4: dict(note="(yadifad expands 0.0.0.0 to each local address and names 127.0.0.1#PORT)")}),
    "qemu-nbd": dict(version="10.0.2", package=D + "qemu-utils 1:10.0.2+ds-2+deb13u1~bpo12+1"),
    # ------------------------------------------------------------------ capture_jvm4.py
    "jdwp": dict(version="17.0.21", package=D + "openjdk-17-jre-headless 17.0.21.1+2-1~deb12u1 (libjdwp.so, the JDWP agent)"),
    "groovy": dict(version="2.4.21", package=D + "groovy 2.4.21-8 (openjdk 17.0.21)", cases={
        i: dict(note="(groovy says it is listening on the port before the bind fails)") for i in range(3)}),
    # ------------------------------------------------------------------ capture_apps.py
    "minetestserver": dict(version="5.6.1", package=D + "minetest-server 5.6.1+dfsg+~1.9.0mt8+dfsg-2", cases={
        2: dict(note="(the last line guesses `port already in use?`; the bind line says Permission denied)"),
        3: dict(note="(the last line guesses `port already in use?`; the bind line says Cannot assign requested address)"),
        5: dict(note="(the unknown gameid was not refused at start)")}),
    "minissdpd": dict(version="1.6.0", package=D + "minissdpd 1.6.0-1", cases={
        1: NEG("(1900 is not a privileged port: as nobody minissdpd started normally)")}),
    "trojan": dict(version="1.16.0", package=D + "trojan 1.16.0-1+b3"),
    "ocserv": dict(version="1.1.6", package=D + "ocserv 1.1.6-3", cases={
        2: NEG("(ocserv refuses to start unless root: before any bind)"),
        4: dict(note="(the UDP socket on 0.0.0.0 failed; ocserv went on with [::] and kept running)")}),
    "corosync": dict(version="3.1.7", package=D + "corosync 3.1.7-1+deb12u2", cases={
        1: NEG("(corosync found no local node for 192.0.2.1 in the nodelist: refused before any bind)")}),
    "x11vnc": dict(version="0.9.16", package=D + "x11vnc 0.9.16-9 (display from Xtigervnc 1.12.0)", cases={
        0: dict(NONE, lines=(-20, None), note="(last 20 lines; before them ~55 lines of x11vnc's banner)"),
        1: NEG("(x11vnc did not take `-listen ::` together with -6: no bind was attempted)"),
        2: dict(NONE, lines=(-20, None), note="(last 20 lines; before them ~55 lines of x11vnc's banner)"),
        3: dict(NONE, lines=(-20, None), note="(last 20 lines; before them ~55 lines of x11vnc's banner)")}),
    "xrdp": dict(version="0.9.21.1", package=D + "xrdp 0.9.21.1-1+deb12u3", cases={
        1: NEG("(with `port=tcp://[::]:PORT` xrdp printed nothing about a listener and kept running)")}),
    "exabgp": dict(version="4.2.21", package=D + "exabgp 4.2.21-1.1", cases={
        2: dict(errno="EACCES", note="(exabgp's own wording for the failed bind: `you may need to run ExaBGP as root`)"),
        3: dict(errno="EADDRNOTAVAIL", note="(exabgp's own wording for the failed bind: `this is an invalid address`)")}),
    "carbon-cache": dict(version="1.1.7", package=D + "graphite-carbon 1.1.7-1.1 (twisted 22.4.0)", cases=dict(
        [(i, dict(NONE, note="(the traceback names no port or address; ` :: ` is carbon's log separator)")) for i in (0, 1, 3, 4)]
        + [(2, dict(port=233, address="127.0.0.1", note="(the first listener to fail was the cache-query port PORT+30 = 233 on 127.0.0.1; ` :: ` is carbon's log separator)"))])),
    "netdata": dict(version="1.37.1", package=D + "netdata-core 1.37.1-2"),
    "freeciv-server": dict(version="3.0.6", package=D + "freeciv-server 3.0.6-1+deb12u1"),
    "armagetronad-dedicated": dict(version="0.2.9.1.0", package=D + "armagetronad-dedicated 0.2.9.1.0-3", cases={
        0: dict(note="(it moved on to the next port and kept running)", address=None),
        1: dict(errno="unknown", port=41001, address=None, note="(`::` did not resolve; on its fallback to any address it moved on to the next port and kept running)"),
        2: dict(note="(it gave up on port 453 and kept running without a listening socket)"),
        3: dict(errno="EADDRNOTAVAIL", note="(armagetronad's own wording: `not an address of the local machine`)")}),
    "openttd": dict(version="13.0", package=D + "openttd 13.0-2 (openttd-opengfx 7.1-1)", cases={
        i: dict(note="(the dedicated server said it could not start the server but kept running)") for i in range(5)}),
    "ziproxy": dict(version="3.3.2", package=D + "ziproxy 3.3.2-6"),
    "fastd": dict(version="22", package=D + "fastd 22-4", cases={
        3: NEG("(fastd bound the address that is not on the host and kept running: no failure)")}),
    "wesnothd": dict(version="1.16.9", package=D + "wesnoth-1.16-server 1:1.16.9-1", cases={
        4: dict(note="(wesnothd went on without the config file)")}),
    "bzfs": dict(version="2.4.26", package=D + "bzflag-server 2.4.26-1"),
    "teeworlds-server": dict(version="0.7.5", package=D + "teeworlds-server 0.7.5-2", cases={
        0: dict(note="(the IPv4 socket failed; teeworlds went on with its IPv6 socket)", port=None),
        2: dict(note="(the text guesses `might already be in use`; the cause it gives is 13 Permission denied)"),
        3: dict(note="(the text guesses `might already be in use`; the cause it gives is 99 Cannot assign requested address)")}),
    "unison": dict(version="2.52.1", package=D + "unison 2.52+1"),
    "snapserver": dict(version="0.26.0", package=D + "snapserver 0.26.0+dfsg1-1+deb12u1", cases={
        0: dict(note="(the stream acceptor failed; snapserver kept running)"),
        1: dict(note="(the stream acceptor failed; snapserver kept running)"),
        2: NEG("(as nobody snapserver could not open its settings file: before any bind)"),
        3: dict(note="(the stream acceptor failed; snapserver kept running)")}),
}
