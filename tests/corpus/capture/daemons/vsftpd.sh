#!/bin/bash
# vsftpd (debian: vsftpd). Standalone listener in the foreground (background=NO); errors go to the
# process's fd 0 as "500 OOPS: ..." (vsftpd writes errors to its FTP command fd, which is fd 0):
# with stdin at /dev/null, as under systemd, it prints NOTHING; so each run here gets fd 0 on
# the same pipe as stdout (what a terminal shows).
VS() { exec vsftpd "$@" 0>&1; }; export -f VS
. "$(dirname "$0")/lib.sh"
PROG=vsftpd
D=$RUN/vsftpd; mkdir -p $D/empty
conf() {  # conf "listen lines" PORT [extra]
  printf '%s\nlisten_port=%s\nbackground=NO\nsecure_chroot_dir=%s/empty\nanonymous_enable=NO\nxferlog_enable=YES\nvsftpd_log_file=/dev/stdout\nrun_as_launching_user=%s\n%s\n' \
    "$1" "$2" $D "${RUNAS:-NO}" "${3:-}" >$D/v.conf
}
P=20260
conf "listen=YES" $P;                               hold tcp 0.0.0.0 $P; cap inuse_v4 3 bash -c 'VS "$@"' _ $D/v.conf; release
conf "listen=NO
listen_ipv6=YES" $P;                                hold tcp :: $P;      cap inuse_v6 3 bash -c 'VS "$@"' _ $D/v.conf; release
conf "listen=YES
listen_address=10.255.255.1" $P;                    cap notavail 3 bash -c 'VS "$@"' _ $D/v.conf
RUNAS=YES conf "listen=YES" 21; chown -R nobody $D; cap eacces 3 $NOBODY bash -c 'VS "$@"' _ $D/v.conf; chown -R root $D
conf "listen=YES" $P "bogus_option=YES";            cap syntax 3 bash -c 'VS "$@"' _ $D/v.conf
conf "listen=YES
listen_address=127.0.0.1" $P
cap_bg normal bash -c 'VS "$@"' _ $D/v.conf; sleep 0.5
printf 'USER nosuchuser\r\nPASS x\r\nQUIT\r\n' | nc -q3 127.0.0.1 $P >/dev/null; sleep 0.5; stop_bg
