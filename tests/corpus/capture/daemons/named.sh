#!/bin/bash
# named (debian: bind9). Foreground with -g (log to stderr), recursion off, DNSSEC validation
# off, no forwarders; run in a private network namespace with only lo.
. "$(dirname "$0")/lib.sh"; lo_only
PROG=named
D=$RUN/named; mkdir -p $D; chown bind:bind $D
conf() {  # conf "listen-on..." "listen-on-v6..." [extra]
  cat >$D/named.conf <<C
options {
  directory "$D";
  pid-file "$D/named.pid";
  session-keyfile "$D/session.key";
  $1
  $2
  recursion no;
  dnssec-validation no;
  ${3:-}
};
controls { };
C
}
P=20130
conf "listen-on port $P { 127.0.0.1; };" "listen-on-v6 { none; };"
hold udp 127.0.0.1 $P;  cap inuse_udp 4 named -g -u bind -c $D/named.conf; release
hold tcp 127.0.0.1 $P;  cap inuse_tcp 4 named -g -u bind -c $D/named.conf; release
hold udp 127.0.0.1 $P reuse; cap inuse_udp_reuse 4 named -g -u bind -c $D/named.conf; release
conf "listen-on { none; };" "listen-on-v6 port $P { ::1; };"
hold udp :: $P;         cap inuse_v6 4 named -g -u bind -c $D/named.conf; release
conf "listen-on port 53 { 127.0.0.1; };" "listen-on-v6 { none; };"
chown -R nobody $D;     cap eacces 4 $NOBODY named -g -c $D/named.conf; chown -R bind $D
conf "listen-on port $P { 127.0.0.1; };" "listen-on-v6 { none; };" 'querylog yes;'
cap_bg normal named -g -u bind -c $D/named.conf; sleep 2
dig +tries=1 +time=1 -p $P @127.0.0.1 example.com >/dev/null 2>&1; sleep 0.5; stop_bg
conf "listen-on port $P { 127.0.0.1; };" "listen-on-v6 { none; };" 'bogus-option yes;'
cap syntax 4 named -g -u bind -c $D/named.conf
