"""Re-runs and extra cases: EACCES stagings whose first run stopped on a file permission before any bind
(devpi-server, mdbook: here the data directories belong to nobody), and negatives for programs whose
first negative printed nothing (AnyEvent, POE)."""
import os
import sys
from harness import run_case, reset, new_port, http_get, tcp_poke, RUN, sh, write
from common import std, held, neg, mkd, hp

V = "/tmp/round4b/venv/bin/"
L = RUN + "/lang"


def devpi():
    sd = RUN + "/py/devpi-nobody"
    if not os.path.exists(sd):
        sh("%sdevpi-init --serverdir %s >/dev/null 2>&1; chown -R 65534:65534 %s" % (V, sd, sd))
    run_case("devpi-server", "bind", "run as nobody (ip_unprivileged_port_start=1024), serverdir owned by nobody; devpi-server --serverdir D --host 0.0.0.0 --port 80",
             [V + "devpi-server", "--serverdir", sd, "--host", "0.0.0.0", "--port", "80"], port=80, user="nobody", errno="EACCES", addr="0.0.0.0",
             cwd=RUN + "/py", timeout=20, stop_signal=2)


def mdbook():
    b = RUN + "/rust/book-nobody"
    if not os.path.exists(b):
        sh("cp -r %s/rust/book %s; rm -rf %s/book; chown -R 65534:65534 %s" % (RUN, b, b, b))
    run_case("mdbook", "bind", "run as nobody (ip_unprivileged_port_start=1024), book dir owned by nobody; mdbook serve BOOK -n 0.0.0.0 -p 80",
             ["/tmp/round4b/cargo/bin/mdbook", "serve", b, "-n", "0.0.0.0", "-p", "80"], port=80, user="nobody", errno="EACCES", addr="0.0.0.0",
             cwd=RUN + "/rust", timeout=10, stop_signal=2)


def anyevent():
    p = new_port()
    run_case("anyevent", "negative", "perl AnyEvent::Socket tcp_connect to 127.0.0.1:%d where nobody listens (connect refused)" % p,
             ["perl", "-MAnyEvent", "-MAnyEvent::Socket", "-e", "my $cv = AE::cv; tcp_connect '127.0.0.1', %d, sub { my ($fh) = @_ or die \"connect to 127.0.0.1:%d failed: $!\\n\"; $cv->send }; $cv->recv" % (p, p)],
             port=p, cwd=L, timeout=5)


def poe():
    p = new_port()
    run_case("poe", "negative", "perl POE::Component::Client::TCP to 127.0.0.1:%d where nobody listens (connect refused)" % p,
             ["perl", "-MPOE", "-MPOE::Component::Client::TCP", "-e",
              "POE::Component::Client::TCP->new(RemoteAddress => '127.0.0.1', RemotePort => %d, ServerInput => sub {}, ConnectError => sub { my ($op, $num, $str) = @_[ARG0..ARG2]; print \"connect error: $op error $num ($str)\\n\" }); POE::Kernel->run" % p],
             port=p, cwd=L, timeout=5)


def perl_flushed():
    """Normal starts of the Perl servers whose first negative printed nothing (stdout was block-buffered
    into the pipe and lost at SIGTERM): the same scripts run with $| = 1."""
    for prog, script, get in (("http-server-simple", "hss.pl", True), ("io-async", "ioasync.pl", False), ("net-dns-nameserver", "netdns.pl", False)):
        p = new_port()
        cmd = ["perl", "-e", '$| = 1; @ARGV = ("127.0.0.1", %d); do "%s/%s"; die $@ if $@' % (p, L, script)]
        if prog == "net-dns-nameserver":
            run_case(prog, "negative", "normal start (stdout autoflushed), one dig query, then SIGTERM", cmd, port=p, proto="udp", cwd=L,
                     during=lambda p: sh("timeout 5 dig +tries=1 +time=2 @127.0.0.1 -p %d example.test >/dev/null 2>&1" % p))
        else:
            run_case(prog, "negative", "normal start (stdout autoflushed), %s, then SIGTERM" % ("GET / and /missing" if get else "one client"), cmd, port=p, cwd=L,
                     during=(lambda p: (http_get(p, "/"), http_get(p, "/missing"))) if get else (lambda p: tcp_poke(p)))


def racket_neg():
    run_case("racket", "negative", "racket on a module file that does not exist", ["racket", L + "/nope.rkt", "127.0.0.1", "1"], port=new_port(), cwd=L, timeout=10)


def fasthttp_neg():
    p = new_port()
    run_case("fasthttp", "negative", "the fasthttp server started without its address argument", ["/tmp/round4b/go/bin/fasthttp"], port=p, cwd=RUN + "/go", timeout=5)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        globals()[name]()
