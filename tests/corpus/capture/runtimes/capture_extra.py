"""Third pass (after `capture_python.py python-socket-udp`, whose first run was cut off): extra negative cases
(version lines, out-of-range ports, syntax errors, refused connects)."""
import os, sys, subprocess
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import *

V = "/tmp/corpus-venv/bin/"
N = "/tmp/corpus-npm/"
PY = "/usr/bin/python3"
neg = lambda prog, staged, cmd, **kw: run_case(prog, "negative", staged, cmd, **kw)

neg("python-asyncio", "asyncio.open_connection to a closed loopback port", [PY, "asyncio_connect.py", "{port}"])
neg("aiohttp", "aiohttp app file with a syntax error", [V + "python", "broken_aiohttp.py"])
neg("tornado", "tornado server started with a non-numeric port argument", [V + "python", "tornado_server.py", "127.0.0.1", "http"])
neg("gunicorn", "gunicorn --version", [V + "gunicorn", "--version"])
neg("twistd", "twistd --version", [V + "twistd", "--version"])
neg("uvicorn", "uvicorn --version", [V + "uvicorn", "--version"])
neg("fastify", "fastify.listen({port: 70000}) with logger (invalid port, no bind attempted)", ["node", N + "fastify_server.js", "127.0.0.1", "70000"])
neg("koa", "app.listen(70000) (invalid port, no bind attempted)", ["node", N + "koa_server.js", "127.0.0.1", "70000"])
neg("node-dgram", "dgram bind to port 70000 (invalid port, no bind attempted)", ["node", N + "dgram_server.js", "127.0.0.1", "70000"])
neg("vite", "vite --version", [N + "node_modules/.bin/vite", "--version"], cwd=N)
neg("http-server", "http-server --version", [N + "node_modules/.bin/http-server", "--version"], cwd=N)
neg("go-udp", "ListenPacket(\"udp\", \"127.0.0.1:70000\") (invalid port)", ["/tmp/corpus-go/udp", "127.0.0.1:70000"])
neg("java-datagramsocket", "new DatagramSocket(127.0.0.1:70000) (invalid port)", ["java", "-cp", "/tmp/corpus-java", "Udp", "127.0.0.1", "70000"])
neg("java-serversocket", "java -version", ["java", "-version"])
neg("tomcat10", "catalina.sh version", ["/usr/share/tomcat10/bin/catalina.sh", "version"], env={"CATALINA_HOME": "/usr/share/tomcat10"})
neg("puma", "puma --version", ["puma", "--version"])
neg("thin", "thin --version", ["thin", "--version"])
neg("ruby-webrick", "WEBrick server with a non-numeric port argument", ["ruby", "/tmp/corpus-run/ruby/webrick_server.rb", "127.0.0.1", "http"])
neg("php-fpm", "php-fpm8.2 -v", ["php-fpm8.2", "-v"])
neg("mojolicious", "app.pl version", ["perl", "/tmp/corpus-run/perl/mojo_app.pl", "version"])
neg("perl-http-daemon", "HTTP::Daemon connect-back: LWP-less GET to a closed loopback port with IO::Socket::INET",
    ["perl", "-MIO::Socket::INET", "-e", "my $s = IO::Socket::INET->new('127.0.0.1:{port}') or die \"Can't connect to 127.0.0.1:{port}: $!\\n\""])
neg("lua-socket", "socket.connect to a closed loopback port with assert()", ["lua5.4", "-e", "local socket = require('socket'); assert(socket.connect('127.0.0.1', {port}))"])
neg("socat", "socat -V (first lines)", "socat -V | head -4", shell=True)
neg("tokio", "TcpListener::bind with an unparsable address (no bind attempted)", ["/tmp/corpus-rust/target/release/tokio_listener", "127.0.0.1:70000"])
neg("axum", "bind with an unparsable address (no bind attempted)", ["/tmp/corpus-rust/target/release/axum_server", "127.0.0.1:70000"], env={"RUST_BACKTRACE": "0"})
neg("actix-web", "HttpServer::bind with an unparsable address (no bind attempted)", ["/tmp/corpus-rust/target/release/actix_server", "127.0.0.1:70000"])
neg("rust-udp", "UdpSocket::bind with an unparsable address, unwrap()", ["/tmp/corpus-rust/target/release/udp", "127.0.0.1:70000"], env={"RUST_BACKTRACE": "0"})
neg("python-socketserver", "socketserver.TCPServer with port 70000 (OverflowError, no bind attempted)", [PY, "socketserver_tcp.py", "127.0.0.1", "70000"])
neg("jetty9", "jetty9 with jetty.http.port=70000", ["java", "-jar", "/usr/share/jetty9/start.jar", "jetty.home=/usr/share/jetty9", "jetty.base=/tmp/corpus-jetty", "jetty.http.port=70000", "jetty.http.host=127.0.0.1"], cwd="/tmp/corpus-jetty", timeout=12)
