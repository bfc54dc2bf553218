#!/bin/bash
# privoxy (debian: privoxy). --no-daemon, logfile unset so it logs to stderr; debug 1 for requests.
. "$(dirname "$0")/lib.sh"
PROG=privoxy
D=$RUN/privoxy; mkdir -p $D; chown nobody $D
conf() { printf 'confdir %s\nlisten-address %s\ndebug 1\ndebug 4096\ndebug 8192\n%s\n' $D "$1" "${2:-}" >$D/p.conf; }
P=20280
conf "127.0.0.1:$P";        hold tcp 127.0.0.1 $P; cap inuse_lo 3 privoxy --no-daemon $D/p.conf; release
conf ":$P";                 hold tcp 0.0.0.0 $P;   cap inuse_any 3 privoxy --no-daemon $D/p.conf; release
conf "[::1]:$P";            hold tcp :: $P;        cap inuse_v6 3 privoxy --no-daemon $D/p.conf; release
conf "10.255.255.1:$P";     cap notavail 3 privoxy --no-daemon $D/p.conf
conf "127.0.0.1:80";        cap eacces 3 $NOBODY privoxy --no-daemon $D/p.conf
conf "127.0.0.1:$P" "bogus-option 1"; cap syntax 3 privoxy --no-daemon $D/p.conf
conf "127.0.0.1:$P"
cap_bg normal privoxy --no-daemon $D/p.conf; sleep 0.5
curl -s -o /dev/null -x http://127.0.0.1:$P http://127.0.0.1:29999/; sleep 0.5; stop_bg
