#!/bin/bash
# stunnel (debian: stunnel4). foreground = yes (logs to stderr), one service, a self-signed cert.
. "$(dirname "$0")/lib.sh"
PROG=stunnel
D=$RUN/stunnel; mkdir -p $D
[ -f $D/cert.pem ] || openssl req -x509 -newkey rsa:2048 -nodes -keyout $D/key.pem -out $D/cert.pem -days 1 -subj /CN=localhost 2>/dev/null
conf() {  # conf ACCEPT [key]
  printf 'foreground = yes\npid =\ndebug = 5\n[svc]\naccept = %s\nconnect = 127.0.0.1:29999\ncert = %s/cert.pem\nkey = %s\n' "$1" $D "${2:-$D/key.pem}" >$D/s.conf
}
P=20290
conf $P;                 hold tcp :: $P;        cap inuse_default 3 stunnel $D/s.conf; release
conf 0.0.0.0:$P;         hold tcp 0.0.0.0 $P;   cap inuse_v4 3 stunnel $D/s.conf; release
conf 127.0.0.1:$P;       hold tcp 127.0.0.1 $P; cap inuse_lo 3 stunnel $D/s.conf; release
conf :::$P;              hold tcp :: $P;        cap inuse_v6 3 stunnel $D/s.conf; release
conf 10.255.255.1:$P;    cap notavail 3 stunnel $D/s.conf
chmod 644 $D/key.pem; conf 443; cap eacces 3 $NOBODY stunnel $D/s.conf
cp $D/key.pem $D/key000.pem; chmod 000 $D/key000.pem
conf 127.0.0.1:$P $D/key000.pem; cap keyperm 3 $NOBODY stunnel $D/s.conf
conf 127.0.0.1:$P
cap_bg normal stunnel $D/s.conf; sleep 0.5
echo | timeout 3 openssl s_client -connect 127.0.0.1:$P >/dev/null 2>&1; sleep 0.5; stop_bg
printf 'bogus = yes\n' >>$D/s.conf; cap syntax 3 stunnel $D/s.conf
