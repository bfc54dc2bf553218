"""Python captures: stdlib servers (Debian /usr/bin/python3) and PyPI frameworks (venv)."""
import os, shutil, subprocess, sys, time, signal
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import *

HERE = os.path.dirname(os.path.abspath(__file__))
PY = "/usr/bin/python3"
V = "/tmp/corpus-venv/bin/"
os.makedirs(RUN, exist_ok=True)
os.makedirs("/tmp/nobody-home", exist_ok=True)
os.chmod("/tmp/nobody-home", 0o777)
for f in os.listdir(os.path.join(HERE, "python")):
    shutil.copy(os.path.join(HERE, "python", f), RUN)
if not os.path.exists(os.path.join(RUN, "mysite")):
    subprocess.run([V + "django-admin", "startproject", "mysite"], cwd=RUN, check=True)
os.system("chmod -R a+rX " + RUN)

def reqs(*paths):
    def f(port):
        for p in paths:
            http_get(port, p)
    return f

only = sys.argv[1:]
def want(name):
    return not only or name in only

if want("python-http-server"):
    n = "python-http-server"
    standard_bind_cases(n, lambda h: [PY, "-m", "http.server", "--bind", h, "{port}"])
    run_case(n, "bind", "holder bound 0.0.0.0:{port}; python3 -m http.server {port} (no --bind)",
             [PY, "-m", "http.server", "{port}"], hold_spec=("tcp", "0.0.0.0"), errno="EADDRINUSE")
    run_case(n, "negative", "normal start on 127.0.0.1, two GETs (one 404), then SIGINT",
             [PY, "-m", "http.server", "--bind", "127.0.0.1", "{port}"], during=reqs("/", "/missing.txt"))
    os.makedirs(RUN + "/locked", exist_ok=True)
    with open(RUN + "/locked/secret.txt", "w") as f: f.write("x")
    os.chmod(RUN + "/locked/secret.txt", 0o000)
    run_case(n, "negative", "run as nobody on 127.0.0.1, GET a file with mode 000, then SIGINT",
             [PY, "-m", "http.server", "--bind", "127.0.0.1", "{port}"], user="nobody", during=reqs("/locked/secret.txt"))
    run_case(n, "negative", "connect() to a closed loopback port with urllib",
             [PY, "connect_refused.py", "{port}"])

if want("python-socketserver"):
    n = "python-socketserver"
    standard_bind_cases(n, lambda h: [PY, "socketserver_tcp.py", h, "{port}"])
    run_case(n, "negative", "normal start on 127.0.0.1, then SIGINT",
             [PY, "socketserver_tcp.py", "127.0.0.1", "{port}"], during=lambda p: None)

if want("python-asyncio"):
    n = "python-asyncio"
    standard_bind_cases(n, lambda h: [PY, "asyncio_server.py", h, "{port}"])
    run_case(n, "bind", "holder bound 0.0.0.0:{port}; asyncio.start_server(host='localhost') (binds 127.0.0.1 and ::1)",
             [PY, "asyncio_server.py", "localhost", "{port}"], hold_spec=("tcp", "0.0.0.0"), errno="EADDRINUSE")
    run_case(n, "negative", "normal start on 127.0.0.1, then SIGINT (KeyboardInterrupt traceback)",
             [PY, "asyncio_server.py", "127.0.0.1", "{port}"], during=lambda p: None)

if want("python-socket-udp"):
    n = "python-socket-udp"
    standard_bind_cases(n, lambda h: [PY, "udp_server.py", h, "{port}"], proto="udp", low_port=53)
    run_case(n, "bind", "holder bound 0.0.0.0:{port}/udp; socket.bind catching OSError and printing only str(e)",
             [PY, "udp_server.py", "0.0.0.0", "{port}", "--catch"], hold_spec=("udp", "0.0.0.0"), errno="EADDRINUSE", proto="udp")
    run_case(n, "bind", "holder bound 0.0.0.0:{port}/tcp; TCP socket.bind catching OSError and printing only str(e)",
             [PY, "tcp_bind_catch.py", "0.0.0.0", "{port}"], hold_spec=("tcp", "0.0.0.0"), errno="EADDRINUSE")
    run_case(n, "bind", "run as nobody; TCP socket.bind 0.0.0.0:443 catching OSError and printing only str(e)",
             [PY, "tcp_bind_catch.py", "0.0.0.0", "443"], port=443, user="nobody", errno="EACCES")
    run_case(n, "negative", "normal start on 127.0.0.1/udp, then SIGINT",
             [PY, "udp_server.py", "127.0.0.1", "{port}"], proto="udp", during=lambda p: None)

if want("uvicorn"):
    n = "uvicorn"
    standard_bind_cases(n, lambda h: [V + "uvicorn", "app:app", "--host", h, "--port", "{port}"], label="(uvicorn app:app)")
    run_case(n, "bind", "holder bound 127.0.0.1:{port}; python -m uvicorn app:app --port {port} (default host 127.0.0.1)",
             [V + "python", "-m", "uvicorn", "app:app", "--port", "{port}"], hold_spec=("tcp", "127.0.0.1"), errno="EADDRINUSE")
    run_case(n, "bind", "holder bound [::]:{port} (dual-stack); python -m uvicorn app:app --host :: --port {port}",
             [V + "python", "-m", "uvicorn", "app:app", "--host", "::", "--port", "{port}"], hold_spec=("tcp", "::"), errno="EADDRINUSE")
    run_case(n, "bind", "holder bound 0.0.0.0:{port}; uvicorn app:app --host 0.0.0.0 --port {port} --workers 2",
             [V + "uvicorn", "app:app", "--host", "0.0.0.0", "--port", "{port}", "--workers", "2"], hold_spec=("tcp", "0.0.0.0"), errno="EADDRINUSE")
    run_case(n, "negative", "normal start (uvicorn app:app on 127.0.0.1), GET / and GET /nope, then SIGINT",
             [V + "uvicorn", "app:app", "--host", "127.0.0.1", "--port", "{port}"], during=reqs("/", "/nope"))
    run_case(n, "negative", "app module with a syntax error",
             [V + "uvicorn", "broken_app:app", "--port", "{port}"])
    run_case(n, "negative", "app module that does not exist",
             [V + "uvicorn", "nosuchmodule:app", "--port", "{port}"])

if want("gunicorn"):
    n = "gunicorn"
    standard_bind_cases(n, lambda h: [V + "gunicorn", "-b", ("[%s]" % h if ":" in h else h) + ":{port}", "wsgi:app"], timeout=12)
    run_case(n, "negative", "normal start on 127.0.0.1 with --access-logfile -, one GET, then SIGINT",
             [V + "gunicorn", "-b", "127.0.0.1:{port}", "--access-logfile", "-", "wsgi:app"], during=reqs("/"))
    run_case(n, "negative", "app module with a syntax error",
             [V + "gunicorn", "-b", "127.0.0.1:{port}", "broken_app:app"], timeout=10)

if want("hypercorn"):
    n = "hypercorn"
    standard_bind_cases(n, lambda h: [V + "hypercorn", "-b", ("[%s]" % h if ":" in h else h) + ":{port}", "app:app"], timeout=10)
    run_case(n, "negative", "normal start on 127.0.0.1 with --access-logfile -, one GET, then SIGINT",
             [V + "hypercorn", "-b", "127.0.0.1:{port}", "--access-logfile", "-", "app:app"], during=reqs("/"))
    run_case(n, "negative", "app module with a syntax error",
             [V + "hypercorn", "-b", "127.0.0.1:{port}", "broken_app:app"])

if want("flask"):
    n = "flask"
    standard_bind_cases(n, lambda h: [V + "flask", "--app", "flaskapp", "run", "--host", h, "--port", "{port}"])
    run_case(n, "bind", "holder bound 127.0.0.1:{port}; flask run --port {port} (default host)",
             [V + "flask", "--app", "flaskapp", "run", "--port", "{port}"], hold_spec=("tcp", "127.0.0.1"), errno="EADDRINUSE")
    run_case(n, "bind", "holder bound 127.0.0.1:{port}; flask run --debug --port {port}",
             [V + "flask", "--app", "flaskapp", "run", "--debug", "--port", "{port}"], hold_spec=("tcp", "127.0.0.1"), errno="EADDRINUSE")
    run_case(n, "negative", "normal start, GET / and a 404, then SIGINT",
             [V + "flask", "--app", "flaskapp", "run", "--port", "{port}"], during=reqs("/", "/nope"))
    run_case(n, "negative", "--app names a module that does not exist",
             [V + "flask", "--app", "nosuchapp", "run", "--port", "{port}"], during=reqs("/"))

if want("django"):
    n = "django"
    D = RUN + "/mysite"
    def dj(h):
        return [V + "python", "manage.py", "runserver", "--noreload", ("[%s]" % h if ":" in h else h) + ":{port}"]
    run_case(n, "bind", "holder bound 127.0.0.1:{port}; manage.py runserver {port}", [V + "python", "manage.py", "runserver", "{port}"],
             hold_spec=("tcp", "127.0.0.1"), errno="EADDRINUSE", cwd=D, timeout=10)
    run_case(n, "bind", "holder bound 0.0.0.0:{port}; manage.py runserver --noreload 0.0.0.0:{port}", dj("0.0.0.0"),
             hold_spec=("tcp", "0.0.0.0"), errno="EADDRINUSE", cwd=D, timeout=10)
    run_case(n, "bind", "holder bound [::]:{port} (dual-stack); manage.py runserver --noreload [::]:{port}", dj("::"),
             hold_spec=("tcp", "::"), errno="EADDRINUSE", cwd=D, timeout=10)
    run_case(n, "bind", "run as nobody; manage.py runserver --noreload 0.0.0.0:80", dj("0.0.0.0"), port=80, user="nobody",
             errno="EACCES", cwd=D, timeout=10)
    run_case(n, "bind", "manage.py runserver --noreload 192.0.2.1:{port}, an address not on this host", dj("192.0.2.1"),
             errno="EADDRNOTAVAIL", cwd=D, timeout=10)
    run_case(n, "negative", "normal start (with autoreloader), GET / and a 404, then SIGINT",
             [V + "python", "manage.py", "runserver", "{port}"], cwd=D, during=reqs("/", "/nope"), timeout=15)
    run_case(n, "negative", "manage.py runserver with a malformed address argument",
             [V + "python", "manage.py", "runserver", "--noreload", "127.0.0.1:notaport"], cwd=D)

if want("aiohttp"):
    n = "aiohttp"
    standard_bind_cases(n, lambda h: [V + "python", "aiohttp_server.py", h, "{port}"])
    run_case(n, "negative", "normal start on 127.0.0.1, one GET, then SIGINT",
             [V + "python", "aiohttp_server.py", "127.0.0.1", "{port}"], during=reqs("/"))

if want("tornado"):
    n = "tornado"
    standard_bind_cases(n, lambda h: [V + "python", "tornado_server.py", h, "{port}"])
    run_case(n, "negative", "normal start on 127.0.0.1, GET / and a 404, then SIGINT",
             [V + "python", "tornado_server.py", "127.0.0.1", "{port}"], during=reqs("/", "/nope"))

if want("twistd"):
    n = "twistd"
    def tw(h):
        h2 = h.replace(":", "\\:")
        return [V + "twistd", "-n", "--pidfile=", "web", "--listen", "tcp:{port}:interface=" + h2, "--path", RUN]
    standard_bind_cases(n, tw, timeout=10)
    run_case(n, "negative", "normal start on 127.0.0.1, GET / and a 404, then SIGINT",
             tw("127.0.0.1"), during=reqs("/", "/nope"), timeout=10)

if want("waitress"):
    n = "waitress"
    standard_bind_cases(n, lambda h: [V + "waitress-serve", "--listen=" + ("[%s]" % h if ":" in h else h) + ":{port}", "wsgi:app"])
    run_case(n, "negative", "normal start on 127.0.0.1, one GET, then SIGINT",
             [V + "waitress-serve", "--listen=127.0.0.1:{port}", "wsgi:app"], during=reqs("/"))
    run_case(n, "negative", "app module with a syntax error",
             [V + "waitress-serve", "--listen=127.0.0.1:{port}", "broken_app:app"])
