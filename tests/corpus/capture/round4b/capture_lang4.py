"""Debian language runtimes: gawk /inet, Nim, Crystal, Raku, Pike, Mono C#, R httpuv, Perl Net::Server /
AnyEvent / POE, Ruby EventMachine / async-http, Java Netty, Haskell warp.  Small servers in /tmp/round4b/run/lang."""
import os
import sys
from harness import run_case, reset, new_port, http_get, tcp_poke, RUN, sh, write
from common import std, held, neg, udp_poke, mkd, hp

L = RUN + "/lang"


def gawk():
    reset("gawk")
    G = lambda spec: ["gawk", "BEGIN { svc = \"%s\"; print \"hi\" |& svc; svc |& getline line; print line; close(svc) }" % spec]
    held("gawk", "gawk BEGIN { print \"hi\" |& \"/inet4/tcp/{port}/0/0\" } (a TCP server)", lambda p: G("/inet4/tcp/%d/0/0" % p), cwd=L, timeout=5)
    held("gawk", "gawk BEGIN { print \"hi\" |& \"/inet6/tcp/{port}/0/0\" } (a TCP server)", lambda p: G("/inet6/tcp/%d/0/0" % p), host="::", cwd=L, timeout=5)
    held("gawk", "gawk BEGIN { print \"hi\" |& \"/inet/tcp/{port}/0/0\" } (a TCP server)", lambda p: G("/inet/tcp/%d/0/0" % p), cwd=L, timeout=5)
    held("gawk", "gawk BEGIN { print \"hi\" |& \"/inet4/udp/{port}/0/0\" } (a UDP server)", lambda p: G("/inet4/udp/%d/0/0" % p), proto="udp", cwd=L, timeout=5)
    run_case("gawk", "bind", "run as nobody (ip_unprivileged_port_start=1024); gawk BEGIN { print \"hi\" |& \"/inet4/tcp/80/0/0\" }", G("/inet4/tcp/80/0/0"), port=80, user="nobody", errno="EACCES", cwd=L, timeout=5)
    neg("gawk", "normal TCP server /inet4/tcp/PORT/0/0, one client connects and sends a line", lambda p: G("/inet4/tcp/%d/0/0" % p), cwd=L,
        during=lambda p: tcp_poke(p, b"hello\n"))
    neg("gawk", "client /inet4/tcp/0/127.0.0.1/PORT to a port nobody listens on (connect refused)", lambda p: G("/inet4/tcp/0/127.0.0.1/%d" % p), cwd=L, timeout=5)


def nim():
    reset("nim")
    std("nim", lambda h, p: [L + "/nimsrv", h, str(p)], label="asynchttpserver serve(Port(PORT), cb, address=HOST)", cwd=L, timeout=5)
    std("nim", lambda h, p: [L + "/nimudp", h, str(p)], proto="udp", label="net newSocket(AF_INET, SOCK_DGRAM).bindAddr(Port(PORT), HOST)", cwd=L, timeout=5, v6=False, eacces=False, notavail=False)
    neg("nim", "normal start, GET / , then SIGTERM", lambda p: [L + "/nimsrv", "127.0.0.1", str(p)], cwd=L, during=lambda p: http_get(p, "/"))
    neg("nim", "address that does not resolve (no bind attempted)", lambda p: [L + "/nimsrv", "nope.invalid", str(p)], cwd=L, timeout=8)


def crystal():
    reset("crystal")
    std("crystal", lambda h, p: [L + "/crsrv", h, str(p)], label="HTTP::Server#bind_tcp(HOST, PORT)", cwd=L, timeout=5)
    std("crystal", lambda h, p: [L + "/crudp", h, str(p)], proto="udp", label="UDPSocket#bind(HOST, PORT)", cwd=L, timeout=5, v6=False, eacces=False, notavail=False)
    neg("crystal", "normal start, GET /, then SIGTERM", lambda p: [L + "/crsrv", "127.0.0.1", str(p)], cwd=L, during=lambda p: http_get(p, "/"))
    neg("crystal", "port argument that is not a number", [L + "/crsrv", "127.0.0.1", "http"], cwd=L, timeout=5)


def raku():
    reset("raku")
    std("raku", lambda h, p: ["raku", L + "/rk_tcp.raku", h, str(p)], label="react whenever IO::Socket::Async.listen(HOST, PORT)", cwd=L, timeout=10)
    held("raku", "raku IO::Socket::INET.new(:listen, :localhost<0.0.0.0>, :localport({port}))", lambda p: ["raku", L + "/rk_inet.raku", "0.0.0.0", str(p)], cwd=L, timeout=10)
    run_case("raku", "bind", "run as nobody (ip_unprivileged_port_start=1024); raku IO::Socket::INET.new(:listen, :localhost<0.0.0.0>, :localport(80))", ["raku", L + "/rk_inet.raku", "0.0.0.0", "80"], port=80, user="nobody", errno="EACCES", addr="0.0.0.0", cwd=L, timeout=10)
    held("raku", "raku IO::Socket::Async.bind-udp(\"0.0.0.0\", {port})", lambda p: ["raku", L + "/rk_udp.raku", "0.0.0.0", str(p)], proto="udp", cwd=L, timeout=10)
    neg("raku", "normal start, one client, then SIGTERM", lambda p: ["raku", L + "/rk_tcp.raku", "127.0.0.1", str(p)], cwd=L, during=lambda p: tcp_poke(p), settle=2)
    neg("raku", "script file that does not exist", ["raku", L + "/nope.raku"], cwd=L, timeout=8)


def pike():
    reset("pike")
    std("pike", lambda h, p: ["pike", L + "/pk_http.pike", h, str(p)], label="Protocols.HTTP.Server.Port(cb, PORT, HOST)", cwd=L, timeout=6)
    std("pike", lambda h, p: ["pike", L + "/pk_port.pike", h, str(p)], label="Stdio.Port()->bind(PORT, 0, HOST) (script prints strerror(errno()))", cwd=L, timeout=6, v6=False)
    held("pike", "pike Stdio.UDP()->bind({port}, \"0.0.0.0\")", lambda p: ["pike", L + "/pk_udp.pike", "0.0.0.0", str(p)], proto="udp", cwd=L, timeout=6)
    neg("pike", "normal start, GET /, then SIGTERM", lambda p: ["pike", L + "/pk_http.pike", "127.0.0.1", str(p)], cwd=L, during=lambda p: http_get(p, "/"))


def mono():
    reset("mono")
    M = lambda kind: (lambda h, p: ["mono", L + "/Srv.exe", kind, h, str(p)])
    std("mono", M("tcp"), label="new TcpListener(IPAddress.Parse(HOST), PORT).Start()", cwd=L, timeout=6)
    std("mono", M("http"), label="HttpListener prefix http://HOST:PORT/ (Mono's managed listener)", cwd=L, timeout=6, v6=False, notavail=False, v4host="127.0.0.1")
    held("mono", "mono new UdpClient(new IPEndPoint(IPAddress.Parse(\"0.0.0.0\"), {port}))", lambda p: M("udp")("0.0.0.0", p), proto="udp", cwd=L, timeout=6)
    neg("mono", "normal TcpListener start, one client, then SIGTERM", lambda p: M("tcp")("127.0.0.1", p), cwd=L, during=lambda p: tcp_poke(p))
    neg("mono", "address that does not parse", lambda p: M("tcp")("nope", p), cwd=L, timeout=6)


def httpuv():
    reset("httpuv")
    std("httpuv", lambda h, p: ["Rscript", L + "/httpuv.R", h, str(p)], label="Rscript: httpuv::runServer(HOST, PORT, app)", cwd=L, timeout=10)
    neg("httpuv", "normal start, GET /, then SIGTERM", lambda p: ["Rscript", L + "/httpuv.R", "127.0.0.1", str(p)], cwd=L, during=lambda p: http_get(p, "/"), settle=2)


def net_server():
    reset("net-server")
    std("net-server", lambda h, p: ["perl", L + "/netserver.pl", h, str(p)], label="perl Net::Server->run(host => HOST, port => PORT)", cwd=L, timeout=6)
    held("net-server", "perl Net::Server->run(host => '0.0.0.0', port => {port}, proto => 'udp')", lambda p: ["perl", L + "/netserver.pl", "0.0.0.0", str(p), "udp"], proto="udp", cwd=L, timeout=6)
    neg("net-server", "normal start, one client, then SIGTERM", lambda p: ["perl", L + "/netserver.pl", "127.0.0.1", str(p)], cwd=L, during=lambda p: tcp_poke(p, b"x\r\n"))


def anyevent():
    reset("anyevent")
    std("anyevent", lambda h, p: ["perl", L + "/anyevent.pl", h, str(p)], label="perl AnyEvent::Socket tcp_server HOST, PORT", cwd=L, timeout=5)
    neg("anyevent", "normal start, one client, then SIGTERM", lambda p: ["perl", L + "/anyevent.pl", "127.0.0.1", str(p)], cwd=L, during=lambda p: tcp_poke(p))


def poe():
    reset("poe")
    std("poe", lambda h, p: ["perl", L + "/poe.pl", h, str(p)], label="perl POE::Component::Server::TCP->new(Address => HOST, Port => PORT)", cwd=L, timeout=5)
    neg("poe", "normal start, one client, then SIGTERM", lambda p: ["perl", L + "/poe.pl", "127.0.0.1", str(p)], cwd=L, during=lambda p: tcp_poke(p, b"x\n"))


def eventmachine():
    reset("eventmachine")
    std("eventmachine", lambda h, p: ["ruby", L + "/em.rb", h, str(p)], label="ruby EM.start_server(HOST, PORT)", cwd=L, timeout=5)
    held("eventmachine", "ruby EM.open_datagram_socket('0.0.0.0', {port})", lambda p: ["ruby", L + "/em.rb", "0.0.0.0", str(p), "udp"], proto="udp", cwd=L, timeout=5)
    neg("eventmachine", "normal start, one client, then SIGTERM", lambda p: ["ruby", L + "/em.rb", "127.0.0.1", str(p)], cwd=L, during=lambda p: tcp_poke(p, b"x"))


def async_http():
    reset("async-http")
    std("async-http", lambda h, p: ["ruby", L + "/asynchttp.rb", h, str(p)], label="ruby Async::HTTP::Server.new(app, Endpoint.parse(\"http://HOST:PORT\")).run", cwd=L, timeout=6)
    neg("async-http", "normal start, GET /, then SIGTERM", lambda p: ["ruby", L + "/asynchttp.rb", "127.0.0.1", str(p)], cwd=L, during=lambda p: http_get(p, "/"))


def warp():
    reset("warp")
    W = lambda h, p: [L + "/warpsrv", h, str(p)]
    std("warp", W, label="runSettings (setHost HOST (setPort PORT defaultSettings))", cwd=L, timeout=5)
    neg("warp", "normal start, GET /, then SIGTERM", lambda p: W("127.0.0.1", p), cwd=L, during=lambda p: http_get(p, "/"))
    neg("warp", "port argument that is not a number", [L + "/warpsrv", "127.0.0.1", "http"], cwd=L, timeout=5)


def netty():
    reset("netty")
    cp = open(L + "/netty.cp").read().strip() + ":" + L
    Nt = lambda kind: (lambda h, p: ["java", "-cp", cp, "NettySrv", kind, h, str(p)])
    std("netty", Nt("tcp"), label="new ServerBootstrap()...channel(NioServerSocketChannel.class).bind(HOST, PORT).sync()", cwd=L, timeout=10)
    held("netty", "netty new Bootstrap().channel(NioDatagramChannel.class).bind(\"0.0.0.0\", {port}).sync()", lambda p: Nt("udp")("0.0.0.0", p), proto="udp", cwd=L, timeout=10)
    neg("netty", "normal start, one client, then SIGTERM", lambda p: Nt("tcp")("127.0.0.1", p), cwd=L, during=lambda p: tcp_poke(p))


def ocaml():
    reset("ocaml")
    std("ocaml", lambda h, p: [L + "/oc_srv", h, str(p)], label="Unix.bind (ADDR_INET (inet_addr_of_string HOST, PORT)) (ocamlopt)", cwd=L, timeout=5)
    held("ocaml", "ocaml Unix.bind of a SOCK_DGRAM socket to 0.0.0.0:{port}", lambda p: [L + "/oc_srv", "0.0.0.0", str(p), "udp"], proto="udp", cwd=L, timeout=5)
    neg("ocaml", "address that does not parse", lambda p: [L + "/oc_srv", "nope", str(p)], cwd=L, timeout=5)


def chicken():
    reset("chicken")
    std("chicken", lambda h, p: [L + "/ck_srv", h, str(p)], label="(tcp-listen PORT 16 HOST) (csc)", cwd=L, timeout=5)
    neg("chicken", "normal start, one client, then SIGTERM", lambda p: [L + "/ck_srv", "127.0.0.1", str(p)], cwd=L, during=lambda p: tcp_poke(p))


def sbcl():
    reset("sbcl")
    S = lambda h, p: ["sbcl", "--script", L + "/sb_srv.lisp", h, str(p)]
    std("sbcl", S, label="sb-bsd-sockets:socket-bind inet-socket HOST PORT (--script)", cwd=L, timeout=8, v6=False)
    neg("sbcl", "normal start, one client, then SIGTERM", lambda p: S("127.0.0.1", p), cwd=L, during=lambda p: tcp_poke(p))


def gjs():
    reset("gjs")
    G = lambda kind: (lambda h, p: ["gjs", L + "/gjs_soup.js", h, str(p), kind])
    std("gjs", G("soup"), label="Soup.Server().listen(Gio.InetSocketAddress(HOST, PORT), 0) (libsoup 3)", cwd=L, timeout=6)
    std("gjs", G("gio"), label="Gio.SocketService().add_address(HOST:PORT, STREAM, TCP)", cwd=L, timeout=6, v6=False, notavail=False)
    neg("gjs", "normal Soup start, GET /, then SIGTERM", lambda p: G("soup")("127.0.0.1", p), cwd=L, during=lambda p: http_get(p, "/"))


def pyqt5():
    reset("pyqt5")
    Q = lambda h, p: ["/usr/bin/python3", L + "/qt_srv.py", h, str(p)]
    std("pyqt5", Q, label="QTcpServer().listen(QHostAddress(HOST), PORT); prints errorString()", cwd=L, timeout=6, env={"QT_QPA_PLATFORM": "offscreen"})
    held("pyqt5", "pyqt5 QUdpSocket().bind(QHostAddress('0.0.0.0'), {port}); prints errorString()", lambda p: ["/usr/bin/python3", L + "/qt_srv.py", "0.0.0.0", str(p), "udp"], proto="udp", cwd=L, timeout=6)
    neg("pyqt5", "normal start, one client, then SIGTERM", lambda p: Q("127.0.0.1", p), cwd=L, during=lambda p: tcp_poke(p))


def http_server_simple():
    reset("http-server-simple")
    std("http-server-simple", lambda h, p: ["perl", L + "/hss.pl", h, str(p)], label="perl HTTP::Server::Simple::CGI->new(PORT), ->host(HOST), ->run", cwd=L, timeout=5)
    neg("http-server-simple", "normal start, GET /, then SIGTERM", lambda p: ["perl", L + "/hss.pl", "127.0.0.1", str(p)], cwd=L, during=lambda p: http_get(p, "/"))


def io_async():
    reset("io-async")
    std("io-async", lambda h, p: ["perl", L + "/ioasync.pl", h, str(p)], label="perl IO::Async::Listener->listen(addr => {ip => HOST, port => PORT})->get", cwd=L, timeout=5)
    neg("io-async", "normal start, one client, then SIGTERM", lambda p: ["perl", L + "/ioasync.pl", "127.0.0.1", str(p)], cwd=L, during=lambda p: tcp_poke(p))


def net_dns():
    reset("net-dns-nameserver")
    std("net-dns-nameserver", lambda h, p: ["perl", L + "/netdns.pl", h, str(p)], proto="udp", low=53, label="perl Net::DNS::Nameserver->new(LocalAddr => [HOST], LocalPort => PORT) (UDP and TCP)", cwd=L, timeout=5)
    held("net-dns-nameserver", "perl Net::DNS::Nameserver->new(LocalAddr => ['0.0.0.0'], LocalPort => {port}) (TCP side held)", lambda p: ["perl", L + "/netdns.pl", "0.0.0.0", str(p)], cwd=L, timeout=5)
    neg("net-dns-nameserver", "normal start, one dig query, then SIGTERM", lambda p: ["perl", L + "/netdns.pl", "127.0.0.1", str(p)], proto="udp", cwd=L,
        during=lambda p: sh("timeout 5 dig +tries=1 +time=2 @127.0.0.1 -p %d example.test >/dev/null 2>&1" % p))


def mina():
    reset("mina")
    cp = "/usr/share/java/mina2-core.jar:/usr/share/java/slf4j-api.jar:" + L
    M = lambda h, p, *x: ["java", "-cp", cp, "MinaSrv", h, str(p)] + list(x)
    std("mina", M, label="new NioSocketAcceptor().bind(new InetSocketAddress(HOST, PORT))", cwd=L, timeout=8)
    held("mina", "mina new NioDatagramAcceptor().bind(new InetSocketAddress(\"0.0.0.0\", {port}))", lambda p: M("0.0.0.0", p, "udp"), proto="udp", cwd=L, timeout=8)
    neg("mina", "normal start, one client, then SIGTERM", lambda p: M("127.0.0.1", p), cwd=L, during=lambda p: tcp_poke(p))


def lua_http():
    reset("lua-http")
    # lua-fifo is packaged for 5.1/5.2 only: its pure-Lua module is put on LUA_PATH for 5.3
    env = {"LUA_PATH": "/usr/share/lua/5.3/?.lua;/usr/share/lua/5.3/?/init.lua;/usr/share/lua/5.2/?.lua;;"}
    std("lua-http", lambda h, p: ["lua5.3", L + "/luahttp.lua", h, str(p)], label="http.server.listen{host = HOST, port = PORT}:listen()", cwd=L, timeout=5, env=env)
    neg("lua-http", "normal start, GET /, then SIGTERM", lambda p: ["lua5.3", L + "/luahttp.lua", "127.0.0.1", str(p)], cwd=L, during=lambda p: http_get(p, "/"), env=env)


def php_stream():
    reset("php-stream-socket-server")
    S = lambda proto: (lambda h, p: ["php", L + "/php_stream.php", proto, h, str(p)])
    std("php-stream-socket-server", S("tcp"), label="stream_socket_server(\"tcp://HOST:PORT\") (the script prints $errstr ($errno))", cwd=L, timeout=5)
    std("php-stream-socket-server", S("udp"), proto="udp", label="stream_socket_server(\"udp://HOST:PORT\", ..., STREAM_SERVER_BIND)", cwd=L, timeout=5, v6=False, notavail=False)
    neg("php-stream-socket-server", "normal start, one client, then SIGTERM", lambda p: S("tcp")("127.0.0.1", p), cwd=L, during=lambda p: tcp_poke(p))


def php_sockets():
    reset("php-sockets")
    S = lambda proto: (lambda h, p: ["php", L + "/php_sockets.php", proto, h, str(p)])
    std("php-sockets", S("tcp"), label="socket_create + socket_bind($s, HOST, PORT) (ext/sockets, warnings to the terminal)", cwd=L, timeout=5)
    held("php-sockets", "php socket_bind() of a SOCK_DGRAM socket to 0.0.0.0:{port}", lambda p: S("udp")("0.0.0.0", p), proto="udp", cwd=L, timeout=5)
    neg("php-sockets", "normal start, one client, then SIGTERM", lambda p: S("tcp")("127.0.0.1", p), cwd=L, during=lambda p: tcp_poke(p))


def racket():
    reset("racket")
    std("racket", lambda h, p: ["racket", L + "/rkt_web.rkt", h, str(p)], label="web-server serve/servlet #:listen-ip HOST #:port PORT", cwd=L, timeout=15)
    std("racket", lambda h, p: ["racket", L + "/rkt_tcp.rkt", h, str(p)], label="(tcp-listen PORT 16 #t HOST)", cwd=L, timeout=10, v6=False)
    neg("racket", "normal serve/servlet start, GET /, then SIGTERM", lambda p: ["racket", L + "/rkt_web.rkt", "127.0.0.1", str(p)], cwd=L, during=lambda p: http_get(p, "/"), settle=2, listen_timeout=40)


def swipl():
    reset("swipl")
    S = lambda h, p: ["swipl", L + "/pl_http.pl", h, str(p)]
    std("swipl", S, label="http_server(http_dispatch, [port(HOST:PORT)]) (library(http/thread_httpd))", cwd=L, timeout=8)
    neg("swipl", "normal start, GET / and /missing, then SIGTERM", lambda p: S("127.0.0.1", p), cwd=L, during=lambda p: (http_get(p, "/"), http_get(p, "/missing")), settle=2)


def gdc():
    reset("d-std-socket")
    std("d-std-socket", lambda h, p: [L + "/d_srv", h, str(p)], label="std.socket: new TcpSocket; bind(parseAddress(HOST, PORT)) (gdc)", cwd=L, timeout=5)
    held("d-std-socket", "D std.socket UdpSocket bind(parseAddress(\"0.0.0.0\", {port}))", lambda p: [L + "/d_srv", "0.0.0.0", str(p), "udp"], proto="udp", cwd=L, timeout=5)
    neg("d-std-socket", "address that does not parse", lambda p: [L + "/d_srv", "nope", str(p)], cwd=L, timeout=5)


def clisp():
    reset("clisp")
    C = lambda h, p: ["clisp", L + "/cl_srv.lisp", h, str(p)]
    std("clisp", C, label="(socket:socket-server PORT :interface HOST)", cwd=L, timeout=6)
    neg("clisp", "normal start, one client, then SIGTERM", lambda p: C("127.0.0.1", p), cwd=L, during=lambda p: tcp_poke(p))


def newlisp():
    reset("newlisp")
    N = lambda h, p: ["newlisp", L + "/nl_srv.lsp", h, str(p)]
    std("newlisp", N, label="(net-listen PORT HOST); prints (net-error) when it returns nil", cwd=L, timeout=5)
    neg("newlisp", "normal start, one client, then exit", lambda p: N("127.0.0.1", p), cwd=L, during=lambda p: tcp_poke(p))


def sinatra():
    reset("sinatra")
    S = lambda srv: (lambda h, p: ["ruby", L + "/sinatra_app.rb", h, str(p), srv])
    std("sinatra", S("webrick"), label="Sinatra::Base set :bind HOST, :port PORT, :server 'webrick'; run!", cwd=L, timeout=8)
    neg("sinatra", "normal start on webrick, GET / and /missing, then SIGTERM", lambda p: S("webrick")("127.0.0.1", p), cwd=L, during=lambda p: (http_get(p, "/"), http_get(p, "/missing")))


if __name__ == "__main__":
    for name in sys.argv[1:]:
        globals()[name.replace("-", "_")]()
