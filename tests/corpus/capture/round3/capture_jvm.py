"""JVM servers from Debian: ZooKeeper, ActiveMQ, H2, HSQLDB, Derby network server, rmiregistry."""
import os
import sys
from harness import run_case, reset, new_port, http_get, tcp_poke, RUN, sh, write
from common import std, held, neg, udp_poke, mkd, hp

J = mkd(RUN + "/jvm")
ZKCP = "/etc/zookeeper/conf:/usr/share/java/zookeeper.jar:/usr/share/java/slf4j-log4j12.jar:/usr/share/java/log4j-1.2.jar"


def zookeeper():
    reset("zookeeper")

    def conf(h, p, extra="admin.enableServer=false\n"):
        d = mkd(J + "/zk-%s-%s" % (h.replace(":", "_"), p))
        return write(d + "/zoo.cfg", "tickTime=2000\ndataDir=%s/data\nclientPort=%s\n%s%s" % (d, p, "" if h == "*" else "clientPortAddress=%s\n" % h, extra))
    Z = lambda c: ["java", "-cp", ZKCP, "-Dzookeeper.log.dir=" + J, "-Dzookeeper.root.logger=INFO,CONSOLE", "-Dzookeeper.jmx.log4j.disable=true",
                   "org.apache.zookeeper.server.quorum.QuorumPeerMain", c]
    std("zookeeper", lambda h, p: Z(conf(h, p)), label="zoo.cfg clientPortAddress=HOST clientPort=PORT (log to CONSOLE)", cwd=J, timeout=15)
    held("zookeeper", "zoo.cfg clientPort={port} (no clientPortAddress)", lambda p: Z(conf("*", p)), cwd=J, timeout=15)
    p = new_port()
    held("zookeeper", "zoo.cfg admin.enableServer=true admin.serverPort={port} (the AdminServer's Jetty port held)",
         lambda p: Z(conf("127.0.0.1", p + 1000, "admin.enableServer=true\nadmin.serverPort=%d\n" % p)), cwd=J, timeout=15, port=p)
    neg("zookeeper", "normal start, one client sends the four-letter word `ruok` (not whitelisted), then SIGTERM", lambda p: Z(conf("127.0.0.1", p)), cwd=J,
        during=lambda p: tcp_poke(p, b"ruok"), settle=2, listen_timeout=40)
    neg("zookeeper", "zoo.cfg without clientPort (and no dataDir)", ["sh", "-c", "printf 'tickTime=2000\\n' > %s/zoo-bad.cfg; exec java -cp %s -Dzookeeper.root.logger=INFO,CONSOLE org.apache.zookeeper.server.quorum.QuorumPeerMain %s/zoo-bad.cfg" % (J, ZKCP, J)], cwd=J, timeout=15)


def activemq():
    reset("activemq")

    def base(uri, extra=""):
        tag = uri.replace(":", "_").replace("/", "_").replace("[", "").replace("]", "")
        b = mkd(J + "/amq-%s" % tag)
        mkd(b + "/data")
        sh("cp /etc/activemq/instances-available/main/log4j2.properties %s/" % b)
        write(b + "/activemq.xml", """<beans xmlns="http://www.springframework.org/schema/beans" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.springframework.org/schema/beans http://www.springframework.org/schema/beans/spring-beans-2.0.xsd
  http://activemq.apache.org/schema/core http://activemq.apache.org/schema/core/activemq-core.xsd">
  <broker xmlns="http://activemq.apache.org/schema/core" useJmx="false" brokerName="r3" persistent="false" dataDirectory="%s/data">
    <transportConnectors>
      <transportConnector name="openwire" uri="%s"/>%s
    </transportConnectors>
  </broker>
</beans>
""" % (b, uri, extra))
        return ["java", "-Xmx256M", "-Dactivemq.home=/usr/share/activemq", "-Dactivemq.base=" + b, "-Dactivemq.conf=" + b, "-Dactivemq.data=" + b + "/data",
                "-Dlog4j2.configurationFile=" + b + "/log4j2.properties", "-jar", "/usr/share/activemq/bin/activemq.jar", "start", "xbean:file:" + b + "/activemq.xml"]
    std("activemq", lambda h, p: base("tcp://%s:%d" % (hp(h, p).rsplit(":", 1)[0], p)), label="transportConnector uri=\"tcp://HOST:PORT\"", cwd=J, timeout=25)
    held("activemq", "transportConnector name=\"stomp\" uri=\"stomp://0.0.0.0:{port}\"", lambda p: base("tcp://127.0.0.1:%d" % (p + 1000), '\n      <transportConnector name="stomp" uri="stomp://0.0.0.0:%d"/>' % p), cwd=J, timeout=25)
    neg("activemq", "normal start, one client sends junk, then SIGTERM", lambda p: base("tcp://127.0.0.1:%d" % p), cwd=J, during=lambda p: tcp_poke(p, b"junk\n"), settle=2, listen_timeout=60)
    neg("activemq", "xbean: config file that does not exist", ["java", "-Dactivemq.home=/usr/share/activemq", "-Dactivemq.base=" + J, "-jar", "/usr/share/activemq/bin/activemq.jar", "start", "xbean:file:" + J + "/nope.xml"], cwd=J, timeout=20)


def h2():
    reset("h2")
    H = lambda *a: ["java", "-cp", "/usr/share/java/h2.jar"] + list(a)
    std("h2", lambda h, p: H("-Dh2.bindAddress=" + h, "org.h2.tools.Server", "-tcp", "-tcpPort", str(p), "-tcpAllowOthers", "-baseDir", J + "/h2"),
        label="org.h2.tools.Server -tcp -tcpPort PORT -tcpAllowOthers with -Dh2.bindAddress=HOST", cwd=J, timeout=10)
    held("h2", "org.h2.tools.Server -web -webPort {port} -webAllowOthers", lambda p: H("org.h2.tools.Server", "-web", "-webPort", str(p), "-webAllowOthers"), cwd=J, timeout=10)
    held("h2", "org.h2.tools.Server -pg -pgPort {port} -pgAllowOthers", lambda p: H("org.h2.tools.Server", "-pg", "-pgPort", str(p), "-pgAllowOthers", "-baseDir", J + "/h2"), cwd=J, timeout=10)
    neg("h2", "normal start of -tcp, one client sends junk, then SIGTERM", lambda p: H("org.h2.tools.Server", "-tcp", "-tcpPort", str(p), "-baseDir", J + "/h2", "-trace"), cwd=J,
        during=lambda p: tcp_poke(p, b"junk"))
    neg("h2", "an unknown option", H("org.h2.tools.Server", "-nope"), cwd=J, timeout=10)


def hsqldb():
    reset("hsqldb")
    Hs = lambda h, p: ["java", "-cp", "/usr/share/java/hsqldb.jar", "org.hsqldb.server.Server", "--address", h, "--port", str(p), "--database.0", "mem:r3", "--dbname.0", "r3", "--silent", "false"]
    std("hsqldb", Hs, label="org.hsqldb.server.Server --address HOST --port PORT", cwd=J, timeout=10)
    held("hsqldb", "org.hsqldb.server.WebServer --port {port}", lambda p: ["java", "-cp", "/usr/share/java/hsqldb.jar", "org.hsqldb.server.WebServer", "--port", str(p), "--database.0", "mem:r3", "--dbname.0", "r3"], cwd=J, timeout=10)
    neg("hsqldb", "normal start, one client sends junk, then SIGTERM", lambda p: Hs("127.0.0.1", p), cwd=J, during=lambda p: tcp_poke(p, b"junk"))
    neg("hsqldb", "--database.0 on a file path in a directory that does not exist and is not creatable", lambda p: ["java", "-cp", "/usr/share/java/hsqldb.jar", "org.hsqldb.server.Server", "--port", str(p), "--database.0", "file:/proc/nope/db", "--dbname.0", "x"], cwd=J, timeout=10)


def derby():
    reset("derby")
    Dn = lambda h, p: ["java", "-Dderby.system.home=" + J + "/derby", "-jar", "/usr/share/java/derbynet.jar", "start", "-h", h, "-p", str(p), "-noSecurityManager"]
    mkd(J + "/derby")
    std("derby", Dn, label="derbynet.jar start -h HOST -p PORT", cwd=J, timeout=12)
    neg("derby", "normal start, `ping` from derbynet.jar, then SIGTERM", lambda p: Dn("127.0.0.1", p), cwd=J,
        during=lambda p: sh("java -jar /usr/share/java/derbynet.jar ping -h 127.0.0.1 -p %d >/dev/null 2>&1" % p))
    neg("derby", "an unknown command", ["java", "-jar", "/usr/share/java/derbynet.jar", "nope"], cwd=J, timeout=10)


def rmiregistry():
    reset("rmiregistry")
    held("rmiregistry", "`rmiregistry {port}`", ["rmiregistry", "{port}"], cwd=J, timeout=8)
    held("rmiregistry", "`rmiregistry {port}`", ["rmiregistry", "{port}"], host="::", cwd=J, timeout=8)
    run_case("rmiregistry", "bind", "run as nobody (ip_unprivileged_port_start=1024); `rmiregistry 80`", ["rmiregistry", "80"], port=80, user="nobody", errno="EACCES", cwd=J, timeout=8)
    held("rmiregistry", "`rmiregistry -J-Djava.rmi.server.hostname=127.0.0.1 {port}`", ["rmiregistry", "-J-Djava.rmi.server.hostname=127.0.0.1", "{port}"], host="127.0.0.1", cwd=J, timeout=8)
    neg("rmiregistry", "a port that is not a number", ["rmiregistry", "nope"], cwd=J, timeout=8)
    neg("rmiregistry", "normal start, one client sends junk, then SIGTERM", ["rmiregistry", "{port}"], cwd=J, during=lambda p: tcp_poke(p, b"JRMI\x00\x02\x4b"))


if __name__ == "__main__":
    for name in sys.argv[1:]:
        globals()[name.replace("-", "_")]()
