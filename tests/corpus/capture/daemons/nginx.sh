#!/bin/bash
# nginx (debian: nginx-light). Foreground with `daemon off;`, error_log to stderr.
. "$(dirname "$0")/lib.sh"
PROG=nginx
D=$RUN/nginx; mkdir -p $D/logs $D/html; echo hi >$D/html/index.html
conf() {  # conf LISTEN [extra server lines] [user line]
  cat >$D/nginx.conf <<C
${3:-}
worker_processes 1;
error_log ${ERRLOG:-stderr};
pid $D/nginx.pid;
events { worker_connections 64; }
http {
  access_log ${ACCESS:-/dev/stdout};
  client_body_temp_path $D/tmp; proxy_temp_path $D/tmp; fastcgi_temp_path $D/tmp;
  uwsgi_temp_path $D/tmp; scgi_temp_path $D/tmp;
  server { listen $1; root $D/html; ${2:-} }
}
C
}
NG="nginx -p $D -c $D/nginx.conf -g daemon\ off;"
P=20010
conf $P;            hold tcp 0.0.0.0 $P; cap inuse_v4 8 nginx -p $D -c $D/nginx.conf -g "daemon off;"; release
conf "[::]:$P";     hold tcp :: $P;      cap inuse_v6 8 nginx -p $D -c $D/nginx.conf -g "daemon off;"; release
conf "127.0.0.1:$P"; hold tcp 127.0.0.1 $P; cap inuse_lo 8 nginx -p $D -c $D/nginx.conf -g "daemon off;"; release
# error_log in a file (as Debian's nginx.conf): the early [emerg] lines also go to stderr
ERRLOG=$D/logs/error.log; conf $P; hold tcp 0.0.0.0 $P; cap inuse_v4_stderr 8 nginx -p $D -c $D/nginx.conf -g "daemon off;"; release
mkdir -p $RAW/$PROG; cp $D/logs/error.log $RAW/$PROG/inuse_v4_errorlog.txt; unset ERRLOG
conf "10.255.255.1:$P"; cap notavail 8 nginx -p $D -c $D/nginx.conf -g "daemon off;"
conf "[fd00::99]:$P"; cap notavail_v6 8 nginx -p $D -c $D/nginx.conf -g "daemon off;"
# EACCES: run the master as nobody (the `user` directive is ignored when not root)
chown -R nobody:nogroup $D
ACCESS=$D/logs/access.log conf 80; cap eacces 8 $NOBODY nginx -p $D -c $D/nginx.conf -g "daemon off;"
# negatives
conf $P 'location /up { proxy_pass http://127.0.0.1:29999; }'
cap_bg normal nginx -p $D -c $D/nginx.conf -g "daemon off;"; sleep 1
curl -s -o /dev/null http://127.0.0.1:$P/; curl -s -o /dev/null http://127.0.0.1:$P/missing
curl -s -o /dev/null http://127.0.0.1:$P/up; sleep 0.5; stop_bg
conf "$P; bogus_directive on;"; cap syntax 5 nginx -p $D -c $D/nginx.conf -g "daemon off;"
openssl req -x509 -newkey rsa:2048 -nodes -keyout $D/key.pem -out $D/cert.pem -days 1 -subj /CN=localhost 2>/dev/null
chmod 000 $D/key.pem; chown -R nobody:nogroup $D
ACCESS=$D/logs/access.log conf "$((P+1)) ssl" "ssl_certificate $D/cert.pem; ssl_certificate_key $D/key.pem;"
cap keyperm 5 $NOBODY nginx -p $D -c $D/nginx.conf -g "daemon off;"
