#!/bin/sh
# strace's record of a failing bind(), as an operator pastes it (documentation only, never run
# by CI). Run in a private network namespace with only lo up:
#   unshare -n sh -c 'ip link set lo up; sh capture.sh OUTDIR'
# Holders are plain Python sockets; the traced server is `python3 -m http.server` (TCP) or
# socat (UDP). Each output file is what strace and the server printed together on one pipe.
set -u
out=${1:?outdir}
mkdir -p "$out"
py=/usr/bin/python3
$py -c 'import socket,time;s=socket.socket();s.bind(("0.0.0.0",41999));s.listen();time.sleep(60)' & h1=$!
$py -c 'import socket,time;s=socket.socket(socket.AF_INET6);s.bind(("::",41998));s.listen();time.sleep(60)' & h2=$!
$py -c 'import socket,time;s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM);s.bind(("0.0.0.0",41996));time.sleep(60)' & h3=$!
sleep 0.5
strace -e trace=bind,listen $py -m http.server 41999 --bind 0.0.0.0 >"$out/inuse-v4.txt" 2>&1
strace -e trace=bind $py -m http.server 41998 --bind :: >"$out/inuse-v6.txt" 2>&1
strace -e trace=bind setpriv --reuid 65534 --regid 65534 --clear-groups -- $py -m http.server 80 --bind 127.0.0.1 >"$out/eacces.txt" 2>&1
strace -e trace=bind $py -m http.server 41997 --bind 192.0.2.1 >"$out/notavail.txt" 2>&1
strace -e trace=bind socat UDP4-RECV:41996 - >"$out/udp-inuse.txt" 2>&1 </dev/null
kill $h1 $h2 $h3
