"""Shared helpers and fixtures of the OpenSSL.SSL tests (test_ssl*.py).

Every socket made here carries SO_RCVTIMEO/SO_SNDTIMEO, so a blocking read
or write that would wait forever fails after IO_TIMEOUT seconds instead (as
a WantReadError/WantWriteError, or socket.timeout for plain sockets);
threads are joined with a timeout; the ``watchdog`` fixture (autouse in the
test modules that import it) interrupts a test that still runs after
TEST_TIMEOUT seconds. No test can hang the suite.
"""

import contextlib
import faulthandler
import hashlib
import os
import re
import signal
import socket
import struct
import subprocess
import sys
import threading
import time

import pytest

from OpenSSL import SSL

FILES = os.environ.get("GOSSL_TEST_FILES") or os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "files"
)

IO_TIMEOUT = 10.0
JOIN_TIMEOUT = 20.0
TEST_TIMEOUT = 60
PASSPHRASE = b"secret"


def path(name):
    """The path of fixture *name* in tests/files."""
    return os.path.join(FILES, name)


def read(name):
    """The bytes of fixture *name*."""
    with open(path(name), "rb") as f:
        return f.read()


class TestTimeout(Exception):
    """Raised in the main thread by the watchdog."""


@pytest.fixture
def watchdog():
    """Interrupts the test with TestTimeout after TEST_TIMEOUT seconds (and,
    should that not get through, dumps every thread's stack and exits)."""
    def on_alarm(signum, frame):
        raise TestTimeout("test ran longer than %d s" % TEST_TIMEOUT)

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(TEST_TIMEOUT)
    faulthandler.dump_traceback_later(TEST_TIMEOUT * 3, exit=True)
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def bound(sock, seconds=IO_TIMEOUT):
    """Give a socket kernel-level send/receive timeouts: a blocked call then
    fails with EAGAIN instead of waiting forever. (socket.settimeout would
    make the descriptor non-blocking, which SSL sees as WantRead.)"""
    tv = struct.pack("ll", int(seconds), int((seconds % 1) * 1e6))
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, tv)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO, tv)
    return sock


def listener():
    """A TCP socket listening on 127.0.0.1, any port."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    sock.settimeout(IO_TIMEOUT)
    return sock


def tcp_pair():
    """Two connected TCP sockets over loopback: (client, server), both
    blocking with kernel timeouts."""
    lsock = listener()
    try:
        client = socket.create_connection(lsock.getsockname(), timeout=IO_TIMEOUT)
        server, _ = lsock.accept()
    finally:
        lsock.close()
    for s in (client, server):
        s.settimeout(None)
        bound(s)
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return client, server


def kill_socket(sock):
    """Shut a socket down (waking any thread blocked on it) and close it."""
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError):
        sock.close()


class Worker:
    """Runs fn(*args) in a daemon thread; .result() joins (with a timeout)
    and returns its value or raises its exception."""

    def __init__(self, fn, *args):
        self.value = None
        self.error = None
        self.thread = threading.Thread(target=self._run, args=(fn, args), daemon=True)
        self.thread.start()

    def _run(self, fn, args):
        try:
            self.value = fn(*args)
        except BaseException as e:  # noqa: B036 -- handed to result()
            self.error = e

    def result(self, timeout=JOIN_TIMEOUT):
        self.thread.join(timeout)
        if self.thread.is_alive():
            raise AssertionError("worker thread still running after %s s" % timeout)
        if self.error is not None:
            raise self.error
        return self.value


def server_context(method=SSL.SSLv23_METHOD, cert="server.pem", key="server.key"):
    """A Context with the server certificate and key loaded."""
    ctx = SSL.Context(method)
    ctx.use_certificate_file(path(cert))
    ctx.use_privatekey_file(path(key))
    return ctx


def client_context(method=SSL.SSLv23_METHOD, verify=True, cert=None, key=None):
    """A Context trusting ca.pem, verifying the peer when *verify*."""
    ctx = SSL.Context(method)
    ctx.load_verify_locations(path("ca.pem"))
    if verify:
        ctx.set_verify(SSL.VERIFY_PEER, lambda conn, x509, errnum, depth, ok: ok)
    if cert:
        ctx.use_certificate_file(path(cert))
        ctx.use_privatekey_file(path(key))
    return ctx


@contextlib.contextmanager
def ssl_pair(server_ctx=None, client_ctx=None, handshake=True):
    """Yields (client, server) SSL.Connections over a fresh loopback TCP
    pair, their handshake done (the server's in a thread) when *handshake*.
    The sockets are closed on exit."""
    server_ctx = server_ctx or server_context()
    client_ctx = client_ctx or client_context()
    csock, ssock = tcp_pair()
    try:
        client = SSL.Connection(client_ctx, csock)
        client.set_connect_state()
        server = SSL.Connection(server_ctx, ssock)
        server.set_accept_state()
        if handshake:
            handshake_both(client, server)
        yield client, server
    finally:
        kill_socket(csock)
        kill_socket(ssock)


def handshake_both(client, server):
    """Runs both handshakes (the server's in a thread); raises the first
    failure."""
    worker = Worker(server.do_handshake)
    try:
        client.do_handshake()
    finally:
        worker.thread.join(JOIN_TIMEOUT)
    worker.result()


def recv_exactly(conn, n):
    """Receive exactly n bytes from conn (SSL or plain socket)."""
    chunks = []
    while n > 0:
        data = conn.recv(min(n, 65536))
        if not data:
            raise EOFError("peer closed with %d bytes missing" % n)
        chunks.append(data)
        n -= len(data)
    return b"".join(chunks)


def sha256(data):
    return hashlib.sha256(data).hexdigest()


# --- openssl command line peers ---------------------------------------------

class OpenSSLServer:
    """``openssl s_server`` on 127.0.0.1 (a port of its choosing) with the
    server certificate; ``-rev`` makes it answer each line reversed."""

    def __init__(self, *extra):
        self.proc = subprocess.Popen(
            ["openssl", "s_server", "-accept", "127.0.0.1:0", "-naccept", "1",
             "-cert", path("server.pem"), "-key", path("server.key"), *extra],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )
        self.port = None
        self.output = []
        deadline = time.monotonic() + IO_TIMEOUT
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline().decode(errors="replace")
            if not line:
                break
            self.output.append(line)
            m = re.match(r"ACCEPT .*:(\d+)", line)
            if m:
                self.port = int(m.group(1))
                break
        if self.port is None:
            self.close()
            raise AssertionError("openssl s_server did not start: %s" % "".join(self.output))

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
        rest, _ = self.proc.communicate(timeout=IO_TIMEOUT)
        self.output.append(rest.decode(errors="replace"))
        return "".join(self.output)


def openssl_client(port, data, *extra):
    """Runs ``openssl s_client`` against 127.0.0.1:port, sends *data* and
    returns (returncode, stdout bytes, stderr text) once the server closes."""
    proc = subprocess.run(
        ["openssl", "s_client", "-connect", "127.0.0.1:%d" % port, "-quiet",
         "-CAfile", path("ca.pem"), "-verify_return_error", *extra],
        input=data, capture_output=True, timeout=JOIN_TIMEOUT,
    )
    return proc.returncode, proc.stdout, proc.stderr.decode(errors="replace")


def python_without_our_package():
    """argv prefix of a Python where ``import OpenSSL`` is Debian's pyOpenSSL
    23 (isolated mode: no PYTHONPATH, no current directory)."""
    return [sys.executable if sys.executable.startswith("/usr/bin/") else "/usr/bin/python3", "-I"]
