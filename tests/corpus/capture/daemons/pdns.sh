#!/bin/bash
# pdns_server (debian: pdns-server). Foreground, no guardian, no syslog, the bind backend with an
# empty zone list; authoritative only. Run in a private network namespace with only lo.
. "$(dirname "$0")/lib.sh"; lo_only
PROG=pdns_server
D=$RUN/pdns; mkdir -p $D; : >$D/named.conf; : >$D/pdns.conf; chown -R pdns $D 2>/dev/null
PD=(pdns_server --config-dir=$D --daemon=no --guardian=no --disable-syslog --write-pid=no --socket-dir=$D
    --launch=bind --bind-config=$D/named.conf --setuid=pdns --setgid=pdns)
P=20160
hold udp 127.0.0.1 $P;       cap inuse_udp 4 "${PD[@]}" --local-address=127.0.0.1 --local-port=$P; release
hold tcp 127.0.0.1 $P;       cap inuse_tcp 4 "${PD[@]}" --local-address=127.0.0.1 --local-port=$P; release
hold udp 127.0.0.1 $P reuse; cap inuse_udp_reuse 4 "${PD[@]}" --local-address=127.0.0.1 --local-port=$P; release
hold udp :: $P;              cap inuse_v6 4 "${PD[@]}" --local-address=::1 --local-port=$P; release
hold udp 0.0.0.0 $P;         cap inuse_default 4 "${PD[@]}" --local-port=$P; release
cap notavail 4 "${PD[@]}" --local-address=10.255.255.1 --local-port=$P
chown -R nobody $D
cap eacces 4 $NOBODY pdns_server --config-dir=$D --daemon=no --guardian=no --disable-syslog --write-pid=no \
  --socket-dir=$D --launch=bind --bind-config=$D/named.conf --local-address=127.0.0.1 --local-port=53
chown -R pdns $D
cap_bg normal "${PD[@]}" --local-address=127.0.0.1 --local-port=$P --log-dns-queries=yes --loglevel=6; sleep 1.5
dig +tries=1 +time=1 -p $P @127.0.0.1 a.test >/dev/null 2>&1; sleep 0.5; stop_bg
cap syntax 4 "${PD[@]}" --local-address=127.0.0.1 --local-port=$P --no-such-setting=1
