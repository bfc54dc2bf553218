#!/bin/bash
# mosquitto (debian: mosquitto). Foreground, log_dest stderr.
. "$(dirname "$0")/lib.sh"
PROG=mosquitto
D=$RUN/mosquitto; mkdir -p $D; chown nobody $D
conf() { printf 'log_dest stderr\nallow_anonymous true\nlistener %s\n%s\n' "$1" "${2:-}" >$D/m.conf; }
P=20110
conf "$P";              hold tcp 0.0.0.0 $P; cap inuse_v4 5 mosquitto -c $D/m.conf; release
conf "$P";              hold tcp :: $P;      cap inuse_v6 5 mosquitto -c $D/m.conf; release
conf "$P 0.0.0.0";      hold tcp 0.0.0.0 $P; cap inuse_v4_addr 5 mosquitto -c $D/m.conf; release
conf "$P 10.255.255.1"; cap notavail 5 mosquitto -c $D/m.conf
conf "883";             cap eacces 5 $NOBODY mosquitto -c $D/m.conf
conf "$P 127.0.0.1"; cap_bg normal mosquitto -c $D/m.conf; sleep 1
sleep 0.5; stop_bg
conf "$P" "bogus_option true"; cap syntax 5 mosquitto -c $D/m.conf
