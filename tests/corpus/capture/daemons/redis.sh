#!/bin/bash
# redis-server (debian: redis-server). Foreground (daemonize no is the default on the command line).
. "$(dirname "$0")/lib.sh"
PROG=redis-server
D=$RUN/redis; mkdir -p $D; chown nobody $D; cd $D
R=(redis-server --save '' --appendonly no --dir $D)
P=20090
hold tcp 0.0.0.0 $P;   cap inuse_v4 5 "${R[@]}" --port $P --bind 0.0.0.0; release
hold tcp :: $P;        cap inuse_default 5 "${R[@]}" --port $P; release
hold tcp 127.0.0.1 $P; cap inuse_lo 5 "${R[@]}" --port $P --bind 127.0.0.1 -::1; release
hold tcp :: $P;        cap inuse_v6 5 "${R[@]}" --port $P --bind ::; release
cap notavail 5 "${R[@]}" --port $P --bind 10.255.255.1
cap eacces 5 $NOBODY "${R[@]}" --port 80 --bind 0.0.0.0
cap_bg normal "${R[@]}" --port $P --bind 127.0.0.1; sleep 1
redis-cli -p 29999 ping >$RAW/$PROG/cli_refused.txt 2>&1
stop_bg
printf 'port %s\nbogus-option yes\n' $P >$D/r.conf; cap syntax 5 redis-server $D/r.conf
