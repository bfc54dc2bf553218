"""npm servers installed in /tmp/round3-npm (outside the repo), plus bun and deno from npm."""
import os
import sys
from harness import run_case, reset, new_port, http_get, tcp_poke, RUN, sh, write
from common import std, held, neg, udp_poke, mkd, hp

NM = "/tmp/round3-npm"
B = NM + "/node_modules/.bin/"
N = mkd(RUN + "/npm")
sh("ln -sfn %s/node_modules %s/node_modules" % (NM, N))
mkd(N + "/www")
write(N + "/www/index.html", "<h1>hi</h1>\n")
# next: a one-page app
mkd(N + "/nextapp/app")
sh("ln -sfn %s/node_modules %s/nextapp/node_modules" % (NM, N))
write(N + "/nextapp/app/layout.js", "export default function RootLayout({ children }) { return (<html><body>{children}</body></html>); }\n")
write(N + "/nextapp/app/page.js", "export default function Page() { return <h1>hi</h1>; }\n")
write(N + "/nextapp/package.json", '{"name": "nextapp", "private": true}\n')
# nest: a compiled-by-hand CommonJS app (no TypeScript build step)
write(N + "/nest_main.js", """require('reflect-metadata');
const { NestFactory } = require('@nestjs/core');
const { Module, Controller, Get } = require('@nestjs/common');
class AppController { hi() { return 'hi'; } }
Get()(AppController.prototype, 'hi', Object.getOwnPropertyDescriptor(AppController.prototype, 'hi'));
Controller()(AppController);
class AppModule {}
Module({ controllers: [AppController] })(AppModule);
async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  await app.listen(Number(process.argv[3]), process.argv[2]);
  console.log(`Nest listening on ${await app.getUrl()}`);
}
bootstrap();
""")
write(N + "/micro_fn.js", "module.exports = (req, res) => 'hi';\n")
write(N + "/smtp_srv.js", "const { SMTPServer } = require('smtp-server');\nconst server = new SMTPServer({ authOptional: true, logger: true, onData(stream, session, cb) { stream.resume(); stream.on('end', cb); } });\nserver.listen(Number(process.argv[3]), process.argv[2], () => console.log('SMTP server listening'));\n")
write(N + "/bun_srv.js", "const server = Bun.serve({ hostname: process.argv[2], port: Number(process.argv[3]), fetch(req) { return new Response('hi'); } });\nconsole.log(`bun listening on ${server.url}`);\n")
write(N + "/bun_udp.js", "const s = await Bun.udpSocket({ hostname: process.argv[2], port: Number(process.argv[3]), socket: { data(sock, buf, port, addr) { console.log('got', buf.length, 'bytes from', addr, port); } } });\nconsole.log('bun udp bound', s.hostname, s.port);\n")
write(N + "/deno_srv.ts", "Deno.serve({ hostname: Deno.args[0], port: Number(Deno.args[1]) }, (_req) => new Response('hi'));\n")
write(N + "/deno_udp.ts", "const l = Deno.listenDatagram({ hostname: Deno.args[0], port: Number(Deno.args[1]), transport: 'udp' });\nconsole.log('deno udp bound', l.addr);\nfor await (const [d, a] of l) console.log('got', d.length, 'bytes');\n")
write(N + "/eleventy/index.md", "# hi\n")
write(N + "/verdaccio.yaml", "storage: %s/verdaccio-storage\nuplinks: {}\npackages:\n  '**':\n    access: $all\n    publish: $all\nlog: { type: stdout, format: pretty, level: http }\n" % N)
sh("chmod -R a+rwX %s" % N)
NOUP = {"NEXT_TELEMETRY_DISABLED": "1", "DO_NOT_TRACK": "1", "DENO_NO_UPDATE_CHECK": "1", "CI": "1"}


def next_dev():
    reset("next")
    Nx = lambda h, p: [B + "next", "dev", "-H", h, "-p", str(p)]
    std("next", Nx, label="`next dev -H HOST -p PORT`", cwd=N + "/nextapp", timeout=25, stop_signal=2, env=NOUP)
    held("next", "`next dev -p {port}` (no -H)", lambda p: [B + "next", "dev", "-p", str(p)], cwd=N + "/nextapp", timeout=25, stop_signal=2, env=NOUP)
    neg("next", "normal `next dev`, GET / and /missing, then SIGINT", lambda p: Nx("127.0.0.1", p), cwd=N + "/nextapp", stop_signal=2, env=NOUP,
        during=lambda p: (http_get(p, "/"), http_get(p, "/missing")), settle=3, listen_timeout=60)
    neg("next", "`next dev` in a directory with no app/ or pages/", lambda p: [B + "next", "dev", "-p", str(p)], cwd=N + "/www", timeout=25, stop_signal=2, env=NOUP)


def nest():
    reset("nestjs")
    std("nestjs", lambda h, p: ["node", N + "/nest_main.js", h, str(p)], label="NestFactory.create(AppModule).listen(PORT, HOST)", cwd=N, timeout=10, stop_signal=2)
    neg("nestjs", "normal start, GET / and /missing, then SIGINT", lambda p: ["node", N + "/nest_main.js", "127.0.0.1", str(p)], cwd=N, stop_signal=2,
        during=lambda p: (http_get(p, "/"), http_get(p, "/missing")))


def micro():
    reset("micro")
    std("micro", lambda h, p: [B + "micro", "-l", "tcp://%s" % hp(h, p), N + "/micro_fn.js"], label="-l tcp://HOST:PORT fn.js", cwd=N, timeout=8, stop_signal=2)
    held("micro", "`micro -l {port} fn.js` (port only)", lambda p: [B + "micro", "-l", str(p), N + "/micro_fn.js"], cwd=N, timeout=8, stop_signal=2)
    neg("micro", "normal start, GET /, then SIGINT", lambda p: [B + "micro", "-l", "tcp://127.0.0.1:%d" % p, N + "/micro_fn.js"], cwd=N, stop_signal=2, during=lambda p: http_get(p, "/"))
    neg("micro", "entry point that does not exist", lambda p: [B + "micro", "-l", "tcp://127.0.0.1:%d" % p, N + "/nope.js"], cwd=N, timeout=8, stop_signal=2)


def verdaccio():
    reset("verdaccio")
    V = lambda h, p: [B + "verdaccio", "--config", N + "/verdaccio.yaml", "--listen", "http://%s/" % hp(h, p)]
    std("verdaccio", V, label="--config FILE --listen http://HOST:PORT/", cwd=N, timeout=12, stop_signal=2)
    held("verdaccio", "verdaccio --listen {port} (port only)", lambda p: [B + "verdaccio", "--config", N + "/verdaccio.yaml", "--listen", str(p)], cwd=N, timeout=12, stop_signal=2)
    neg("verdaccio", "normal start, GET / and /nope-pkg, then SIGINT", lambda p: V("127.0.0.1", p), cwd=N, stop_signal=2,
        during=lambda p: (http_get(p, "/"), http_get(p, "/nope-pkg")), settle=2)
    neg("verdaccio", "--config file that does not exist", [B + "verdaccio", "--config", N + "/nope.yaml"], cwd=N, timeout=10, stop_signal=2)


def maildev():
    reset("maildev")
    M = lambda h, p: [B + "maildev", "--ip", h, "-s", str(p), "--web-ip", "127.0.0.1", "-w", str(p + 1000)]
    std("maildev", M, label="--ip HOST -s PORT (SMTP)", low=25, cwd=N, timeout=10, stop_signal=2)
    p = new_port()
    held("maildev", "maildev --web-ip 0.0.0.0 -w {port} (the web port held)", [B + "maildev", "--ip", "127.0.0.1", "-s", str(p + 1000), "--web-ip", "0.0.0.0", "-w", str(p)], port=p, cwd=N, timeout=10, stop_signal=2)
    neg("maildev", "normal start, one SMTP client EHLO/QUIT, then SIGINT", lambda p: M("127.0.0.1", p), cwd=N, stop_signal=2,
        during=lambda p: tcp_poke(p, b"EHLO x\r\nQUIT\r\n"))


def statsd():
    reset("statsd")

    def conf(h, p, extra=""):
        return write(N + "/statsd-%s-%s.js" % (h.replace(":", "_"), p), "{ address: '%s', port: %s, mgmt_address: '127.0.0.1', mgmt_port: %d, backends: ['./backends/console'], debug: true%s }\n" % (h, p, int(p) + 1000, extra))
    std("statsd", lambda h, p: ["node", NM + "/node_modules/statsd/stats.js", conf(h, p) if h != "::" else conf(h, p, ", address_ipv6: true")], proto="udp", label="config `address: HOST, port: PORT` (UDP)", cwd=NM + "/node_modules/statsd", timeout=8, stop_signal=2)
    p = new_port()
    held("statsd", "statsd config `mgmt_address: '0.0.0.0', mgmt_port: {port}` (the TCP admin port held)",
         ["node", NM + "/node_modules/statsd/stats.js", write(N + "/statsd-mgmt.js", "{ address: '127.0.0.1', port: %d, mgmt_address: '0.0.0.0', mgmt_port: %d, backends: ['./backends/console'] }\n" % (p + 1000, p))],
         port=p, cwd=NM + "/node_modules/statsd", timeout=8, stop_signal=2)
    neg("statsd", "normal start, one metric `a.b:1|c` sent, then SIGINT after the flush", lambda p: ["node", NM + "/node_modules/statsd/stats.js", write(N + "/statsd-ok.js", "{ address: '127.0.0.1', port: %d, mgmt_port: %d, flushInterval: 1000, backends: ['./backends/console'] }\n" % (p, p + 1000))],
        proto="udp", cwd=NM + "/node_modules/statsd", stop_signal=2, during=lambda p: udp_poke(p, b"a.b:1|c"), settle=2)


def esbuild():
    reset("esbuild")
    # esbuild stops serving when stdin closes: keep stdin open with `sleep 60 |`
    E = lambda h, p: ["sh", "-c", "sleep 60 | exec %sesbuild --servedir=%s/www --serve=%s" % (B, N, hp(h, p))]
    std("esbuild", E, label="--servedir=DIR --serve=HOST:PORT", cwd=N, timeout=6, stop_signal=2)
    held("esbuild", "esbuild --servedir=DIR --serve={port} (port only)", lambda p: ["sh", "-c", "sleep 60 | exec %sesbuild --servedir=%s/www --serve=%d" % (B, N, p)], cwd=N, timeout=6, stop_signal=2)
    neg("esbuild", "normal --serve, GET / and /missing, then SIGINT", lambda p: E("127.0.0.1", p), cwd=N, stop_signal=2, during=lambda p: (http_get(p, "/"), http_get(p, "/missing")))
    neg("esbuild", "entry point that does not exist", lambda p: ["sh", "-c", "sleep 60 | exec %sesbuild %s/nope.js --bundle --serve=127.0.0.1:%d" % (B, N, p)], cwd=N, timeout=6, stop_signal=2)


def bun():
    reset("bun")
    std("bun", lambda h, p: [B + "bun", N + "/bun_srv.js", h, str(p)], label="Bun.serve({hostname, port})", cwd=N, timeout=6, stop_signal=2)
    std("bun", lambda h, p: [B + "bun", N + "/bun_udp.js", h, str(p)], proto="udp", label="Bun.udpSocket({hostname, port})", cwd=N, timeout=6, stop_signal=2, eacces=False)
    neg("bun", "normal start, GET /, then SIGINT", lambda p: [B + "bun", N + "/bun_srv.js", "127.0.0.1", str(p)], cwd=N, stop_signal=2, during=lambda p: http_get(p, "/"))
    neg("bun", "script that does not exist", [B + "bun", N + "/nope.js"], cwd=N, timeout=6, stop_signal=2)


def deno():
    reset("deno")
    env = dict(NOUP, DENO_DIR=N + "/deno-dir")
    Dn = lambda h, p: [B + "deno", "run", "--allow-net", N + "/deno_srv.ts", h, str(p)]
    std("deno", Dn, label="Deno.serve({hostname, port})", cwd=N, timeout=8, stop_signal=2, env=env)
    std("deno", lambda h, p: [B + "deno", "run", "--allow-net", "--unstable-net", N + "/deno_udp.ts", h, str(p)], proto="udp", label="Deno.listenDatagram({hostname, port, transport: 'udp'})", cwd=N, timeout=8, stop_signal=2, env=env, eacces=False)
    neg("deno", "normal start, GET /, then SIGINT", lambda p: Dn("127.0.0.1", p), cwd=N, stop_signal=2, env=env, during=lambda p: http_get(p, "/"))
    neg("deno", "run without --allow-net", lambda p: [B + "deno", "run", "--no-prompt", N + "/deno_srv.ts", "127.0.0.1", str(p)], cwd=N, timeout=8, stop_signal=2, env=env)


def tiddlywiki():
    reset("tiddlywiki")
    wd = N + "/tw"
    if not os.path.exists(wd):
        sh("cd %s && %stiddlywiki tw --init server >/dev/null 2>&1; chmod -R a+rwX tw" % (N, B))
    T = lambda h, p: [B + "tiddlywiki", wd, "--listen", "host=" + h, "port=%d" % p]
    std("tiddlywiki", T, label="WIKI --listen host=HOST port=PORT", cwd=N, timeout=10, stop_signal=2)
    neg("tiddlywiki", "normal start, GET / and /missing, then SIGINT", lambda p: T("127.0.0.1", p), cwd=N, stop_signal=2, during=lambda p: (http_get(p, "/status"), http_get(p, "/missing")), settle=2)
    neg("tiddlywiki", "--listen on a wiki folder that does not exist", lambda p: [B + "tiddlywiki", N + "/nope-wiki", "--listen", "port=%d" % p], cwd=N, timeout=10, stop_signal=2)


def ftp_srv():
    reset("ftp-srv")
    F = lambda h, p: [B + "ftp-srv", "ftp://%s" % hp(h, p), "--root", N + "/www"]
    std("ftp-srv", F, label="ftp://HOST:PORT --root DIR", low=21, cwd=N, timeout=8, stop_signal=2)
    neg("ftp-srv", "normal start, one anonymous login, then SIGINT", lambda p: F("127.0.0.1", p), cwd=N, stop_signal=2, during=lambda p: tcp_poke(p, b"USER anonymous\r\nPASS x\r\nQUIT\r\n"))


def wds():
    reset("web-dev-server")
    W = lambda h, p: [B + "wds", "--root-dir", N + "/www", "--hostname", h, "--port", str(p)]
    std("web-dev-server", W, label="@web/dev-server --hostname HOST --port PORT", cwd=N, timeout=10, stop_signal=2)
    neg("web-dev-server", "normal start, GET / and /missing, then SIGINT", lambda p: W("127.0.0.1", p), cwd=N, stop_signal=2, during=lambda p: (http_get(p, "/"), http_get(p, "/missing")))


def sirv():
    reset("sirv")
    S = lambda h, p: [B + "sirv", N + "/www", "--host", h, "--port", str(p)]
    std("sirv", S, label="sirv-cli DIR --host HOST --port PORT", cwd=N, timeout=8, stop_signal=2)
    neg("sirv", "normal start (--logs), GET / and /missing, then SIGINT", lambda p: S("127.0.0.1", p) + ["--logs"], cwd=N, stop_signal=2, during=lambda p: (http_get(p, "/"), http_get(p, "/missing")))


def eleventy():
    reset("eleventy")
    El = lambda p: [B + "eleventy", "--serve", "--port=%d" % p, "--input=" + N + "/eleventy", "--output=" + N + "/eleventy/_site"]
    held("eleventy", "`eleventy --serve --port={port}`", El, cwd=N, timeout=12, stop_signal=2)
    held("eleventy", "`eleventy --serve --port={port}`", El, host="::", cwd=N, timeout=12, stop_signal=2)
    run_case("eleventy", "bind", "run as nobody (ip_unprivileged_port_start=1024); `eleventy --serve --port=80`", El(80), port=80, user="nobody", errno="EACCES", cwd=N, timeout=12, stop_signal=2)
    neg("eleventy", "normal --serve, GET / and /missing, then SIGINT", El, cwd=N, stop_signal=2, during=lambda p: (http_get(p, "/"), http_get(p, "/missing")), settle=2)


def smtp_server():
    reset("smtp-server")
    std("smtp-server", lambda h, p: ["node", N + "/smtp_srv.js", h, str(p)], label="new SMTPServer().listen(PORT, HOST) (no 'error' listener)", low=25, cwd=N, timeout=8, stop_signal=2)
    neg("smtp-server", "normal start, one client EHLO/QUIT, then SIGINT", lambda p: ["node", N + "/smtp_srv.js", "127.0.0.1", str(p)], cwd=N, stop_signal=2, during=lambda p: tcp_poke(p, b"EHLO x\r\nQUIT\r\n"))


def peer():
    reset("peerjs")
    std("peerjs", lambda h, p: [B + "peerjs", "--host", h, "--port", str(p)], label="--host HOST --port PORT", cwd=N, timeout=8, stop_signal=2)
    neg("peerjs", "normal start, GET / and /peerjs/id, then SIGINT", lambda p: [B + "peerjs", "--host", "127.0.0.1", "--port", str(p)], cwd=N, stop_signal=2, during=lambda p: (http_get(p, "/"), http_get(p, "/peerjs/id")))


def aedes():
    reset("aedes")
    A = lambda h, p: [B + "aedes", "start", "--host", h, "--port", str(p), "-v"]
    std("aedes", A, label="aedes-cli start --host HOST --port PORT", cwd=N, timeout=8, stop_signal=2)
    neg("aedes", "normal start, one MQTT CONNECT, then SIGINT", lambda p: A("127.0.0.1", p), cwd=N, stop_signal=2,
        during=lambda p: tcp_poke(p, bytes.fromhex("101000044d5154540402003c000461626364")))


if __name__ == "__main__":
    for name in sys.argv[1:]:
        globals()[name.replace("-", "_")]()
