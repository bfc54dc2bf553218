#!/bin/bash
# syslog-ng (debian: syslog-ng-core). Foreground (-F), internal messages on stderr (-e), a config
# with one network source on a test port and one file destination. Private network namespace
# with only lo.
. "$(dirname "$0")/lib.sh"; lo_only
PROG=syslog-ng
D=$RUN/syslog-ng; mkdir -p $D
conf() {  # conf "source driver"
  cat >$D/s.conf <<C
@version: 3.38
options { stats_freq(0); };
source s_net { $1; };
destination d_file { file("$D/out.log"); };
log { source(s_net); destination(d_file); };
C
}
S=(syslog-ng -F -e -f $D/s.conf -R $D/persist -p $D/pid -c $D/ctl)
P=20400
conf "network(transport(udp) port($P))";                         hold udp 0.0.0.0 $P;       cap inuse_udp 3 "${S[@]}"; release
conf "network(transport(udp) port($P))";                         hold udp 0.0.0.0 $P reuse; cap inuse_udp_reuse 3 "${S[@]}"; release
conf "network(transport(tcp) port($P))";                         hold tcp 0.0.0.0 $P;       cap inuse_tcp 3 "${S[@]}"; release
conf "network(ip(\"::\") ip-protocol(6) transport(tcp) port($P))"; hold tcp :: $P;          cap inuse_v6 3 "${S[@]}"; release
conf "network(ip(\"127.0.0.1\") transport(udp) port($P))";       hold udp 127.0.0.1 $P;     cap inuse_lo 3 "${S[@]}"; release
conf "network(ip(\"10.255.255.1\") transport(tcp) port($P))";    cap notavail 3 "${S[@]}"
conf "network(transport(tcp) port(514))"; chmod 777 $D;          cap eacces 3 $NOBODY "${S[@]}"
conf "network(transport(udp) port(514))";                        cap eacces_udp 3 $NOBODY "${S[@]}"
conf "network(transport(udp) port($P) bogus(1))";                cap syntax 3 "${S[@]}"
conf "network(ip(\"127.0.0.1\") transport(udp) port($P))"
cap_bg normal "${S[@]}"; sleep 1
logger -n 127.0.0.1 -P $P -d -t myapp 'hello from logger'; sleep 0.5; stop_bg; cp $D/out.log $RAW/$PROG/normal_file.txt
# (an earlier run of this script used `options { stats(freq(0)); };`, which 3.38 rejects: that
#  output is kept as the negative case options_syntax)
