#!/bin/bash
# unbound (debian: unbound). Foreground (-d), log to stderr, no trust anchor, only local-data
# answers; run in a private network namespace with only lo.
. "$(dirname "$0")/lib.sh"; lo_only
PROG=unbound
D=$RUN/unbound; mkdir -p $D; chown unbound $D 2>/dev/null || chown nobody $D
conf() {  # conf "interface lines" PORT [user] [extra]
  cat >$D/u.conf <<C
server:
  verbosity: 1
  use-syslog: no
  logfile: ""
  chroot: ""
  username: "${3-unbound}"
  directory: "$D"
  pidfile: "$D/u.pid"
  port: $2
$1
  do-ip6: yes
  local-zone: "test." static
  local-data: "a.test. A 127.0.0.9"
  ${4:-}
remote-control:
  control-enable: no
C
}
P=20140
conf "  interface: 127.0.0.1" $P
hold udp 127.0.0.1 $P;       cap inuse_udp 4 unbound -d -c $D/u.conf; release
hold tcp 127.0.0.1 $P;       cap inuse_tcp 4 unbound -d -c $D/u.conf; release
hold udp 127.0.0.1 $P reuse; cap inuse_udp_reuse 4 unbound -d -c $D/u.conf; release
conf "  interface: ::1" $P
hold udp :: $P;              cap inuse_v6 4 unbound -d -c $D/u.conf; release
conf "  interface: 0.0.0.0" $P
hold udp 0.0.0.0 $P;         cap inuse_any 4 unbound -d -c $D/u.conf; release
conf "  interface: 10.255.255.1" $P; cap notavail 4 unbound -d -c $D/u.conf
conf "  interface: 127.0.0.1" 53 ""; cap eacces 4 $NOBODY unbound -d -c $D/u.conf
conf "  interface: 127.0.0.1" $P unbound "log-queries: yes"
cap_bg normal unbound -d -c $D/u.conf; sleep 1.5
dig +tries=1 +time=1 -p $P @127.0.0.1 a.test >/dev/null 2>&1; sleep 0.5; stop_bg
conf "  interface: 127.0.0.1" $P unbound "bogus-option: yes"; cap syntax 4 unbound -d -c $D/u.conf
