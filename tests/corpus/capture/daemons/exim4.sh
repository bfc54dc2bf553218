#!/bin/bash
# exim4 (debian: exim4-daemon-light, Debian's default "local delivery only" config, no relay).
# Daemon in the foreground (-bdf) with -oX for port/interface; stderr captured, then the lines
# exim appended to /var/log/exim4/mainlog and paniclog. Private network namespace with only lo.
. "$(dirname "$0")/lib.sh"; lo_only
PROG=exim4
L=/var/log/exim4; mkdir -p $L
run() {  # run NAME [prefix...] -- exim args
  local name=$1; shift
  local m p; m=$(stat -c %s $L/mainlog 2>/dev/null || echo 0); p=$(stat -c %s $L/paniclog 2>/dev/null || echo 0)
  cap $name 4 "$@"
  tail -c +$((m + 1)) $L/mainlog 2>/dev/null >$RAW/$PROG/${name}_mainlog.txt
  tail -c +$((p + 1)) $L/paniclog 2>/dev/null >$RAW/$PROG/${name}_paniclog.txt
  echo "--- mainlog"; cat $RAW/$PROG/${name}_mainlog.txt; echo "--- paniclog"; cat $RAW/$PROG/${name}_paniclog.txt
}
P=20390
hold tcp 127.0.0.1 $P; run inuse_lo exim4 -bdf -oX $P; release
hold tcp :: $P;        run inuse_any exim4 -bdf -oX "<; 0.0.0.0.$P ; ::0.$P"; release
run notavail exim4 -bdf -oX "<; 10.255.255.1.$P"
run eacces $NOBODY exim4 -bdf -oX "<; 127.0.0.1.25"
cap_bg normal exim4 -bdf -oX $P; sleep 1
printf 'EHLO x\r\nMAIL FROM:<a@b>\r\nRCPT TO:<nobody@example.org>\r\nQUIT\r\n' | nc -q2 127.0.0.1 $P >/dev/null; sleep 0.5; stop_bg
m=$(stat -c %s $L/mainlog); sleep 0; tail -n 5 $L/mainlog >$RAW/$PROG/normal_mainlog.txt
