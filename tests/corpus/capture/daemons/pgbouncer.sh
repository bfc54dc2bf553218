#!/bin/bash
# pgbouncer (debian: pgbouncer). Foreground (no -d), logs to stderr, run as user postgres.
. "$(dirname "$0")/lib.sh"
PROG=pgbouncer
D=$RUN/pgbouncer; mkdir -p $D; : >$D/users.txt; chown -R postgres $D
conf() {  # conf ADDR PORT [extra]
  printf '[databases]\n* = host=127.0.0.1 port=29999\n[pgbouncer]\nlisten_addr = %s\nlisten_port = %s\nunix_socket_dir = %s\nauth_type = trust\nauth_file = %s/users.txt\nlogfile =\n%s\n' \
    "$1" "$2" $D $D "${3:-}" >$D/p.ini
}
AS="setpriv --reuid postgres --regid postgres --init-groups --"
P=20300
conf 0.0.0.0 $P;      hold tcp 0.0.0.0 $P;   cap inuse_v4 3 $AS pgbouncer $D/p.ini; release
conf '*' $P;          hold tcp :: $P;        cap inuse_any 3 $AS pgbouncer $D/p.ini; release
conf 127.0.0.1 $P;    hold tcp 127.0.0.1 $P; cap inuse_lo 3 $AS pgbouncer $D/p.ini; release
conf ::1 $P;          hold tcp :: $P;        cap inuse_v6 3 $AS pgbouncer $D/p.ini; release
conf 10.255.255.1 $P; cap notavail 3 $AS pgbouncer $D/p.ini
conf 127.0.0.1 543;   cap eacces 3 $AS pgbouncer $D/p.ini
conf 127.0.0.1 $P
cap_bg normal $AS pgbouncer $D/p.ini; sleep 0.5
$AS psql -h 127.0.0.1 -p $P -U postgres -c 'select 1' db1 >/dev/null 2>&1; sleep 0.5; stop_bg
conf 127.0.0.1 $P "bogus_setting = 1"; cap syntax 3 $AS pgbouncer $D/p.ini
