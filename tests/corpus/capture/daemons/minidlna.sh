#!/bin/bash
# minidlnad (debian: minidlna). Debug/foreground (-d), its own config and db dir; SSDP is fixed
# to UDP 1900 (multicast); private network namespace with only lo.
. "$(dirname "$0")/lib.sh"; lo_only
PROG=minidlnad
D=$RUN/minidlna; mkdir -p $D/media $D/db
conf() { printf 'media_dir=%s/media\ndb_dir=%s/db\nlog_dir=%s\nport=%s\nnetwork_interface=lo\ninotify=no\nfriendly_name=t\n' $D $D $D "$1" >$D/m.conf; }
M=(minidlnad -d -f $D/m.conf -P $D/m.pid)
P=20330
conf $P; hold tcp 0.0.0.0 $P;   cap inuse_http 4 "${M[@]}"; release
conf $P; hold udp 0.0.0.0 1900; cap inuse_ssdp 4 "${M[@]}"; release
conf 80; chown -R nobody $D;    cap eacces_http 4 $NOBODY "${M[@]}"; chown -R root $D
