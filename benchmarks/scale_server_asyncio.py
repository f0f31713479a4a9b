"""The scale benchmark's echo server with Python's asyncio and the stdlib
ssl module (or uvloop's loop with --uvloop), one thread.

    /usr/bin/python3 scale_server_asyncio.py CERT.pem KEY.pem [--uvloop]

Prints "listening PORT"; a 10 ms timer records the longest gap between its
ticks: SIGUSR1 forgets it, SIGUSR2 prints "gap_ms X".
"""

import asyncio
import signal
import ssl
import sys
import time

BACKLOG = 1024


class Echo(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport = transport

    def data_received(self, data):
        self.transport.write(data)


async def serve(cert, key):
    loop = asyncio.get_running_loop()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = await loop.create_server(Echo, "127.0.0.1", 0, ssl=context, backlog=BACKLOG)

    state = {"last": time.monotonic(), "gap": 0.0}

    def tick():
        t = time.monotonic()
        state["gap"] = max(state["gap"], t - state["last"])
        state["last"] = t
        loop.call_later(0.01, tick)

    def reset():
        state["gap"] = 0.0
        state["last"] = time.monotonic()

    def report():
        t = time.monotonic()  # a gap still open counts too
        print("gap_ms %.3f" % (1000 * max(state["gap"], t - state["last"])), flush=True)

    loop.call_later(0.01, tick)
    loop.add_signal_handler(signal.SIGUSR1, reset)
    loop.add_signal_handler(signal.SIGUSR2, report)
    print("listening %d" % server.sockets[0].getsockname()[1], flush=True)
    await asyncio.Event().wait()


def main():
    args = sys.argv[1:]
    use_uvloop = "--uvloop" in args
    args = [a for a in args if a != "--uvloop"]
    if len(args) != 2:
        sys.exit("Usage: scale_server_asyncio.py CERT.pem KEY.pem [--uvloop]")
    if use_uvloop:
        import uvloop
        uvloop.install()
    asyncio.run(serve(*args))


if __name__ == "__main__":
    main()
