"""Debian tomcat10 and jetty9 (libjetty9-java) captures, OpenJDK 17."""
import os, sys, subprocess
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import *

HERE = os.path.dirname(os.path.abspath(__file__))
only = sys.argv[1:]
def want(name):
    return not only or name in only
def reqs(*paths):
    def f(port):
        for p in paths:
            http_get(port, p)
    return f

if want("tomcat10"):
    n = "tomcat10"
    def tomcat(host, port, **kw):
        base = subprocess.run(["sh", HERE + "/java-servers/setup_tomcat.sh", str(port), host], capture_output=True, text=True, check=True).stdout.strip()
        env = {"CATALINA_HOME": "/usr/share/tomcat10", "CATALINA_BASE": base}
        return run_case(n, kw.pop("kind", "bind"), kw.pop("staged"), ["/usr/share/tomcat10/bin/catalina.sh", "run"], port=port, env=env,
                        timeout=kw.pop("timeout", 9), **kw)
    for h in ("0.0.0.0", "::"):
        p = new_port()
        tomcat(h, p, staged="holder bound %s:{port}; catalina.sh run with <Connector port=\"{port}\" address=\"%s\">" % ("[::]" if h == "::" else h, h),
               hold_spec=("tcp", h), errno="EADDRINUSE", addr=h)
    tomcat("0.0.0.0", 80, staged="run as nobody; catalina.sh run with <Connector port=\"80\" address=\"0.0.0.0\">", user="nobody",
           errno="EACCES", addr="0.0.0.0")
    p = new_port()
    tomcat("192.0.2.1", p, staged="catalina.sh run with <Connector port=\"{port}\" address=\"192.0.2.1\"> (not on this host)",
           errno="EADDRNOTAVAIL", addr="192.0.2.1")
    p = new_port()
    tomcat("127.0.0.1", p, kind="negative", staged="normal start on 127.0.0.1, GET / and /nope, then SIGINT",
           during=reqs("/", "/nope"), timeout=30)

if want("jetty9"):
    n = "jetty9"
    if not os.path.exists("/tmp/corpus-jetty/start.d/http.ini"):
        os.makedirs("/tmp/corpus-jetty", exist_ok=True)
        subprocess.run(["java", "-jar", "/usr/share/jetty9/start.jar", "jetty.home=/usr/share/jetty9", "jetty.base=/tmp/corpus-jetty",
                        "--create-startd", "--add-to-start=http,deploy"], cwd="/tmp/corpus-jetty", check=True)
        os.system("chmod -R a+rwX /tmp/corpus-jetty")
    J = ["java", "-jar", "/usr/share/jetty9/start.jar", "jetty.home=/usr/share/jetty9", "jetty.base=/tmp/corpus-jetty"]
    standard_bind_cases(n, lambda h: J + ["jetty.http.port={port}", "jetty.http.host=" + h], cwd="/tmp/corpus-jetty", timeout=12)
    run_case(n, "negative", "normal start on 127.0.0.1, GET / and /nope, then SIGINT", J + ["jetty.http.port={port}", "jetty.http.host=127.0.0.1"],
             cwd="/tmp/corpus-jetty", during=reqs("/", "/nope"), timeout=20)
