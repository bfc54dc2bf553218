# negative: asyncio.open_connection to a closed loopback port
import asyncio, sys

async def main():
    await asyncio.open_connection("127.0.0.1", int(sys.argv[1]))

asyncio.run(main())
