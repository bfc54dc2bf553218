"""Annotations for the raw daemon captures (see gen_toml.py).  One entry per program.

B(raw, staged, errno, port, address, protocol) is a bind failure; N(raw, staged) is a
negative case.  port/address are what the TEXT names (None when it names none)."""


def B(raw, staged, errno, port, address, protocol, **kw):
    return dict(raw=raw, staged=staged, errno=errno, port=port, address=address,
                protocol=protocol, **kw)


def N(raw, staged, **kw):
    return dict(raw=raw, staged=staged, **kw)


SPECS = {}

SPECS["nginx"] = dict(
    version="1.22.1", package="debian: nginx-light 1.22.1-9+deb12u11",
    bind=[
        B("inuse_v4", "python3 socket held 0.0.0.0:20010 (tcp); nginx `listen 20010;`, `error_log stderr;`, "
          "started as root with -g 'daemon off;'", "EADDRINUSE", 20010, "0.0.0.0", "tcp"),
        B("inuse_v6", "python3 dual-stack socket held [::]:20010 (tcp); nginx `listen [::]:20010;`, error_log stderr",
          "EADDRINUSE", 20010, "::", "tcp"),
        B("inuse_lo", "python3 socket held 127.0.0.1:20010; nginx `listen 127.0.0.1:20010;`, error_log stderr",
          "EADDRINUSE", 20010, "127.0.0.1", "tcp"),
        B("inuse_v4_stderr", "python3 socket held 0.0.0.0:20010; nginx `listen 20010;` with "
          "`error_log logs/error.log;` (as Debian's config): what nginx wrote on stderr",
          "EADDRINUSE", 20010, "0.0.0.0", "tcp"),
        B("inuse_v4_errorlog", "same run as the stderr case: the lines nginx wrote to its error.log file",
          "EADDRINUSE", 20010, "0.0.0.0", "tcp"),
        B("notavail", "nginx `listen 10.255.255.1:20010;` (not an address of this host)",
          "EADDRNOTAVAIL", 20010, "10.255.255.1", "tcp"),
        B("notavail_v6", "nginx `listen [fd00::99]:20010;` (not an address of this host)",
          "EADDRNOTAVAIL", 20010, "fd00::99", "tcp"),
        B("eacces", "nginx `listen 80;` run as nobody (setpriv --reuid 65534), "
          "net.ipv4.ip_unprivileged_port_start=1024", "EACCES", 80, "0.0.0.0", "tcp"),
    ],
    negative=[
        N("normal", "normal start on 20010, then curl /, /missing (404) and /up (proxy_pass to closed "
          "127.0.0.1:29999); access_log /dev/stdout, error_log stderr"),
        N("syntax", "config with an unknown directive"),
        N("keyperm", "ssl key file mode 000, nginx run as nobody"),
    ],
)

SPECS["apache2"] = dict(
    version="2.4.71", package="debian: apache2 2.4.71-1~deb12u1",
    bind=[
        B("inuse_v4", "python3 socket held 0.0.0.0:20020 (tcp); apache2 `Listen 20020`, ErrorLog /dev/stderr, "
          "apache2 -DFOREGROUND as root (apache tries [::] first, then 0.0.0.0)",
          "EADDRINUSE", 20020, "0.0.0.0", "tcp"),
        B("inuse_v6", "python3 dual-stack socket held [::]:20020; apache2 `Listen [::]:20020`",
          "EADDRINUSE", 20020, "::", "tcp"),
        B("inuse_v4_heldv6", "python3 dual-stack socket held [::]:20020; apache2 `Listen 20020`",
          "EADDRINUSE", 20020, "0.0.0.0", "tcp"),
        B("notavail", "apache2 `Listen 10.255.255.1:20020` (not an address of this host)",
          "EADDRNOTAVAIL", 20020, "10.255.255.1", "tcp"),
        B("eacces", "apache2 `Listen 80` run as nobody (setpriv), ip_unprivileged_port_start=1024",
          "EACCES", 80, "0.0.0.0", "tcp"),
    ],
    negative=[
        N("normal", "normal start on 20020 (no User directive), curl /, /missing, /up (ProxyPass to closed "
          "127.0.0.1:29999), then SIGTERM"),
        N("syntax", "config with an unknown directive"),
    ],
)

SPECS["haproxy"] = dict(
    version="2.6.12", package="debian: haproxy 2.6.12-1+deb12u4",
    bind=[
        B("inuse_v4", "python3 socket held 0.0.0.0:20030; haproxy -db, frontend `bind 0.0.0.0:20030`",
          "EADDRINUSE", 20030, "0.0.0.0", "tcp"),
        B("inuse_v6", "python3 dual-stack socket held [::]:20030; haproxy frontend `bind :::20030`",
          "EADDRINUSE", 20030, "::", "tcp"),
        B("inuse_v6b", "python3 dual-stack socket held [::]:20030; haproxy frontend `bind [::]:20030`",
          "EADDRINUSE", 20030, "::", "tcp"),
        B("notavail", "haproxy frontend `bind 10.255.255.1:20030` (not an address of this host)",
          "EADDRNOTAVAIL", 20030, "10.255.255.1", "tcp"),
        B("eacces", "haproxy frontend `bind :80` run as nobody (setpriv)", "EACCES", 80, "0.0.0.0", "tcp"),
    ],
    negative=[
        N("normal", "normal start, `log stderr format short`, one request to a backend on closed "
          "127.0.0.1:29999 (503 after retries)"),
        N("syntax", "unknown keyword in the frontend section"),
    ],
)

SPECS["lighttpd"] = dict(
    version="1.4.69", package="debian: lighttpd 1.4.69-1",
    bind=[
        B("inuse_v4", "python3 socket held 0.0.0.0:20040; lighttpd -D, server.port = 20040",
          "EADDRINUSE", 20040, "0.0.0.0", "tcp"),
        B("inuse_v6", "python3 dual-stack socket held [::]:20040; lighttpd server.bind = \"[::]\"",
          "EADDRINUSE", 20040, "::", "tcp"),
        B("inuse_lo", "python3 socket held 127.0.0.1:20040; lighttpd server.bind = \"127.0.0.1\"",
          "EADDRINUSE", 20040, "127.0.0.1", "tcp"),
        B("notavail", "lighttpd server.bind = \"10.255.255.1\" (not an address of this host)",
          "EADDRNOTAVAIL", 20040, "10.255.255.1", "tcp"),
        B("eacces", "lighttpd server.port = 80 run as nobody (setpriv)", "EACCES", 80, "0.0.0.0", "tcp"),
    ],
    negative=[
        N("normal", "normal start on 20040, curl /, /missing, /up (mod_proxy to closed 127.0.0.1:29999), "
          "then SIGTERM (accesslog.filename /dev/stdout: no access lines reached the pipe)"),
        N("syntax", "unknown config key: a warning, the server still starts (stopped after 5 s)"),
        N("syntax2", "config parse error"),
    ],
)

SPECS["squid"] = dict(
    version="5.7", package="debian: squid 5.7-2+deb12u6",
    bind=[
        B("inuse_v4", "python3 socket held 0.0.0.0:20050; squid -N -d 1, `http_port 20050` (squid binds [::])",
          "EADDRINUSE", 20050, "::", "tcp"),
        B("inuse_v6", "python3 dual-stack socket held [::]:20050; squid `http_port 20050`",
          "EADDRINUSE", 20050, "::", "tcp"),
        B("notavail", "squid `http_port 10.255.255.1:20050` (not an address of this host)",
          "EADDRNOTAVAIL", 20050, "10.255.255.1", "tcp"),
        B("eacces", "squid `http_port 80` run as nobody (setpriv)", "EACCES", 80, "::", "tcp"),
    ],
    negative=[
        N("normal", "normal start on 127.0.0.1:20050, one proxied request to closed 127.0.0.1:29999, then stop"),
        N("access_log", "squid access.log line of that request (503 from a closed loopback port)"),
        N("syntax", "unknown directive in squid.conf"),
    ],
)

SPECS["varnish"] = dict(
    program="varnishd", version="7.1.1", package="debian: varnish 7.1.1-2+deb12u1",
    bind=[
        B("inuse_v4", "python3 socket held 0.0.0.0:20060; varnishd -F -a 0.0.0.0:20060",
          "EADDRINUSE", 20060, "0.0.0.0", "tcp"),
        B("inuse_any", "python3 dual-stack socket held [::]:20060; varnishd -F -a :20060",
          "EADDRINUSE", 20060, None, "tcp"),
        B("inuse_v6", "python3 dual-stack socket held [::]:20060; varnishd -F -a [::]:20060",
          "EADDRINUSE", 20060, "::", "tcp"),
        B("notavail", "varnishd -F -a 10.255.255.1:20060 (not an address of this host)",
          "EADDRNOTAVAIL", 20060, "10.255.255.1", "tcp"),
        B("eacces_nobody", "varnishd -F -a :80 run as nobody (setpriv)", "EACCES", 80, None, "tcp"),
    ],
    negative=[
        N("normal", "normal start on 127.0.0.1:20060 (backend closed 127.0.0.1:29999), one request, SIGTERM"),
        N("eacces", "varnishd -j unix,user=nobody: jail error before any bind"),
    ],
)

PG = "15.18"
SPECS["postgres"] = dict(
    version=PG, package="debian: postgresql-15 15.18-0+deb12u1",
    bind=[
        B("inuse_v4", "python3 socket held 0.0.0.0:20070 (v4 only); postgres -p 20070 listen_addresses='*' as "
          "user postgres: the IPv4 bind fails, the server still starts on :: and runs (stopped after 8 s)",
          "EADDRINUSE", 20070, "0.0.0.0", "tcp"),
        B("inuse_v6", "python3 dual-stack socket held [::]:20070; postgres listen_addresses='*'",
          "EADDRINUSE", 20070, "0.0.0.0", "tcp"),
        B("inuse_localhost", "python3 socket held 127.0.0.1:20070; postgres listen_addresses='localhost'",
          "EADDRINUSE", 20070, "127.0.0.1", "tcp"),
        B("inuse_v4only", "python3 socket held 0.0.0.0:20070; postgres listen_addresses='0.0.0.0'",
          "EADDRINUSE", 20070, "0.0.0.0", "tcp"),
        B("second_cluster", "a first postmaster on 127.0.0.1:20070; a second cluster (other data dir, same "
          "socket dir) started on the same port", "EADDRINUSE", 20070, "127.0.0.1", "tcp"),
        B("notavail", "postgres listen_addresses='10.255.255.1' (not an address of this host); the text "
          "names no port", "EADDRNOTAVAIL", None, "10.255.255.1", "tcp"),
        B("eacces", "postgres -p 80 listen_addresses='*' as user postgres; the text names no port",
          "EACCES", None, "0.0.0.0", "tcp"),
    ],
    negative=[
        N("normal", "normal start on 127.0.0.1:20070, one failing query, then SIGTERM"),
        N("second", "a second postmaster on the same data directory: postmaster.pid lock (no bind attempted)"),
        N("socket_lock", "a second cluster with listen_addresses='' and the same Unix-socket dir and port: "
          "the socket lock file (no TCP bind attempted)"),
        N("psql_refused", "psql -h 127.0.0.1 -p 29999 (closed port)", dir="postgres"),
        N("bad_conf", "-c shared_buffers=banana"),
    ],
)

SPECS["mariadbd"] = dict(
    version="10.11.19", package="debian: mariadb-server 1:10.11.19-0+deb12u1",
    bind=[
        B("inuse_v4", "python3 socket held 0.0.0.0:20080; mariadbd --no-defaults --user=mysql --port=20080 "
          "--bind-address=0.0.0.0 as root", "EADDRINUSE", 20080, "0.0.0.0", "tcp"),
        B("inuse_v6", "python3 dual-stack socket held [::]:20080; mariadbd --port=20080 (no bind-address)",
          "EADDRINUSE", 20080, "0.0.0.0", "tcp"),
        B("eacces", "mariadbd --port=80 --bind-address=0.0.0.0 run as nobody (setpriv)",
          "EACCES", 80, "0.0.0.0", "tcp"),
    ],
    negative=[
        N("notavail", "mariadbd --bind-address=10.255.255.1 (not an address of this host): NO error, the server "
          "binds it anyway (IP_FREEBIND) and says ready (stopped after 15 s)"),
        N("normal", "normal start on 127.0.0.1:20080, then SIGTERM"),
        N("client_refused", "mariadb client -h 127.0.0.1 -P 29999 (closed port)"),
        N("bad_option", "unknown command-line option"),
    ],
)

SPECS["redis-server"] = dict(
    version="7.0.15", package="debian: redis-server 5:7.0.15-1~deb12u10",
    bind=[
        B("inuse_v4", "python3 socket held 0.0.0.0:20090; redis-server --port 20090 --bind 0.0.0.0",
          "EADDRINUSE", 20090, "0.0.0.0", "tcp"),
        B("inuse_default", "python3 dual-stack socket held [::]:20090; redis-server --port 20090 (default bind "
          "`* -::*`)", "EADDRINUSE", 20090, None, "tcp"),
        B("inuse_lo", "python3 socket held 127.0.0.1:20090; redis-server --bind 127.0.0.1 -::1",
          "EADDRINUSE", 20090, "127.0.0.1", "tcp"),
        B("inuse_v6", "python3 dual-stack socket held [::]:20090; redis-server --bind ::",
          "EADDRINUSE", 20090, "::", "tcp"),
        B("notavail", "redis-server --bind 10.255.255.1 (not an address of this host)",
          "EADDRNOTAVAIL", 20090, "10.255.255.1", "tcp"),
        B("eacces", "redis-server --port 80 --bind 0.0.0.0 run as nobody (setpriv)",
          "EACCES", 80, "0.0.0.0", "tcp"),
    ],
    negative=[
        N("normal", "normal start on 127.0.0.1:20090, then SIGTERM"),
        N("cli_refused", "redis-cli -p 29999 ping (closed port)"),
        N("syntax", "unknown directive in a config file"),
    ],
)

SPECS["memcached"] = dict(
    version="1.6.18", package="debian: memcached 1.6.18-1+deb12u1",
    bind=[
        B("inuse_v4", "python3 socket held 0.0.0.0:20100; memcached -u nobody -p 20100 -U 0 -l 0.0.0.0; the "
          "text names no port", "EADDRINUSE", None, "0.0.0.0", "tcp"),
        B("inuse_default", "python3 dual-stack socket held [::]:20100; memcached -p 20100 -U 0 (no -l)",
          "EADDRINUSE", 20100, None, "tcp"),
        B("inuse_lo", "python3 socket held 127.0.0.1:20100; memcached -l 127.0.0.1",
          "EADDRINUSE", None, "127.0.0.1", "tcp"),
        B("inuse_udp", "python3 plain UDP socket held 0.0.0.0:20100; memcached -p 0 -U 20100 -l 0.0.0.0",
          "EADDRINUSE", None, "0.0.0.0", "udp"),
        B("notavail", "memcached -l 10.255.255.1 (not an address of this host): bind() says EADDRNOTAVAIL, "
          "the next line says 'Invalid argument'", "EADDRNOTAVAIL", None, "10.255.255.1", "tcp"),
        B("eacces", "memcached -p 80 -U 0 -l 0.0.0.0 run as nobody (setpriv)", "EACCES", None, "0.0.0.0", "tcp"),
        B("eacces_udp", "memcached -p 0 -U 80 -l 0.0.0.0 run as nobody (setpriv)", "EACCES", None, "0.0.0.0",
          "udp"),
    ],
    negative=[
        N("normal", "normal start with -vv on 127.0.0.1:20100, one set/get over nc, then SIGTERM"),
        N("bad_option", "unknown command-line flag"),
    ],
)

SPECS["mosquitto"] = dict(
    version="2.0.11", package="debian: mosquitto 2.0.11-1.2+deb12u2",
    bind=[
        B("inuse_v4", "python3 socket held 0.0.0.0:20110; mosquitto `listener 20110`, log_dest stderr",
          "EADDRINUSE", 20110, None, "tcp"),
        B("inuse_v6", "python3 dual-stack socket held [::]:20110; mosquitto `listener 20110`",
          "EADDRINUSE", 20110, None, "tcp"),
        B("inuse_v4_addr", "python3 socket held 0.0.0.0:20110; mosquitto `listener 20110 0.0.0.0`",
          "EADDRINUSE", 20110, None, "tcp"),
        B("notavail", "mosquitto `listener 20110 10.255.255.1` (not an address of this host)",
          "EADDRNOTAVAIL", 20110, None, "tcp"),
        B("eacces", "mosquitto `listener 883` run as nobody (setpriv)", "EACCES", 883, None, "tcp"),
    ],
    negative=[
        N("normal", "normal start on 127.0.0.1:20110, then SIGTERM"),
        N("syntax", "unknown configuration variable"),
    ],
)

NETNS = " (run in a private network namespace whose only interface is lo)"

SPECS["dnsmasq"] = dict(
    version="2.90", package="debian: dnsmasq 2.90-4~deb12u2",
    bind=[
        B("inuse_udp", "python3 plain UDP socket held 0.0.0.0:20120; dnsmasq -d -C /dev/null --no-resolv "
          "--port=20120 (wildcard bind)" + NETNS, "EADDRINUSE", 20120, None, "udp"),
        B("inuse_tcp", "python3 TCP socket held 0.0.0.0:20120; dnsmasq --port=20120 (wildcard bind)" + NETNS,
          "EADDRINUSE", 20120, None, "tcp"),
        B("inuse_udp_v6", "python3 dual-stack UDP socket held [::]:20120; dnsmasq --port=20120" + NETNS,
          "EADDRINUSE", 20120, None, "udp"),
        B("inuse_bind_lo", "python3 UDP socket held 127.0.0.1:20120; dnsmasq --listen-address=127.0.0.1 "
          "--bind-interfaces; the text names no port" + NETNS, "EADDRINUSE", None, "127.0.0.1", "udp"),
        B("inuse_bind_dynamic", "python3 UDP socket held 127.0.0.1:20120; dnsmasq --listen-address=127.0.0.1 "
          "--bind-dynamic" + NETNS, "EADDRINUSE", None, "127.0.0.1", "udp"),
        B("notavail", "dnsmasq --listen-address=10.255.255.1 --bind-interfaces (not an address of this host)"
          + NETNS, "EADDRNOTAVAIL", None, "10.255.255.1", "udp"),
        B("eacces", "dnsmasq --port=53 run as nobody (setpriv)" + NETNS, "EACCES", 53, None, "udp"),
    ],
    negative=[
        N("inuse_udp_reuse", "python3 UDP socket WITH SO_REUSEADDR held 0.0.0.0:20120; dnsmasq --port=20120: "
          "NO error, dnsmasq shares the port and runs (stopped after 3 s)" + NETNS),
        N("normal", "normal start on 127.0.0.1:20120 with --log-queries, two dig queries, SIGTERM" + NETNS),
        N("syntax", "bad option in the config file"),
    ],
)

SPECS["named"] = dict(
    version="9.18.49", package="debian: bind9 1:9.18.49-1~deb12u3",
    bind=[
        B("inuse_udp", "python3 plain UDP socket held 127.0.0.1:20130; named -g -u bind, `listen-on port 20130 "
          "{ 127.0.0.1; }`, recursion no: no errno in the text" + NETNS, "unknown", 20130, "127.0.0.1", "udp"),
        B("inuse_tcp", "python3 TCP socket held 127.0.0.1:20130; same named config: the TCP failure is logged "
          "and named keeps running on UDP (stopped after 4 s)" + NETNS, "EADDRINUSE", 20130, "127.0.0.1", "tcp"),
        B("inuse_v6", "python3 dual-stack UDP socket held [::]:20130; named `listen-on-v6 port 20130 { ::1; }`"
          + NETNS, "unknown", 20130, "::1", "udp"),
        B("eacces", "named -g (no -u) run as nobody, `listen-on port 53 { 127.0.0.1; }`: the interface is "
          "ignored twice and named keeps running (stopped after 4 s)" + NETNS, "unknown", 53, "127.0.0.1", "udp"),
    ],
    negative=[
        N("inuse_udp_reuse", "python3 UDP socket WITH SO_REUSEADDR held 127.0.0.1:20130: NO error, named runs"
          + NETNS),
        N("normal", "normal start on 127.0.0.1#20130 with querylog, one refused query, SIGTERM" + NETNS),
        N("syntax", "unknown option in named.conf"),
    ],
)

SPECS["unbound"] = dict(
    version="1.17.1", package="debian: unbound 1.17.1-2+deb12u4",
    bind=[
        B("inuse_udp", "python3 plain UDP socket held 127.0.0.1:20140; unbound -d `interface: 127.0.0.1`, "
          "`port: 20140`: the UDP error names no address or port" + NETNS, "EADDRINUSE", None, None, "udp"),
        B("inuse_tcp", "python3 TCP socket held 127.0.0.1:20140; same unbound config" + NETNS,
          "EADDRINUSE", 20140, "127.0.0.1", "tcp"),
        B("inuse_v6", "python3 dual-stack UDP socket held [::]:20140; unbound `interface: ::1`" + NETNS,
          "EADDRINUSE", None, None, "udp"),
        B("inuse_any", "python3 UDP socket held 0.0.0.0:20140; unbound `interface: 0.0.0.0`" + NETNS,
          "EADDRINUSE", None, None, "udp"),
        B("notavail", "unbound `interface: 10.255.255.1` (not an address of this host)" + NETNS,
          "EADDRNOTAVAIL", 20140, "10.255.255.1", "udp"),
        B("eacces", "unbound `port: 53`, username \"\", run as nobody (setpriv)" + NETNS,
          "EACCES", 53, "127.0.0.1", "udp"),
    ],
    negative=[
        N("inuse_udp_reuse", "python3 UDP socket WITH SO_REUSEADDR held 127.0.0.1:20140: NO error, unbound "
          "starts (it sets SO_REUSEPORT/SO_REUSEADDR) and runs (stopped after 4 s)" + NETNS),
        N("normal", "normal start on 127.0.0.1:20140 with log-queries, one local-data query, SIGTERM" + NETNS),
        N("syntax", "unknown keyword in unbound.conf"),
    ],
)

SPECS["kresd"] = dict(
    version="5.6.0", package="debian: knot-resolver 5.6.0-1+deb12u1",
    bind=[
        B("inuse_udp", "python3 plain UDP socket held 127.0.0.1:20150; kresd -n, "
          "net.listen('127.0.0.1', 20150, { kind = 'dns' })" + NETNS, "EADDRINUSE", 20150, "127.0.0.1", "udp"),
        B("inuse_tcp", "python3 TCP socket held 127.0.0.1:20150; same kresd config" + NETNS,
          "EADDRINUSE", 20150, "127.0.0.1", "tcp"),
        B("inuse_v6", "python3 dual-stack UDP socket held [::]:20150; net.listen('::1', 20150)" + NETNS,
          "EADDRINUSE", 20150, "::1", "udp"),
        B("notavail", "net.listen('10.255.255.1', 20150) (not an address of this host)" + NETNS,
          "EADDRNOTAVAIL", 20150, "10.255.255.1", "udp"),
        B("eacces", "net.listen('127.0.0.1', 53), kresd run as nobody (setpriv)" + NETNS,
          "EACCES", 53, "127.0.0.1", "udp"),
    ],
    negative=[
        N("inuse_udp_reuse", "python3 UDP socket WITH SO_REUSEADDR held 127.0.0.1:20150: NO bind error, kresd "
          "runs (stopped after 4 s)" + NETNS),
        N("syntax", "Lua syntax error in the config"),
    ],
)

SPECS["pdns_server"] = dict(
    version="4.7.3", package="debian: pdns-server 4.7.3-2 (pdns-backend-bind 4.7.3-2)",
    bind=[
        B("inuse_udp", "python3 plain UDP socket held 127.0.0.1:20160; pdns_server --daemon=no --guardian=no "
          "--local-address=127.0.0.1 --local-port=20160, bind backend, no zones" + NETNS,
          "EADDRINUSE", 20160, "127.0.0.1", "udp"),
        B("inuse_udp_reuse", "python3 UDP socket WITH SO_REUSEADDR held 127.0.0.1:20160; same pdns" + NETNS,
          "EADDRINUSE", 20160, "127.0.0.1", "udp"),
        B("inuse_tcp", "python3 TCP socket held 127.0.0.1:20160; same pdns (UDP binds, TCP fails)" + NETNS,
          "EADDRINUSE", 20160, "127.0.0.1", "tcp"),
        B("inuse_v6", "python3 dual-stack UDP socket held [::]:20160; pdns --local-address=::1" + NETNS,
          "EADDRINUSE", 20160, "::1", "udp"),
        B("inuse_default", "python3 UDP socket held 0.0.0.0:20160; pdns --local-port=20160 (default "
          "local-address)" + NETNS, "EADDRINUSE", 20160, "0.0.0.0", "udp"),
        B("notavail", "pdns --local-address=10.255.255.1 (not an address of this host)" + NETNS,
          "EADDRNOTAVAIL", 20160, "10.255.255.1", "udp"),
        B("eacces", "pdns --local-port=53 run as nobody (setpriv)" + NETNS, "EACCES", 53, "127.0.0.1", "udp"),
    ],
    negative=[
        N("normal", "normal start on 127.0.0.1:20160, one query (no zone), SIGTERM" + NETNS),
        N("syntax", "unknown setting on the command line"),
    ],
)

SPECS["chronyd"] = dict(
    version="4.3", package="debian: chrony 4.3-2+deb12u3",
    bind=[
        B("inuse_udp", "python3 plain UDP socket held 0.0.0.0:20170; chronyd -d -x -u _chrony, `port 20170`, no "
          "servers: no errno in the text, chronyd keeps running (stopped after 3 s)" + NETNS,
          "unknown", 20170, "0.0.0.0", "udp"),
        B("inuse_v6", "python3 dual-stack UDP socket held [::]:20170; same chronyd: both sockets fail, chronyd "
          "keeps running" + NETNS, "unknown", 20170, "0.0.0.0", "udp"),
        B("inuse_lo", "python3 UDP socket held 127.0.0.1:20170; chronyd `bindaddress 127.0.0.1`" + NETNS,
          "unknown", 20170, "127.0.0.1", "udp"),
    ],
    negative=[
        N("inuse_udp_reuse", "python3 UDP socket WITH SO_REUSEADDR held 0.0.0.0:20170: NO error, chronyd shares "
          "the port" + NETNS),
        N("notavail", "chronyd `bindaddress 10.255.255.1` (not an address of this host): NO error (IP_FREEBIND)"
          + NETNS),
        N("eacces", "chronyd run as nobody: refuses before any bind"),
        N("normal", "normal start bound to 127.0.0.1:20170, SIGTERM after 1 s" + NETNS),
        N("syntax", "unknown directive in chrony.conf"),
    ],
)

SPECS["rsyslogd"] = dict(
    version="8.2302.0", package="debian: rsyslog 8.2302.0-1+deb12u2",
    bind=[
        B("inuse_udp_v6", "python3 dual-stack UDP socket held [::]:20180; rsyslogd -n, imudp port=\"20180\": no "
          "errno in the text, rsyslogd keeps running", "unknown", 20180, None, "udp"),
        B("inuse_tcp", "python3 TCP socket held 0.0.0.0:20180; rsyslogd imtcp port=\"20180\": the text names no "
          "port, rsyslogd keeps running", "EADDRINUSE", None, None, "tcp"),
        B("notavail_tcp", "rsyslogd imtcp port=\"20180\" address=\"10.255.255.1\" (not an address of this host)",
          "EADDRNOTAVAIL", 20180, "10.255.255.1", "tcp"),
        B("eacces", "rsyslogd imudp port=\"514\" run as nobody (setpriv)", "unknown", 514, None, "udp"),
        B("eacces_tcp", "rsyslogd imtcp port=\"514\" run as nobody (setpriv)", "EACCES", 514, None, "tcp"),
    ],
    negative=[
        N("normal_file", "normal start with imudp on 127.0.0.1:20180; `logger -n 127.0.0.1 -P 20180 -d` "
          "sent one message; the line rsyslogd wrote to its file (RSYSLOG_FileFormat, Debian 12's default)"),
        N("syntax", "unknown statement in the config"),
    ],
)

SPECS["snmpd"] = dict(
    version="5.9.3", package="debian: snmpd 5.9.3+dfsg-2+deb12u1",
    bind=[
        B("inuse_udp", "python3 plain UDP socket held 127.0.0.1:20190; snmpd -f -Le udp:127.0.0.1:20190: no errno "
          "in the text" + NETNS, "unknown", 20190, "127.0.0.1", "udp"),
        B("inuse_udp_any", "python3 UDP socket held 0.0.0.0:20190; snmpd -f -Le udp:20190" + NETNS,
          "unknown", 20190, None, "udp"),
        B("inuse_udp_reuse", "python3 UDP socket WITH SO_REUSEADDR held 127.0.0.1:20190; snmpd udp:127.0.0.1:20190"
          + NETNS, "unknown", 20190, "127.0.0.1", "udp"),
        B("inuse_udp6", "python3 dual-stack UDP socket held [::]:20190; snmpd udp6:[::1]:20190" + NETNS,
          "unknown", 20190, "::1", "udp"),
        B("inuse_tcp", "python3 TCP socket held 127.0.0.1:20190; snmpd tcp:127.0.0.1:20190" + NETNS,
          "unknown", 20190, "127.0.0.1", "tcp"),
        B("notavail", "snmpd udp:10.255.255.1:20190 (not an address of this host)" + NETNS,
          "unknown", 20190, "10.255.255.1", "udp"),
        B("eacces", "snmpd udp:127.0.0.1:161 run as nobody (setpriv)" + NETNS, "unknown", 161, "127.0.0.1", "udp"),
    ],
    negative=[
        N("normal", "normal start on udp:127.0.0.1:20190, SIGTERM" + NETNS),
        N("syntax", "unknown token in snmpd.conf: a warning, the agent runs"),
    ],
)

SPECS["sshd"] = dict(
    version="9.2p1", package="debian: openssh-server 1:9.2p1-2+deb12u10",
    bind=[
        B("inuse_v4", "python3 socket held 0.0.0.0:20200 (v4 only); sshd -D -e -p 20200: IPv4 fails, sshd keeps "
          "running on :: (stopped after 3 s)", "EADDRINUSE", 20200, "0.0.0.0", "tcp"),
        B("inuse_v6", "python3 dual-stack socket held [::]:20200; sshd -D -e -p 20200", "EADDRINUSE", 20200,
          "0.0.0.0", "tcp"),
        B("inuse_lo", "python3 socket held 127.0.0.1:20200; sshd ListenAddress=127.0.0.1:20200",
          "EADDRINUSE", 20200, "127.0.0.1", "tcp"),
        B("inuse_v4_inet", "python3 socket held 0.0.0.0:20200; sshd -p 20200 AddressFamily=inet",
          "EADDRINUSE", 20200, "0.0.0.0", "tcp"),
        B("notavail", "sshd ListenAddress=10.255.255.1:20200 (not an address of this host)",
          "EADDRNOTAVAIL", 20200, "10.255.255.1", "tcp"),
        B("notavail_v6", "sshd ListenAddress=[fd00::99]:20200 (not an address of this host)",
          "EADDRNOTAVAIL", 20200, "fd00::99", "tcp"),
        B("eacces", "sshd -p 22 run as nobody (setpriv)", "EACCES", 22, "0.0.0.0", "tcp"),
    ],
    negative=[
        N("normal", "normal start on 127.0.0.1:20200, one ssh login attempt as an unknown user, SIGTERM"),
        N("ssh_refused", "ssh -p 29999 127.0.0.1 (closed port)"),
        N("syntax", "bad configuration option"),
    ],
)

SPECS["postfix"] = dict(
    version="3.7.11", package="debian: postfix 3.7.11-0+deb12u1",
    bind=[
        B("inuse_v4_lines", "python3 socket held 0.0.0.0:20210; master.cf `0.0.0.0:20210 inet n - y - - smtpd`, "
          "postfix start-fg, logging through syslog: the lines rsyslogd wrote (Debian 12 default format)",
          "EADDRINUSE", 20210, "0.0.0.0", "tcp"),
        B("inuse_v6_lines", "python3 dual-stack socket held [::]:20210; master.cf `20210 inet ... smtpd`, "
          "inet_protocols=all; syslog lines", "EADDRINUSE", 20210, "0.0.0.0", "tcp"),
        B("notavail_lines", "master.cf `10.255.255.1:20210 inet ... smtpd` (not an address of this host); "
          "syslog lines", "EADDRNOTAVAIL", 20210, "10.255.255.1", "tcp"),
    ],
    negative=[
        N("inuse_v4", "same conflict as the bind case, but maillog_file=/dev/stdout: postfix start-fg exits 1 and "
          "the master's bind fatal is NOT printed at all (postlogd is not running yet)"),
        N("normal", "normal start on 127.0.0.1:20210 with maillog_file=/dev/stdout, one SMTP session over nc "
          "(recipient rejected), postfix stop"),
    ],
)

SPECS["dovecot"] = dict(
    version="2.3.19.1", package="debian: dovecot-imapd 1:2.3.19.1+dfsg1-2.1+deb12u7",
    bind=[
        B("inuse_v4", "python3 socket held 0.0.0.0:20220; dovecot -F, listen = *, imap inet_listener port 20220, "
          "log_path /dev/stderr (each error printed bare and again with the log prefix)",
          "EADDRINUSE", 20220, None, "tcp"),
        B("inuse_v6", "python3 dual-stack socket held [::]:20220; dovecot listen = *, ::", "EADDRINUSE", 20220,
          None, "tcp"),
        B("inuse_lo", "python3 socket held 127.0.0.1:20220; dovecot listen = 127.0.0.1", "EADDRINUSE", 20220,
          "127.0.0.1", "tcp"),
        B("notavail", "dovecot listen = 10.255.255.1 (not an address of this host)", "EADDRNOTAVAIL", 20220,
          "10.255.255.1", "tcp"),
        B("eacces", "dovecot imap port 143 run as nobody (setpriv): chown errors around the bind error",
          "EACCES", 143, "0.0.0.0", "tcp"),
    ],
    negative=[
        N("normal", "normal start on 127.0.0.1:20220, one IMAP client over nc, SIGTERM"),
        N("syntax", "unknown setting in the config"),
    ],
)

SPECS["turnserver"] = dict(
    version="4.6.1", package="debian: coturn 4.6.1-1",
    bind=[
        B("inuse_udp", "python3 plain UDP socket held 127.0.0.1:20230; turnserver -L 127.0.0.1 -p 20230 "
          "--no-tls --no-dtls --log-file=stdout: retries every second, stopped after 4 s" + NETNS,
          "EADDRINUSE", 20230, "127.0.0.1", "udp", lines=(33, 74)),
        B("inuse_tcp", "python3 TCP socket held 127.0.0.1:20230; same turnserver (--no-tls, yet it says "
          "'TLS/TCP listener')" + NETNS, "EADDRINUSE", 20230, "127.0.0.1", "tcp", lines=(33, 74)),
        B("inuse_v6", "python3 dual-stack UDP socket held [::]:20230; turnserver -L ::1" + NETNS,
          "EADDRINUSE", 20230, "::1", "udp", lines=(33, 73)),
        B("notavail", "turnserver -L 10.255.255.1 (not an address of this host)" + NETNS,
          "EADDRNOTAVAIL", 20230, "10.255.255.1", "tcp", lines=(33, 74)),
        B("eacces", "turnserver -L 127.0.0.1 -p 478 run as nobody (setpriv)" + NETNS,
          "EACCES", 478, "127.0.0.1", "udp", lines=(30, 75)),
    ],
    negative=[
        N("inuse_udp_reuse", "python3 UDP socket WITH SO_REUSEADDR held 127.0.0.1:20230: NO bind error, "
          "turnserver starts (stopped after 4 s)" + NETNS),
    ],
)

SPECS["nc"] = dict(
    version="1.219", package="debian: netcat-openbsd 1.219-1",
    bind=[
        B("inuse_v4", "python3 socket held 0.0.0.0:20240; nc -l 20240: the text names neither port nor address",
          "EADDRINUSE", None, None, "tcp"),
        B("inuse_lo", "python3 socket held 127.0.0.1:20240; nc -l 127.0.0.1 20240", "EADDRINUSE", None, None, "tcp"),
        B("inuse_v6", "python3 dual-stack socket held [::]:20240; nc -6 -l 20240", "EADDRINUSE", None, None, "tcp"),
        B("inuse_udp", "python3 plain UDP socket held 0.0.0.0:20240; nc -u -l 20240", "EADDRINUSE", None, None,
          "udp"),
        B("notavail", "nc -l 10.255.255.1 20240 (not an address of this host)", "EADDRNOTAVAIL", None, None, "tcp"),
        B("eacces", "nc -l 80 as nobody (setpriv)", "EACCES", None, None, "tcp"),
        B("eacces_udp", "nc -u -l 123 as nobody (setpriv)", "EACCES", None, None, "udp"),
    ],
    negative=[
        N("refused", "nc -v 127.0.0.1 29999 (closed port)"),
        N("listening", "nc -v -l 127.0.0.1 20240, stopped after 2 s"),
    ],
)

SPECS["ncat"] = dict(
    version="7.93", package="debian: ncat 7.93+dfsg1-1",
    bind=[
        B("inuse_v4", "python3 socket held 0.0.0.0:20240; ncat -l 20240", "EADDRINUSE", 20240, "0.0.0.0", "tcp"),
        B("inuse_lo", "python3 socket held 127.0.0.1:20240; ncat -l 127.0.0.1 20240", "EADDRINUSE", 20240,
          "127.0.0.1", "tcp"),
        B("inuse_v6", "python3 dual-stack socket held [::]:20240; ncat -6 -l 20240", "EADDRINUSE", 20240, "::",
          "tcp"),
        B("inuse_udp", "python3 plain UDP socket held 0.0.0.0:20240; ncat -u -l 20240", "EADDRINUSE", 20240,
          "0.0.0.0", "udp"),
        B("notavail", "ncat -l 10.255.255.1 20240 (not an address of this host)", "EADDRNOTAVAIL", 20240,
          "10.255.255.1", "tcp"),
        B("eacces", "ncat -l 80 as nobody (setpriv): it tries :: first", "EACCES", 80, "::", "tcp"),
    ],
    negative=[
        N("refused", "ncat -v 127.0.0.1 29999 (closed port)"),
        N("listening", "ncat -v -l 127.0.0.1 20240, stopped after 2 s"),
    ],
)

SPECS["busybox"] = dict(
    version="1.35.0", package="debian: busybox 1:1.35.0-4+deb12u1+b1",
    bind=[
        B("httpd_inuse", "python3 socket held 0.0.0.0:20240; busybox httpd -f -p 20240", "EADDRINUSE", None, None,
          "tcp"),
        B("httpd_inuse_v6", "python3 dual-stack socket held [::]:20240; busybox httpd -f -p [::]:20240",
          "EADDRINUSE", None, None, "tcp"),
        B("httpd_notavail", "busybox httpd -f -p 10.255.255.1:20240 (not an address of this host)",
          "EADDRNOTAVAIL", None, None, "tcp"),
        B("httpd_eacces", "busybox httpd -f -p 80 as nobody (setpriv)", "EACCES", None, None, "tcp"),
        B("nc_inuse", "python3 socket held 0.0.0.0:20240; busybox nc -l -p 20240", "EADDRINUSE", None, None, "tcp"),
        B("nc_eacces", "busybox nc -l -p 80 as nobody (setpriv)", "EACCES", None, None, "tcp"),
    ],
    negative=[
        N("nc_refused", "busybox nc 127.0.0.1 29999 (closed port)"),
        N("httpd_normal", "busybox httpd -f -h /nonexistent: a directory error, not a bind error"),
    ],
)

SPECS["vsftpd"] = dict(
    version="3.0.3", package="debian: vsftpd 3.0.3-13+b2",
    bind=[
        B("inuse_v4", "python3 socket held 0.0.0.0:20260; vsftpd listen=YES listen_port=20260 background=NO, fd 0 "
          "on the output pipe (vsftpd writes errors to fd 0)", "unknown", None, None, "tcp"),
        B("inuse_v6", "python3 dual-stack socket held [::]:20260; vsftpd listen_ipv6=YES", "unknown", None, None,
          "tcp"),
        B("notavail", "vsftpd listen_address=10.255.255.1 (not an address of this host)", "unknown", None, None,
          "tcp"),
        B("eacces", "vsftpd listen_port=21 run_as_launching_user=YES, run as nobody (setpriv)", "unknown", None,
          None, "tcp"),
    ],
    negative=[
        N("syntax", "unknown variable in vsftpd.conf"),
    ],
)

SPECS["tinyproxy"] = dict(
    version="1.11.1", package="debian: tinyproxy 1.11.1-2.1+deb12u1",
    bind=[
        B("inuse_v4", "python3 socket held 0.0.0.0:20270; tinyproxy -d, Port 20270, Listen 0.0.0.0", "unknown",
          None, None, "tcp"),
        B("inuse_v6", "python3 dual-stack socket held [::]:20270; tinyproxy Listen ::", "unknown", None, None, "tcp"),
        B("notavail", "tinyproxy Listen 10.255.255.1 (not an address of this host)", "unknown", None, None, "tcp"),
        B("eacces", "tinyproxy Port 80 run as nobody (setpriv)", "unknown", None, None, "tcp"),
        B("inuse_any", "python3 socket held 0.0.0.0:20270 (v4 only); tinyproxy with no Listen: the 0.0.0.0 bind "
          "fails, tinyproxy keeps running on :: (stopped after 3 s)", "EADDRINUSE", None, "0.0.0.0", "tcp"),
    ],
    negative=[
        N("normal", "normal start on 127.0.0.1:20270, one proxied request to closed 127.0.0.1:29999, SIGTERM"),
        N("syntax", "unknown option in the config"),
    ],
)

SPECS["privoxy"] = dict(
    version="3.0.34", package="debian: privoxy 3.0.34-1",
    bind=[
        B("inuse_lo", "python3 socket held 127.0.0.1:20280; privoxy --no-daemon, listen-address 127.0.0.1:20280 "
          "(privoxy prints this hint only for EADDRINUSE; no errno text)", "EADDRINUSE", 20280, "127.0.0.1", "tcp"),
        B("inuse_any", "python3 socket held 0.0.0.0:20280; privoxy listen-address :20280", "EADDRINUSE", 20280,
          None, "tcp"),
        B("inuse_v6", "python3 dual-stack socket held [::]:20280; privoxy listen-address [::1]:20280",
          "EADDRINUSE", 20280, "::1", "tcp"),
        B("eacces", "privoxy listen-address 127.0.0.1:80 run as nobody (setpriv)", "EACCES", 80, "127.0.0.1",
          "tcp"),
    ],
    negative=[
        N("notavail", "privoxy listen-address 10.255.255.1:20280 (not an address of this host): NO error, "
          "'Listening on port 20280 on IP address 10.255.255.1' (IP_FREEBIND); stopped after 3 s"),
        N("normal", "normal start on 127.0.0.1:20280, one proxied request to closed 127.0.0.1:29999, SIGTERM"),
        N("syntax", "unrecognized directive: an error line, privoxy still starts (stopped after 3 s)"),
    ],
)

SPECS["stunnel"] = dict(
    version="5.68", package="debian: stunnel4 3:5.68-2+deb12u1",
    bind=[
        B("inuse_default", "python3 dual-stack socket held [::]:20290; stunnel foreground=yes, accept = 20290",
          "EADDRINUSE", 20290, "0.0.0.0", "tcp"),
        B("inuse_v4", "python3 socket held 0.0.0.0:20290; stunnel accept = 0.0.0.0:20290", "EADDRINUSE", 20290,
          "0.0.0.0", "tcp"),
        B("inuse_lo", "python3 socket held 127.0.0.1:20290; stunnel accept = 127.0.0.1:20290", "EADDRINUSE",
          20290, "127.0.0.1", "tcp"),
        B("inuse_v6", "python3 dual-stack socket held [::]:20290; stunnel accept = :::20290", "EADDRINUSE",
          20290, "::", "tcp"),
        B("notavail", "stunnel accept = 10.255.255.1:20290 (not an address of this host)", "EADDRNOTAVAIL",
          20290, "10.255.255.1", "tcp"),
        B("eacces", "stunnel accept = 443 run as nobody (setpriv)", "EACCES", 443, "0.0.0.0", "tcp"),
    ],
    negative=[
        N("normal", "normal start on 127.0.0.1:20290, one TLS client, connect to closed 127.0.0.1:29999, SIGTERM"),
        N("keyperm", "key file mode 000, stunnel run as nobody"),
        N("syntax", "unknown option in a service section"),
    ],
)

SPECS["pgbouncer"] = dict(
    version="1.18.0", package="debian: pgbouncer 1.18.0-1+deb12u1",
    bind=[
        B("inuse_v4", "python3 socket held 0.0.0.0:20300; pgbouncer listen_addr = 0.0.0.0 as user postgres: a "
          "WARNING, pgbouncer keeps running on its Unix socket (stopped after 3 s)", "EADDRINUSE", 20300,
          "0.0.0.0", "tcp"),
        B("inuse_any", "python3 dual-stack socket held [::]:20300; pgbouncer listen_addr = *", "EADDRINUSE", 20300,
          "0.0.0.0", "tcp"),
        B("inuse_lo", "python3 socket held 127.0.0.1:20300; pgbouncer listen_addr = 127.0.0.1", "EADDRINUSE",
          20300, "127.0.0.1", "tcp"),
        B("inuse_v6", "python3 dual-stack socket held [::]:20300; pgbouncer listen_addr = ::1", "EADDRINUSE",
          20300, "::1", "tcp"),
        B("notavail", "pgbouncer listen_addr = 10.255.255.1 (not an address of this host)", "EADDRNOTAVAIL",
          20300, "10.255.255.1", "tcp"),
        B("eacces", "pgbouncer listen_port = 543 as user postgres", "EACCES", 543, "127.0.0.1", "tcp"),
    ],
    negative=[
        N("normal", "normal start on 127.0.0.1:20300, one psql login rejected, SIGTERM"),
        N("syntax", "unknown parameter in pgbouncer.ini"),
    ],
)

RMQ = ("{held}; rabbitmq-server in the foreground as user rabbitmq, RABBITMQ_LOGS=- "
       "(log on stdout, BOOT FAILED block on stderr, one pipe){extra}" + NETNS)
SPECS["rabbitmq-server"] = dict(
    version="3.10.8", package="debian: rabbitmq-server 3.10.8-1.1+deb12u1 (erlang-base 1:25.2.3+dfsg-1+deb12u4)",
    bind=[
        B("inuse_default", RMQ.format(held="python3 dual-stack socket held [::]:20310", extra=", RABBITMQ_NODE_PORT=20310: "
          "the Ranch listener error line"), "EADDRINUSE", 20310, "::", "tcp", lines=(335, 345)),
        B("inuse_default", RMQ.format(held="python3 dual-stack socket held [::]:20310", extra=", RABBITMQ_NODE_PORT=20310: "
          "the BOOT FAILED block of the same run"), "EADDRINUSE", 20310, "::", "tcp", lines=(376, 421)),
        B("inuse_default", RMQ.format(held="python3 dual-stack socket held [::]:20310", extra=": the last lines of the same "
          "run (init terminating in do_boot)"), "EADDRINUSE", 20310, "::", "tcp", lines=(597, 604)),
        B("inuse_lo", RMQ.format(held="python3 socket held 127.0.0.1:20310", extra=", RABBITMQ_NODE_IP_ADDRESS=127.0.0.1: "
          "the BOOT FAILED block"), "EADDRINUSE", 20310, "127.0.0.1", "tcp",
          lines=(359, 404)),
        B("notavail", RMQ.format(held="no holder", extra=", RABBITMQ_NODE_IP_ADDRESS=10.255.255.1 (not an address "
          "of this host)"), "EADDRNOTAVAIL", 20310, "10.255.255.1", "tcp", lines=(155, 165)),
        B("inuse_dist", RMQ.format(held="python3 dual-stack socket held [::]:25672", extra=", RABBITMQ_DIST_PORT=25672: the "
          "Erlang distribution port"), "unknown", 25672, None, "tcp"),
    ],
    negative=[
        N("normal", "normal start on 127.0.0.1:20310 (dist port 40310), SIGTERM after 25 s" + NETNS,
          lines=(100, 160)),
    ],
)

CUPS = "cupsd -f with its own cupsd.conf and cups-files.conf, ErrorLog stderr, LogLevel info; the last lines"
SPECS["cupsd"] = dict(
    version="2.4.2", package="debian: cups-daemon 2.4.2-3+deb12u9",
    bind=[
        B("inuse_lo", "python3 socket held 127.0.0.1:20320; `Listen 127.0.0.1:20320`; " + CUPS +
          ": cupsd keeps running with no listener (stopped after 4 s)" + NETNS, "EADDRINUSE", 20320, "127.0.0.1",
          "tcp", lines=(-9, None)),
        B("inuse_any", "python3 dual-stack socket held [::]:20320; `Port 20320`; " + CUPS + NETNS,
          "EADDRINUSE", 20320, "0.0.0.0", "tcp", lines=(-10, None)),
        B("inuse_v6", "python3 dual-stack socket held [::]:20320; `Listen [::1]:20320` (cupsd writes [v1.::1]); "
          + CUPS + NETNS, "EADDRINUSE", 20320, "::1", "tcp", lines=(-9, None)),
        B("notavail", "`Listen 10.255.255.1:20320` (not an address of this host); " + CUPS + NETNS,
          "EADDRNOTAVAIL", 20320, "10.255.255.1", "tcp", lines=(-9, None)),
        B("eacces", "`Listen 127.0.0.1:631`, cupsd run as nobody (setpriv); " + CUPS + NETNS,
          "EACCES", 631, "127.0.0.1", "tcp", lines=(-9, None)),
    ],
    negative=[
        N("normal", "normal start on 127.0.0.1:20320, SIGTERM" + NETNS, lines=(-12, None)),
        N("syntax", "unknown directive in cupsd.conf: an error line, cupsd runs (stopped after 4 s)" + NETNS,
          lines=(0, 6)),
    ],
)

SPECS["avahi-daemon"] = dict(
    version="0.8", package="debian: avahi-daemon 0.8-10+deb12u1",
    bind=[
        B("inuse_udp", "python3 plain UDP socket held 0.0.0.0:5353 (mDNS, cannot be moved); avahi-daemon in the "
          "foreground, enable-dbus=no: IPv4 fails, it runs IPv6-only (stopped after 3 s)" + NETNS,
          "EADDRINUSE", None, None, "udp"),
        B("inuse_udp6", "python3 dual-stack UDP socket held [::]:5353; avahi-daemon: both fail, it exits" + NETNS,
          "EADDRINUSE", None, None, "udp"),
    ],
    negative=[
        N("inuse_udp_reuse", "python3 UDP socket WITH SO_REUSEADDR held 0.0.0.0:5353: no bind error (only the "
          "'another mDNS stack' warning), avahi shares the port" + NETNS),
        N("normal", "normal start on lo, SIGTERM after 3 s" + NETNS),
    ],
)

SPECS["minidlnad"] = dict(
    version="1.3.0", package="debian: minidlna 1.3.0+dfsg-2.2+deb12u1",
    bind=[
        B("inuse_http", "python3 socket held 0.0.0.0:20330; minidlnad -d, port=20330: the text names no port; "
          "the scanner thread goes on printing after the fatal line" + NETNS, "EADDRINUSE", None, None, "tcp"),
        B("inuse_ssdp", "python3 plain UDP socket held 0.0.0.0:1900 (SSDP, cannot be moved); minidlnad -d" + NETNS,
          "EADDRINUSE", None, None, "udp", lines=(0, 9)),
        B("eacces_http", "minidlnad -d, port=80, run as nobody (setpriv)" + NETNS, "EACCES", None, None, "tcp"),
    ],
    negative=[
        N("inuse_ssdp", "same run as the SSDP bind case: its last lines (MiniSSDPd fallback; two messages "
          "without a newline between them)" + NETNS, lines=(-3, None)),
    ],
)

SMB = "smbd -F --no-process-group --debug-stdout -d 1, a minimal smb.conf"
SPECS["smbd"] = dict(
    version="4.17.12", package="debian: samba 2:4.17.12+dfsg-0+deb12u4",
    bind=[
        B("inuse_any", "python3 dual-stack socket held [::]:20340; " + SMB + ", `smb ports = 20340`: PANIC with a "
          "backtrace" + NETNS, "EADDRINUSE", None, None, "tcp"),
        B("inuse_lo", "python3 socket held 127.0.0.1:20340; " + SMB + ", `smb ports = 20340`, interfaces = "
          "127.0.0.1/8, bind interfaces only" + NETNS, "EADDRINUSE", None, None, "tcp"),
        B("notavail", SMB + ", interfaces = 10.255.255.1/32, bind interfaces only: no interface matches, no bind "
          "is attempted, no cause given" + NETNS, "unknown", None, None, "tcp"),
        B("eacces", SMB + ", `smb ports = 445`, run as nobody (setpriv)" + NETNS, "EACCES", None, None, "tcp"),
    ],
    negative=[
        N("syntax", "unknown parameter in smb.conf: ignored, smbd runs (stopped after 5 s)" + NETNS),
    ],
)

SPECS["nmbd"] = dict(
    version="4.17.12", package="debian: samba 2:4.17.12+dfsg-0+deb12u4",
    bind=[],
    negative=[
        N("inuse_137_d3", "python3 plain UDP socket held 0.0.0.0:137 (NetBIOS, cannot be moved); nmbd -F "
          "--debug-stdout -d 3: exit 1 right after 'Opening sockets 137', NO error text at all" + NETNS),
        N("inuse_137", "same conflict at -d 1: only the banner, exit 1" + NETNS),
        N("eacces_d3", "nmbd -d 3 run as nobody (port 137): corepath errors, then exit 1 after 'Opening sockets "
          "137' with no bind error text" + NETNS),
        N("inuse_137_reuse", "python3 UDP socket WITH SO_REUSEADDR held 0.0.0.0:137: no bind error, nmbd waits "
          "for a non-loopback interface (stopped after 5 s)" + NETNS),
    ],
)

OVPN = "openvpn --dev null --secret KEY --cipher AES-256-CBC --verb 3"
SPECS["openvpn"] = dict(
    version="2.6.14", package="debian: openvpn 2.6.14-0+deb12u2",
    bind=[
        B("inuse_udp", "python3 plain UDP socket held 127.0.0.1:20350; " + OVPN + " --proto udp4 --local 127.0.0.1 "
          "--lport 20350" + NETNS, "EADDRINUSE", 20350, "127.0.0.1", "udp"),
        B("inuse_udp_any", "python3 UDP socket held 0.0.0.0:20350; " + OVPN + " --proto udp4 --lport 20350 "
          "(openvpn writes [undef] for the address)" + NETNS, "EADDRINUSE", 20350, None, "udp"),
        B("inuse_udp_reuse", "python3 UDP socket WITH SO_REUSEADDR held 127.0.0.1:20350; same as inuse_udp" + NETNS,
          "EADDRINUSE", 20350, "127.0.0.1", "udp"),
        B("inuse_udp6", "python3 dual-stack UDP socket held [::]:20350; " + OVPN + " --proto udp6 --lport 20350"
          + NETNS, "EADDRINUSE", 20350, None, "udp"),
        B("inuse_tcp", "python3 TCP socket held 127.0.0.1:20350; " + OVPN + " --proto tcp-server --local 127.0.0.1"
          + NETNS, "EADDRINUSE", 20350, "127.0.0.1", "tcp"),
        B("notavail", OVPN + " --proto udp4 --local 10.255.255.1 (not an address of this host)" + NETNS,
          "EADDRNOTAVAIL", 20350, "10.255.255.1", "udp"),
        B("eacces", OVPN + " --proto udp4 --local 127.0.0.1 --lport 194, run as nobody (setpriv)" + NETNS,
          "EACCES", 194, "127.0.0.1", "udp"),
    ],
    negative=[
        N("keyperm", "openvpn run as nobody with root's mode-600 key: a file permission error (errno=13)" + NETNS),
        N("normal", "normal start on 127.0.0.1:20350 (udp4), SIGTERM after 3 s" + NETNS),
    ],
)

PFTP = "proftpd -n with a minimal standalone config"
SPECS["proftpd"] = dict(
    version="1.3.8", package="debian: proftpd-basic 1.3.8+dfsg-4+deb12u5",
    bind=[
        B("inuse_any", "python3 dual-stack socket held [::]:20360; " + PFTP + ", Port 20360, UseIPv6 on" + NETNS,
          "EADDRINUSE", 20360, "::", "tcp"),
        B("inuse_v4", "python3 socket held 0.0.0.0:20360; " + PFTP + ", UseIPv6 off" + NETNS, "EADDRINUSE", 20360,
          "0.0.0.0", "tcp"),
        B("inuse_lo", "python3 socket held 127.0.0.1:20360; " + PFTP + ", DefaultAddress 127.0.0.1, "
          "SocketBindTight on" + NETNS, "EADDRINUSE", 20360, "127.0.0.1", "tcp"),
        B("eacces", PFTP + ", Port 21, run as nobody (setpriv)" + NETNS, "EACCES", 21, "::", "tcp"),
    ],
    negative=[
        N("notavail", PFTP + ", DefaultAddress 10.255.255.1, SocketBindTight on (not an address of this host): NO "
          "error, proftpd starts (IP_FREEBIND); stopped after 3 s" + NETNS),
        N("normal", "normal start on 127.0.0.1:20360, one FTP login with an unknown user, SIGTERM" + NETNS),
        N("syntax", "unknown configuration directive"),
    ],
)

XI = "xinetd -filelog FILE -dontfork, one service `port = 20370`"
SPECS["xinetd"] = dict(
    version="2.3.15.3", package="debian: xinetd 1:2.3.15.3-1+b1",
    bind=[
        B("inuse_tcp_log", "python3 dual-stack socket held [::]:20370; " + XI + ", socket_type stream: the -filelog "
          "lines (xinetd retries 10 times, then runs with 0 services; stopped after 3 s)" + NETNS,
          "EADDRINUSE", None, None, "tcp"),
        B("inuse_lo_log", "python3 socket held 127.0.0.1:20370; " + XI + ", bind = 127.0.0.1" + NETNS,
          "EADDRINUSE", None, None, "tcp"),
        B("inuse_udp_log", "python3 plain UDP socket held 0.0.0.0:20370; " + XI + ", socket_type dgram, "
          "protocol udp" + NETNS, "EADDRINUSE", None, None, "udp"),
        B("notavail_log", XI + ", bind = 10.255.255.1 (not an address of this host)" + NETNS,
          "EADDRNOTAVAIL", None, None, "tcp"),
        B("eacces_log", XI.replace("20370", "79") + ", run as nobody (setpriv)" + NETNS, "EACCES", None, None, "tcp"),
    ],
    negative=[
        N("syntax_log", "bad service attribute: a warning, the service still starts" + NETNS),
        N("normal_log", "normal start on 127.0.0.1:20370, one connection, SIGTERM" + NETNS),
    ],
)

INETD = "inetutils-inetd -d with a one-line inetd.conf"
SPECS["inetutils-inetd"] = dict(
    version="2.4", package="debian: inetutils-inetd 2:2.4-2+deb12u3",
    bind=[
        B("inuse_tcp", "python3 dual-stack socket held [::]:20380; " + INETD + " `20380 stream tcp nowait nobody "
          "/bin/true true`: stderr (inetd keeps running; stopped after 3 s)" + NETNS, "EADDRINUSE", 20380, None,
          "tcp"),
        B("inuse_tcp_syslog", "same run: the line inetd wrote to syslog (rsyslogd, Debian 12 format)" + NETNS,
          "EADDRINUSE", 20380, None, "tcp"),
        B("inuse_lo", "python3 socket held 127.0.0.1:20380; " + INETD + " `127.0.0.1:20380 stream tcp ...`: stderr"
          + NETNS, "EADDRINUSE", 20380, "127.0.0.1", "tcp"),
        B("inuse_lo_syslog", "same run: the syslog line" + NETNS, "EADDRINUSE", 20380, "127.0.0.1", "tcp"),
        B("inuse_udp", "python3 plain UDP socket held 0.0.0.0:20380; " + INETD + " `20380 dgram udp wait ...`: "
          "stderr" + NETNS, "EADDRINUSE", 20380, None, "udp"),
        B("inuse_udp_syslog", "same run: the syslog line" + NETNS, "EADDRINUSE", 20380, None, "udp"),
        B("notavail", INETD + " `10.255.255.1:20380 stream tcp ...` (not an address of this host): stderr" + NETNS,
          "EADDRNOTAVAIL", 20380, "10.255.255.1", "tcp"),
        B("notavail_syslog", "same run: the syslog line" + NETNS, "EADDRNOTAVAIL", 20380, "10.255.255.1", "tcp"),
        B("eacces", INETD + " `79 stream tcp ...` run as nobody (setpriv): stderr" + NETNS, "EACCES", 79, None, "tcp"),
        B("eacces_syslog", "same run: the syslog line" + NETNS, "EACCES", 79, None, "tcp"),
    ],
    negative=[
        N("syntax", "bad wait type in inetd.conf: stderr (the service is still registered, on fd 5)" + NETNS),
        N("syntax_syslog", "same run: the syslog line" + NETNS),
    ],
)

EXIM = "exim4 -bdf (Debian's default local-only config)"
SPECS["exim4"] = dict(
    program="exim4", version="4.96", package="debian: exim4-daemon-light 4.96-15+deb12u10",
    bind=[
        B("inuse_lo_mainlog", "python3 socket held 127.0.0.1:20390; " + EXIM + " -oX 20390 (local_interfaces "
          "127.0.0.1 ; ::1): the lines exim appended to /var/log/exim4/mainlog; it waits 30 s between tries "
          "(stopped after 4 s)" + NETNS, "EADDRINUSE", 20390, "127.0.0.1", "tcp"),
        B("inuse_any_mainlog", "python3 dual-stack socket held [::]:20390; " + EXIM + " -oX '<; 0.0.0.0.20390 ; "
          "::0.20390': mainlog lines" + NETNS, "EADDRINUSE", 20390, "::", "tcp"),
        B("notavail_mainlog", EXIM + " -oX '<; 10.255.255.1.20390' (not an address of this host): mainlog lines"
          + NETNS, "EADDRNOTAVAIL", 20390, "10.255.255.1", "tcp"),
    ],
    negative=[
        N("eacces", EXIM + " run as nobody: exim refuses to start a daemon for an unprivileged user (no bind)"
          + NETNS),
        N("normal_mainlog", "normal start on 127.0.0.1/::1 port 20390: the mainlog lines" + NETNS, lines=(-3, None)),
    ],
)

NTP = "ntpd -n -u ntpsec:ntpsec, no servers or pools (NTP is fixed to UDP 123)"
SPECS["ntpd"] = dict(
    version="1.2.2", package="debian: ntpsec 1.2.2+dfsg1-1+deb12u1",
    bind=[
        B("inuse_udp", "python3 plain UDP socket held 0.0.0.0:123; " + NTP + NETNS, "EADDRINUSE", None, "0.0.0.0",
          "udp"),
        B("inuse_udp_reuse", "python3 UDP socket WITH SO_REUSEADDR held 0.0.0.0:123; " + NTP + NETNS,
          "EADDRINUSE", None, "0.0.0.0", "udp"),
        B("inuse_udp6", "python3 dual-stack UDP socket held [::]:123; " + NTP + NETNS, "EADDRINUSE", None, "::",
          "udp"),
        B("inuse_lo", "python3 UDP socket held 127.0.0.1:123 (not the wildcard); " + NTP + ": the wildcard bind "
          "fails" + NETNS, "EADDRINUSE", None, "0.0.0.0", "udp"),
    ],
    negative=[
        N("eacces", "ntpd run as nobody: refuses before any bind" + NETNS),
        N("normal", "normal start (Listen and drop / Listen normally lines with :123), SIGTERM after 4 s" + NETNS),
        N("syntax", "unknown keyword: a syntax error line, ntpd still runs" + NETNS, lines=(0, 8)),
    ],
)

SNG = "syslog-ng -F -e, one network() source"
SPECS["syslog-ng"] = dict(
    version="3.38.1", package="debian: syslog-ng-core 3.38.1-5+deb12u1",
    bind=[
        B("inuse_udp", "python3 plain UDP socket held 0.0.0.0:20400; " + SNG + " transport(udp) port(20400)" + NETNS,
          "EADDRINUSE", 20400, "0.0.0.0", "udp"),
        B("inuse_tcp", "python3 TCP socket held 0.0.0.0:20400; " + SNG + " transport(tcp) port(20400)" + NETNS,
          "EADDRINUSE", 20400, "0.0.0.0", "tcp"),
        B("inuse_v6", "python3 dual-stack socket held [::]:20400; " + SNG + " ip(\"::\") ip-protocol(6) "
          "transport(tcp)" + NETNS, "EADDRINUSE", 20400, "::", "tcp"),
        B("inuse_lo", "python3 UDP socket held 127.0.0.1:20400; " + SNG + " ip(\"127.0.0.1\") transport(udp)"
          + NETNS, "EADDRINUSE", 20400, "127.0.0.1", "udp"),
        B("notavail", SNG + " ip(\"10.255.255.1\") transport(tcp) (not an address of this host)" + NETNS,
          "EADDRNOTAVAIL", 20400, "10.255.255.1", "tcp"),
        B("eacces", SNG + " transport(tcp) port(514), run as nobody (setpriv)" + NETNS, "EACCES", 514, "0.0.0.0",
          "tcp"),
        B("eacces_udp", SNG + " transport(udp) port(514), run as nobody (setpriv)" + NETNS, "EACCES", 514,
          "0.0.0.0", "udp"),
    ],
    negative=[
        N("inuse_udp_reuse", "python3 UDP socket WITH SO_REUSEADDR held 0.0.0.0:20400: NO error, syslog-ng shares "
          "the port (stopped after 3 s)" + NETNS),
        N("options_syntax", "config with `options { stats(freq(0)); };`, which 3.38 rejects"),
        N("syntax", "unknown option inside network()"),
        N("normal", "normal start on 127.0.0.1:20400 (udp), SIGTERM" + NETNS),
    ],
)
