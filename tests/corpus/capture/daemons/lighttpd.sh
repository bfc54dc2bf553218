#!/bin/bash
# lighttpd (debian: lighttpd). Foreground with -D; errorlog defaults to stderr.
. "$(dirname "$0")/lib.sh"
PROG=lighttpd
D=$RUN/lighttpd; mkdir -p $D/htdocs; echo hi >$D/htdocs/index.html
conf() {  # conf PORT [BIND] [extra]
  cat >$D/l.conf <<C
server.document-root = "$D/htdocs"
server.port = $1
${2:+server.bind = \"$2\"}
server.modules += ("mod_accesslog", "mod_proxy")
accesslog.filename = "/dev/stdout"
${3:-}
C
}
P=20040
conf $P;                  hold tcp 0.0.0.0 $P; cap inuse_v4 5 lighttpd -D -f $D/l.conf; release
conf $P "[::]";           hold tcp :: $P;      cap inuse_v6 5 lighttpd -D -f $D/l.conf; release
conf $P "127.0.0.1";      hold tcp 127.0.0.1 $P; cap inuse_lo 5 lighttpd -D -f $D/l.conf; release
conf $P "10.255.255.1";   cap notavail 5 lighttpd -D -f $D/l.conf
conf 80;                  cap eacces 5 $NOBODY lighttpd -D -f $D/l.conf
conf $P "" 'proxy.server = ("/up" => (("host" => "127.0.0.1", "port" => 29999)))'
cap_bg normal lighttpd -D -f $D/l.conf; sleep 1
curl -s -o /dev/null http://127.0.0.1:$P/; curl -s -o /dev/null http://127.0.0.1:$P/missing
curl -s -o /dev/null http://127.0.0.1:$P/up; sleep 0.5; stop_bg
conf $P "" 'bogus.directive = "x"'; cap syntax 5 lighttpd -D -f $D/l.conf
conf $P "" 'server.bogus = '; cap syntax2 5 lighttpd -D -f $D/l.conf
