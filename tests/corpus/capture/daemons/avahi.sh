#!/bin/bash
# avahi-daemon (debian: avahi-daemon). mDNS is fixed to UDP 5353 (cannot be moved); foreground
# (no -D), D-Bus off, its own config; private network namespace with only lo.
. "$(dirname "$0")/lib.sh"; lo_only
PROG=avahi-daemon
D=$RUN/avahi; mkdir -p $D
printf '[server]\nuse-ipv4=yes\nuse-ipv6=yes\nenable-dbus=no\nallow-interfaces=lo\n[publish]\ndisable-publishing=yes\n' >$D/a.conf
A=(avahi-daemon -f $D/a.conf --no-rlimits --no-chroot)
hold udp 0.0.0.0 5353;       cap inuse_udp 3 "${A[@]}"; release
hold udp 0.0.0.0 5353 reuse; cap inuse_udp_reuse 3 "${A[@]}"; release
hold udp :: 5353;            cap inuse_udp6 3 "${A[@]}"; release
cap normal 3 "${A[@]}"
