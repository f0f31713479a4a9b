"""One measurement of one TLS workload in Python, printed as a JSON line.

    python3 bench_tls.py IMPL TEST [--bytes N] [--count N] [--files DIR] [--cpus C,S]

IMPL is the library under test:

``openssl-api``
    ``from OpenSSL import SSL``: gossl's package or Debian's pyOpenSSL 23,
    whichever comes first on ``sys.path`` (benchmarks/run.py starts this
    script both ways and checks which one it got). The code is the same for
    both, word for word.
``stdlib``
    the same workloads written with the standard library's ``ssl`` module.

TEST is one of ``bulk13``, ``bulk12``, ``rtt``, ``hs-rsa``, ``hs-ecdsa``,
with the meaning and defaults of the C programs (bench-tls.c): bulk moves
N bytes (256 MiB) each way in 16 KiB ``sendall`` calls, read with
``recv(16384)``; rtt makes N (20000) round trips of 64 bytes; hs-* makes N
(500) connections, each a full handshake verified by the client, a 1-byte
request and a 1-byte answer.

The server is a forked child process, the client (this process) times, so
the two sides do not share a GIL. ``--cpus C,S`` pins the client to CPU C
and the server to CPU S (the same number puts both on one CPU).
"""

import json
import os
import resource
import socket
import sys
import time
import traceback

CHUNK = 16384
MESSAGE = 64
RTT_WARMUP = 500
HS_WARMUP = 20


class OpenSSLApi:
    """The workloads through ``OpenSSL.SSL`` (gossl's or pyOpenSSL's)."""

    def __init__(self):
        from OpenSSL import SSL

        self.SSL = SSL
        module = sys.modules["OpenSSL"]
        self.name = "gossl" if "introspection" in module.__file__ else "pyopenssl"
        self.module_file = module.__file__

    def _ctx(self, tls12):
        SSL = self.SSL
        ctx = SSL.Context(SSL.TLSv1_2_METHOD if tls12 else SSL.SSLv23_METHOD)
        if tls12:
            ctx.set_cipher_list(b"ECDHE-RSA-AES128-GCM-SHA256")
        return ctx

    def server_ctx(self, tls12, cert, key):
        ctx = self._ctx(tls12)
        ctx.use_certificate_file(cert)
        ctx.use_privatekey_file(key)
        return ctx

    def client_ctx(self, tls12, ca):
        ctx = self._ctx(tls12)
        ctx.load_verify_locations(ca)
        # The manual's way: a callback that keeps OpenSSL's verdict.
        ctx.set_verify(self.SSL.VERIFY_PEER, lambda conn, cert, errnum, depth, ok: ok)
        return ctx

    def wrap(self, ctx, sock, server):
        conn = self.SSL.Connection(ctx, sock)
        if server:
            conn.set_accept_state()
        else:
            conn.set_connect_state()
        conn.do_handshake()
        return conn

    def negotiated(self, conn):
        return conn.get_cipher_name(), conn.get_protocol_version_name()


class StdlibApi:
    """The workloads through the standard library's ``ssl`` module."""

    def __init__(self):
        import ssl

        self.ssl = ssl
        self.name = "stdlib"
        self.module_file = ssl.__file__

    def _versions(self, ctx, tls12):
        if tls12:
            ctx.minimum_version = self.ssl.TLSVersion.TLSv1_2
            ctx.maximum_version = self.ssl.TLSVersion.TLSv1_2
            ctx.set_ciphers("ECDHE-RSA-AES128-GCM-SHA256")

    def server_ctx(self, tls12, cert, key):
        ctx = self.ssl.SSLContext(self.ssl.PROTOCOL_TLS_SERVER)
        self._versions(ctx, tls12)
        ctx.load_cert_chain(cert, key)
        return ctx

    def client_ctx(self, tls12, ca):
        ctx = self.ssl.SSLContext(self.ssl.PROTOCOL_TLS_CLIENT)
        self._versions(ctx, tls12)
        ctx.check_hostname = False
        ctx.verify_mode = self.ssl.CERT_REQUIRED
        ctx.load_verify_locations(ca)
        return ctx

    def wrap(self, ctx, sock, server):
        conn = ctx.wrap_socket(sock, server_side=server, do_handshake_on_connect=False)
        conn.do_handshake()
        return conn

    def negotiated(self, conn):
        cipher = conn.cipher()
        return cipher[0], conn.version()


def read_exactly(conn, n):
    recv = conn.recv
    while n > 0:
        data = recv(CHUNK if n > CHUNK else n)
        if not data:
            raise EOFError("the peer closed the connection early")
        n -= len(data)


def write_bulk(conn, n):
    chunk = b"x" * CHUNK
    sendall = conn.sendall
    while n >= CHUNK:
        sendall(chunk)
        n -= CHUNK
    if n:
        sendall(chunk[:n])


def cpu_now():
    """CPU seconds (user + system) this process has used."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def nodelay(sock):
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def serve(api, args, listener):
    """The server side; returns its CPU seconds over the timed phase."""
    tls12 = args.test == "bulk12"
    ctx = api.server_ctx(tls12, args.cert, args.key)
    if args.test.startswith("bulk"):
        sock = nodelay(listener.accept()[0])
        conn = api.wrap(ctx, sock, True)
        cpu0 = cpu_now()
        read_exactly(conn, args.bytes)
        write_bulk(conn, args.bytes)
        sock.close()
    elif args.test == "rtt":
        sock = nodelay(listener.accept()[0])
        conn = api.wrap(ctx, sock, True)
        left = (args.count + RTT_WARMUP) * MESSAGE
        timed = args.count * MESSAGE
        recv, sendall = conn.recv, conn.sendall
        cpu0 = cpu_now()
        while left > 0:
            if left == timed:
                cpu0 = cpu_now()
            data = recv(CHUNK)
            if not data:
                raise EOFError("the client closed the connection early")
            sendall(data)
            left -= len(data)
        sock.close()
    else:
        cpu0 = cpu_now()
        for i in range(args.count + HS_WARMUP):
            if i == HS_WARMUP:
                cpu0 = cpu_now()
            sock = nodelay(listener.accept()[0])
            conn = api.wrap(ctx, sock, True)
            if len(conn.recv(1)) != 1:
                raise EOFError("no request after the handshake")
            conn.sendall(b"r")
            sock.close()
    return cpu_now() - cpu0


def connect(address):
    return nodelay(socket.create_connection(address))


def client(api, args, address):
    tls12 = args.test == "bulk12"
    ctx = api.client_ctx(tls12, args.ca)
    result = {"impl": api.name, "test": args.test, "module": api.module_file}
    if args.test.startswith("bulk"):
        sock = connect(address)
        conn = api.wrap(ctx, sock, False)
        cpu0 = cpu_now()
        t0 = time.perf_counter()
        write_bulk(conn, args.bytes)
        read_exactly(conn, args.bytes)
        seconds = time.perf_counter() - t0
        amount = 2 * args.bytes / 1048576
        result.update(unit="MiB/s")
        cipher, version = api.negotiated(conn)
        sock.close()
    elif args.test == "rtt":
        sock = connect(address)
        conn = api.wrap(ctx, sock, False)
        message = b"p" * MESSAGE
        recv, sendall = conn.recv, conn.sendall
        t0 = cpu0 = 0.0
        for i in range(args.count + RTT_WARMUP):
            if i == RTT_WARMUP:
                cpu0 = cpu_now()
                t0 = time.perf_counter()
            sendall(message)
            got = len(recv(CHUNK))
            while got < MESSAGE:
                got += len(recv(CHUNK))
        seconds = time.perf_counter() - t0
        amount = args.count
        result.update(unit="round trips/s")
        cipher, version = api.negotiated(conn)
        sock.close()
    else:
        cipher = version = None
        t0 = cpu0 = 0.0
        for i in range(args.count + HS_WARMUP):
            if i == HS_WARMUP:
                cpu0 = cpu_now()
                t0 = time.perf_counter()
            sock = connect(address)
            conn = api.wrap(ctx, sock, False)
            conn.sendall(b"q")
            if len(conn.recv(1)) != 1:
                raise EOFError("no answer after the handshake")
            if cipher is None:
                cipher, version = api.negotiated(conn)
            sock.close()
        seconds = time.perf_counter() - t0
        amount = args.count
        result.update(unit="handshakes/s")
    client_cpu = cpu_now() - cpu0
    result.update(value=amount / seconds, seconds=seconds, amount=amount,
                  client_cpu=client_cpu, cipher=cipher, version=version)
    return result


class Args:
    def __init__(self, argv):
        if len(argv) < 3:
            sys.exit("usage: bench_tls.py openssl-api|stdlib TEST [--bytes N] [--count N] [--files DIR] [--cpus C,S]")
        self.impl, self.test = argv[1], argv[2]
        if self.test not in ("bulk13", "bulk12", "rtt", "hs-rsa", "hs-ecdsa"):
            sys.exit("unknown test %s" % self.test)
        self.bytes = 256 * 1048576
        self.count = 20000 if self.test == "rtt" else 500
        files = "tests/files"
        self.cpus = None
        opts = argv[3:]
        for name, value in zip(opts[::2], opts[1::2]):
            if name == "--bytes":
                self.bytes = int(value)
            elif name == "--count":
                self.count = int(value)
            elif name == "--files":
                files = value
            elif name == "--cpus":
                self.cpus = [int(x) for x in value.split(",")]
            else:
                sys.exit("unknown option %s" % name)
        base = "ecdsa" if self.test == "hs-ecdsa" else "server"
        self.cert = os.path.join(files, base + ".pem")
        self.key = os.path.join(files, base + ".key")
        self.ca = os.path.join(files, "ca.pem")


def main(argv):
    args = Args(argv)
    api = OpenSSLApi() if args.impl == "openssl-api" else StdlibApi()
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    address = listener.getsockname()
    sys.stdout.flush()
    report_r, report_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        status = 0
        try:
            os.close(report_r)
            if args.cpus:
                os.sched_setaffinity(0, {args.cpus[1]})
            server_cpu = serve(api, args, listener)
            os.write(report_w, json.dumps(server_cpu).encode())
        except BaseException:  # noqa: B036 -- the child must never return
            traceback.print_exc()
            status = 1
        finally:
            os._exit(status)
    listener.close()
    os.close(report_w)
    if args.cpus:
        os.sched_setaffinity(0, {args.cpus[0]})
    try:
        result = client(api, args, address)
    except BaseException:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        raise
    _, status = os.waitpid(pid, 0)
    if status != 0:
        sys.exit("bench_tls.py: the server process failed")
    with os.fdopen(report_r, "rb") as report:
        result["server_cpu"] = json.loads(report.read())
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv)
