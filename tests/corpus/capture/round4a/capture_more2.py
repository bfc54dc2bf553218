"""A last batch of Debian 12 daemons: iperf 2, nbdkit, qemu-nbd, gpsd, yadifad, dictd, postsrsd, smartdns,
swtpm, nsca-ng, nsca, sqlgrey (Perl), ptp4l."""
import json, os, sys, subprocess
from harness import run_case, reset, new_port, http_get, tcp_poke, RUN, sh, write, stop
from common import std, held, neg, udp_poke, mkd, hp

N = mkd(RUN + "/more2")
DNSQ = bytes.fromhex("12340100000100000000000003777777076578616d706c650000010001")
_n = [0]


def uniq():
    _n[0] += 1
    return _n[0]


def iperf():
    reset("iperf")
    d = mkd(N + "/iperf")
    std("iperf", lambda h, p: ["iperf", "-s", "-B", h, "-p", str(p)], label="-s -B HOST -p PORT", timeout=5, cwd=d, low=501)
    held("iperf", "iperf -s -u -B 0.0.0.0 -p {port}, the UDP port held", lambda p: ["iperf", "-s", "-u", "-B", "0.0.0.0", "-p", str(p)], proto="udp", timeout=5, cwd=d)
    held("iperf", "iperf -s -p {port} (no -B)", lambda p: ["iperf", "-s", "-p", str(p)], timeout=5, cwd=d)
    neg("iperf", "normal start, one iperf -c 127.0.0.1 -t 1 run against it, then SIGTERM", lambda p: ["iperf", "-s", "-B", "127.0.0.1", "-p", str(p)], cwd=d,
        during=lambda p: sh("timeout 5 iperf -c 127.0.0.1 -p %d -t 1 >/dev/null 2>&1" % p))


def nbdkit():
    reset("nbdkit")
    d = mkd(N + "/nbdkit")
    K = lambda h, p: ["nbdkit", "-f", "-i", h, "-p", str(p), "--pidfile", d + "/pid%d" % uniq(), "memory", "1M"]
    std("nbdkit", K, label="-f -i HOST -p PORT memory 1M", timeout=5, cwd=d, low=809)
    held("nbdkit", "nbdkit -f -p {port} memory 1M (no -i)", lambda p: ["nbdkit", "-f", "-p", str(p), "memory", "1M"], timeout=5, cwd=d)
    neg("nbdkit", "normal start, one client reads the greeting, then SIGTERM", lambda p: K("127.0.0.1", p), cwd=d, during=lambda p: tcp_poke(p))
    neg("nbdkit", "a plugin that does not exist", ["nbdkit", "-f", "-p", "{port}", "nope"], cwd=d, timeout=5)


def qemu_nbd():
    reset("qemu-nbd")
    d = mkd(N + "/qemu-nbd")
    sh("truncate -s 1M %s/disk.img; chmod 666 %s/disk.img" % (d, d))
    Q = lambda h, p: ["qemu-nbd", "-b", h, "-p", str(p), "-f", "raw", "--persistent", d + "/disk.img"]
    std("qemu-nbd", Q, label="-b HOST -p PORT -f raw --persistent disk.img", timeout=5, cwd=d, low=809)
    neg("qemu-nbd", "normal start, one client reads the greeting, then SIGTERM", lambda p: Q("127.0.0.1", p), cwd=d, during=lambda p: tcp_poke(p))
    neg("qemu-nbd", "image file that does not exist", ["qemu-nbd", "-b", "127.0.0.1", "-p", "{port}", "-f", "raw", d + "/nope.img"], cwd=d, timeout=5)


def gpsd():
    reset("gpsd")
    d = mkd(N + "/gpsd")
    held("gpsd", "gpsd -N -D 2 -S {port} (listens on loopback: 127.0.0.1 and ::1)", lambda p: ["gpsd", "-N", "-D", "2", "-F", d + "/sock%d" % uniq(), "-S", str(p)], host="127.0.0.1", timeout=5, cwd=d)
    held("gpsd", "gpsd -N -D 2 -G -S {port} (listens on any address)", lambda p: ["gpsd", "-N", "-D", "2", "-G", "-F", d + "/sock%d" % uniq(), "-S", str(p)], timeout=5, cwd=d)
    held("gpsd", "gpsd -N -D 2 -G -S {port} (listens on any address)", lambda p: ["gpsd", "-N", "-D", "2", "-G", "-F", d + "/sock%d" % uniq(), "-S", str(p)], host="::", timeout=5, cwd=d)
    run_case("gpsd", "bind", "run as nobody (ip_unprivileged_port_start=1024); gpsd -N -D 2 -G -S 294", ["gpsd", "-N", "-D", "2", "-G", "-F", "/tmp/nobody-home/gpsd.sock", "-S", "294"],
             port=294, user="nobody", errno="EACCES", timeout=5, cwd=d)
    neg("gpsd", "normal start (no devices), one client sends ?VERSION;, then SIGTERM", lambda p: ["gpsd", "-N", "-D", "2", "-F", d + "/sock%d" % uniq(), "-S", str(p)], cwd=d,
        during=lambda p: tcp_poke(p, b"?VERSION;\n"))


def yadifad():
    reset("yadifad")
    d = mkd(N + "/yadifad")

    def Y(h, p):
        w = mkd(d + "/y%d" % uniq())
        for s in ("data", "data/xfr", "keys", "log", "run"):
            mkd(w + "/" + s)
        c = write(w + "/yadifad.conf", "<main>\n  listen %s\n  port %d\n  data-path %s/data\n  keys-path %s/keys\n  log-path %s/log\n  xfr-path %s/data/xfr\n  pid-file %s/run/yadifad.pid\n  daemon off\n  uid 0\n  gid 0\n</main>\n"
                  % (h, p, w, w, w, w, w))
        return ["yadifad", "-c", c, "--nodaemon", "-L"]
    std("yadifad", Y, label="yadifad.conf `<main> listen HOST port PORT` (UDP and TCP; UDP held)", proto="udp", timeout=6, cwd=d, low=53)
    held("yadifad", "yadifad `listen 0.0.0.0` `port {port}`, the TCP port held", lambda p: Y("0.0.0.0", p), timeout=6, cwd=d)
    neg("yadifad", "normal start (no zones), one DNS query over UDP, then SIGTERM", lambda p: Y("127.0.0.1", p), proto="udp", cwd=d, during=lambda p: udp_poke(p, DNSQ))


def dictd():
    reset("dictd")
    d = mkd(N + "/dictd")
    c = write(d + "/dictd.conf", "")
    D = lambda h, p: ["dictd", "-d", "nodetach", "-c", c, "--listen-to", h, "-p", str(p), "-L", "/dev/stdout", "--pid-file", d + "/pid%d" % uniq()]
    std("dictd", D, label="-d nodetach --listen-to HOST -p PORT", timeout=5, cwd=d, low=628)
    neg("dictd", "normal start (no databases), one client sends SHOW DB, then SIGTERM", lambda p: D("127.0.0.1", p), cwd=d, during=lambda p: tcp_poke(p, b"SHOW DB\r\nQUIT\r\n"))


def postsrsd():
    reset("postsrsd")
    d = mkd(N + "/postsrsd")
    write(d + "/secret", "r4secret\n")
    P = lambda h, p: ["postsrsd", "-s", d + "/secret", "-d", "example.test", "-l", h, "-f", str(p), "-r", str(p + 1), "-u", "nobody"]
    std("postsrsd", P, label="-l HOST -f PORT -r PORT+1", timeout=5, cwd=d, low=101)
    neg("postsrsd", "normal start, one forward lookup, then SIGTERM", lambda p: P("127.0.0.1", p), cwd=d, during=lambda p: tcp_poke(p, b"get a@b.test\n"))
    neg("postsrsd", "secret file that does not exist", ["postsrsd", "-s", d + "/nope", "-d", "example.test", "-f", "{port}"], cwd=d, timeout=5)


def smartdns():
    reset("smartdns")
    d = mkd(N + "/smartdns")

    def S(h, p, tcp=False):
        c = write(d + "/s%d.conf" % uniq(), "%s %s\nserver 127.0.0.1:5399\nlog-console yes\nlog-level info\ncache-size 0\n" % ("bind-tcp" if tcp else "bind", hp(h, p)))
        return ["smartdns", "-f", "-x", "-c", c, "-p", "-"]
    std("smartdns", S, label="smartdns.conf `bind HOST:PORT` (UDP)", proto="udp", timeout=5, cwd=d, low=53)
    held("smartdns", "smartdns.conf `bind-tcp 0.0.0.0:{port}`", lambda p: S("0.0.0.0", p, True), timeout=5, cwd=d)
    neg("smartdns", "normal start, one DNS query (upstream 127.0.0.1:5399 closed), then SIGTERM", lambda p: S("127.0.0.1", p), proto="udp", cwd=d, during=lambda p: udp_poke(p, DNSQ))


def swtpm():
    reset("swtpm")
    d = mkd(N + "/swtpm")

    def T(h, p, ctrl=None):
        st = mkd(d + "/st%d" % uniq())
        return ["swtpm", "socket", "--tpmstate", "dir=" + st, "--server", "type=tcp,port=%d,bindaddr=%s" % (p, h), "--ctrl", "type=tcp,port=%d,bindaddr=127.0.0.1" % (ctrl or p + 1),
                "--flags", "not-need-init", "--log", "level=5"]
    std("swtpm", T, label="socket --server type=tcp,port=PORT,bindaddr=HOST --ctrl type=tcp,port=PORT+1", timeout=5, cwd=d, low=232)
    p = new_port()
    held("swtpm", "swtpm socket --ctrl type=tcp,port={port},bindaddr=127.0.0.1 (server on PORT+1)", T("127.0.0.1", p + 1, p), host="127.0.0.1", port=p, timeout=5, cwd=d)
    neg("swtpm", "normal start, one client sends junk to the server port, then SIGTERM", lambda p: T("127.0.0.1", p), cwd=d, during=lambda p: tcp_poke(p, b"junk" * 4))


def nsca_ng():
    reset("nsca-ng")
    d = mkd(N + "/nsca-ng")
    c = write(d + "/nsca-ng.cfg", "command_file = \"%s/cmd\"\nauthorize \"*\" {\n  password = \"secretsecret\"\n  commands = \".*\"\n}\n" % d)
    NG = lambda h, p: ["nsca-ng", "-F", "-c", c, "-b", hp(h, p), "-P", d + "/pid%d" % uniq(), "-l", "5"]
    std("nsca-ng", NG, label="-F -b HOST:PORT", timeout=5, cwd=d, low=667)
    neg("nsca-ng", "normal start, one client sends junk, then SIGTERM", lambda p: NG("127.0.0.1", p), cwd=d, during=lambda p: tcp_poke(p, b"junk\n"))


def nsca():
    reset("nsca")
    d = mkd(N + "/nsca")

    def C(h, p):
        return ["nsca", "-c", write(d + "/nsca%d.cfg" % uniq(), "server_port=%d\nserver_address=%s\ncommand_file=%s/cmd\ndebug=1\nnsca_user=nobody\nnsca_group=nogroup\npid_file=%s/pid\n" % (p, h, d, d)), "-f"]
    std("nsca", C, label="nsca.cfg `server_address=HOST` `server_port=PORT`", timeout=5, cwd=d, low=667)


def sqlgrey():
    reset("sqlgrey")
    d = mkd(N + "/sqlgrey")
    sh("chown nobody %s" % d)

    def G(h, p):
        return ["sqlgrey", "-f", write(d + "/sqlgrey%d.conf" % uniq(), "inet = %s\ndb_type = SQLite\ndb_name = %s/sqlgrey.db\nuser = nobody\ngroup = nogroup\nloglevel = 3\nlog_override = \n"
                                       % (("%s:%d" % (h, p)) if h != "*" else p, d))]
    std("sqlgrey", G, label="sqlgrey.conf `inet = HOST:PORT`", timeout=6, cwd=d, low=251, v6=False)
    held("sqlgrey", "sqlgrey.conf `inet = {port}` (port only)", lambda p: G("*", p), timeout=6, cwd=d)
    neg("sqlgrey", "normal start, one policy request, then SIGTERM", lambda p: G("127.0.0.1", p), cwd=d,
        during=lambda p: tcp_poke(p, b"request=smtpd_access_policy\nprotocol_state=RCPT\nclient_address=127.0.0.1\nsender=a@b.test\nrecipient=c@d.test\n\n"))


def ptp4l():
    reset("ptp4l")
    d = mkd(N + "/ptp4l")
    P = ["ptp4l", "-i", "lo", "-4", "-S", "-m", "-q"]
    held("ptp4l", "ptp4l -i lo -4 -S -m (event port 319 fixed), the UDP port held", P, port=319, proto="udp", timeout=5, cwd=d)
    held("ptp4l", "ptp4l -i lo -4 -S -m (general port 320 fixed), the UDP port held", P, port=320, proto="udp", timeout=5, cwd=d)
    run_case("ptp4l", "bind", "run as nobody (ip_unprivileged_port_start=1024); ptp4l -i lo -4 -S -m (UDP 319/320)", P, port=319, proto="udp", user="nobody", errno="EACCES", timeout=5, cwd=d)
    neg("ptp4l", "normal start on lo, then SIGTERM", P, port=319, proto="udp", cwd=d, during=lambda p: None)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        globals()[name.replace("-", "_")]()
