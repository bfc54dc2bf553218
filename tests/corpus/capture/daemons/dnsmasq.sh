#!/bin/bash
# dnsmasq (debian: dnsmasq). Foreground (-d), no upstream servers, no /etc/hosts, no DHCP.
. "$(dirname "$0")/lib.sh"; lo_only
PROG=dnsmasq
DM=(dnsmasq -d -C /dev/null -u nobody --no-resolv --no-hosts --pid-file=)
P=20120
hold udp 0.0.0.0 $P;       cap inuse_udp 3 "${DM[@]}" --port=$P; release
hold udp 0.0.0.0 $P reuse; cap inuse_udp_reuse 3 "${DM[@]}" --port=$P; release
hold tcp 0.0.0.0 $P;       cap inuse_tcp 3 "${DM[@]}" --port=$P; release
hold udp :: $P;            cap inuse_udp_v6 3 "${DM[@]}" --port=$P; release
hold udp 127.0.0.1 $P;     cap inuse_bind_lo 3 "${DM[@]}" --port=$P --listen-address=127.0.0.1 --bind-interfaces; release
hold udp 127.0.0.1 $P;     cap inuse_bind_dynamic 3 "${DM[@]}" --port=$P --listen-address=127.0.0.1 --bind-dynamic; release
cap notavail 3 "${DM[@]}" --port=$P --listen-address=10.255.255.1 --bind-interfaces
cap eacces 3 $NOBODY dnsmasq -d -C /dev/null --no-resolv --no-hosts --pid-file= --port=53
cap_bg normal "${DM[@]}" --port=$P --listen-address=127.0.0.1 --bind-interfaces --log-queries --address=/test/127.0.0.9; sleep 1
dig +short +tries=1 +time=1 -p $P @127.0.0.1 a.test >/dev/null 2>&1; dig +short +tries=1 +time=1 -p $P @127.0.0.1 example.com >/dev/null 2>&1
sleep 0.5; stop_bg
cap syntax 3 dnsmasq -d -C <(echo bogus-option) --port=$P
