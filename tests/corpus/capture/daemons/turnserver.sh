#!/bin/bash
# turnserver (debian: coturn). Foreground (no -o), log to stdout, no CLI, loopback only;
# private network namespace with only lo.
. "$(dirname "$0")/lib.sh"; lo_only
PROG=turnserver
D=$RUN/coturn; mkdir -p $D
T=(turnserver -c /dev/null --log-file=stdout --no-cli --no-tls --no-dtls --pidfile=$D/t.pid --simple-log
   --userdb=$D/turndb --no-stun-backward-compatibility)
P=20230
hold udp 127.0.0.1 $P;       cap inuse_udp 4 "${T[@]}" -L 127.0.0.1 -p $P; release
hold udp 127.0.0.1 $P reuse; cap inuse_udp_reuse 4 "${T[@]}" -L 127.0.0.1 -p $P; release
hold tcp 127.0.0.1 $P;       cap inuse_tcp 4 "${T[@]}" -L 127.0.0.1 -p $P; release
hold udp :: $P;              cap inuse_v6 4 "${T[@]}" -L ::1 -p $P; release
cap notavail 4 "${T[@]}" -L 10.255.255.1 -p $P
cap eacces 4 $NOBODY turnserver -c /dev/null --log-file=stdout --no-cli --no-tls --no-dtls --pidfile=/tmp/daemon-run/coturn/n.pid --simple-log --userdb=/tmp/daemon-run/coturn/n.db -L 127.0.0.1 -p 478
