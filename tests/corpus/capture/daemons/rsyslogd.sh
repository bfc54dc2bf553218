#!/bin/bash
# rsyslogd (debian: rsyslog). Foreground (-n) with a config that only loads imudp/imtcp on a test
# port and writes everything (including rsyslogd's own messages) to a file; stderr captured too.
. "$(dirname "$0")/lib.sh"
PROG=rsyslogd
D=$RUN/rsyslog; mkdir -p $D
conf() {  # conf "inputs"
  cat >$D/r.conf <<C
global(workDirectory="$D")
$1
*.* action(type="omfile" file="$D/out.log")
C
}
run() {  # run NAME [prefix...]: capture stderr, then the lines rsyslogd wrote to its file
  local name=$1; shift; rm -f $D/out.log
  cap $name 3 "$@" rsyslogd -n -f $D/r.conf -i $D/r.pid
  cp $D/out.log $RAW/$PROG/${name}_file.txt 2>/dev/null; cat $RAW/$PROG/${name}_file.txt 2>/dev/null
}
P=20180
conf "module(load=\"imudp\") input(type=\"imudp\" port=\"$P\")"
hold udp 0.0.0.0 $P;       run inuse_udp; release
hold udp 0.0.0.0 $P reuse; run inuse_udp_reuse; release
hold udp :: $P;            run inuse_udp_v6; release
conf "module(load=\"imtcp\") input(type=\"imtcp\" port=\"$P\")"
hold tcp 0.0.0.0 $P;       run inuse_tcp; release
conf "module(load=\"imudp\") input(type=\"imudp\" port=\"$P\" address=\"10.255.255.1\")"; run notavail
conf "module(load=\"imtcp\") input(type=\"imtcp\" port=\"$P\" address=\"10.255.255.1\")"; run notavail_tcp
chown -R nobody $D
conf "module(load=\"imudp\") input(type=\"imudp\" port=\"514\")"; run eacces $NOBODY
conf "module(load=\"imtcp\") input(type=\"imtcp\" port=\"514\")"; run eacces_tcp $NOBODY
chown -R root $D
conf "module(load=\"imudp\") input(type=\"imudp\" port=\"$P\" address=\"127.0.0.1\")"
rm -f $D/out.log; cap_bg normal rsyslogd -n -f $D/r.conf -i $D/r.pid; sleep 1
logger -n 127.0.0.1 -P $P -d -t myapp 'hello from logger'; sleep 0.5; stop_bg; cp $D/out.log $RAW/$PROG/normal_file.txt
conf "bogus_statement on"; run syntax
