"""JVM programs from Debian 12: the JDWP debug agent of OpenJDK 17 (native, inside the JVM) and Groovy's
`groovy -l PORT` line server."""
import os, sys
from harness import run_case, reset, new_port, http_get, tcp_poke, RUN, sh, write
from common import std, held, neg, udp_poke, mkd, hp

N = mkd(RUN + "/jvm4")
JAVA = "/usr/lib/jvm/java-17-openjdk-amd64/bin/java"
SLEEP = write(N + "/Sleep.java", "public class Sleep { public static void main(String[] a) throws Exception { System.out.println(\"sleeping\"); Thread.sleep(60000); } }\n")


def jdwp():
    reset("jdwp")
    J = lambda addr: [JAVA, "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=" + addr, SLEEP]
    std("jdwp", lambda h, p: J(("[%s]:%d" % (h, p)) if ":" in h else "%s:%d" % (h, p)), label="java -agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=HOST:PORT Sleep.java",
        timeout=8, cwd=N, low=80)
    held("jdwp", "java -agentlib:jdwp=...,address=*:{port}", lambda p: J("*:%d" % p), host="::", timeout=8, cwd=N)
    held("jdwp", "java -agentlib:jdwp=...,address={port} (port only: loopback)", lambda p: J(str(p)), host="127.0.0.1", timeout=8, cwd=N)
    neg("jdwp", "normal start (suspend=n), one client sends the JDWP handshake, then SIGTERM", lambda p: J("127.0.0.1:%d" % p), cwd=N, during=lambda p: tcp_poke(p, b"JDWP-Handshake"))
    neg("jdwp", "an unknown transport", [JAVA, "-agentlib:jdwp=transport=dt_nope,server=y,suspend=n,address=127.0.0.1:{port}", SLEEP], cwd=N, timeout=8)


def groovy():
    reset("groovy")
    G = lambda p: ["groovy", "-l", str(p), "-e", "println line"]
    held("groovy", "groovy -l {port} -e 'println line'", lambda p: G(p), timeout=15, cwd=N)
    held("groovy", "groovy -l {port} -e 'println line'", lambda p: G(p), host="::", timeout=15, cwd=N)
    run_case("groovy", "bind", "run as nobody (ip_unprivileged_port_start=1024); groovy -l 80 -e 'println line'", G(80), port=80, user="nobody", errno="EACCES", timeout=15, cwd=N)
    neg("groovy", "normal start, one client sends a line, then SIGTERM", lambda p: G(p), cwd=N, during=lambda p: tcp_poke(p, b"hello\n"), listen_timeout=40)
    neg("groovy", "a script with a syntax error", ["groovy", "-e", "println ("], cwd=N, timeout=15)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        globals()[name.replace("-", "_")]()
