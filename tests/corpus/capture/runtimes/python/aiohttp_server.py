import sys
from aiohttp import web

async def hello(request):
    return web.Response(text="hello\n")

app = web.Application()
app.router.add_get("/", hello)
web.run_app(app, host=sys.argv[1], port=int(sys.argv[2]))
