#!/bin/bash
# smbd and nmbd (debian: samba). Foreground with --debug-stdout, a minimal smb.conf with private
# dirs; `smb ports` moves smbd; nmbd's 137/138 cannot be moved. Private network namespace with
# only lo.
. "$(dirname "$0")/lib.sh"; lo_only
D=$RUN/samba; mkdir -p $D/{lock,state,cache,private,pid,log,ncalrpc}
conf() {  # conf "smb ports / interfaces lines"
  cat >$D/smb.conf <<C
[global]
  workgroup = WG
  server role = standalone server
  lock directory = $D/lock
  state directory = $D/state
  cache directory = $D/cache
  private dir = $D/private
  pid directory = $D/pid
  ncalrpc dir = $D/ncalrpc
  log file = $D/log/%m.log
  disable spoolss = yes
  load printers = no
  $1
C
}
PROG=smbd
S=(smbd -F --no-process-group --debug-stdout -d 1 -s $D/smb.conf)
P=20340
conf "smb ports = $P";                                             hold tcp :: $P;        cap inuse_any 5 "${S[@]}"; release
conf "smb ports = $P
  interfaces = 127.0.0.1/8
  bind interfaces only = yes";                                     hold tcp 127.0.0.1 $P; cap inuse_lo 5 "${S[@]}"; release
conf "smb ports = $P
  interfaces = 10.255.255.1/32
  bind interfaces only = yes";                                     cap notavail 5 "${S[@]}"
conf "smb ports = 445";  chown -R nobody $D;                       cap eacces 5 $NOBODY "${S[@]}"; chown -R root $D
conf "smb ports = $P
  bogus option = yes";                                             cap syntax 5 "${S[@]}"
PROG=nmbd
N=(nmbd -F --no-process-group --debug-stdout -d 1 -s $D/smb.conf)
conf "";  hold udp 0.0.0.0 137;        cap inuse_137 5 "${N[@]}"; release
conf "";  hold udp 0.0.0.0 137 reuse;  cap inuse_137_reuse 5 "${N[@]}"; release
conf "";  chown -R nobody $D;          cap eacces 5 $NOBODY "${N[@]}"; chown -R root $D
# nmbd says nothing about the failed bind at -d 1; the same runs at -d 3
N3=(nmbd -F --no-process-group --debug-stdout -d 3 -s $D/smb.conf)
conf "";  hold udp 0.0.0.0 137;        cap inuse_137_d3 5 "${N3[@]}"; release
conf "";  chown -R nobody $D;          cap eacces_d3 5 $NOBODY "${N3[@]}"; chown -R root $D
