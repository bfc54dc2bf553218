#!/bin/bash
# openvpn (debian: openvpn). --dev null (no tun device), a static test key, no remote (it only
# listens); private network namespace with only lo.
. "$(dirname "$0")/lib.sh"; lo_only
PROG=openvpn
D=$RUN/openvpn; mkdir -p $D; [ -f $D/s.key ] || openvpn --genkey secret $D/s.key 2>/dev/null
O=(openvpn --dev null --secret $D/s.key --cipher AES-256-CBC --verb 3 --ping-exit 60)
P=20350
hold udp 127.0.0.1 $P;       cap inuse_udp 3 "${O[@]}" --proto udp4 --local 127.0.0.1 --lport $P; release
hold udp 0.0.0.0 $P;         cap inuse_udp_any 3 "${O[@]}" --proto udp4 --lport $P; release
hold udp 127.0.0.1 $P reuse; cap inuse_udp_reuse 3 "${O[@]}" --proto udp4 --local 127.0.0.1 --lport $P; release
hold udp :: $P;              cap inuse_udp6 3 "${O[@]}" --proto udp6 --lport $P; release
hold tcp 127.0.0.1 $P;       cap inuse_tcp 3 "${O[@]}" --proto tcp-server --local 127.0.0.1 --lport $P; release
cap notavail 3 "${O[@]}" --proto udp4 --local 10.255.255.1 --lport $P
# the key is root's (mode 600): as nobody this is a file permission error, not a bind error
cap keyperm 3 $NOBODY "${O[@]}" --proto udp4 --local 127.0.0.1 --lport $P
cp $D/s.key $D/n.key; chown nobody $D/n.key
cap eacces 3 $NOBODY openvpn --dev null --secret $D/n.key --cipher AES-256-CBC --verb 3 --proto udp4 --local 127.0.0.1 --lport 194
cap normal 3 "${O[@]}" --proto udp4 --local 127.0.0.1 --lport $P
