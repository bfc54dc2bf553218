#!/bin/bash
# postfix (debian: postfix, "Local only"). `postfix start-fg` (master in the foreground); the smtp
# service moved to a test address:port with postconf -M; no relayhost, loopback only.
# Logging: maillog_file=/dev/stdout (postfix's own logger), and in a second pass through syslog
# (rsyslogd from lib.sh) as /var/log/mail.log would show it. /etc/postfix/{main,master}.cf are
# backed up and restored.
. "$(dirname "$0")/lib.sh"
PROG=postfix
cp -a /etc/postfix/main.cf /etc/postfix/master.cf $RUN/ 2>/dev/null
trap 'cp -a $RUN/main.cf $RUN/master.cf /etc/postfix/' EXIT
postconf -e relayhost= inet_interfaces=all inet_protocols=all
svc() { postconf -M "$1/inet=$1 inet n - y - - smtpd"; postconf -MX 'smtp/inet' 2>/dev/null; }
reset() { cp -a $RUN/master.cf /etc/postfix/master.cf; postconf -MX 'smtp/inet'; }
P=20210
passes() {  # passes SUFFIX
  reset; postconf -M "0.0.0.0:$P/inet=0.0.0.0:$P inet n - y - - smtpd"
  hold tcp 0.0.0.0 $P; cap inuse_v4$1 6 postfix start-fg; release; [ -z "$1" ] || syslog_mark inuse_v4_lines
  reset; postconf -M "$P/inet=$P inet n - y - - smtpd"
  hold tcp :: $P; cap inuse_v6$1 6 postfix start-fg; release; [ -z "$1" ] || syslog_mark inuse_v6_lines
  reset; postconf -M "10.255.255.1:$P/inet=10.255.255.1:$P inet n - y - - smtpd"
  cap notavail$1 6 postfix start-fg; [ -z "$1" ] || syslog_mark notavail_lines
}
postconf -e maillog_file=/dev/stdout
passes ""
reset; postconf -M "127.0.0.1:$P/inet=127.0.0.1:$P inet n - y - - smtpd"
cap_bg normal postfix start-fg; sleep 2
printf 'EHLO x\r\nMAIL FROM:<a@b>\r\nRCPT TO:<nobody@example.org>\r\nQUIT\r\n' | nc -q2 127.0.0.1 $P >/dev/null
sleep 1; postfix stop >/dev/null 2>&1; sleep 1; stop_bg   # master runs in its own session: stop it the postfix way
postconf -e maillog_file=
syslog_start; syslog_mark start
passes "_syslog"
syslog_stop
postconf -e maillog_file= inet_interfaces=loopback-only
