#!/bin/bash
# rabbitmq-server (debian: rabbitmq-server, Erlang). Foreground, logs to stdout (RABBITMQ_LOGS=-),
# throw-away mnesia dir, run as user rabbitmq; private network namespace with only lo (so epmd
# on 4369 and the dist port are private too).
. "$(dirname "$0")/lib.sh"; lo_only
PROG=rabbitmq-server
D=$RUN/rabbitmq; rm -rf $D; mkdir -p $D; chown rabbitmq:rabbitmq $D
R() {  # R NAME SECONDS [env...]
  local name=$1 secs=$2; shift 2
  cap $name $secs setpriv --reuid rabbitmq --regid rabbitmq --init-groups -- env HOME=$D \
    RABBITMQ_NODENAME=rabbit@localhost RABBITMQ_MNESIA_BASE=$D/mnesia RABBITMQ_LOG_BASE=$D/log \
    RABBITMQ_LOGS=- RABBITMQ_ENABLED_PLUGINS_FILE=$D/enabled_plugins RABBITMQ_PID_FILE=$D/pid \
    RABBITMQ_CONFIG_FILE=$D/rabbitmq "$@" /usr/lib/rabbitmq/bin/rabbitmq-server
}
: >$D/rabbitmq.conf; chown rabbitmq $D/rabbitmq.conf
P=20310
hold tcp :: $P;        R inuse_default 40 RABBITMQ_NODE_PORT=$P; release
hold tcp 127.0.0.1 $P; R inuse_lo 40 RABBITMQ_NODE_PORT=$P RABBITMQ_NODE_IP_ADDRESS=127.0.0.1; release
R notavail 40 RABBITMQ_NODE_PORT=$P RABBITMQ_NODE_IP_ADDRESS=10.255.255.1
hold tcp :: 25672;     R inuse_dist 40 RABBITMQ_NODE_PORT=$P RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_DIST_PORT=25672; release
R normal 25 RABBITMQ_NODE_PORT=$P RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
# epmd started by the runs above belongs to user rabbitmq in this namespace; stop it by pid
for p in $(pgrep -u rabbitmq -x epmd); do   # only the epmd of THIS network namespace (ours)
  [ "$(readlink /proc/$p/ns/net)" = "$(readlink /proc/self/ns/net)" ] && kill $p
done
