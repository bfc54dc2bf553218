#!/bin/bash
# squid (debian: squid). No daemon (-N), debug level 1 to stderr (-d 1), no cache dir,
# pinger/ICP/HTCP off, DNS only to 127.0.0.1 (no traffic leaves the host).
. "$(dirname "$0")/lib.sh"
PROG=squid
D=$RUN/squid; mkdir -p $D; chown proxy:proxy $D
conf() {  # conf "http_port ..." [extra]
  cat >$D/squid.conf <<C
$1
pid_filename $D/squid.pid
cache_log $D/cache.log
access_log $D/access.log
pinger_enable off
icp_port 0
htcp_port 0
dns_nameservers 127.0.0.1
coredump_dir $D
http_access allow localhost
http_access deny all
${2:-}
C
}
P=20050
conf "http_port $P";              hold tcp 0.0.0.0 $P; cap inuse_v4 8 squid -N -d 1 -f $D/squid.conf; release
conf "http_port $P";              hold tcp :: $P;      cap inuse_v6 8 squid -N -d 1 -f $D/squid.conf; release
conf "http_port 10.255.255.1:$P"; cap notavail 8 squid -N -d 1 -f $D/squid.conf
rm -f /dev/shm/squid-*; chown -R nobody $D; conf "http_port 80"; cap eacces 8 $NOBODY squid -N -d 1 -f $D/squid.conf
conf "http_port 127.0.0.1:$P"
chown -R proxy $D; cap_bg normal squid -N -d 1 -f $D/squid.conf; sleep 3
curl -s -o /dev/null -x http://127.0.0.1:$P http://127.0.0.1:29999/; sleep 0.5; stop_bg
conf "http_port $P" "bogus_directive on"; cap syntax 5 squid -N -d 1 -f $D/squid.conf
cp $D/access.log $RAW/$PROG/access_log.txt
rm -f /dev/shm/squid-*
