# Shared helpers for the daemon capture scripts (documentation only; never run by CI).
#
# Every script sources this file, then for each case:
#   hold PROTO HOST PORT [reuse]   start a Python socket that binds (and for tcp listens on)
#                                  HOST:PORT first; "reuse" sets SO_REUSEADDR before bind;
#                                  HOST "::" is a dual-stack socket (IPV6_V6ONLY=0)
#   cap NAME SECONDS CMD...        run the real program in its own session with stdout and
#                                  stderr on one pipe into $RAW/<prog>/NAME.txt; if it is still
#                                  running after SECONDS it is stopped by its pid (SIGTERM,
#                                  then SIGKILL)
#   release                        stop the holder by its pid
# Raw outputs land in /tmp/daemon-raw/<prog>/; gen_toml.py copies them verbatim into
# tests/corpus/{bind,negative}/<prog>.toml with the annotations in specs.py.
# Only loopback traffic is ever sent; EADDRNOTAVAIL cases bind 10.255.255.1 or 192.0.2.1,
# which are not addresses of this host (the bind fails locally, no packet leaves).
set -u
RAW=/tmp/daemon-raw
RUN=/tmp/daemon-run
NOBODY="setpriv --reuid 65534 --regid 65534 --clear-groups --"
HOLDER_PIDS=()

hold() {
  local proto=$1 host=$2 port=$3 reuse=${4:-}
  local fifo; fifo=$(mktemp -u); mkfifo "$fifo"
  python3 - "$proto" "$host" "$port" "$reuse" >"$fifo" 2>&1 <<'PY' &
import socket, sys, time
proto, host, port, reuse = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
fam = socket.AF_INET6 if ":" in host else socket.AF_INET
s = socket.socket(fam, socket.SOCK_DGRAM if proto == "udp" else socket.SOCK_STREAM)
if reuse == "reuse":
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
if fam == socket.AF_INET6:
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
s.bind((host, port))
if proto == "tcp":
    s.listen(16)
print("held", flush=True)
time.sleep(900)
PY
  HOLDER_PIDS+=($!)
  read -r line <"$fifo"; rm -f "$fifo"
  [ "$line" = held ] || { echo "holder failed: $line" >&2; return 1; }
}

release() {
  local p
  for p in "${HOLDER_PIDS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  HOLDER_PIDS=()
}

cap() {
  local name=$1 secs=$2; shift 2
  mkdir -p "$RAW/$PROG"
  local out="$RAW/$PROG/$name.txt"
  setsid "$@" > >(cat >"$out") 2>&1 </dev/null &   # a pipe, as journald or a shell would see it
  local pid=$! i=0
  while kill -0 "$pid" 2>/dev/null && [ $i -lt $((secs * 10)) ]; do sleep 0.1; i=$((i + 1)); done
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null; sleep 1
    kill -KILL -- "-$pid" 2>/dev/null
  fi
  wait "$pid" 2>/dev/null; echo "exit=$?" >"$out.rc"; sleep 0.2
  echo "=== $PROG/$name ($(cat "$out.rc"))"; cat "$out"
}

# cap_bg NAME CMD...: start a long-running program (for negative cases that need a client);
# stop it later with `stop_bg`.
cap_bg() {
  local name=$1; shift
  mkdir -p "$RAW/$PROG"
  BG_OUT="$RAW/$PROG/$name.txt"
  setsid "$@" > >(cat >"$BG_OUT") 2>&1 </dev/null &
  BG_PID=$!
}
stop_bg() {
  kill -TERM -- "-$BG_PID" 2>/dev/null; sleep 1
  kill -KILL -- "-$BG_PID" 2>/dev/null; wait "$BG_PID" 2>/dev/null
  echo "=== $PROG/$(basename "$BG_OUT" .txt) (background)"; cat "$BG_OUT"
}

# A syslog daemon (rsyslogd with Debian 12's default file format) for programs that only
# log through /dev/log: their lines are recorded as /var/log/syslog would show them.
SYSLOG_FILE=$RAW/syslog.log
syslog_start() {
  cat >"$RUN/rsyslog-capture.conf" <<CONF
module(load="imuxsock")
\$WorkDirectory $RUN
*.* $SYSLOG_FILE
CONF
  rsyslogd -n -f "$RUN/rsyslog-capture.conf" -i "$RUN/rsyslogd.pid" &
  SYSLOG_PID=$!
  sleep 1
}
syslog_stop() { kill "$SYSLOG_PID" 2>/dev/null; wait "$SYSLOG_PID" 2>/dev/null; rm -f /dev/log; }
# syslog_mark NAME: copy what the syslog file gained since the last mark into $RAW/<prog>/NAME.txt
syslog_mark() {
  mkdir -p "$RAW/$PROG"; sleep 1
  local n; n=$(cat "$RUN/syslog.off" 2>/dev/null || echo 0)
  tail -c +$((n + 1)) "$SYSLOG_FILE" >"$RAW/$PROG/$1.txt"
  stat -c %s "$SYSLOG_FILE" >"$RUN/syslog.off"
  echo "=== $PROG/$1 (syslog)"; cat "$RAW/$PROG/$1.txt"
}

# lo_only: re-run the calling script inside a private network namespace whose only interface
# is lo (127.0.0.1, ::1), so a program that would talk to the network (DNS resolvers, NTP,
# mDNS, TURN ...) physically cannot send a packet anywhere else.
lo_only() {
  if [ -z "${IN_NETNS:-}" ]; then exec unshare -n env IN_NETNS=1 bash "$0" "$@"; fi
  ip link set lo up
}
