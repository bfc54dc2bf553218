"""Hand-checked annotations for the round-5 (helper a) captures: small Debian 12 daemons.

gen_toml.py starts from what derive.py reads in each text (errno word, port, address); entries
here override it where a human reads the text otherwise, drop records that were not what was
staged, or turn records into negatives.  Indices are record numbers in /tmp/round5a/raw/P.jsonl."""

D = "debian: "
NEG = lambda note: dict(kind="negative", note=note)
DROP = dict(drop=True)
DJB = "(ipsvd's own errno wording: %s)"

ANN = {
    "weborf": dict(version="0.19", package=D + "weborf 0.19-2.1+deb12u1"),
    "tcpsvd": dict(version="1.0.0", package=D + "ipsvd 1.0.0-5", cases={
        0: dict(errno="EADDRINUSE", note=DJB % "'address already used' is EADDRINUSE"),
        1: dict(errno="EACCES", note=DJB % "'access denied' is EACCES"),
        3: dict(errno="EADDRINUSE", note=DJB % "'address already used' is EADDRINUSE")}),
    "udpsvd": dict(version="1.0.0", package=D + "ipsvd 1.0.0-5", cases={
        0: dict(errno="EADDRINUSE", note=DJB % "'address already used' is EADDRINUSE"),
        1: dict(errno="EACCES", note=DJB % "'access denied' is EACCES"),
        3: dict(note="(the `x` is cat echoing the datagram sent to it)")}),
    "coap-server": dict(version="4.3.1", package=D + "libcoap3-bin 4.3.1-1 (coap-server-notls)", cases={
        0: dict(note="(coap-server binds UDP and TCP on the port; the UDP bind failed first)")}),
    "nfcapd": dict(version="1.7.1", package=D + "nfdump 1.7.1-2+deb12u1"),
    "nfacctd": dict(version="1.7.7", package=D + "pmacct 1.7.7-1+b1", cases={
        0: dict(errno="EADDRINUSE", note="(the text gives the errno number 98)"),
        1: dict(errno="EADDRINUSE", note="(the text gives the errno number 98)"),
        2: dict(errno="EACCES", note="(the text gives the errno number 13)"),
        3: dict(errno="EADDRNOTAVAIL", note="(the text gives the errno number 99)")}),
    "gnugo": dict(version="3.8", package=D + "gnugo 3.8-11", cases={
        0: dict(note="(gnugo --gtp-listen takes no address; it binds all addresses)"),
        3: dict(DROP, note="held 127.0.0.1 but gnugo binds all addresses: staging mislabeled")}),
    "netris": dict(version="0.52", package=D + "netris 0.52-11", cases={
        0: dict(note="(netris -w takes no address; it binds all addresses)"),
        3: dict(DROP, note="held 127.0.0.1 but netris binds all addresses: staging mislabeled")}),
    "kcptun-server": dict(version="20210922", package=D + "kcptun 20210922+ds-1+b6"),
    "saned": dict(version="1.2.1", package=D + "sane-utils 1.2.1-2 (saned prints 'sane-backends 1.1.1-debian')"),
    "prometheus-apache-exporter": dict(version="0.12.0", package=D + "prometheus-apache-exporter 0.12.0-1+b4", cases={
        1: dict(address="0.0.0.0", note="(the failure line names 0.0.0.0; [::] only in the earlier 'Starting Server' line)")}),
    "prometheus-process-exporter": dict(version="0.7.10", package=D + "prometheus-process-exporter 0.7.10-3+b5"),
    "obfs4proxy": dict(version="0.0.14", package=D + "obfs4proxy 0.0.14-1+b4", cases={
        0: dict(note="(obfs4proxy run as a Tor pluggable-transport server: TOR_PT_* environment, its stdout is the PT protocol)"),
        2: NEG("(as nobody it could not open its state file, written earlier by root: it stopped before any bind)")}),
    "imap4d": dict(version="3.15", package=D + "mailutils-imap4d 1:3.15-4", cases={
        1: NEG("(mailutils rejected `server [::]:PORT` in its config: no bind was attempted)")}),
    "knxd": dict(version="0.14.54.1", package=D + "knxd 0.14.54.1+b1", cases={
        0: dict(note="(knxd --listen-tcp takes no address; it binds all addresses)")}),
    "ippeveprinter": dict(version="2.4.2", package=D + "cups-ipp-utils 2.4.2-3+deb12u9", cases={
        0: DROP, 1: DROP, 2: DROP, 3: DROP,
        4: dict(note="(DNS-SD could not start without avahi: it stopped before any bind; the other stagings printed the same and were dropped)")}),
    "gmediarender": dict(version="0.1", package=D + "gmediarender 0.1-1", cases={
        0: DROP, 1: DROP, 2: DROP, 3: DROP,
        4: dict(note="(gstreamer output failed to initialise: it aborted before any bind; the other stagings printed the same and were dropped)")}),
    "sockperf": dict(version="3.7", package=D + "sockperf 3.7-1"),
    "nuttcp": dict(version="6.1.2", package=D + "nuttcp 6.1.2-4+b1", cases={
        2: NEG("(nuttcp refused control port 500 before any bind; its EADDRINUSE stagings printed nothing on the pipe)")}),
    "qperf": dict(version="0.4.11", package=D + "qperf 0.4.11-3", cases={
        0: dict(note="(qperf -lp takes no address; it binds all addresses)")}),
    "udptunnel": dict(version="1.1", package=D + "udptunnel 1.1-9", cases={
        0: dict(note="(udptunnel -s takes no address; it binds all addresses)")}),
    "opentracker": dict(version="0~git20210823", package=D + "opentracker 0.0~git20210823.110868e-3", cases={
        1: NEG("(the Debian build is IPv4 only and refused -i ::: no bind was attempted)"),
        2: dict(note="(-p and -P both given; opentracker binds the TCP port first)"),
        3: dict(note="(-p and -P both given; opentracker binds the TCP port first)")}),
    "prometheus-postgres-exporter": dict(version="0.11.1", package=D + "prometheus-postgres-exporter 0.11.1-3+b5", cases={
        1: dict(note="(the Go listener names 0.0.0.0 though [::] was asked)")}),
    "prometheus-nginx-exporter": dict(version="0.11.0", package=D + "prometheus-nginx-exporter 0.11.0-1+b4", cases={
        0: DROP, 1: DROP, 2: DROP, 3: DROP, 4: DROP,
        5: dict(note="(no nginx to scrape: it stopped before any bind; the bind stagings printed the same and were dropped)")}),
    "mbuffer": dict(version="20230301", package=D + "mbuffer 20230301+ds1-1", cases={
        3: dict(DROP, note="mbuffer kept running: the host in -I is not a bind address"),
        4: dict(staged="python socket held 127.0.0.1:42030/tcp; mbuffer -I 127.0.0.1:42030 (mbuffer binds 0.0.0.0 and [::] whatever host -I names)")}),
    "searchd": dict(version="2.2.11", package=D + "sphinxsearch 2.2.11-8+b1", cases={
        0: dict(note="(searchd keeps retrying the bind every 3 s; stopped after 12 s; the port is named only on the 'listening on' line)"),
        1: dict(note="(searchd keeps retrying the bind every 3 s; stopped after 12 s)"),
        2: dict(note="(searchd keeps retrying the bind every 3 s; stopped after 12 s)"),
        3: dict(note="(searchd keeps retrying the bind every 3 s; stopped after 12 s)"),
        4: dict(note="(the RT index needs workers=threads: it stopped after its 'listening on' line, before serving)")}),
}
