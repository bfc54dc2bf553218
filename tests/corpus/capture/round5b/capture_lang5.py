"""Debian language runtimes, small servers in /tmp/round5b/run/lang: Ruby dRuby (drb), Java NIO
ServerSocketChannel / DatagramChannel, Erlang inets httpd, Erlang ssh daemon."""
import os
import sys
from harness import run_case, reset, new_port, http_get, tcp_poke, RUN, sh, write
from common import std, held, neg, udp_poke, mkd, hp

L = mkd(RUN + "/lang", 0o777)
write(L + "/drb_srv.rb", "require 'drb/drb'\nhost, port = ARGV\nh = host.include?(':') ? \"[#{host}]\" : host\nDRb.start_service(\"druby://#{h}:#{port}\", [])\nputs \"dRuby server at #{DRb.uri}\"\n$stdout.flush\nDRb.thread.join\n")
write(L + "/NioSrv.java", """import java.net.*;
import java.nio.channels.*;
public class NioSrv {
    public static void main(String[] a) throws Exception {
        InetSocketAddress sa = new InetSocketAddress(a[1], Integer.parseInt(a[2]));
        if (a[0].equals("udp")) {
            DatagramChannel ch = DatagramChannel.open();
            ch.bind(sa);
            System.out.println("bound " + ch.getLocalAddress());
        } else {
            ServerSocketChannel ch = ServerSocketChannel.open();
            ch.bind(sa);
            System.out.println("listening " + ch.getLocalAddress());
            ch.accept().close();
        }
        Thread.sleep(600000);
    }
}
""")
write(L + "/httpd_srv.escript", """#!/usr/bin/env escript
main([Host, Port]) ->
    inets:start(),
    {ok, Addr} = inet:parse_address(Host),
    Fam = case tuple_size(Addr) of 8 -> inet6; _ -> inet end,
    Dir = "/tmp/round5b/run/lang/www",
    R = inets:start(httpd, [{port, list_to_integer(Port)}, {server_name, "t"}, {server_root, Dir},
                            {document_root, Dir}, {bind_address, Addr}, {ipfamily, Fam}]),
    io:format("httpd start: ~p~n", [R]),
    case R of {ok, _} -> timer:sleep(600000); _ -> halt(1) end.
""")
write(L + "/ssh_srv.escript", """#!/usr/bin/env escript
main([Host, Port]) ->
    ok = ssh:start(),
    {ok, Addr} = inet:parse_address(Host),
    R = ssh:daemon(Addr, list_to_integer(Port), [{system_dir, "/tmp/round5b/run/lang/sshd"}, {user_passwords, [{"u", "p"}]}]),
    io:format("ssh:daemon: ~p~n", [R]),
    case R of {ok, _} -> timer:sleep(600000); _ -> halt(1) end.
""")
mkd(L + "/www", 0o777)
write(L + "/www/index.html", "hi\n")
mkd(L + "/sshd", 0o777)
if not os.path.exists(L + "/sshd/ssh_host_rsa_key"):
    sh("ssh-keygen -q -t rsa -m PEM -N '' -f %s/sshd/ssh_host_rsa_key" % L)
sh("cd %s && javac NioSrv.java; chmod -R a+rwX %s" % (L, L))


def drb():
    reset("ruby-drb")
    R = lambda h, p: ["ruby", L + "/drb_srv.rb", h, str(p)]
    std("ruby-drb", R, label="DRb.start_service(\"druby://HOST:PORT\")", cwd=L, timeout=6, stop_signal=2)
    neg("ruby-drb", "normal start, a TCP client sends garbage, then SIGINT", lambda p: R("127.0.0.1", p), cwd=L, stop_signal=2, during=lambda p: tcp_poke(p, b"hello\n"))


def nio():
    reset("java-nio")
    R = lambda h, p: ["java", "-cp", L, "NioSrv", "tcp", h, str(p)]
    std("java-nio", R, label="ServerSocketChannel.open().bind(new InetSocketAddress(HOST, PORT))", cwd=L, timeout=8, stop_signal=9)
    std("java-nio", lambda h, p: ["java", "-cp", L, "NioSrv", "udp", h, str(p)], proto="udp", label="DatagramChannel.open().bind(new InetSocketAddress(HOST, PORT))", cwd=L, timeout=8, stop_signal=9, v6=False, eacces=False, notavail=False)
    neg("java-nio", "normal start, a client connects, then SIGKILL", lambda p: R("127.0.0.1", p), cwd=L, stop_signal=9, during=lambda p: tcp_poke(p))


def httpd():
    reset("erlang-inets-httpd")
    R = lambda h, p: ["escript", L + "/httpd_srv.escript", h, str(p)]
    std("erlang-inets-httpd", R, label="inets:start(httpd, [{port, PORT}, {bind_address, HOST}])", cwd=L, timeout=10, stop_signal=9)
    neg("erlang-inets-httpd", "normal start, GET / and /missing, then SIGKILL", lambda p: R("127.0.0.1", p), cwd=L, stop_signal=9, during=lambda p: (http_get(p, "/index.html"), http_get(p, "/missing")))


def essh():
    reset("erlang-ssh")
    R = lambda h, p: ["escript", L + "/ssh_srv.escript", h, str(p)]
    std("erlang-ssh", R, label="ssh:daemon(HOST, PORT, Opts)", cwd=L, timeout=10, stop_signal=9)
    neg("erlang-ssh", "normal start, a TCP client sends an SSH banner, then SIGKILL", lambda p: R("127.0.0.1", p), cwd=L, stop_signal=9, during=lambda p: tcp_poke(p, b"SSH-2.0-x\r\n"))


if __name__ == "__main__":
    for n in sys.argv[1:]:
        globals()[n]()
