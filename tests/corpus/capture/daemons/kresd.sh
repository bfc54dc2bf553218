#!/bin/bash
# kresd (debian: knot-resolver). Foreground (-n), a Lua config that only listens, with the
# priming and time-skew modules unloaded; run in a private network namespace with only lo.
. "$(dirname "$0")/lib.sh"; lo_only
PROG=kresd
D=$RUN/kresd; rm -rf $D; mkdir -p $D; chown knot-resolver $D 2>/dev/null || chown nobody $D
conf() {  # conf "net.listen(...)" [extra]
  cat >$D/k.conf <<C
modules.unload('priming')
modules.unload('detect_time_skew')
modules.unload('detect_time_jump')
modules.unload('ta_signal_query')
cache.open(10 * MB, 'lmdb://$D/cache')
$1
${2:-}
C
}
K=(kresd -n -c $D/k.conf $D)
P=20150
conf "net.listen('127.0.0.1', $P, { kind = 'dns' })"
hold udp 127.0.0.1 $P;       cap inuse_udp 4 "${K[@]}"; release
hold tcp 127.0.0.1 $P;       cap inuse_tcp 4 "${K[@]}"; release
hold udp 127.0.0.1 $P reuse; cap inuse_udp_reuse 4 "${K[@]}"; release
conf "net.listen('::1', $P, { kind = 'dns' })"
hold udp :: $P;              cap inuse_v6 4 "${K[@]}"; release
conf "net.listen('10.255.255.1', $P, { kind = 'dns' })"; cap notavail 4 "${K[@]}"
conf "net.listen('127.0.0.1', 53, { kind = 'dns' })"; chown -R nobody $D; cap eacces 4 $NOBODY "${K[@]}"
conf "net.listen('127.0.0.1', $P, { kind = 'dns' })" "policy.add(policy.suffix(policy.DENY, {todname('test.')}))"
cap_bg normal "${K[@]}"; sleep 1.5
dig +tries=1 +time=1 -p $P @127.0.0.1 a.test >/dev/null 2>&1; sleep 0.5; stop_bg
conf "net.listen('127.0.0.1', $P, { kind = 'dns' })" "bogus_call("; cap syntax 4 "${K[@]}"
