"""Web servers from Debian: caddy, h2o, mini_httpd, webfsd, uwsgi, starman/plackup, unicorn, yaws, hugo, jekyll."""
import os
import sys
import time
from harness import run_case, reset, new_port, http_get, tcp_poke, RUN, sh

W = RUN + "/web"
os.makedirs(W + "/www", exist_ok=True)
open(W + "/www/index.html", "w").write("<h1>hi</h1>\n")


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def host_port(h, p):
    return "[%s]:%s" % (h, p) if ":" in h else "%s:%s" % (h, p)


def std(program, cmd_for, *, proto="tcp", v6=True, eacces=True, notavail=True, low=80,
        timeout=10, cwd=W, env=None, shell=False, label=""):
    """cmd_for(host, port) -> argv or shell string; returns nothing."""
    lab = (" " + label) if label else ""
    p = new_port()
    run_case(program, "bind", "python socket held 0.0.0.0:%d/%s; %s%s started on 0.0.0.0:%d" % (p, proto, program, lab, p),
             cmd_for("0.0.0.0", p), port=p, hold_spec=(proto, "0.0.0.0"), errno="EADDRINUSE", addr="0.0.0.0",
             proto=proto, timeout=timeout, cwd=cwd, env=env, shell=shell)
    if v6:
        p = new_port()
        run_case(program, "bind", "python dual-stack socket held [::]:%d/%s; %s%s started on [::]:%d" % (p, proto, program, lab, p),
                 cmd_for("::", p), port=p, hold_spec=(proto, "::"), errno="EADDRINUSE", addr="::",
                 proto=proto, timeout=timeout, cwd=cwd, env=env, shell=shell)
    if eacces:
        run_case(program, "bind", "run as nobody (ip_unprivileged_port_start=1024); %s%s started on 0.0.0.0:%d" % (program, lab, low),
                 cmd_for("0.0.0.0", low), port=low, user="nobody", errno="EACCES", addr="0.0.0.0",
                 proto=proto, timeout=timeout, cwd=cwd, env=env, shell=shell)
    if notavail:
        p = new_port()
        run_case(program, "bind", "%s%s started on 192.0.2.1:%d, an address not on this host" % (program, lab, p),
                 cmd_for("192.0.2.1", p), port=p, errno="EADDRNOTAVAIL", addr="192.0.2.1",
                 proto=proto, timeout=timeout, cwd=cwd, env=env, shell=shell)


# ---------------------------------------------------------------- caddy
def caddy():
    reset("caddy")
    env = {"HOME": W + "/caddyhome", "XDG_CONFIG_HOME": W + "/caddyhome/cfg", "XDG_DATA_HOME": W + "/caddyhome/data"}
    os.makedirs(W + "/caddyhome", exist_ok=True)
    os.chmod(W + "/caddyhome", 0o777)

    def cf(h, p):
        path = W + "/Caddyfile-%s-%s" % (h.replace(":", "_"), p)
        bind = "" if h == "0.0.0.0" else "\n\tbind %s" % h
        write(path, "{\n\tadmin off\n\tauto_https off\n}\n\nhttp://:%s {%s\n\trespond \"hi\"\n}\n" % (p, bind))
        os.chmod(path, 0o644)
        return ["caddy", "run", "--config", path, "--adapter", "caddyfile"]
    std("caddy", cf, label="`caddy run` with a Caddyfile (admin off)")
    p = new_port()
    run_case("caddy", "bind", "python socket held 0.0.0.0:%d; `caddy file-server --listen :%d`" % (p, p),
             ["caddy", "file-server", "--listen", ":%d" % p, "--root", W + "/www"], port=p,
             hold_spec=("tcp", "0.0.0.0"), errno="EADDRINUSE", env=env, cwd=W)
    p = new_port()
    run_case("caddy", "bind", "python socket held 127.0.0.1:%d; caddy admin endpoint `admin 127.0.0.1:%d`" % (p, p),
             ["sh", "-c", "printf '{\\n\\tadmin 127.0.0.1:%d\\n\\tauto_https off\\n}\\nhttp://:%d {\\n\\trespond hi\\n}\\n' > %s/Caddyfile-admin; exec caddy run --config %s/Caddyfile-admin --adapter caddyfile" % (p, new_port(), W, W)],
             port=p, hold_spec=("tcp", "127.0.0.1"), errno="EADDRINUSE", env=env, cwd=W)
    # negatives
    p = new_port()
    write(W + "/Caddyfile-ok", "{\n\tadmin off\n\tauto_https off\n}\nhttp://:%d {\n\troot * %s/www\n\tfile_server\n\tlog\n\treverse_proxy /up/* 127.0.0.1:49999\n}\n" % (p, W))
    run_case("caddy", "negative", "normal start, curl /, /missing, /up/x (reverse_proxy to closed 127.0.0.1:49999), then SIGTERM",
             ["caddy", "run", "--config", W + "/Caddyfile-ok", "--adapter", "caddyfile"], port=p, env=env, cwd=W,
             during=lambda p: (http_get(p, "/"), http_get(p, "/missing"), http_get(p, "/up/x")))
    write(W + "/Caddyfile-bad", "{\n\tadmin off\n}\nhttp://:%d {\n\trespond \"hi\"\n\tbogus_directive on\n}\n" % new_port())
    run_case("caddy", "negative", "Caddyfile with an unknown directive",
             ["caddy", "run", "--config", W + "/Caddyfile-bad", "--adapter", "caddyfile"], env=env, cwd=W)
    write(W + "/Caddyfile-000", "http://:1 {\n}\n")
    os.chmod(W + "/Caddyfile-000", 0)
    run_case("caddy", "negative", "Caddyfile with mode 000, run as nobody",
             ["caddy", "run", "--config", W + "/Caddyfile-000", "--adapter", "caddyfile"], env=env, cwd=W, user="nobody")



# ---------------------------------------------------------------- h2o
def h2o():
    reset("h2o")

    def conf(h, p, extra=""):
        path = W + "/h2o-%s-%s.conf" % (h.replace(":", "_"), p)
        write(path, "user: nobody\nlisten:\n  host: \"%s\"\n  port: %s\nhosts:\n  default:\n    paths:\n      /:\n        file.dir: %s/www\nerror-log: /dev/stderr\naccess-log: /dev/stdout\n%s" % (h, p, W, extra))
        os.chmod(path, 0o644)
        return path
    std("h2o", lambda h, p: ["h2o", "-c", conf(h, p)], label="(`listen: host/port`, error-log /dev/stderr)")
    p = new_port()
    run_case("h2o", "bind", "python socket held 0.0.0.0:%d; h2o config `listen: %d` (port only)" % (p, p),
             ["sh", "-c", "printf 'user: nobody\\nlisten: %d\\nhosts:\\n  default:\\n    paths:\\n      /:\\n        file.dir: %s/www\\n' > %s/h2o-portonly.conf; exec h2o -c %s/h2o-portonly.conf" % (p, W, W, W)],
             port=p, hold_spec=("tcp", "0.0.0.0"), errno="EADDRINUSE", cwd=W)
    p = new_port()
    c = conf("127.0.0.1", p)
    run_case("h2o", "negative", "normal start, curl / and /missing, then SIGTERM", ["h2o", "-c", c], port=p, cwd=W,
             during=lambda p: (http_get(p, "/"), http_get(p, "/missing")))
    write(W + "/h2o-bad.conf", "listen: %d\nhosts:\n  default:\n    paths:\n      /:\n        file.dirx: %s/www\n  bad: [\n" % (new_port(), W))
    run_case("h2o", "negative", "YAML syntax error in the config", ["h2o", "-c", W + "/h2o-bad.conf"], cwd=W)
    p = new_port()
    write(W + "/h2o-proxy.conf", "user: nobody\nlisten:\n  host: 127.0.0.1\n  port: %d\nhosts:\n  default:\n    paths:\n      /:\n        proxy.reverse.url: http://127.0.0.1:49999/\nerror-log: /dev/stderr\naccess-log: /dev/stdout\n" % p)
    run_case("h2o", "negative", "proxy.reverse.url to closed 127.0.0.1:49999, curl /, then SIGTERM", ["h2o", "-c", W + "/h2o-proxy.conf"], port=p, cwd=W,
             during=lambda p: http_get(p, "/"))


# ---------------------------------------------------------------- mini_httpd
def mini_httpd():
    reset("mini_httpd")
    std("mini_httpd", lambda h, p: ["mini_httpd", "-D", "-h", h, "-p", str(p), "-d", W + "/www"] + ([] if p == 80 else ["-u", "nobody", "-l", "/dev/stderr"]),
        label="-D -h HOST -p PORT")
    p = new_port()
    run_case("mini_httpd", "bind", "python dual-stack socket held [::]:%d; mini_httpd -D -p %d (no -h: both families)" % (p, p),
             ["mini_httpd", "-D", "-p", str(p), "-d", W + "/www", "-u", "nobody", "-l", "/dev/stderr"], port=p,
             hold_spec=("tcp", "::"), errno="EADDRINUSE", cwd=W)
    p = new_port()
    run_case("mini_httpd", "negative", "normal start, -l /dev/stderr, curl / and /missing, then SIGTERM",
             ["mini_httpd", "-D", "-h", "127.0.0.1", "-p", str(p), "-d", W + "/www", "-u", "nobody", "-l", "/dev/stderr"], port=p, cwd=W,
             during=lambda p: (http_get(p, "/"), http_get(p, "/missing")))
    run_case("mini_httpd", "negative", "-d to a directory that does not exist",
             ["mini_httpd", "-D", "-h", "127.0.0.1", "-p", str(new_port()), "-d", W + "/nonexistent", "-l", "/dev/stderr"], cwd=W)
    run_case("mini_httpd", "negative", "-C config file with an unknown keyword",
             ["sh", "-c", "printf 'port=%d\\nbogus=1\\n' > %s/mini.conf; exec mini_httpd -D -C %s/mini.conf" % (new_port(), W, W)], cwd=W)


# ---------------------------------------------------------------- webfsd
def webfsd():
    reset("webfsd")
    std("webfsd", lambda h, p: ["webfsd", "-F", "-d", "-i", h, "-p", str(p), "-r", W + "/www"], label="-F -d -i HOST -p PORT")
    p = new_port()
    run_case("webfsd", "bind", "python socket held 0.0.0.0:%d; webfsd -F -p %d (no -d, no -i)" % (p, p),
             ["webfsd", "-F", "-p", str(p), "-r", W + "/www"], port=p, hold_spec=("tcp", "0.0.0.0"), errno="EADDRINUSE", cwd=W)
    p = new_port()
    run_case("webfsd", "negative", "normal start with -d, access log -L -, curl / and /missing, then SIGTERM",
             ["webfsd", "-F", "-d", "-i", "127.0.0.1", "-p", str(p), "-r", W + "/www", "-L", "-"], port=p, cwd=W,
             during=lambda p: (http_get(p, "/"), http_get(p, "/missing")))
    run_case("webfsd", "negative", "-C with an SSL certificate file that does not exist (-S)",
             ["webfsd", "-F", "-S", "-C", W + "/nonexistent.pem", "-i", "127.0.0.1", "-p", str(new_port()), "-r", W + "/www"], cwd=W)



# ---------------------------------------------------------------- uwsgi
def uwsgi():
    reset("uwsgi")
    write(W + "/app.py", "def application(env, start_response):\n    start_response('200 OK', [('Content-Type', 'text/plain')])\n    if env['PATH_INFO'] == '/boom':\n        raise RuntimeError('boom')\n    return [b'hi\\n']\n")
    base = ["uwsgi", "--plugin", "python3", "--wsgi-file", W + "/app.py", "--master", "--processes", "1"]
    hp = lambda h, p: "[%s]:%s" % (h, p) if ":" in h else "%s:%s" % (h, p)
    std("uwsgi", lambda h, p: base + ["--http-socket", hp(h, p)], label="--http-socket HOST:PORT --master")
    p = new_port()
    run_case("uwsgi", "bind", "python socket held 0.0.0.0:%d; uwsgi --socket :%d (uwsgi protocol)" % (p, p),
             base + ["--socket", ":%d" % p], port=p, hold_spec=("tcp", "0.0.0.0"), errno="EADDRINUSE", cwd=W)
    p = new_port()
    run_case("uwsgi", "bind", "python socket held 0.0.0.0:%d; uwsgi --http :%d (http router process)" % (p, p),
             ["uwsgi", "--plugins", "http,python3", "--wsgi-file", W + "/app.py", "--master", "--processes", "1", "--http", ":%d" % p], port=p, hold_spec=("tcp", "0.0.0.0"), errno="EADDRINUSE", cwd=W)
    p = new_port()
    run_case("uwsgi", "bind", "python socket held 127.0.0.1:%d; uwsgi --http-socket 127.0.0.1:%d without --master" % (p, p),
             ["uwsgi", "--plugin", "python3", "--wsgi-file", W + "/app.py", "--http-socket", "127.0.0.1:%d" % p], port=p,
             hold_spec=("tcp", "127.0.0.1"), errno="EADDRINUSE", addr="127.0.0.1", cwd=W)
    p = new_port()
    run_case("uwsgi", "negative", "normal start, curl / and /boom (app raises), then SIGINT",
             base + ["--http-socket", "127.0.0.1:%d" % p], port=p, cwd=W, stop_signal=2,
             during=lambda p: (http_get(p, "/"), http_get(p, "/boom")))
    run_case("uwsgi", "negative", "--wsgi-file pointing to a file that does not exist",
             ["uwsgi", "--plugin", "python3", "--wsgi-file", W + "/nope.py", "--http-socket", "127.0.0.1:%d" % new_port()], cwd=W, timeout=4, stop_signal=2)
    write(W + "/uwsgi-bad.ini", "[uwsgi]\nhttp-socket = 127.0.0.1:%d\nplugin = python3\nbogus-option-x = 1\n" % new_port())
    run_case("uwsgi", "negative", "ini file with an unknown option", ["uwsgi", "--ini", W + "/uwsgi-bad.ini"], cwd=W, timeout=4, stop_signal=2)


# ---------------------------------------------------------------- starman / plackup
def starman():
    reset("starman")
    write(W + "/app.psgi", "my $app = sub { my $env = shift; die \"boom\\n\" if $env->{PATH_INFO} eq '/boom'; return [200, ['Content-Type' => 'text/plain'], [\"hi\\n\"]]; };\n")
    std("starman", lambda h, p: ["starman", "--workers", "1", "--listen", "%s:%s" % (h, p), W + "/app.psgi"],
        label="--listen HOST:PORT")
    p = new_port()
    run_case("starman", "bind", "python socket held 0.0.0.0:%d; starman --port %d" % (p, p),
             ["starman", "--workers", "1", "--port", str(p), W + "/app.psgi"], port=p, hold_spec=("tcp", "0.0.0.0"), errno="EADDRINUSE", cwd=W)
    p = new_port()
    run_case("starman", "negative", "normal start, curl / and /boom (app dies), then SIGTERM",
             ["starman", "--workers", "1", "--listen", "127.0.0.1:%d" % p, W + "/app.psgi"], port=p, cwd=W,
             during=lambda p: (http_get(p, "/"), http_get(p, "/boom")))
    run_case("starman", "negative", "psgi file with a perl syntax error",
             ["sh", "-c", "printf 'my $app = sub { return [200, [], [\"x\"]] \\n' > %s/bad.psgi; exec starman --listen 127.0.0.1:%d %s/bad.psgi" % (W, new_port(), W)], cwd=W)


def plackup():
    reset("plackup")
    std("plackup", lambda h, p: ["plackup", "-s", "HTTP::Server::PSGI", "--host", h, "--port", str(p), W + "/app.psgi"],
        label="-s HTTP::Server::PSGI --host HOST --port PORT")
    p = new_port()
    run_case("plackup", "bind", "python socket held 0.0.0.0:%d; plackup --port %d (default server, no --host)" % (p, p),
             ["plackup", "--port", str(p), W + "/app.psgi"], port=p, hold_spec=("tcp", "0.0.0.0"), errno="EADDRINUSE", cwd=W)
    p = new_port()
    run_case("plackup", "negative", "normal start, curl / and /boom (app dies), then SIGTERM",
             ["plackup", "--host", "127.0.0.1", "--port", str(p), W + "/app.psgi"], port=p, cwd=W,
             during=lambda p: (http_get(p, "/"), http_get(p, "/boom")))
    run_case("plackup", "negative", "psgi file that does not exist",
             ["plackup", "--port", str(new_port()), W + "/missing.psgi"], cwd=W)


# ---------------------------------------------------------------- unicorn
def unicorn():
    reset("unicorn")
    write(W + "/config.ru", "run lambda { |env| raise 'boom' if env['PATH_INFO'] == '/boom'; [200, {'content-type' => 'text/plain'}, [\"hi\\n\"]] }\n")
    std("unicorn", lambda h, p: ["unicorn", "-l", ("[%s]:%s" % (h, p)) if ":" in h else "%s:%s" % (h, p), W + "/config.ru"], label="-l HOST:PORT")
    p = new_port()
    run_case("unicorn", "bind", "python socket held 0.0.0.0:%d; unicorn -p %d" % (p, p),
             ["unicorn", "-p", str(p), W + "/config.ru"], port=p, hold_spec=("tcp", "0.0.0.0"), errno="EADDRINUSE", cwd=W, timeout=12)
    p = new_port()
    run_case("unicorn", "negative", "normal start, curl / and /boom (app raises), then SIGTERM",
             ["unicorn", "-l", "127.0.0.1:%d" % p, W + "/config.ru"], port=p, cwd=W,
             during=lambda p: (http_get(p, "/"), http_get(p, "/boom")))
    write(W + "/bad.ru", "run lambda { |env| [200, {}, ['x']]\n")
    run_case("unicorn", "negative", "config.ru with a ruby syntax error", ["unicorn", "-l", "127.0.0.1:%d" % new_port(), W + "/bad.ru"], cwd=W)


# ---------------------------------------------------------------- yaws
def yaws():
    reset("yaws")
    os.makedirs(W + "/yawslog", exist_ok=True)
    sh("rm -rf %s/yawslog/*; chmod 777 %s/yawslog; chmod 777 %s" % (W, W, W))

    def conf(h, p, extra=""):
        path = W + "/yaws-%s-%s.conf" % (h.replace(":", "_"), p)
        os.makedirs(W + "/yawslog/%s" % p, exist_ok=True)
        os.chmod(W + "/yawslog/%s" % p, 0o777)
        write(path, "logdir = %s/yawslog/%s\n<server localhost>\n\tport = %s\n\tlisten = %s\n\tdocroot = %s/www\n%s</server>\n" % (W, p, p, h, W, extra))
        os.chmod(path, 0o644)
        return path
    # `yaws -i` is an interactive erlang shell: give it a stdin that stays open (sleep | yaws -i)
    std("yaws", lambda h, p: "sleep 60 | yaws -i --nodebug --conf %s" % conf(h, p), label="-i --conf (listen = HOST, port = PORT)", timeout=15, shell=True)
    p = new_port()
    c = conf("127.0.0.1", p)
    run_case("yaws", "negative", "normal start (-i), curl / and /missing, then SIGTERM", "sleep 60 | yaws -i --nodebug --conf %s" % c, shell=True, port=p, cwd=W,
             during=lambda p: (http_get(p, "/"), http_get(p, "/missing")))
    write(W + "/yaws-bad.conf", "logdir = %s/yawslog\n<server localhost>\n\tport = %d\n\tlisten = 127.0.0.1\n\tbogus_key = 1\n</server>\n" % (W, new_port()))
    run_case("yaws", "negative", "config with an unknown key", "sleep 60 | yaws -i --nodebug --conf %s/yaws-bad.conf" % W, shell=True, cwd=W, timeout=15)


# ---------------------------------------------------------------- hugo
def hugo():
    reset("hugo")
    site = W + "/hugosite"
    if not os.path.exists(site):
        sh("cd %s && hugo new site hugosite >/dev/null && printf '<h1>home</h1>\\n' > hugosite/layouts/index.html" % W)
    sh("chmod -R a+rwX %s" % site)
    std("hugo", lambda h, p: ["hugo", "server", "--bind", h, "--port", str(p), "--disableFastRender"],
        label="`hugo server --bind HOST --port PORT`", cwd=site, timeout=12)
    p = new_port()
    run_case("hugo", "bind", "python socket held 127.0.0.1:%d; `hugo server --port %d` (default bind 127.0.0.1)" % (p, p),
             ["hugo", "server", "--port", str(p)], port=p, hold_spec=("tcp", "127.0.0.1"), errno="EADDRINUSE", addr="127.0.0.1", cwd=site, timeout=12)
    p = new_port()
    run_case("hugo", "negative", "normal `hugo server`, curl / and /missing, then SIGINT",
             ["hugo", "server", "--port", str(p)], port=p, cwd=site, stop_signal=2,
             during=lambda p: (http_get(p, "/"), http_get(p, "/missing")))
    run_case("hugo", "negative", "hugo.toml with a TOML syntax error",
             ["sh", "-c", "mkdir -p %s/hugobad && cd %s/hugobad && printf 'title = \"x\\nbaseURL = 1\\n' > hugo.toml && exec hugo server --port %d" % (W, W, new_port())], cwd=W, timeout=8, stop_signal=2)


# ---------------------------------------------------------------- jekyll
def jekyll():
    reset("jekyll")
    site = W + "/jekyllsite"
    os.makedirs(site, exist_ok=True)
    write(site + "/_config.yml", "title: t\n")
    write(site + "/index.html", "---\n---\n<h1>hi</h1>\n")
    os.makedirs("/tmp/nobody-home", exist_ok=True)
    os.chown("/tmp/nobody-home", 65534, 65534)
    sh("rm -rf %s/.jekyll-cache %s/_site" % (site, site))
    std("jekyll", lambda h, p: ["jekyll", "serve", "--host", h, "--port", str(p), "--no-watch", "--disable-disk-cache", "-d", "/tmp/nobody-home/jk-%d" % p],
        label="`jekyll serve --host HOST --port PORT`", cwd=site, timeout=20)
    p = new_port()
    run_case("jekyll", "negative", "normal `jekyll serve`, curl / and /missing, then SIGINT",
             ["jekyll", "serve", "--host", "127.0.0.1", "--port", str(p), "--no-watch"], port=p, cwd=site, stop_signal=2,
             during=lambda p: (http_get(p, "/"), http_get(p, "/missing")))
    os.makedirs(W + "/jekyllbad", exist_ok=True)
    write(W + "/jekyllbad/_config.yml", "title: [unclosed\n")
    run_case("jekyll", "negative", "_config.yml with a YAML syntax error",
             ["jekyll", "serve", "--port", str(new_port()), "--no-watch"], cwd=W + "/jekyllbad", timeout=20, stop_signal=2)


PROGRAMS = {k: v for k, v in globals().items() if callable(v) and k in sys.argv[1:]}
if __name__ == "__main__":
    for name in sys.argv[1:]:
        globals()[name.replace("-", "_")]()
