#!/bin/bash
# chronyd (debian: chrony). Foreground (-d, log to stderr), -x (never touch the clock), no
# servers or pools, serving NTP only to 127.0.0.1; private network namespace with only lo.
. "$(dirname "$0")/lib.sh"; lo_only
PROG=chronyd
D=$RUN/chrony; mkdir -p $D; chown _chrony $D
conf() {  # conf PORT [extra]
  printf 'port %s\ncmdport 0\nallow 127.0.0.1\nallow ::1\npidfile %s/chronyd.pid\ndriftfile %s/drift\n%s\n' \
    "$1" $D $D "${2:-}" >$D/c.conf
}
C=(chronyd -d -x -u _chrony -f $D/c.conf)
P=20170
conf $P;                          hold udp 0.0.0.0 $P;       cap inuse_udp 3 "${C[@]}"; release
conf $P;                          hold udp 0.0.0.0 $P reuse; cap inuse_udp_reuse 3 "${C[@]}"; release
conf $P;                          hold udp :: $P;            cap inuse_v6 3 "${C[@]}"; release
conf $P "bindaddress 127.0.0.1";  hold udp 127.0.0.1 $P;     cap inuse_lo 3 "${C[@]}"; release
conf $P "bindaddress 10.255.255.1"; cap notavail 3 "${C[@]}"
conf 123; chown -R nobody $D;     cap eacces 3 $NOBODY chronyd -d -x -f $D/c.conf; chown -R _chrony $D
conf $P "bindaddress 127.0.0.1"
cap_bg normal "${C[@]}"; sleep 1; stop_bg
conf $P "bogus_directive 1";      cap syntax 3 "${C[@]}"
