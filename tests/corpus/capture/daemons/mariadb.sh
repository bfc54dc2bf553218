#!/bin/bash
# mariadb (debian: mariadb-server). mariadbd in the foreground, --no-defaults, a throw-away datadir.
. "$(dirname "$0")/lib.sh"
PROG=mariadbd
D=$RUN/mariadb; rm -rf $D; mkdir -p $D; chown mysql:mysql $D
mariadb-install-db --no-defaults --user=mysql --datadir=$D/data --auth-root-authentication-method=normal >/dev/null 2>&1
M=(mariadbd --no-defaults --user=mysql --datadir=$D/data --socket=$D/s.sock --pid-file=$D/m.pid --skip-grant-tables)
P=20080
hold tcp 0.0.0.0 $P;   cap inuse_v4 15 "${M[@]}" --port=$P --bind-address=0.0.0.0; release
hold tcp :: $P;        cap inuse_v6 15 "${M[@]}" --port=$P; release
cap notavail 15 "${M[@]}" --port=$P --bind-address=10.255.255.1
chown -R nobody $D; cap eacces 15 $NOBODY "${M[@]}" --port=80 --bind-address=0.0.0.0; chown -R mysql $D
cap_bg normal "${M[@]}" --port=$P --bind-address=127.0.0.1; sleep 4
mariadb -h 127.0.0.1 -P 29999 -e 'select 1' >$RAW/$PROG/client_refused.txt 2>&1
stop_bg
cap bad_option 10 "${M[@]}" --port=$P --no-such-option
