#!/bin/bash
# sshd (debian: openssh-server). Foreground (-D), log to stderr (-e), its own host key and config.
. "$(dirname "$0")/lib.sh"
PROG=sshd
D=$RUN/sshd; mkdir -p $D /run/sshd
[ -f $D/hk ] || ssh-keygen -q -t ed25519 -N '' -f $D/hk
printf 'HostKey %s/hk\nPidFile %s/sshd.pid\nUsePAM no\n' $D $D >$D/c
SS=(/usr/sbin/sshd -D -e -f $D/c)
P=20200
hold tcp 0.0.0.0 $P;   cap inuse_v4 3 "${SS[@]}" -p $P; release
hold tcp :: $P;        cap inuse_v6 3 "${SS[@]}" -p $P; release
hold tcp 127.0.0.1 $P; cap inuse_lo 3 "${SS[@]}" -o ListenAddress=127.0.0.1:$P; release
hold tcp 0.0.0.0 $P;   cap inuse_v4_inet 3 "${SS[@]}" -p $P -o AddressFamily=inet; release
cap notavail 3 "${SS[@]}" -o ListenAddress=10.255.255.1:$P
cap notavail_v6 3 "${SS[@]}" -o ListenAddress=[fd00::99]:$P
cp -r $D $D.nobody; chown -R nobody $D.nobody
printf 'HostKey %s/hk\nPidFile %s/sshd.pid\nUsePAM no\n' $D.nobody $D.nobody >$D.nobody/c
cap eacces 3 $NOBODY /usr/sbin/sshd -D -e -f $D.nobody/c -p 22
cap_bg normal "${SS[@]}" -o ListenAddress=127.0.0.1:$P; sleep 1
ssh -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -p $P nosuchuser@127.0.0.1 true >/dev/null 2>&1
ssh -o BatchMode=yes -p 29999 127.0.0.1 true >$RAW/$PROG/ssh_refused.txt 2>&1
sleep 0.5; stop_bg
printf 'BogusOption yes\n' >>$D/c; cap syntax 3 "${SS[@]}" -p $P
