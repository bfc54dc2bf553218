import asyncio, sys
import tornado.web

class Main(tornado.web.RequestHandler):
    def get(self):
        self.write("hello\n")

async def main():
    app = tornado.web.Application([(r"/", Main)])
    app.listen(int(sys.argv[2]), address=sys.argv[1])
    print("tornado listening", flush=True)
    await asyncio.Event().wait()

asyncio.run(main())
