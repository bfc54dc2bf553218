"""Ruby, PHP, Perl, Erlang/Elixir, Lua, Tcl and socat captures (all from Debian 12 packages)."""
import os, sys, shutil
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import *

HERE = os.path.dirname(os.path.abspath(__file__))
for d in ("ruby", "php", "perl", "erlang", "misc"):
    os.makedirs(os.path.join(RUN, d), exist_ok=True)
    for f in os.listdir(os.path.join(HERE, d)):
        shutil.copy(os.path.join(HERE, d, f), os.path.join(RUN, d))
os.system("cd %s/erlang && erlc listener.erl" % RUN)
os.system("chmod -R a+rX " + RUN)
only = sys.argv[1:]
def want(name):
    return not only or name in only
def reqs(*paths):
    def f(port):
        for p in paths:
            http_get(port, p)
    return f
def b6(h):
    return "[%s]" % h if ":" in h else h
R = RUN + "/ruby/"; P = RUN + "/php/"; PL = RUN + "/perl/"; E = RUN + "/erlang/"; M = RUN + "/misc/"

if want("ruby-webrick"):
    n = "ruby-webrick"
    standard_bind_cases(n, lambda h: ["ruby", R + "webrick_server.rb", h, "{port}"])
    run_case(n, "negative", "normal start on 127.0.0.1, GET / and /nope, then SIGINT", ["ruby", R + "webrick_server.rb", "127.0.0.1", "{port}"],
             during=reqs("/", "/nope"))
if want("ruby-run-httpd"):
    n = "ruby-run-httpd"
    standard_bind_cases(n, lambda h: ["ruby", "-run", "-e", "httpd", R, "-p", "{port}", "-b", h])
    run_case(n, "negative", "normal start on 127.0.0.1, GET /config.ru, then SIGINT", ["ruby", "-run", "-e", "httpd", R, "-p", "{port}", "-b", "127.0.0.1"],
             during=reqs("/config.ru"))
if want("ruby-socket"):
    n = "ruby-socket"
    standard_bind_cases(n, lambda h: ["ruby", R + "tcpserver.rb", h, "{port}"], label="TCPServer.new")
    standard_bind_cases(n, lambda h: ["ruby", R + "udp.rb", h, "{port}"], proto="udp", low_port=53, label="UDPSocket#bind (rescue, warn e.message)")
    run_case(n, "negative", "TCPServer.new on 127.0.0.1, then SIGINT", ["ruby", R + "tcpserver.rb", "127.0.0.1", "{port}"], during=lambda p: None)
    run_case(n, "negative", "a script with a syntax error", ["ruby", R + "syntax_error.rb"])
    run_case(n, "negative", "TCPSocket.new to a closed loopback port", ["ruby", "-rsocket", "-e", "TCPSocket.new('127.0.0.1', {port})"])
if want("puma"):
    n = "puma"
    standard_bind_cases(n, lambda h: ["puma", "-b", "tcp://%s:{port}" % b6(h), R + "config.ru"], timeout=10)
    run_case(n, "negative", "normal start on 127.0.0.1, GET /, then SIGINT", ["puma", "-b", "tcp://127.0.0.1:{port}", R + "config.ru"],
             during=reqs("/"), timeout=10)
if want("thin"):
    n = "thin"
    standard_bind_cases(n, lambda h: ["thin", "start", "-a", h, "-p", "{port}", "-R", R + "config.ru"], timeout=10)
    run_case(n, "negative", "normal start on 127.0.0.1, GET /, then SIGINT", ["thin", "start", "-a", "127.0.0.1", "-p", "{port}", "-R", R + "config.ru"],
             during=reqs("/"), timeout=10)

if want("php"):
    n = "php"
    standard_bind_cases(n, lambda h: ["php", "-S", b6(h) + ":{port}", "-t", P], label="built-in server (php -S)")
    run_case(n, "bind", "holder bound 0.0.0.0:{port}; php -r stream_socket_server('tcp://0.0.0.0:{port}') or die",
             ["php", P + "stream_server.php", "tcp://0.0.0.0:{port}"], hold_spec=("tcp", "0.0.0.0"), errno="EADDRINUSE")
    run_case(n, "bind", "holder bound 0.0.0.0:{port}/udp; stream_socket_server('udp://0.0.0.0:{port}') or die",
             ["php", "-r", "$s = stream_socket_server('udp://0.0.0.0:{port}', $en, $es, STREAM_SERVER_BIND) or die(\"$es ($en)\\n\");"],
             hold_spec=("udp", "0.0.0.0"), errno="EADDRINUSE", proto="udp")
    run_case(n, "negative", "php -S on 127.0.0.1, GET / and /nope, then SIGINT", ["php", "-S", "127.0.0.1:{port}", "-t", P],
             during=reqs("/", "/nope"))
    run_case(n, "negative", "script with a syntax error", ["php", "-r", "echo 'hi'"])
    run_case(n, "negative", "fsockopen to a closed loopback port",
             ["php", "-r", "$f = fsockopen('127.0.0.1', {port}, $en, $es, 2) or die(\"$es ($en)\\n\");"])
if want("php-fpm"):
    n = "php-fpm"
    def fpm(h, user=False):
        conf = "%s/fpm-%s.conf" % (P, h.replace(":", "_").replace(".", "_"))
        return "sed 's/LISTEN_ADDR/%s:{port}/' %s/fpm.conf > /tmp/corpus-run/fpm-{port}.conf && exec php-fpm8.2 -F %s -y /tmp/corpus-run/fpm-{port}.conf" % (
            b6(h).replace("[", "\\[").replace("]", "\\]"), P, "" if user else "-R")
    for h in ("0.0.0.0", "::"):
        run_case(n, "bind", "holder bound %s:{port}; php-fpm8.2 -F -R with `listen = %s:{port}`" % (b6(h), b6(h)), fpm(h), shell=True,
                 hold_spec=("tcp", h), errno="EADDRINUSE", addr=h)
    run_case(n, "bind", "php-fpm8.2 -F with `listen = 127.0.0.1:{port}`, 127.0.0.1:{port} already held", fpm("127.0.0.1"), shell=True,
             hold_spec=("tcp", "127.0.0.1"), errno="EADDRINUSE", addr="127.0.0.1")
    run_case(n, "bind", "run as nobody; php-fpm8.2 -F with `listen = 0.0.0.0:80`",
             "sed 's/LISTEN_ADDR/0.0.0.0:80/' %s/fpm.conf > /tmp/nobody-home/fpm80.conf; exec php-fpm8.2 -F -y /tmp/nobody-home/fpm80.conf" % P,
             shell=True, port=80, user="nobody", errno="EACCES", addr="0.0.0.0")
    run_case(n, "bind", "php-fpm8.2 -F -R with `listen = 192.0.2.1:{port}` (not on this host)", fpm("192.0.2.1"), shell=True,
             errno="EADDRNOTAVAIL", addr="192.0.2.1")
    run_case(n, "negative", "normal start with `listen = 127.0.0.1:{port}`, then SIGINT", fpm("127.0.0.1"), shell=True, during=lambda p: None)

if want("perl-http-daemon"):
    n = "perl-http-daemon"
    standard_bind_cases(n, lambda h: ["perl", PL + "http_daemon.pl", h, "{port}"])
    run_case(n, "negative", "normal start on 127.0.0.1, GET /, then SIGINT", ["perl", PL + "http_daemon.pl", "127.0.0.1", "{port}"],
             during=reqs("/"))
if want("perl-io-socket"):
    n = "perl-io-socket"
    standard_bind_cases(n, lambda h: ["perl", PL + "io_socket.pl", h, "{port}", "tcp"])
    standard_bind_cases(n, lambda h: ["perl", PL + "io_socket.pl", h, "{port}", "udp"], proto="udp", low_port=53, v6=False)
    run_case(n, "negative", "IO::Socket::INET connect to a closed loopback port, die $@",
             ["perl", "-MIO::Socket::INET", "-e", "IO::Socket::INET->new(PeerAddr => '127.0.0.1:{port}') or die \"connect failed: $@\\n\""])
    run_case(n, "negative", "open() of a mode-000 file as nobody, die $!",
             ["perl", "-e", "open(my $f, '<', '/tmp/corpus-run/locked/app.conf') or die \"Cannot open config: $!\""], user="nobody")
if want("mojolicious"):
    n = "mojolicious"
    standard_bind_cases(n, lambda h: ["perl", PL + "mojo_app.pl", "daemon", "-l", "http://%s:{port}" % b6(h)])
    run_case(n, "negative", "normal start on 127.0.0.1, GET / and /nope, then SIGINT",
             ["perl", PL + "mojo_app.pl", "daemon", "-l", "http://127.0.0.1:{port}"], during=reqs("/", "/nope"))

if want("erlang"):
    n = "erlang"
    ES = ["escript", E + "listen.escript"]
    standard_bind_cases(n, lambda h: ES + ["tcp", h, "{port}", "print"], label="escript gen_tcp:listen, io:format(\"~p~n\", [Result])")
    run_case(n, "bind", "holder bound 0.0.0.0:{port}; escript `{ok, _} = gen_tcp:listen(...)` (badmatch)",
             ES + ["tcp", "0.0.0.0", "{port}", "match"], hold_spec=("tcp", "0.0.0.0"), errno="EADDRINUSE")
    run_case(n, "bind", "run as nobody; escript `{ok, _} = gen_tcp:listen(443, ...)` (badmatch)",
             ES + ["tcp", "0.0.0.0", "443", "match"], port=443, user="nobody", errno="EACCES")
    standard_bind_cases(n, lambda h: ES + ["udp", h, "{port}", "print"], proto="udp", low_port=53, v6=False, label="escript gen_udp:open, io:format")
    run_case(n, "bind", "holder bound 0.0.0.0:{port}/udp; escript `{ok, _} = gen_udp:open(...)` (badmatch)",
             ES + ["udp", "0.0.0.0", "{port}", "match"], hold_spec=("udp", "0.0.0.0"), errno="EADDRINUSE", proto="udp")
    run_case(n, "bind", "holder bound [::]:{port}; erl -noshell: gen_server listener:start_link({port}) whose init/1 does {ok,_} = gen_tcp:listen (crash report)",
             ["erl", "-noshell", "-pa", E, "-eval", "process_flag(trap_exit, true), R = listener:start_link({port}), io:format(\"start_link returned ~p~n\", [R]), timer:sleep(300), halt(1)."],
             hold_spec=("tcp", "::"), errno="EADDRINUSE")
    run_case(n, "negative", "escript gen_tcp:listen on 127.0.0.1 succeeded, printed result, then SIGINT",
             ES + ["tcp", "127.0.0.1", "{port}", "print"], during=lambda p: None)
    run_case(n, "negative", "escript gen_tcp:connect to a closed loopback port, printed result",
             ["erl", "-noshell", "-eval", "io:format(\"~p~n\", [gen_tcp:connect({127,0,0,1}, {port}, [])]), halt()."])
    run_case(n, "negative", "erl -noshell -eval with a syntax error",
             ["erl", "-noshell", "-eval", "io:format(\"hi~n\" halt()."])
if want("elixir"):
    n = "elixir"
    standard_bind_cases(n, lambda h: ["elixir", "-e", "{:ok, ip} = :inet.parse_address('%s'); :gen_tcp.listen({port}, [ip: ip] ++ (if tuple_size(ip) == 8, do: [:inet6], else: [])) |> IO.inspect()" % h],
                        label=":gen_tcp.listen |> IO.inspect")
    run_case(n, "bind", "holder bound 0.0.0.0:{port}; elixir `{:ok, socket} = :gen_tcp.listen({port}, [:binary])` (MatchError)",
             ["elixir", "-e", "{:ok, socket} = :gen_tcp.listen({port}, [:binary, active: false, reuseaddr: true]); IO.inspect(socket)"],
             hold_spec=("tcp", "0.0.0.0"), errno="EADDRINUSE")
    run_case(n, "bind", "holder bound 0.0.0.0:{port}/udp; elixir `{:ok, s} = :gen_udp.open({port})` (MatchError)",
             ["elixir", "-e", "{:ok, s} = :gen_udp.open({port}); IO.inspect(s)"], hold_spec=("udp", "0.0.0.0"), errno="EADDRINUSE", proto="udp")
    run_case(n, "negative", "elixir :gen_tcp.listen on a free port, IO.inspect, exit",
             ["elixir", "-e", ":gen_tcp.listen({port}, [ip: {127,0,0,1}]) |> IO.inspect()"])
    run_case(n, "negative", "elixir File.read! of a mode-000 file as nobody",
             ["elixir", "-e", "File.read!(\"/tmp/corpus-run/locked/app.conf\")"], user="nobody")

if want("lua-socket"):
    n = "lua-socket"
    standard_bind_cases(n, lambda h: ["lua5.4", M + "luasocket_server.lua", h, "{port}"])
    standard_bind_cases(n, lambda h: ["lua5.4", M + "luasocket_server.lua", h, "{port}", "udp"], proto="udp", low_port=53, v6=False)
    run_case(n, "negative", "normal start on 127.0.0.1, then SIGINT", ["lua5.4", M + "luasocket_server.lua", "127.0.0.1", "{port}"],
             during=lambda p: None)
if want("tcl"):
    n = "tcl"
    standard_bind_cases(n, lambda h: ["tclsh", M + "tcl_server.tcl", h, "{port}"])
    run_case(n, "negative", "normal start on 127.0.0.1, one connection, then SIGINT", ["tclsh", M + "tcl_server.tcl", "127.0.0.1", "{port}"],
             during=reqs("/"))
    run_case(n, "negative", "socket to a closed loopback port", ["tclsh", M + "tcl_connect.tcl", "{port}"])
if want("socat"):
    n = "socat"
    standard_bind_cases(n, lambda h: ["socat", "UDP4-LISTEN:{port},bind=%s" % h, "-"], proto="udp", low_port=53, v6=False, label="UDP4-LISTEN")
    run_case(n, "bind", "holder bound [::]:{port}/udp; socat UDP6-LISTEN:{port}",
             ["socat", "UDP6-LISTEN:{port}", "-"], hold_spec=("udp", "::"), errno="EADDRINUSE", proto="udp")
    standard_bind_cases(n, lambda h: ["socat", ("TCP6-LISTEN:{port}" if ":" in h else "TCP4-LISTEN:{port},bind=%s" % h), "-"], notavail="10.255.255.1", low_port=81, label="TCP-LISTEN")
    run_case(n, "negative", "socat TCP4 connect to a closed loopback port", ["socat", "-", "TCP4:127.0.0.1:{port}"])
    run_case(n, "negative", "socat -d -d UDP4-LISTEN on 127.0.0.1, then SIGINT", ["socat", "-d", "-d", "UDP4-LISTEN:{port},bind=127.0.0.1", "-"],
             proto="udp", during=lambda p: None)
