#!/bin/bash
# xinetd (debian: xinetd). -dontfork with a one-service config; xinetd's own messages go to a
# file (-filelog) that is copied (without -filelog and with no /dev/log it exits 0 silently).
# Private network namespace with only lo.
. "$(dirname "$0")/lib.sh"; lo_only
PROG=xinetd
D=$RUN/xinetd; mkdir -p $D
conf() {  # conf PORT PROTO [bind] [extra]
  local st=stream; [ "$2" = udp ] && st=dgram
  cat >$D/x.conf <<C
defaults
{
  log_type = FILE $D/x.log
}
service portdoc-test
{
  type = UNLISTED
  port = $1
  socket_type = $st
  protocol = $2
  wait = $([ "$2" = udp ] && echo yes || echo no)
  user = nobody
  server = /bin/true
  ${3:+bind = $3}
  ${4:-}
}
C
}
run() {  # run NAME [prefix...]: stdout/stderr of xinetd, then its log file
  local name=$1; shift; rm -f $D/x.log $D/own.log
  cap $name 3 "$@" xinetd -filelog $D/own.log -dontfork -pidfile $D/x.pid -f $D/x.conf
  [ -f $D/own.log ] && cp $D/own.log $RAW/$PROG/${name}_log.txt && cat $D/own.log
}
P=20370
conf $P tcp;                hold tcp :: $P;        run inuse_tcp; release
conf $P tcp 127.0.0.1;      hold tcp 127.0.0.1 $P; run inuse_lo; release
conf $P udp;                hold udp 0.0.0.0 $P;   run inuse_udp; release
conf $P tcp 10.255.255.1;   run notavail
conf 79 tcp;                chmod 777 $D; run eacces $NOBODY; chown -R root $D
conf $P tcp "" "bogus_attr = yes"; run syntax
conf $P tcp 127.0.0.1; rm -f $D/x.log $D/own.log
cap_bg normal xinetd -filelog $D/own.log -dontfork -pidfile $D/x.pid -f $D/x.conf; sleep 1
nc -q1 127.0.0.1 $P </dev/null; sleep 0.5; stop_bg; cat $D/own.log $D/x.log >$RAW/$PROG/normal_log.txt; cat $RAW/$PROG/normal_log.txt
