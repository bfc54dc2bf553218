#!/bin/bash
# ntpd (debian: ntpsec). NTP is fixed to UDP 123 (ntpsec cannot move it). Foreground (-n), a
# config with NO servers or pools, -u ntpsec:ntpsec, no logfile (with -n it logs on stderr).
# Private network namespace with only lo.
. "$(dirname "$0")/lib.sh"; lo_only
PROG=ntpd
D=$RUN/ntpd; mkdir -p $D; chown ntpsec $D 2>/dev/null
printf 'driftfile %s/drift\nrestrict default ignore\nrestrict 127.0.0.1\n' $D >$D/ntp.conf
N=(ntpd -n -c $D/ntp.conf -p $D/ntpd.pid)
hold udp 0.0.0.0 123;       cap inuse_udp 4 "${N[@]}" -u ntpsec:ntpsec; release
hold udp 0.0.0.0 123 reuse; cap inuse_udp_reuse 4 "${N[@]}" -u ntpsec:ntpsec; release
hold udp :: 123;            cap inuse_udp6 4 "${N[@]}" -u ntpsec:ntpsec; release
hold udp 127.0.0.1 123;     cap inuse_lo 4 "${N[@]}" -u ntpsec:ntpsec; release
chown -R nobody $D;         cap eacces 4 $NOBODY "${N[@]}"; chown -R root $D
cap normal 4 "${N[@]}" -u ntpsec:ntpsec
printf 'bogus_keyword 1\n' >>$D/ntp.conf; cap syntax 4 "${N[@]}" -u ntpsec:ntpsec
