#!/bin/bash
# varnish (debian: varnish). varnishd in the foreground (-F), backend a closed loopback port.
. "$(dirname "$0")/lib.sh"
PROG=varnish
D=$RUN/varnish; mkdir -p $D
V="varnishd -F -n $D/inst -b 127.0.0.1:29999 -s malloc,16m"
P=20060
hold tcp 0.0.0.0 $P; cap inuse_v4 8 $V -a 0.0.0.0:$P; release
hold tcp :: $P;      cap inuse_any 8 $V -a :$P; release
hold tcp :: $P;      cap inuse_v6 8 $V -a [::]:$P; release
cap notavail 8 $V -a 10.255.255.1:$P
cap eacces 8 $V -a :80 -j unix,user=nobody
chown nobody $D; cap eacces_nobody 8 $NOBODY $V -a :80
cap_bg normal $V -a 127.0.0.1:$P; sleep 3
curl -s -o /dev/null http://127.0.0.1:$P/; sleep 0.5; stop_bg
