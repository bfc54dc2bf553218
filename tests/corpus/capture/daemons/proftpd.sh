#!/bin/bash
# proftpd (debian: proftpd-basic). Foreground (-n), log to stderr (-d 0 keeps debug off), a
# minimal config with no modules.conf beyond the built-ins. Private network namespace with only lo.
. "$(dirname "$0")/lib.sh"; lo_only
PROG=proftpd
D=$RUN/proftpd; mkdir -p $D
conf() {  # conf PORT [extra]
  cat >$D/p.conf <<C
ServerName "t"
ServerType standalone
Port $1
User nobody
Group nogroup
PidFile $D/p.pid
ScoreboardFile $D/p.scoreboard
DelayTable none
WtmpLog off
UseIPv6 ${V6:-on}
${2:-}
C
}
P=20360
conf $P;                                    hold tcp :: $P;        cap inuse_any 3 proftpd -n -c $D/p.conf; release
V6=off conf $P;                             hold tcp 0.0.0.0 $P;   cap inuse_v4 3 proftpd -n -c $D/p.conf; release
conf $P "DefaultAddress 127.0.0.1
SocketBindTight on";                        hold tcp 127.0.0.1 $P; cap inuse_lo 3 proftpd -n -c $D/p.conf; release
conf $P "DefaultAddress 10.255.255.1
SocketBindTight on";                        cap notavail 3 proftpd -n -c $D/p.conf
conf 21; chown -R nobody $D;                cap eacces 3 $NOBODY proftpd -n -c $D/p.conf; chown -R root $D
conf $P "BogusDirective on";                cap syntax 3 proftpd -n -c $D/p.conf
conf $P "DefaultAddress 127.0.0.1
SocketBindTight on"
cap_bg normal proftpd -n -c $D/p.conf; sleep 1
printf 'USER nosuchuser\r\nPASS x\r\nQUIT\r\n' | nc -q3 127.0.0.1 $P >/dev/null; sleep 0.5; stop_bg
