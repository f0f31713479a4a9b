"""Thread stress through OpenSSL.SSL: many TLS connections from many Python
threads at once, over shared contexts and certificates.

Each of THREADS client threads has a server thread of its own; they make
CONNECTIONS connections one after the other over socketpairs. Every
connection sends PAYLOAD bytes and their SHA-256; the server checks both and
answers with the digest it computed, which the client checks in turn. All
threads share one server Context and one client Context (with a Python
verify callback, run on every client thread) and the X509/PKey objects they
were given. No crash, no mismatch, and everything joined before the
deadline (a deadlock would not be).

The GIL serialises the Python parts, but gossl releases it in every
blocking call, so handshakes and transfers of different threads overlap in
C. Scale (environment): GOSSL_STRESS_THREADS (8), GOSSL_STRESS_PY_CONNECTIONS
per thread (200: the full run, about 10 s; the valgrind pass of
tests/run-hardening.sh uses fewer), GOSSL_STRESS_BYTES (1 MiB),
GOSSL_STRESS_TIMEOUT (seconds before the threads count as deadlocked: 120;
every socket also has 10 s kernel timeouts, so no call waits forever).
"""

import hashlib
import os
import socket
import threading
import time


from OpenSSL import SSL, crypto

from ssl_helpers import bound, read

THREADS = int(os.environ.get("GOSSL_STRESS_THREADS", "8"))
CONNECTIONS = int(os.environ.get("GOSSL_STRESS_PY_CONNECTIONS", "200"))
PAYLOAD = int(os.environ.get("GOSSL_STRESS_BYTES", str(1 << 20)))
DEADLINE = float(os.environ.get("GOSSL_STRESS_TIMEOUT", "120"))
CHUNK = 64 * 1024


def _recv_exactly(conn, n, digest=None):
    parts = []
    while n > 0:
        data = conn.recv(min(n, CHUNK))
        if not data:
            raise EOFError("peer closed with %d bytes missing" % n)
        if digest is not None:
            digest.update(data)
        else:
            parts.append(data)
        n -= len(data)
    return b"".join(parts)


def _expect_close_notify(conn):
    try:
        data = conn.recv(1)
    except SSL.ZeroReturnError:
        return
    raise AssertionError("data after the end: %r" % data)


class _Shared:
    """The contexts and certificate objects every thread uses."""

    def __init__(self):
        cert = crypto.load_certificate(crypto.FILETYPE_PEM, read("server.pem"))
        key = crypto.load_privatekey(crypto.FILETYPE_PEM, read("server.key"))
        ca = crypto.load_certificate(crypto.FILETYPE_PEM, read("ca.pem"))
        self.server = SSL.Context(SSL.TLS_METHOD)
        self.server.use_certificate(cert)
        self.server.use_privatekey(key)
        self.server.check_privatekey()
        self.client = SSL.Context(SSL.TLS_METHOD)
        self.client.get_cert_store().add_cert(ca)
        self.verify_calls = 0
        self.lock = threading.Lock()
        self.client.set_verify(SSL.VERIFY_PEER, self._verify)
        self.done = 0
        self.failures = []

    def _verify(self, conn, x509, errnum, depth, ok):
        with self.lock:
            self.verify_calls += 1
        return ok and x509.get_subject().CN in ("localhost", "gossl test CA")

    def fail(self, what):
        with self.lock:
            self.failures.append(what)


def _serve(shared, index, queue, ready):
    while True:
        ready.acquire()
        sock = queue.pop(0)
        if sock is None:
            return
        try:
            conn = SSL.Connection(shared.server, sock)
            conn.set_accept_state()
            conn.do_handshake()
            digest = hashlib.sha256()
            _recv_exactly(conn, PAYLOAD, digest)
            theirs = _recv_exactly(conn, 32)
            ours = digest.digest()
            conn.sendall((b"OK" if ours == theirs else b"NO") + ours)
            # A full close: the client's close_notify, then ours.
            _expect_close_notify(conn)
            if not conn.shutdown():
                raise AssertionError("shutdown incomplete after both close_notify")
        except Exception as e:  # noqa: BLE001 -- recorded, then asserted
            shared.fail("server %d: %r" % (index, e))
        finally:
            sock.close()


def _client(shared, index):
    payload = bytearray(os.urandom(PAYLOAD))
    queue = []
    ready = threading.Semaphore(0)
    server = threading.Thread(target=_serve, args=(shared, index, queue, ready), daemon=True)
    server.start()
    try:
        for n in range(CONNECTIONS):
            payload[:8] = index.to_bytes(4, "big") + n.to_bytes(4, "big")
            expected = hashlib.sha256(payload).digest()
            csock, ssock = socket.socketpair()
            bound(csock)
            bound(ssock)
            queue.append(ssock)
            ready.release()
            try:
                conn = SSL.Connection(shared.client, csock)
                conn.set_connect_state()
                conn.do_handshake()
                if conn.get_peer_certificate().get_subject().CN != "localhost":
                    raise AssertionError("wrong peer certificate")
                conn.sendall(payload)
                conn.sendall(expected)
                reply = _recv_exactly(conn, 34)
                if reply != b"OK" + expected:
                    raise AssertionError("data mismatch: server said %r" % reply[:2])
                if conn.shutdown():
                    raise AssertionError("shutdown complete before the server's close_notify")
                _expect_close_notify(conn)
                with shared.lock:
                    shared.done += 1
            except Exception as e:  # noqa: BLE001 -- recorded, then asserted
                shared.fail("client %d/%d: %r" % (index, n, e))
                return
            finally:
                csock.close()
    finally:
        queue.append(None)
        ready.release()
        server.join(DEADLINE)
        if server.is_alive():
            shared.fail("server thread %d did not end" % index)


def test_threads_stress():
    shared = _Shared()
    start = time.monotonic()
    threads = [threading.Thread(target=_client, args=(shared, i), daemon=True)
               for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(max(1.0, DEADLINE - (time.monotonic() - start)))
    elapsed = time.monotonic() - start
    stuck = [t for t in threads if t.is_alive()]
    print("stress: %d/%d connections, %d MiB checked, %.1f s, %d verify calls"
          % (shared.done, THREADS * CONNECTIONS, shared.done * PAYLOAD >> 20,
             elapsed, shared.verify_calls))
    assert not stuck, "%d threads still running after %.0f s (deadlock?)" % (len(stuck), DEADLINE)
    assert shared.failures == []
    assert shared.done == THREADS * CONNECTIONS
    assert shared.verify_calls >= 2 * THREADS * CONNECTIONS


def test_threads_share_objects():
    """Certificates, keys and names used from many threads at once: the
    read-only calls give the same answers everywhere."""
    cert = crypto.load_certificate(crypto.FILETYPE_PEM, read("server.pem"))
    key = crypto.load_privatekey(crypto.FILETYPE_PEM, read("server.key"))
    subject = cert.get_subject()
    expected = (cert.digest("sha256"), subject.CN, key.bits(),
                crypto.dump_certificate(crypto.FILETYPE_ASN1, cert))
    results = []
    errors = []

    def work():
        try:
            for _ in range(200):
                got = (cert.digest("sha256"), subject.CN, key.bits(),
                       crypto.dump_certificate(crypto.FILETYPE_ASN1, cert))
                if got != expected:
                    raise AssertionError("different answer: %r" % (got[:3],))
                crypto.dump_privatekey(crypto.FILETYPE_PEM, key)
            results.append(True)
        except Exception as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=work, daemon=True) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(DEADLINE)
    assert errors == []
    assert len(results) == THREADS
