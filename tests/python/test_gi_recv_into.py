"""Gossl.Connection.recv_into through PyGObject: what reaches the buffer.

gossl_connection_recv_into() takes its buffer as an ``(array length=len)
guint8 *`` argument. PyGObject 3.42 hands a ``bytes`` object's own memory to
the C function, so the data lands in it; a ``bytearray`` or ``memoryview``
it copies into a temporary array, so the data is lost. These tests pin that
down, since any Python code that reads through recv_into relies on it.
"""

import os
import socket
import threading

from OpenSSL import _gossl

Gossl = _gossl.Gossl
GError = _gossl.GError

FILES = os.environ.get("GOSSL_TEST_FILES") or os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "files"
)


def connected_pair():
    """(client, server, sockets) after a completed handshake; the caller
    closes the sockets."""
    server_ctx = Gossl.Context.new(Gossl.Method.TLS)
    server_ctx.use_certificate_file(os.path.join(FILES, "server.pem"), Gossl.Filetype.PEM)
    server_ctx.use_privatekey_file(os.path.join(FILES, "server.key"), Gossl.Filetype.PEM)
    client_ctx = Gossl.Context.new(Gossl.Method.TLS)
    # A client verifies the server by default.
    client_ctx.load_verify_locations(os.path.join(FILES, "ca.pem"), None)
    a, b = socket.socketpair()
    for s in (a, b):
        s.settimeout(10)
        s.setblocking(True)
    server = Gossl.Connection.new(server_ctx, a.fileno())
    server.set_accept_state()
    client = Gossl.Connection.new(client_ctx, b.fileno())
    client.set_connect_state()
    failure = []

    def handshake():
        try:
            server.do_handshake()
        except GError as e:  # reported by the main thread
            failure.append(e)

    thread = threading.Thread(target=handshake)
    thread.start()
    client.do_handshake()
    thread.join(20)
    assert not failure
    return client, server, (a, b)


def test_bytes_receive_the_data():
    client, server, socks = connected_pair()
    try:
        server.send_all(b"hello world")
        buf = bytes(64)
        n = client.recv_into(buf)
        assert n == 11
        assert buf[:11] == b"hello world"
        assert buf[11:] == bytes(53)
    finally:
        for s in socks:
            s.close()


def test_bytearray_gets_a_copy():
    client, server, socks = connected_pair()
    try:
        server.send_all(b"lost")
        buf = bytearray(16)
        n = client.recv_into(buf)
        # Read, but into PyGObject's temporary copy.
        assert n == 4
        assert buf == bytearray(16)
    finally:
        for s in socks:
            s.close()


def test_length_follows_the_buffer():
    client, server, socks = connected_pair()
    try:
        server.send_all(b"0123456789")
        buf = bytes(4)
        assert client.recv_into(buf) == 4
        assert buf == b"0123"
        assert client.pending() == 6
        rest = bytes(6)
        assert client.recv_into(rest) == 6
        assert rest == b"456789"
        assert client.recv_into(b"") == 0
    finally:
        for s in socks:
            s.close()


def test_errors_are_gerrors():
    client, server, socks = connected_pair()
    try:
        server.shutdown()
        try:
            client.recv_into(bytes(8))
        except GError as e:
            assert e.domain == _gossl.SSL_DOMAIN
            assert e.code == int(Gossl.SslError.ZERO_RETURN)
        else:
            raise AssertionError("no ZERO_RETURN after close_notify")
    finally:
        for s in socks:
            s.close()
