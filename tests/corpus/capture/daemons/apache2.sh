#!/bin/bash
# apache2 (debian: apache2). Foreground with -DFOREGROUND, a minimal config, ErrorLog on stderr.
. "$(dirname "$0")/lib.sh"
PROG=apache2
D=$RUN/apache2; mkdir -p $D/htdocs $D/logs; echo hi >$D/htdocs/index.html
M=/usr/lib/apache2/modules
conf() {  # conf "Listen lines" [extra]
  cat >$D/httpd.conf <<C
ServerRoot $D
PidFile $D/httpd.pid
LoadModule mpm_event_module $M/mod_mpm_event.so
LoadModule authz_core_module $M/mod_authz_core.so
LoadModule proxy_module $M/mod_proxy.so
LoadModule proxy_http_module $M/mod_proxy_http.so
$1
DocumentRoot $D/htdocs
ErrorLog /dev/stderr
LogFormat "%h %l %u %t \"%r\" %>s %O \"%{Referer}i\" \"%{User-Agent}i\"" combined
CustomLog ${ACCESS:-/dev/stdout} combined
${2:-}
C
}
A() { apache2 -f $D/httpd.conf -DFOREGROUND; }
P=20020
conf "Listen $P";               hold tcp 0.0.0.0 $P; cap inuse_v4 8 apache2 -f $D/httpd.conf -DFOREGROUND; release
conf "Listen [::]:$P";          hold tcp :: $P;      cap inuse_v6 8 apache2 -f $D/httpd.conf -DFOREGROUND; release
conf "Listen $P";               hold tcp :: $P;      cap inuse_v4_heldv6 8 apache2 -f $D/httpd.conf -DFOREGROUND; release
conf "Listen 10.255.255.1:$P";  cap notavail 8 apache2 -f $D/httpd.conf -DFOREGROUND
chown -R nobody:nogroup $D
ACCESS=$D/logs/access.log conf "Listen 80"; cap eacces 8 $NOBODY apache2 -f $D/httpd.conf -DFOREGROUND
conf "Listen $P" "ProxyPass /up http://127.0.0.1:29999/"
cap_bg normal apache2 -f $D/httpd.conf -DFOREGROUND; sleep 1.5
curl -s -o /dev/null http://127.0.0.1:$P/; curl -s -o /dev/null http://127.0.0.1:$P/missing
curl -s -o /dev/null http://127.0.0.1:$P/up; sleep 0.5; stop_bg
conf "Listen $P" "BogusDirective on"; cap syntax 5 apache2 -f $D/httpd.conf -DFOREGROUND
