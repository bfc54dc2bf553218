"""Helpers shared by the capture scripts (on top of harness.py); copied from round 3."""
import os
import socket
import subprocess
import sys
import time

from harness import run_case, reset, new_port, http_get, tcp_poke, RUN, sh, write


def hp(h, p):
    return "[%s]:%s" % (h, p) if ":" in h else "%s:%s" % (h, p)


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


def held(program, staged, cmd, *, proto="tcp", host="0.0.0.0", port=None, **kw):
    """One extra EADDRINUSE case: a python socket holds HOST:PORT, cmd may use {port}."""
    p = port or new_port()
    if callable(cmd):
        cmd = cmd(p)
    run_case(program, "bind", "python %ssocket held %s/%s; %s" % ("dual-stack " if host == "::" else "", hp(host, p), proto, staged.replace("{port}", str(p))),
             cmd, port=p, hold_spec=(proto, host), errno="EADDRINUSE", addr=host, proto=proto, **kw)


def neg(program, staged, cmd, **kw):
    p = kw.pop("port", None) or new_port()
    if callable(cmd):
        cmd = cmd(p)
    run_case(program, "negative", staged, cmd, port=p, **kw)


def udp_poke(port, data=b"x", host="127.0.0.1"):
    fam = socket.AF_INET6 if ":" in host else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_DGRAM)
    s.settimeout(2)
    try:
        s.sendto(data, (host, port))
        try:
            s.recv(4096)
        except OSError:
            pass
    finally:
        s.close()


def mkd(path, mode=0o777):
    os.makedirs(path, exist_ok=True)
    os.chmod(path, mode)
    return path
