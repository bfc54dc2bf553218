#!/bin/bash
# tinyproxy (debian: tinyproxy). Foreground (-d), LogLevel Info to stdout (no LogFile/Syslog).
. "$(dirname "$0")/lib.sh"
PROG=tinyproxy
D=$RUN/tinyproxy; mkdir -p $D; chown nobody $D
conf() { printf 'Port %s\n%s\nUser nobody\nGroup nogroup\nLogLevel Info\nPidFile "%s/t.pid"\nMaxClients 10\nAllow 127.0.0.1\n%s\n' "$1" "$2" $D "${3:-}" >$D/t.conf; }
P=20270
conf $P "";                    hold tcp 0.0.0.0 $P;   cap inuse_any 3 tinyproxy -d -c $D/t.conf; release
conf $P "Listen 0.0.0.0";      hold tcp 0.0.0.0 $P;   cap inuse_v4 3 tinyproxy -d -c $D/t.conf; release
conf $P "Listen ::";           hold tcp :: $P;        cap inuse_v6 3 tinyproxy -d -c $D/t.conf; release
conf $P "Listen 10.255.255.1"; cap notavail 3 tinyproxy -d -c $D/t.conf
conf 80 "";                    cap eacces 3 $NOBODY tinyproxy -d -c $D/t.conf
conf $P "Listen 127.0.0.1" "BogusOption yes"; cap syntax 3 tinyproxy -d -c $D/t.conf
conf $P "Listen 127.0.0.1"
cap_bg normal tinyproxy -d -c $D/t.conf; sleep 0.5
curl -s -o /dev/null -x http://127.0.0.1:$P http://127.0.0.1:29999/; sleep 0.5; stop_bg
