"""Memory over many handshakes in one process, printed as a JSON line.

    python3 bench_mem.py [--count N] [--files DIR]

Runs N (10000) connections through ``OpenSSL.SSL`` (gossl's package, or
pyOpenSSL if it comes first on ``sys.path``), client and server as two
threads of this one process over loopback TCP: each a full TLS 1.3
handshake with the RSA-2048 certificate verified by a Python callback, a
1-byte request and answer. VmRSS is sampled after every tenth of them; the
growth is counted from the first sample, so that the allocator and
OpenSSL's caches have warmed up.
"""

import gc
import json
import os
import socket
import sys
import threading
import time


def status_kib(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return -1


def main(argv):
    count = 10000
    files = "tests/files"
    opts = argv[1:]
    for name, value in zip(opts[::2], opts[1::2]):
        if name == "--count":
            count = int(value)
        elif name == "--files":
            files = value
        else:
            sys.exit("unknown option %s" % name)

    from OpenSSL import SSL

    module = sys.modules["OpenSSL"].__file__
    impl = "gossl" if "introspection" in module else "pyopenssl"

    server_ctx = SSL.Context(SSL.SSLv23_METHOD)
    server_ctx.use_certificate_file(os.path.join(files, "server.pem"))
    server_ctx.use_privatekey_file(os.path.join(files, "server.key"))
    client_ctx = SSL.Context(SSL.SSLv23_METHOD)
    client_ctx.load_verify_locations(os.path.join(files, "ca.pem"))
    client_ctx.set_verify(SSL.VERIFY_PEER, lambda conn, cert, errnum, depth, ok: ok)

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    address = listener.getsockname()
    failure = []

    def serve():
        try:
            for _ in range(count):
                sock = listener.accept()[0]
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                conn = SSL.Connection(server_ctx, sock)
                conn.set_accept_state()
                conn.do_handshake()
                conn.recv(1)
                conn.sendall(b"r")
                sock.close()
        except BaseException as e:  # noqa: B036 -- reported by the main thread
            failure.append(e)

    server = threading.Thread(target=serve)
    server.start()
    step = max(count // 10, 1)
    samples = []
    t0 = time.perf_counter()
    for i in range(count):
        sock = socket.create_connection(address)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        conn = SSL.Connection(client_ctx, sock)
        conn.set_connect_state()
        conn.do_handshake()
        conn.sendall(b"q")
        conn.recv(1)
        sock.close()
        del conn
        if (i + 1) % step == 0:
            # Uncollected cycles are not leaks: count what survives a collection.
            gc.collect()
            samples.append(status_kib("VmRSS"))
    seconds = time.perf_counter() - t0
    server.join()
    if failure:
        raise failure[0]
    print(json.dumps({
        "impl": impl + "-python", "test": "mem", "module": module,
        "value": samples[-1] - samples[0], "unit": "KiB growth", "seconds": seconds,
        "rss_kib": samples, "peak_kib": status_kib("VmHWM"),
        "growth_kib": samples[-1] - samples[0], "handshakes": count,
    }))


if __name__ == "__main__":
    main(sys.argv)
