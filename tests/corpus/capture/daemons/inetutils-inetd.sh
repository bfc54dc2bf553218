#!/bin/bash
# inetutils-inetd (debian: inetutils-inetd). -d (debug, foreground) with a one-line inetd.conf;
# stderr captured and, since it logs through syslog, the lines rsyslogd (lib.sh) wrote.
# Private network namespace with only lo.
. "$(dirname "$0")/lib.sh"; lo_only
PROG=inetutils-inetd
D=$RUN/inetd; mkdir -p $D
conf() { echo "$1" >$D/inetd.conf; }
I=(inetutils-inetd -d -p$D/inetd.pid $D/inetd.conf)
syslog_start; syslog_mark start
P=20380
conf "$P stream tcp nowait nobody /bin/true true";            hold tcp :: $P;        cap inuse_tcp 3 "${I[@]}"; release; syslog_mark inuse_tcp_syslog
conf "127.0.0.1:$P stream tcp nowait nobody /bin/true true";  hold tcp 127.0.0.1 $P; cap inuse_lo 3 "${I[@]}"; release; syslog_mark inuse_lo_syslog
conf "$P dgram udp wait nobody /bin/true true";               hold udp 0.0.0.0 $P;   cap inuse_udp 3 "${I[@]}"; release; syslog_mark inuse_udp_syslog
conf "10.255.255.1:$P stream tcp nowait nobody /bin/true true"; cap notavail 3 "${I[@]}"; syslog_mark notavail_syslog
conf "79 stream tcp nowait nobody /bin/true true"; chmod 777 $D; cap eacces 3 $NOBODY inetutils-inetd -d -p$D/n.pid $D/inetd.conf; syslog_mark eacces_syslog
conf "$P stream tcp bogus nobody /bin/true true";             cap syntax 3 "${I[@]}"; syslog_mark syntax_syslog
syslog_stop
