"""Re-runs of single cases whose first run stopped before any bind (appended, no reset).

As `nobody` several programs could not open /dev/stderr (a pipe owned by root): here the
pipe is one that nobody owns (harness own_pipe=True), so they get as far as the bind."""
import os
import sys
from harness import run_case, reset, new_port, http_get, tcp_poke, RUN, sh, write
from common import std, held, neg, udp_poke, mkd, hp

A = RUN + "/apps"
F = RUN + "/files"
N = RUN + "/net3"
E = "run as nobody (ip_unprivileged_port_start=1024); "


def munin_node():
    c = write(A + "/munin-nobody.conf", "log_level 4\nlog_file /dev/stderr\npid_file /tmp/nobody-home/munin.pid\nbackground 0\nsetsid 0\nallow ^127\\.0\\.0\\.1$\nhost 0.0.0.0\nport 80\n")
    run_case("munin-node", "bind", E + "munin-node.conf `host 0.0.0.0` `port 80`, log_file /dev/stderr (a pipe nobody owns)", ["munin-node", "--config", c, "--debug"],
             port=80, user="nobody", own_pipe=True, errno="EACCES", addr="0.0.0.0", cwd=A, timeout=8)


def monit():
    d = mkd(A + "/monit-nobody")
    f = write(d + "/monitrc", "set daemon 30\nset log /dev/stdout\nset idfile %s/id\nset statefile %s/state\nset pidfile %s/pid\nset httpd port 80 and use address 0.0.0.0\n  allow 127.0.0.1\n" % (d, d, d))
    os.chmod(f, 0o600)
    sh("chown -R 65534:65534 %s" % d)
    run_case("monit", "bind", E + "monitrc `set httpd port 80 and use address 0.0.0.0`, log /dev/stdout (a pipe nobody owns)", ["monit", "-I", "-c", f],
             port=80, user="nobody", own_pipe=True, errno="EACCES", addr="0.0.0.0", cwd=A, timeout=6)


def svnserve():
    run_case("svnserve", "bind", E + "svnserve -d --foreground --listen-host 0.0.0.0 --listen-port 80 --log-file /dev/stderr (a pipe nobody owns)",
             ["svnserve", "-d", "--foreground", "-r", F + "/svn", "--log-file", "/dev/stderr", "--listen-host", "0.0.0.0", "--listen-port", "80"],
             port=80, user="nobody", own_pipe=True, errno="EACCES", addr="0.0.0.0", cwd=F, timeout=6)


def nutcracker():
    c = write(N + "/nc-nobody.yml", "alpha:\n  listen: \"0.0.0.0:80\"\n  redis: true\n  servers:\n   - 127.0.0.1:6379:1\n")
    run_case("nutcracker", "bind", E + "nutcracker yaml `listen: 0.0.0.0:80`, -o /dev/stderr (a pipe nobody owns)", ["nutcracker", "-c", c, "-o", "/dev/stderr", "-s", "41080", "-v", "6", "-p", "/tmp/nobody-home/nc.pid"],
             port=80, user="nobody", own_pipe=True, errno="EACCES", addr="0.0.0.0", cwd=N, timeout=5)


def quasselcore():
    d = mkd("/tmp/nobody-home/quassel")
    sh("chown -R 65534:65534 %s" % d)
    run_case("quasselcore", "bind", E + "quasselcore --configdir=DIR(owned by nobody) --listen=0.0.0.0 --port=443",
             ["quasselcore", "--configdir=" + d, "--listen=0.0.0.0", "--port=443", "--loglevel=Info", "--logfile=/dev/stderr"],
             port=443, user="nobody", own_pipe=True, errno="EACCES", addr="0.0.0.0", cwd="/tmp/nobody-home", timeout=6)


def tinc():
    pass


if __name__ == "__main__":
    for name in sys.argv[1:]:
        globals()[name.replace("-", "_")]()
