from aiohttp import web

app = web.Application()
app.router.add_get("/", lambda r: web.Response(text="hi")
web.run_app(app, port=8080)
