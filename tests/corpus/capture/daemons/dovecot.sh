#!/bin/bash
# dovecot (debian: dovecot-imapd). Foreground (-F), a minimal config with log_path /dev/stderr,
# only imap, a test port on the imap-login inet_listener.
. "$(dirname "$0")/lib.sh"
PROG=dovecot
D=$RUN/dovecot; mkdir -p $D/base
conf() {  # conf LISTEN PORT [extra]
  cat >$D/d.conf <<C
protocols = imap
listen = $1
base_dir = $D/base
log_path = /dev/stderr
info_log_path = /dev/stderr
ssl = no
mail_location = mbox:~/mail:INBOX=/var/mail/%u
passdb {
  driver = pam
}
userdb {
  driver = passwd
}
service imap-login {
  inet_listener imap {
    port = $2
  }
  inet_listener imaps {
    port = 0
  }
}
${3:-}
C
}
P=20220
conf "*" $P;               hold tcp 0.0.0.0 $P;   cap inuse_v4 4 dovecot -F -c $D/d.conf; release
conf "*, ::" $P;           hold tcp :: $P;        cap inuse_v6 4 dovecot -F -c $D/d.conf; release
conf "127.0.0.1" $P;       hold tcp 127.0.0.1 $P; cap inuse_lo 4 dovecot -F -c $D/d.conf; release
conf "10.255.255.1" $P;    cap notavail 4 dovecot -F -c $D/d.conf
conf "*" 143;              chown -R nobody $D;  cap eacces 4 $NOBODY dovecot -F -c $D/d.conf; chown -R root $D
conf "127.0.0.1" $P "bogus_setting = yes"; cap syntax 4 dovecot -F -c $D/d.conf
conf "127.0.0.1" $P
cap_bg normal dovecot -F -c $D/d.conf; sleep 1
printf 'a LOGIN nosuchuser pw\r\nb LOGOUT\r\n' | nc -q2 127.0.0.1 $P >/dev/null; sleep 0.5; stop_bg
