import asyncio, sys

async def handle(reader, writer):
    writer.write(await reader.readline())
    await writer.drain()
    writer.close()

async def main(host, port):
    server = await asyncio.start_server(handle, host, port)
    print("Serving on", ", ".join(str(s.getsockname()) for s in server.sockets), flush=True)
    async with server:
        await server.serve_forever()

asyncio.run(main(sys.argv[1], int(sys.argv[2])))
