#!/bin/bash
# snmpd (debian: snmpd). Foreground (-f), log to stderr (-Le), only the given config (-C -c),
# agent address on the command line; private network namespace with only lo.
. "$(dirname "$0")/lib.sh"; lo_only
PROG=snmpd
# Config search path = $D only: snmpd.conf (one community) and snmp.conf with `mibs :` as in
# Debian's /etc/snmp/snmp.conf (without it the agent prints ~4000 "Cannot find module" lines).
D=$RUN/snmpd; mkdir -p $D; printf 'rocommunity public 127.0.0.1\n' >$D/snmpd.conf; printf 'mibs :\n' >$D/snmp.conf
export SNMPCONFPATH=$D
S=(snmpd -f -Le -p $D/s.pid -u Debian-snmp -g Debian-snmp)
P=20190
hold udp 127.0.0.1 $P;       cap inuse_udp 3 "${S[@]}" udp:127.0.0.1:$P; release
hold udp 0.0.0.0 $P;         cap inuse_udp_any 3 "${S[@]}" udp:$P; release
hold udp 127.0.0.1 $P reuse; cap inuse_udp_reuse 3 "${S[@]}" udp:127.0.0.1:$P; release
hold udp :: $P;              cap inuse_udp6 3 "${S[@]}" udp6:[::1]:$P; release
hold tcp 127.0.0.1 $P;       cap inuse_tcp 3 "${S[@]}" tcp:127.0.0.1:$P; release
cap notavail 3 "${S[@]}" udp:10.255.255.1:$P
cap eacces 3 $NOBODY snmpd -f -Le -p $D/s.pid udp:127.0.0.1:161
cap_bg normal "${S[@]}" udp:127.0.0.1:$P; sleep 1
snmpget -v2c -c public -t 1 -r 0 127.0.0.1:$P 1.3.6.1.2.1.1.1.0 >/dev/null 2>&1; stop_bg
printf 'bogusdirective yes\n' >>$D/snmpd.conf; cap syntax 3 "${S[@]}" udp:127.0.0.1:$P
