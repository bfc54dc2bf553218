#!/bin/bash
# postgresql 15 (debian: postgresql). The postmaster in the foreground as user postgres,
# a throw-away cluster in $RUN, logging to stderr (Debian's log_line_prefix '%m [%p] ').
. "$(dirname "$0")/lib.sh"
PROG=postgres
B=/usr/lib/postgresql/15/bin
D=$RUN/pg; rm -rf $D; mkdir -p $D/sock; chown -R postgres:postgres $D
AS="setpriv --reuid postgres --regid postgres --init-groups --"
$AS $B/initdb -D $D/data -A trust -U postgres >/dev/null
PG=($AS $B/postgres -D $D/data -k $D/sock -c 'log_line_prefix=%m [%p] ')
P=20070
hold tcp 0.0.0.0 $P;   cap inuse_v4 8 "${PG[@]}" -p $P -c listen_addresses='*'; release
hold tcp :: $P;        cap inuse_v6 8 "${PG[@]}" -p $P -c listen_addresses='*'; release
hold tcp 127.0.0.1 $P; cap inuse_localhost 8 "${PG[@]}" -p $P -c listen_addresses='localhost'; release
hold tcp 0.0.0.0 $P;   cap inuse_v4only 8 "${PG[@]}" -p $P -c listen_addresses='0.0.0.0'; release
cap notavail 8 "${PG[@]}" -p $P -c listen_addresses='10.255.255.1'
cap eacces 8 "${PG[@]}" -p 80 -c listen_addresses='*'
# a second postmaster on the same port as a running one
cap_bg normal "${PG[@]}" -p $P -c listen_addresses='127.0.0.1'; sleep 2
cap second 8 "${PG[@]}" -p $P -c listen_addresses='127.0.0.1'
D2=$RUN/pg2; rm -rf $D2; mkdir -p $D2; chown postgres $D2; $AS $B/initdb -D $D2/data -A trust -U postgres >/dev/null
cap second_cluster 8 $AS $B/postgres -D $D2/data -k $D/sock -c log_line_prefix='%m [%p] ' -p $P -c listen_addresses='127.0.0.1'
cap second_cluster_othersock 8 $AS $B/postgres -D $D2/data -k $D2 -c log_line_prefix='%m [%p] ' -p $P -c listen_addresses='127.0.0.1'
$AS psql -h 127.0.0.1 -p $P -U postgres -c 'select nosuchcol' >/dev/null 2>&1
$AS psql -h 127.0.0.1 -p 29999 -U postgres -c 'select 1' >$RAW/$PROG/psql_refused.txt 2>&1
stop_bg
cap bad_conf 8 "${PG[@]}" -p $P -c listen_addresses='127.0.0.1' -c shared_buffers=banana
# second cluster, no TCP at all, same Unix-socket directory and port: the socket lock file
cap_bg normal2 "${PG[@]}" -p $P -c listen_addresses='127.0.0.1'; sleep 2
cap socket_lock 8 $AS $B/postgres -D $D2/data -k $D/sock -c 'log_line_prefix=%m [%p] ' -p $P -c listen_addresses=''
stop_bg
