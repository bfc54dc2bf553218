#!/bin/bash
# haproxy (debian: haproxy). Foreground with -db, log to stderr.
. "$(dirname "$0")/lib.sh"
PROG=haproxy
D=$RUN/haproxy; mkdir -p $D
conf() {  # conf BIND [extra-global] [extra-frontend]
  cat >$D/h.cfg <<C
global
  log stderr format short local0
  ${2:-}
defaults
  mode http
  log global
  option httplog
  timeout connect 1s
  timeout client 5s
  timeout server 5s
frontend fe
  bind $1
  default_backend be
  ${3:-}
backend be
  server s1 127.0.0.1:29999
C
}
P=20030
conf "0.0.0.0:$P";       hold tcp 0.0.0.0 $P; cap inuse_v4 5 haproxy -f $D/h.cfg -db; release
conf ":::$P";            hold tcp :: $P;      cap inuse_v6 5 haproxy -f $D/h.cfg -db; release
conf "[::]:$P" ;         hold tcp :: $P;      cap inuse_v6b 5 haproxy -f $D/h.cfg -db; release
conf "10.255.255.1:$P";  cap notavail 5 haproxy -f $D/h.cfg -db
conf ":80";              cap eacces 5 $NOBODY haproxy -f $D/h.cfg -db
conf "0.0.0.0:$P"
cap_bg normal haproxy -f $D/h.cfg -db; sleep 1
curl -s -o /dev/null http://127.0.0.1:$P/; sleep 0.5; stop_bg
conf "0.0.0.0:$P" "" "bogus_kw on"; cap syntax 5 haproxy -f $D/h.cfg -db
