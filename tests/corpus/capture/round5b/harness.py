"""Round-5 (helper b) capture harness, adapted from round 3 (blind test set; never run by CI).

Every capture script is run inside a private network namespace with only `lo` up:

    unshare -n sh -c 'ip link set lo up; python3 capture_daemons.py PROGRAM...'

so no packet can leave the machine, and net.ipv4.ip_unprivileged_port_start is the
namespace's own (default 1024), so the host's sysctl is never changed.

Each case: optionally start a *holder* (a plain python socket bound first), start the
real program, read everything it prints on one pipe (stdout+stderr together), stop it
by process group id, and append the raw record to /tmp/round5b/raw/<program>.jsonl.
gen_toml.py turns those raw records plus the hand-checked annotations
(annotations.py) into /tmp/round5b/bind/*.toml and /tmp/round5b/negative/*.toml.

Only loopback traffic is ever sent (negative cases talk to 127.0.0.1 / ::1).
EADDRNOTAVAIL cases bind 192.0.2.1 / 10.255.255.1, which are not on the namespace:
the bind fails locally and no packet is sent.
"""
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

RAW = os.environ.get("ROUND3_RAW", "/tmp/round5b/raw")
RUN = "/tmp/round5b/run"
NOBODY = ["setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups", "--"]
HOLDER = r'''
import socket, sys, time
proto, host, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
fam = socket.AF_INET6 if ":" in host else socket.AF_INET
s = socket.socket(fam, socket.SOCK_DGRAM if proto == "udp" else socket.SOCK_STREAM)
if fam == socket.AF_INET6:
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)   # [::] = dual stack
s.bind((host, port))
if proto == "tcp":
    s.listen(16)
print("held", flush=True)
time.sleep(900)
'''

_next_port = [int(os.environ.get("ROUND3_PORT_BASE", "45000"))]


def in_private_netns():
    # a fresh namespace made by `unshare -n` has no interface but lo
    with open("/proc/net/dev") as f:
        names = [l.split(":")[0].strip() for l in f.readlines()[2:]]
    # lo only; or lo plus the dummy r3dummy0 (a dummy device drops everything it is given)
    return names == ["lo"] or sorted(names) == ["lo", "r3dummy0"]


def port_free(port):
    for fam, host in ((socket.AF_INET, "0.0.0.0"), (socket.AF_INET6, "::")):
        for typ in (socket.SOCK_STREAM, socket.SOCK_DGRAM):
            s = socket.socket(fam, typ)
            try:
                if fam == socket.AF_INET6:
                    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
                s.bind((host, port))
            except OSError:
                return False
            finally:
                s.close()
    return True


def new_port():
    while True:
        p = _next_port[0]
        _next_port[0] += 1
        if p > 49999:
            raise RuntimeError("out of ports")
        if port_free(p):
            return p


def hold(proto, host, port):
    p = subprocess.Popen([sys.executable, "-c", HOLDER, proto, host, str(port)],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         start_new_session=True)
    line = p.stdout.readline()
    if b"held" not in line:
        raise RuntimeError("holder failed: %r" % line)
    return p


def stop(p, sig=signal.SIGTERM, grace=6):
    if p.poll() is not None:
        # the leader is gone; make sure nothing of its group survives
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        return
    try:
        os.killpg(p.pid, sig)
    except ProcessLookupError:
        return
    try:
        p.wait(grace)
    except subprocess.TimeoutExpired:
        pass
    try:
        os.killpg(p.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    p.wait()


def wait_listening(port, proto="tcp", timeout=30, host="127.0.0.1"):
    end = time.time() + timeout
    while time.time() < end:
        if proto == "udp":
            out = subprocess.run(["ss", "-Hulpn", "sport = :%d" % port],
                                 capture_output=True, text=True).stdout
            if out.strip():
                return True
        else:
            out = subprocess.run(["ss", "-Htlpn", "sport = :%d" % port],
                                 capture_output=True, text=True).stdout
            if out.strip():
                return True
        time.sleep(0.3)
    return False


def http_get(port, path="/", host="127.0.0.1"):
    h = "[%s]" % host if ":" in host else host
    try:
        with urllib.request.urlopen("http://%s:%d%s" % (h, port, path), timeout=5) as r:
            r.read()
    except Exception:
        pass


def tcp_poke(port, data=b"", host="127.0.0.1"):
    try:
        with socket.create_connection((host, port), timeout=3) as s:
            if data:
                s.sendall(data)
            s.settimeout(2)
            try:
                s.recv(4096)
            except OSError:
                pass
    except OSError:
        pass


def sh(cmd):
    subprocess.run(cmd, shell=True, check=False)


def run_case(program, kind, staged, cmd, *, port=None, hold_spec=None, user=None,
             env=None, cwd=RUN, timeout=8, proto="tcp", errno=None, addr=None,
             during=None, stop_signal=signal.SIGTERM, shell=False, settle=1.0,
             note=None, listen_timeout=30, after_wait=0.0, nobody_home=True, own_pipe=False):
    """Run one case and append the raw record.  Strings in cmd/staged may use {port}."""
    assert in_private_netns(), "run the capture scripts under unshare -n"
    os.makedirs(RAW, exist_ok=True)
    os.makedirs(cwd, exist_ok=True)
    if port is None:
        port = new_port()
    fmt = lambda s: s.replace("{port}", str(port))
    staged = fmt(staged)
    cmd = fmt(cmd) if isinstance(cmd, str) else [fmt(c) for c in cmd]
    holder = None
    if hold_spec:
        holder = hold(hold_spec[0], hold_spec[1], port)
    full_env = dict(os.environ)
    full_env.pop("RUST_BACKTRACE", None)   # the session's own setting, not a typical server's
    full_env.update({"PYTHONUNBUFFERED": "1", "NO_COLOR": "1", "TERM": "dumb"})
    if env:
        full_env.update({k: fmt(v) for k, v in env.items()})
    argv = cmd
    if shell and user != "nobody":
        argv = ["/bin/sh", "-c", cmd]
    if user == "nobody":
        argv = NOBODY + (["/bin/sh", "-c", cmd] if shell else cmd)
        if own_pipe:
            # the program reopens /dev/stderr: give it a pipe that nobody owns
            argv = NOBODY + ["/bin/sh", "-c", '"$@" 2>&1 | cat', "sh"] + (["/bin/sh", "-c", cmd] if shell else cmd)
        if nobody_home:
            os.makedirs("/tmp/nobody-home", exist_ok=True)
            os.chown("/tmp/nobody-home", 65534, 65534)
            full_env["HOME"] = "/tmp/nobody-home"
    t0 = time.time()
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         stdin=subprocess.DEVNULL, env=full_env, cwd=cwd,
                         start_new_session=True)
    still_running = False
    if during is not None:
        ok = wait_listening(port, proto, timeout=listen_timeout)
        if ok:
            time.sleep(settle)
            during(port)
            time.sleep(settle)
        else:
            print("!!! never listened on", port)
        still_running = p.poll() is None
        stop(p, stop_signal)
    else:
        try:
            p.wait(timeout)
        except subprocess.TimeoutExpired:
            still_running = True
        time.sleep(after_wait)
        stop(p, stop_signal)
    out = p.stdout.read()
    rc = p.wait()
    if holder:
        stop(holder)
    text = out.decode("utf-8", "replace")
    rec = dict(program=program, kind=kind, staged=staged,
               cmd=cmd if isinstance(cmd, str) else " ".join(cmd),
               port=port, proto=proto, errno=errno, addr=addr, rc=rc,
               still_running=still_running, secs=round(time.time() - t0, 1),
               text=text, note=note)
    with open(os.path.join(RAW, program + ".jsonl"), "a") as f:
        f.write(json.dumps(rec) + "\n")
    flag = "RUNNING(stopped)" if still_running else "rc=%s" % rc
    print("=== %s [%s] %s :: %s" % (program, kind, flag, staged))
    print(text.rstrip()[-2500:])
    sys.stdout.flush()
    return rec


def reset(program):
    path = os.path.join(RAW, program + ".jsonl")
    if os.path.exists(path):
        os.remove(path)


def write(path, text, mode=0o644):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, mode)
    return path


def std(program, cmd_for, *, proto="tcp", v4=True, v6=True, eacces=True, notavail=True, low=80,
        timeout=10, cwd=RUN, env=None, shell=False, label="", v4host="0.0.0.0", notavail_host="192.0.2.1",
        all_user=None, **kw):
    """The usual stagings.  cmd_for(host, port) -> argv (or shell string with shell=True)."""
    lab = (" " + label) if label else ""
    if v4:
        p = new_port()
        run_case(program, "bind", "python socket held %s:%d/%s; %s%s started on %s:%d" % (v4host, p, proto, program, lab, v4host, p),
                 cmd_for(v4host, p), port=p, hold_spec=(proto, v4host), errno="EADDRINUSE", addr=v4host,
                 proto=proto, timeout=timeout, cwd=cwd, env=env, shell=shell, user=all_user, **kw)
    if v6:
        p = new_port()
        run_case(program, "bind", "python dual-stack socket held [::]:%d/%s; %s%s started on [::]:%d" % (p, proto, program, lab, p),
                 cmd_for("::", p), port=p, hold_spec=(proto, "::"), errno="EADDRINUSE", addr="::",
                 proto=proto, timeout=timeout, cwd=cwd, env=env, shell=shell, user=all_user, **kw)
    if eacces:
        run_case(program, "bind", "run as nobody (ip_unprivileged_port_start=1024); %s%s started on %s:%d" % (program, lab, v4host, low),
                 cmd_for(v4host, low), port=low, user="nobody", errno="EACCES", addr=v4host,
                 proto=proto, timeout=timeout, cwd=cwd, env=env, shell=shell, **kw)
    if notavail:
        p = new_port()
        run_case(program, "bind", "%s%s started on %s:%d, an address not on this host" % (program, lab, notavail_host, p),
                 cmd_for(notavail_host, p), port=p, errno="EADDRNOTAVAIL", addr=notavail_host,
                 proto=proto, timeout=timeout, cwd=cwd, env=env, shell=shell, user=all_user, **kw)
