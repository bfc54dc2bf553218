"""Capture harness for the runtime corpus (documentation only; never run by CI).

Each case: optionally start a *holder* process that binds the port first, then
start the real server, read everything it prints on one pipe (stdout+stderr
together, as journald or a shell pipe would carry it), stop it by PID and store
the raw text in /tmp/corpus-raw/<program>.jsonl.  gen_toml.py turns those raw
records (plus the hand-checked annotations) into tests/corpus/{bind,negative}.

Only loopback traffic is ever sent (negative cases request 127.0.0.1 / ::1).
EADDRNOTAVAIL cases bind 192.0.2.1 / 10.255.255.1, which are not on this host:
the bind fails locally and no packet leaves.
"""
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

RAW = "/tmp/corpus-raw"
RUN = "/tmp/corpus-run"          # working copies of the tiny servers
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
time.sleep(600)
'''

_next_port = [int(os.environ.get("CORPUS_PORT_BASE", "34100"))]


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
        _next_port[0] += 7
        if port_free(p):
            return p


def hold(proto, host, port):
    p = subprocess.Popen(["/usr/bin/python3", "-c", HOLDER, proto, host, str(port)],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         start_new_session=True)
    line = p.stdout.readline()
    if b"held" not in line:
        raise RuntimeError("holder failed: %r" % line)
    return p


def stop(p, sig=signal.SIGTERM):
    if p.poll() is not None:
        return
    try:
        os.killpg(p.pid, sig)
    except ProcessLookupError:
        return
    try:
        p.wait(5)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
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
            try:
                with socket.create_connection((host, port), timeout=1):
                    return True
            except OSError:
                pass
        time.sleep(0.3)
    return False


def http_get(port, path="/", host="127.0.0.1"):
    h = "[%s]" % host if ":" in host else host
    try:
        with urllib.request.urlopen("http://%s:%d%s" % (h, port, path), timeout=5) as r:
            r.read()
    except Exception:
        pass


def run_case(program, kind, staged, cmd, *, port=None, hold_spec=None, user=None,
             env=None, cwd=RUN, timeout=8, proto="tcp", errno=None, addr=None,
             during=None, stop_signal=signal.SIGINT, shell=False, settle=1.0,
             note=None):
    """Run one case and append the raw record.  Strings in cmd/staged may use {port}."""
    os.makedirs(RAW, exist_ok=True)
    if port is None:
        port = new_port()
    fmt = lambda s: s.replace("{port}", str(port))
    staged = fmt(staged)
    cmd = fmt(cmd) if isinstance(cmd, str) else [fmt(c) for c in cmd]
    holder = None
    if hold_spec:
        holder = hold(hold_spec[0], hold_spec[1], port)
    full_env = dict(os.environ)
    full_env.update({"PYTHONUNBUFFERED": "1", "NO_COLOR": "1", "TERM": "dumb"})
    if env:
        full_env.update({k: fmt(v) for k, v in env.items()})
    argv = cmd
    if user == "nobody":
        argv = NOBODY + (["/bin/sh", "-c", cmd] if shell else cmd)
        shell = False
        full_env["HOME"] = "/tmp/nobody-home"
    t0 = time.time()
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         stdin=subprocess.DEVNULL, env=full_env, cwd=cwd,
                         start_new_session=True, shell=shell)
    still_running = False
    if during is not None:
        ok = wait_listening(port, proto, timeout=timeout)
        if ok:
            time.sleep(settle)
            during(port)
            time.sleep(settle)
        still_running = p.poll() is None
        stop(p, stop_signal)
    else:
        try:
            p.wait(timeout)
        except subprocess.TimeoutExpired:
            still_running = True
            stop(p, stop_signal)
    out = p.stdout.read()
    rc = p.wait()
    if holder:
        stop(holder)
    text = out.decode("utf-8", "replace")
    rec = dict(program=program, kind=kind, staged=staged, cmd=cmd if isinstance(cmd, str) else " ".join(cmd),
               port=port, proto=proto, errno=errno, addr=addr, rc=rc,
               still_running=still_running, secs=round(time.time() - t0, 1),
               text=text, note=note)
    with open(os.path.join(RAW, program + ".jsonl"), "a") as f:
        f.write(json.dumps(rec) + "\n")
    flag = "RUNNING(killed)" if still_running else "rc=%s" % rc
    print("=== %s [%s] %s :: %s" % (program, kind, flag, staged))
    print(text.rstrip()[-1500:])
    sys.stdout.flush()
    return rec


def standard_bind_cases(program, cmd_for, *, v4="0.0.0.0", v6=True, eacces=True,
                        notavail="192.0.2.1", low_port=80, proto="tcp", timeout=8,
                        env=None, shell=False, label="", cwd=RUN):
    """cmd_for(host, port_placeholder) -> command.  Runs the usual stagings."""
    lab = (" " + label) if label else ""
    run_case(program, "bind", "holder bound %s:{port}/%s; %s%s started on %s:{port}" % (v4, proto, program, lab, v4),
             cmd_for(v4), hold_spec=(proto, v4), errno="EADDRINUSE", addr=v4, proto=proto,
             timeout=timeout, env=env, shell=shell, cwd=cwd)
    if v6:
        run_case(program, "bind", "holder bound [::]:{port}/%s (dual-stack); %s%s started on [::]:{port}" % (proto, program, lab),
                 cmd_for("::"), hold_spec=(proto, "::"), errno="EADDRINUSE", addr="::", proto=proto,
                 timeout=timeout, env=env, shell=shell, cwd=cwd)
    if eacces:
        run_case(program, "bind", "run as nobody (ip_unprivileged_port_start=1024); %s%s started on %s:%d" % (program, lab, v4, low_port),
                 cmd_for(v4), port=low_port, user="nobody", errno="EACCES", addr=v4, proto=proto,
                 timeout=timeout, env=env, shell=shell, cwd=cwd)
    if notavail:
        run_case(program, "bind", "%s%s started on %s:{port}, an address not on this host" % (program, lab, notavail),
                 cmd_for(notavail), errno="EADDRNOTAVAIL", addr=notavail, proto=proto,
                 timeout=timeout, env=env, shell=shell, cwd=cwd)
