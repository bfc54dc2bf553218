"""Version control and file servers from Debian: git daemon, svnserve, hg serve, fossil, rsync
daemon, atftpd, pure-ftpd, rclone serve, apt-cacher-ng, docker-registry, webhook, websocketd."""
import os
import sys
from harness import run_case, reset, new_port, http_get, tcp_poke, RUN, sh, write
from common import std, held, neg, udp_poke, mkd, hp

F = mkd(RUN + "/files")
mkd(F + "/www")
write(F + "/www/index.html", "<h1>hi</h1>\n")
sh("cd %s && rm -rf git && mkdir -p git && git -C git init -q --bare repo.git" % F)
sh("cd %s && rm -rf svn && mkdir -p svn && svnadmin create svn/repo" % F)
sh("cd %s && rm -rf hg && mkdir hg && hg init hg/repo" % F)
sh("cd %s && rm -f repo.fossil && fossil new --admin-user admin repo.fossil >/dev/null" % F)
sh("chmod -R a+rwX %s" % F)


def git_daemon():
    reset("git-daemon")
    G = ["/usr/bin/git", "daemon", "--export-all", "--base-path=" + F + "/git", "--verbose"]
    std("git-daemon", lambda h, p: G + ["--listen=" + h, "--port=%d" % p, F + "/git"], label="`git daemon --listen=HOST --port=PORT`", cwd=F, timeout=6)
    held("git-daemon", "`git daemon --port={port}` (no --listen)", G + ["--port={port}", F + "/git"], cwd=F, timeout=6)
    neg("git-daemon", "normal start, `git ls-remote git://127.0.0.1:PORT/repo.git` and a missing repo, then SIGTERM",
        G + ["--listen=127.0.0.1", "--port={port}", F + "/git"], cwd=F,
        during=lambda p: (sh("/usr/bin/git ls-remote git://127.0.0.1:%d/repo.git >/dev/null 2>&1" % p), sh("/usr/bin/git ls-remote git://127.0.0.1:%d/nope.git >/dev/null 2>&1" % p)))
    neg("git-daemon", "--inetd together with --port", ["/usr/bin/git", "daemon", "--inetd", "--port={port}", F + "/git"], cwd=F, timeout=5)


def svnserve():
    reset("svnserve")
    S = ["svnserve", "-d", "--foreground", "-r", F + "/svn", "--log-file", "/dev/stderr"]
    std("svnserve", lambda h, p: S + ["--listen-host", h, "--listen-port", str(p)], label="-d --foreground --listen-host HOST --listen-port PORT", cwd=F, timeout=6)
    held("svnserve", "svnserve -d --foreground --listen-port {port} (no --listen-host)", S + ["--listen-port", "{port}"], cwd=F, timeout=6)
    neg("svnserve", "normal start (--log-file /dev/stderr), `svn ls` of the repo and of a missing repo, then SIGTERM",
        S + ["--listen-host", "127.0.0.1", "--listen-port", "{port}"], cwd=F,
        during=lambda p: (sh("svn ls --non-interactive svn://127.0.0.1:%d/repo >/dev/null 2>&1" % p), sh("svn ls --non-interactive svn://127.0.0.1:%d/nope >/dev/null 2>&1" % p)))
    neg("svnserve", "--config-file that does not exist", ["svnserve", "-d", "--foreground", "-r", F + "/svn", "--config-file", F + "/nope.conf", "--listen-port", "{port}"], cwd=F, timeout=5)


def hg():
    reset("hg-serve")
    H = ["hg", "serve", "-R", F + "/hg/repo", "-A", "-", "-E", "-"]
    std("hg-serve", lambda h, p: H + ["-a", h, "-p", str(p)], label="`hg serve -a HOST -p PORT`", cwd=F, timeout=8, stop_signal=2)
    held("hg-serve", "`hg serve --ipv6 -a :: -p {port}`", H + ["--ipv6", "-a", "::", "-p", "{port}"], host="::", cwd=F, timeout=8, stop_signal=2)
    held("hg-serve", "`hg serve -p {port}` (no -a)", H + ["-p", "{port}"], cwd=F, timeout=8, stop_signal=2)
    neg("hg-serve", "normal start (-A - -E -), GET / and /missing, then SIGINT", H + ["-a", "127.0.0.1", "-p", "{port}"], cwd=F, stop_signal=2,
        during=lambda p: (http_get(p, "/"), http_get(p, "/missing")))
    neg("hg-serve", "-R a directory that is not a repository", ["hg", "serve", "-R", F + "/www", "-p", "{port}"], cwd=F, timeout=6, stop_signal=2)


def fossil():
    reset("fossil")
    std("fossil", lambda h, p: ["fossil", "server", "--port", hp(h, p) if h != "0.0.0.0" else str(p), F + "/repo.fossil"],
        label="`fossil server --port [ADDR:]PORT repo.fossil`", cwd=F, timeout=6, v4=False)
    held("fossil", "`fossil server --port {port} repo.fossil`", ["fossil", "server", "--port", "{port}", F + "/repo.fossil"], cwd=F, timeout=6)
    held("fossil", "`fossil server --localhost --port {port} repo.fossil`", ["fossil", "server", "--localhost", "--port", "{port}", F + "/repo.fossil"], host="127.0.0.1", cwd=F, timeout=6)
    neg("fossil", "normal start, GET / and /missing, then SIGTERM", ["fossil", "server", "--localhost", "--port", "{port}", F + "/repo.fossil"], cwd=F,
        during=lambda p: (http_get(p, "/"), http_get(p, "/missing")))
    neg("fossil", "repository file that does not exist", ["fossil", "server", "--port", "{port}", F + "/nope.fossil"], cwd=F, timeout=5)


def rsync():
    reset("rsync")
    conf = write(F + "/rsyncd.conf", "use chroot = no\npid file = \n[www]\n  path = %s/www\n  read only = yes\n" % F)
    R = ["rsync", "--daemon", "--no-detach", "--config=" + conf, "--log-file=/dev/stderr"]
    std("rsync", lambda h, p: R + ["--address=" + h, "--port=%d" % p], label="`rsync --daemon --no-detach --address=HOST --port=PORT`", cwd=F, timeout=6, own_pipe=True)
    held("rsync", "`rsync --daemon --no-detach --port={port}` (no --address)", R + ["--port={port}"], cwd=F, timeout=6)
    p = new_port()
    confp = write(F + "/rsyncd-port.conf", "use chroot = no\npid file = \nlog file = /dev/stderr\nport = %d\naddress = 0.0.0.0\n[www]\n  path = %s/www\n" % (p, F))
    held("rsync", "rsyncd.conf `port = {port}` `address = 0.0.0.0` `log file = /dev/stderr`", ["rsync", "--daemon", "--no-detach", "--config=" + confp], port=p, cwd=F, timeout=6)
    neg("rsync", "normal start (--log-file=/dev/stderr), list modules and fetch www/, then SIGTERM", R + ["--address=127.0.0.1", "--port={port}"], cwd=F,
        during=lambda p: (sh("rsync rsync://127.0.0.1:%d/ >/dev/null 2>&1" % p), sh("rsync -r rsync://127.0.0.1:%d/www/ %s/rs-copy/ >/dev/null 2>&1" % (p, F)), sh("rsync rsync://127.0.0.1:%d/nope/ >/dev/null 2>&1" % p)))
    neg("rsync", "--config that does not exist", ["rsync", "--daemon", "--no-detach", "--config=" + F + "/nope.conf", "--port={port}"], cwd=F, timeout=5)


def atftpd():
    reset("atftpd")
    A = ["atftpd", "--daemon", "--no-fork", "--logfile", "-", "--verbose=7", "--user", "nobody.nogroup"]
    std("atftpd", lambda h, p: A + ["--bind-address", h, "--port", str(p), F + "/www"], proto="udp", low=69,
        label="--daemon --no-fork --logfile - --bind-address HOST --port PORT", cwd=F, timeout=5)
    held("atftpd", "atftpd --daemon --no-fork --logfile - --port {port} (no --bind-address)", A + ["--port", "{port}", F + "/www"], proto="udp", cwd=F, timeout=5)
    neg("atftpd", "normal start, one RRQ for index.html and one for a missing file, then SIGTERM",
        A + ["--bind-address", "127.0.0.1", "--port", "{port}", F + "/www"], cwd=F, proto="udp",
        during=lambda p: (udp_poke(p, b"\x00\x01index.html\x00octet\x00"), udp_poke(p, b"\x00\x01missing.txt\x00octet\x00")))
    neg("atftpd", "directory that does not exist", A + ["--port", "{port}", F + "/nope"], cwd=F, timeout=5)


def pure_ftpd():
    reset("pure-ftpd")
    P = ["pure-ftpd", "-A", "-E", "-d"]
    std("pure-ftpd", lambda h, p: P + ["-S", "%s,%d" % (h, p)], low=21, label="-A -E -d -S HOST,PORT", cwd=F, timeout=5)
    held("pure-ftpd", "pure-ftpd -A -E -d -S {port} (port only)", P + ["-S", "{port}"], cwd=F, timeout=5)
    neg("pure-ftpd", "normal start, one anonymous login attempt, then SIGTERM", P + ["-S", "127.0.0.1,{port}"], cwd=F,
        during=lambda p: tcp_poke(p, b"USER anonymous\r\nPASS x\r\nQUIT\r\n"))
    neg("pure-ftpd", "an unknown option", P + ["--nope", "-S", "{port}"], cwd=F, timeout=5)


def rclone():
    reset("rclone")
    cfg = write(F + "/rclone.conf", "", mode=0o666)
    for kind in ("http", "webdav"):
        p80 = 21 if kind == "ftp" else 80
        std("rclone", lambda h, p, kind=kind: ["rclone", "--config", cfg, "serve", kind, F + "/www", "--addr", hp(h, p)],
            label="`rclone serve %s DIR --addr HOST:PORT`" % kind, low=p80, cwd=F, timeout=6, stop_signal=2,
            v6=(kind == "http"), notavail=(kind != "webdav"), eacces=(kind != "webdav"))
    held("rclone", "`rclone serve http DIR --addr :{port}`", ["rclone", "--config", cfg, "serve", "http", F + "/www", "--addr", ":{port}"], cwd=F, timeout=6, stop_signal=2)
    neg("rclone", "normal `rclone serve http -v`, GET / and /missing, then SIGINT", ["rclone", "--config", cfg, "-v", "serve", "http", F + "/www", "--addr", "127.0.0.1:{port}"],
        cwd=F, stop_signal=2, during=lambda p: (http_get(p, "/"), http_get(p, "/missing")))
    neg("rclone", "serve a remote that is not configured", ["rclone", "--config", cfg, "serve", "http", "nope:bucket", "--addr", "127.0.0.1:{port}"], cwd=F, timeout=6, stop_signal=2)


def apt_cacher_ng():
    reset("apt-cacher-ng")
    d = mkd(F + "/acng")
    mkd(d + "/cache")
    mkd(d + "/log")
    A = lambda extra: ["/usr/sbin/apt-cacher-ng", "-c", "/etc/apt-cacher-ng", "ForeGround=1", "CacheDir=" + d + "/cache", "LogDir=" + d + "/log",
                       "SocketPath=" + d + "/sock", "PidFile=" + d + "/pid", "Debug=1", "VerboseLog=1", "Offlinemode=1"] + extra
    std("apt-cacher-ng", lambda h, p: A(["BindAddress=" + h, "Port=%d" % p]), label="ForeGround=1 BindAddress=HOST Port=PORT", cwd=F, timeout=6)
    held("apt-cacher-ng", "apt-cacher-ng ForeGround=1 Port={port} (no BindAddress)", A(["Port={port}"]), host="::", cwd=F, timeout=6)
    neg("apt-cacher-ng", "normal start, GET /acng-report.html and a missing file, then SIGTERM", A(["BindAddress=127.0.0.1", "Port={port}"]), cwd=F,
        during=lambda p: (http_get(p, "/acng-report.html"), http_get(p, "/nope.txt")))
    neg("apt-cacher-ng", "-c a config directory that does not exist", ["/usr/sbin/apt-cacher-ng", "-c", F + "/nope", "ForeGround=1", "Port={port}"], cwd=F, timeout=5)


def docker_registry():
    reset("docker-registry")
    d = mkd(F + "/registry")

    def conf(h, p, extra=""):
        return write(d + "/config-%s-%s.yml" % (h.replace(":", "_"), p),
                     "version: 0.1\nlog:\n  level: info\n  formatter: text\nstorage:\n  filesystem:\n    rootdirectory: %s/data\nhttp:\n  addr: \"%s\"\n%s" % (d, hp(h, p), extra))
    std("docker-registry", lambda h, p: ["docker-registry", "serve", conf(h, p)], label="config `http: addr: HOST:PORT`", cwd=F, timeout=6)
    held("docker-registry", "config `http: addr: :{port}`", ["sh", "-c", "printf 'version: 0.1\\nstorage:\\n  filesystem:\\n    rootdirectory: %s/data\\nhttp:\\n  addr: :{port}\\n' > %s/c-port.yml; exec docker-registry serve %s/c-port.yml" % (d, d, d)], cwd=F, timeout=6)
    neg("docker-registry", "normal start, GET /v2/ and /v2/nope/manifests/latest, then SIGTERM", lambda p: ["docker-registry", "serve", conf("127.0.0.1", p)], cwd=F,
        during=lambda p: (http_get(p, "/v2/"), http_get(p, "/v2/nope/manifests/latest")))
    neg("docker-registry", "config with an unknown storage driver", ["sh", "-c", "printf 'version: 0.1\\nstorage:\\n  nope: {}\\nhttp:\\n  addr: 127.0.0.1:{port}\\n' > %s/c-bad.yml; exec docker-registry serve %s/c-bad.yml" % (d, d)], cwd=F, timeout=6)


def webhook():
    reset("webhook")
    hooks = write(F + "/hooks.json", '[{"id": "hi", "execute-command": "/bin/true"}]\n')
    std("webhook", lambda h, p: ["webhook", "-hooks", hooks, "-verbose", "-ip", "[::]" if h == "::" else h, "-port", str(p)], label="-hooks FILE -verbose -ip HOST -port PORT", cwd=F, timeout=6)
    held("webhook", "webhook -hooks FILE -verbose -port {port} (no -ip)", ["webhook", "-hooks", hooks, "-verbose", "-port", "{port}"], cwd=F, timeout=6)
    neg("webhook", "normal start, POST /hooks/hi and GET /hooks/nope, then SIGTERM", ["webhook", "-hooks", hooks, "-verbose", "-ip", "127.0.0.1", "-port", "{port}"], cwd=F,
        during=lambda p: (sh("curl -s -o /dev/null -X POST http://127.0.0.1:%d/hooks/hi" % p), http_get(p, "/hooks/nope")))
    neg("webhook", "-hooks file that does not exist", ["webhook", "-hooks", F + "/nope.json", "-verbose", "-port", "{port}"], cwd=F, timeout=5)


def websocketd():
    reset("websocketd")
    std("websocketd", lambda h, p: ["websocketd", "--address=" + ("[::]" if h == "::" else h), "--port=%d" % p, "cat"], label="--address=HOST --port=PORT cat", cwd=F, timeout=6)
    held("websocketd", "websocketd --port={port} cat (no --address)", ["websocketd", "--port={port}", "cat"], cwd=F, timeout=6)
    neg("websocketd", "normal start, one plain GET / (not an upgrade), then SIGTERM", ["websocketd", "--address=127.0.0.1", "--port={port}", "--loglevel=access", "cat"], cwd=F,
        during=lambda p: http_get(p, "/"))
    neg("websocketd", "command that does not exist", ["websocketd", "--port={port}", "/nope/cmd"], cwd=F, timeout=5)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        globals()[name.replace("-", "_")]()
