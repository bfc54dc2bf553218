#!/bin/bash
# memcached (debian: memcached). Foreground by default; -u nobody when run as root.
. "$(dirname "$0")/lib.sh"
PROG=memcached
P=20100
hold tcp 0.0.0.0 $P;   cap inuse_v4 5 memcached -u nobody -p $P -U 0 -l 0.0.0.0; release
hold tcp :: $P;        cap inuse_default 5 memcached -u nobody -p $P -U 0; release
hold tcp 127.0.0.1 $P; cap inuse_lo 5 memcached -u nobody -p $P -U 0 -l 127.0.0.1; release
hold udp 0.0.0.0 $P;   cap inuse_udp 5 memcached -u nobody -p 0 -U $P -l 0.0.0.0; release
hold udp 0.0.0.0 $P reuse; cap inuse_udp_reuse 5 memcached -u nobody -p 0 -U $P -l 0.0.0.0; release
cap notavail 5 memcached -u nobody -p $P -U 0 -l 10.255.255.1
cap eacces 5 $NOBODY memcached -p 80 -U 0 -l 0.0.0.0
cap eacces_udp 5 $NOBODY memcached -p 0 -U 80 -l 0.0.0.0
cap_bg normal memcached -u nobody -p $P -U 0 -l 127.0.0.1 -vv; sleep 1
printf 'set k 0 0 1\r\nx\r\nget k\r\nquit\r\n' | nc -q1 127.0.0.1 $P >/dev/null; sleep 0.5; stop_bg
cap bad_option 5 memcached -u nobody -p $P --no-such-flag
