#!/bin/bash
# nc (debian: netcat-openbsd), ncat (debian: ncat), busybox httpd / nc / udpsvd (debian: busybox).
. "$(dirname "$0")/lib.sh"
P=20240
PROG=nc
hold tcp 0.0.0.0 $P;       cap inuse_v4 3 nc -l $P; release
hold tcp 127.0.0.1 $P;     cap inuse_lo 3 nc -l 127.0.0.1 $P; release
hold tcp :: $P;            cap inuse_v6 3 nc -6 -l $P; release
hold udp 0.0.0.0 $P;       cap inuse_udp 3 nc -u -l $P; release
hold udp 0.0.0.0 $P reuse; cap inuse_udp_reuse 3 nc -u -l $P; release
cap notavail 3 nc -l 10.255.255.1 $P
cap eacces 3 $NOBODY nc -l 80
cap eacces_udp 3 $NOBODY nc -u -l 123
cap refused 3 nc -v 127.0.0.1 29999
cap listening 2 nc -v -l 127.0.0.1 $P
PROG=ncat
hold tcp 0.0.0.0 $P;       cap inuse_v4 3 ncat -l $P; release
hold tcp 127.0.0.1 $P;     cap inuse_lo 3 ncat -l 127.0.0.1 $P; release
hold tcp :: $P;            cap inuse_v6 3 ncat -6 -l $P; release
hold udp 0.0.0.0 $P;       cap inuse_udp 3 ncat -u -l $P; release
hold udp 0.0.0.0 $P reuse; cap inuse_udp_reuse 3 ncat -u -l $P; release
cap notavail 3 ncat -l 10.255.255.1 $P
cap eacces 3 $NOBODY ncat -l 80
cap refused 3 ncat -v 127.0.0.1 29999
cap listening 2 ncat -v -l 127.0.0.1 $P
PROG=busybox
hold tcp 0.0.0.0 $P;       cap httpd_inuse 3 busybox httpd -f -p $P; release
hold tcp :: $P;            cap httpd_inuse_v6 3 busybox httpd -f -p [::]:$P; release
cap httpd_notavail 3 busybox httpd -f -p 10.255.255.1:$P
cap httpd_eacces 3 $NOBODY busybox httpd -f -p 80
hold tcp 0.0.0.0 $P;       cap nc_inuse 3 busybox nc -l -p $P; release
cap nc_eacces 3 $NOBODY busybox nc -l -p 80
hold udp 0.0.0.0 $P;       cap udpsvd_inuse 3 busybox udpsvd 0 $P true; release
cap udpsvd_eacces 3 $NOBODY busybox udpsvd 0 69 true
cap udpsvd_notavail 3 busybox udpsvd 10.255.255.1 $P true
hold tcp 0.0.0.0 $P;       cap tcpsvd_inuse 3 busybox tcpsvd 0 $P true; release
cap nc_refused 3 busybox nc 127.0.0.1 29999
cap_bg httpd_normal busybox httpd -f -vv -p 127.0.0.1:$P -h /nonexistent; sleep 0.5
curl -s -o /dev/null http://127.0.0.1:$P/x; sleep 0.3; stop_bg
