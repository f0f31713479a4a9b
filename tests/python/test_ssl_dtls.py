"""DTLS: DTLS_*_METHOD contexts, Connection.DTLSv1_listen() with the cookie
callbacks, the MTU calls; over memory transports and over real UDP sockets
against ``openssl s_server -dtls`` / ``s_client -dtls``."""

import contextlib
import hmac
import os
import socket
import subprocess
import time

import pytest

from OpenSSL import SSL

from ssl_helpers import IO_TIMEOUT, JOIN_TIMEOUT, OpenSSLServer, bound, path, watchdog  # noqa: F401

SECRET = os.urandom(16)


def cookie_for(conn):
    # A server's cookie binds the client's address; memory connections have
    # none, so the tests use a fixed message.
    return hmac.new(SECRET, b"client", "sha256").digest()


def dtls_server_context(generate=cookie_for, verify=None):
    ctx = SSL.Context(SSL.DTLS_METHOD)
    ctx.use_certificate_file(path("server.pem"))
    ctx.use_privatekey_file(path("server.key"))
    ctx.set_options(SSL.OP_NO_QUERY_MTU)
    ctx.set_cookie_generate_callback(generate)
    ctx.set_cookie_verify_callback(
        verify or (lambda conn, cookie: hmac.compare_digest(cookie, cookie_for(conn))))
    return ctx


def dtls_client_context(method=SSL.DTLS_METHOD):
    ctx = SSL.Context(method)
    ctx.set_options(SSL.OP_NO_QUERY_MTU)
    ctx.load_verify_locations(path("ca.pem"))
    ctx.set_verify(SSL.VERIFY_PEER)
    return ctx


def memory_pair(server_ctx, client_ctx=None):
    server = SSL.Connection(server_ctx, None)
    server.set_accept_state()
    client = SSL.Connection(client_ctx or dtls_client_context(), None)
    client.set_connect_state()
    for conn in (client, server):
        conn.set_ciphertext_mtu(1400)
    return client, server


def move(source, sink):
    """Every datagram *source* wrote, to *sink*; how many bytes moved. A
    memory transport keeps no datagram boundaries, but DTLS reads records
    back to back in one buffer."""
    try:
        data = source.bio_read(65536)
    except SSL.WantReadError:
        return 0
    sink.bio_write(data)
    return len(data)


def step(call):
    try:
        call()
        return True
    except SSL.WantReadError:
        return False


def listen_and_handshake(client, server):
    """Runs the client's handshake against a server that first listens
    statelessly; returns the number of DTLSv1_listen() calls it took."""
    listens = 0
    listening, client_done, server_done = True, False, False
    for _ in range(20):
        if not client_done:
            client_done = step(client.do_handshake)
        moved = move(client, server)
        if listening and moved:
            listens += 1
            # OpenSSL 3 keeps the hello it accepts for the handshake.
            listening = not step(server.DTLSv1_listen)
        elif not listening and not server_done:
            server_done = step(server.do_handshake)
        move(server, client)
        if client_done and server_done:
            return listens
    raise AssertionError("the DTLS handshake did not finish")


def test_method_values_are_pyopenssl23s(pyopenssl23):
    ours = {name: getattr(SSL, name) for name in
            ("DTLS_METHOD", "DTLS_SERVER_METHOD", "DTLS_CLIENT_METHOD")}
    theirs = pyopenssl23("""
        from OpenSSL import SSL
        print({n: getattr(SSL, n) for n in ("DTLS_METHOD", "DTLS_SERVER_METHOD", "DTLS_CLIENT_METHOD")})
    """)
    assert ours == theirs


def test_constants_match_pyopenssl23(pyopenssl23):
    """Every OP_*, MODE_*, SESS_CACHE_*, SSL_ST_*, SSL_CB_*, VERIFY_* and
    *_METHOD integer of pyOpenSSL 23's SSL module, with the same value."""
    theirs = pyopenssl23("""
        from OpenSSL import SSL
        pre = ("OP_", "MODE_", "SESS_CACHE_", "SSL_ST_", "SSL_CB_", "VERIFY_")
        print({n: getattr(SSL, n) for n in dir(SSL)
               if (n.startswith(pre) or n.endswith("_METHOD"))
               and isinstance(getattr(SSL, n), int)})
    """)
    assert len(theirs) > 60
    ours = {n: getattr(SSL, n, None) for n in theirs}
    assert ours == theirs


@pytest.mark.parametrize("method", ["DTLS_METHOD", "DTLS_SERVER_METHOD", "DTLS_CLIENT_METHOD"])
def test_dtls_contexts_make_dtls_connections(method):
    conn = SSL.Connection(SSL.Context(getattr(SSL, method)), None)
    conn.set_ciphertext_mtu(1200)
    assert conn.get_cleartext_mtu() == 0  # no cipher yet


def test_memory_handshake_with_cookie_exchange():
    calls = []

    def generate(conn):
        calls.append(("generate", conn))
        return cookie_for(conn)

    def verify(conn, cookie):
        calls.append(("verify", conn, cookie))
        return cookie == cookie_for(conn)

    client, server = memory_pair(dtls_server_context(generate, verify))
    listens = listen_and_handshake(client, server)
    # The first hello has no cookie and is answered with one; the second
    # carries it.
    assert listens == 2
    # OpenSSL checks the cookie in DTLSv1_listen(), and again when the
    # handshake reads the hello it kept.
    assert [c[0] for c in calls] == ["generate", "verify", "verify"]
    assert all(c[1] is server for c in calls)
    assert calls[1][2] == calls[2][2] == cookie_for(server)
    assert client.get_protocol_version_name() == "DTLSv1.2"
    assert server.get_protocol_version_name() == "DTLSv1.2"

    server.send(b"over a datagram")
    move(server, client)
    assert client.recv(100) == b"over a datagram"
    client.send(b"and back")
    move(client, server)
    assert server.recv(100) == b"and back"

    client.set_ciphertext_mtu(1000)
    assert 900 < client.get_cleartext_mtu() < 1000
    client.set_ciphertext_mtu(500)
    assert 400 < client.get_cleartext_mtu() < 500


def test_wrong_cookie_keeps_listening():
    client, server = memory_pair(dtls_server_context(verify=lambda conn, cookie: False))
    for _ in range(4):
        step(client.do_handshake)
        move(client, server)
        with pytest.raises(SSL.WantReadError):
            server.DTLSv1_listen()
        move(server, client)


@pytest.mark.parametrize("bad, exc", [
    ("text", TypeError), (None, TypeError), (b"", ValueError), (b"x" * 256, ValueError),
])
def test_generate_callback_bad_result(bad, exc):
    client, server = memory_pair(dtls_server_context(generate=lambda conn: bad))
    step(client.do_handshake)
    move(client, server)
    with pytest.raises(exc):
        server.DTLSv1_listen()


def test_exception_in_cookie_callbacks_comes_out_of_listen():
    class Boom(Exception):
        pass

    def generate(conn):
        raise Boom("generate")

    client, server = memory_pair(dtls_server_context(generate=generate))
    step(client.do_handshake)
    move(client, server)
    with pytest.raises(Boom, match="generate"):
        server.DTLSv1_listen()

    def verify(conn, cookie):
        raise Boom("verify")

    client, server = memory_pair(dtls_server_context(verify=verify))
    step(client.do_handshake)
    move(client, server)
    with pytest.raises(SSL.WantReadError):
        server.DTLSv1_listen()
    move(server, client)
    step(client.do_handshake)
    move(client, server)
    with pytest.raises(Boom, match="verify"):
        server.DTLSv1_listen()


def test_cookie_callback_cannot_do_io_on_its_connection():
    seen = []

    def generate(conn):
        try:
            conn.do_handshake()
        except SSL.Error as e:
            seen.append(e)
        return b"cookie"

    client, server = memory_pair(dtls_server_context(generate=generate))
    step(client.do_handshake)
    move(client, server)
    with pytest.raises(SSL.WantReadError):
        server.DTLSv1_listen()
    assert len(seen) == 1 and "generate-cookie" in str(seen[0])


def test_dtls_calls_refuse_tls_connections():
    conn = SSL.Connection(SSL.Context(SSL.TLS_METHOD), None)
    with pytest.raises(ValueError):
        conn.set_ciphertext_mtu(1000)
    with pytest.raises(ValueError):
        conn.DTLSv1_listen()
    assert conn.get_cleartext_mtu() == 0


@pytest.mark.parametrize("mtu, exc", [(10, ValueError), (-1, ValueError), (2**40, ValueError),
                                      ("1000", TypeError), (1000.0, TypeError)])
def test_bad_mtu(mtu, exc):
    conn = SSL.Connection(SSL.Context(SSL.DTLS_METHOD), None)
    with pytest.raises(exc):
        conn.set_ciphertext_mtu(mtu)


def test_listen_without_cookie_callbacks_fails():
    ctx = SSL.Context(SSL.DTLS_METHOD)
    ctx.use_certificate_file(path("server.pem"))
    ctx.use_privatekey_file(path("server.key"))
    client, server = memory_pair(ctx)
    step(client.do_handshake)
    move(client, server)
    with pytest.raises(SSL.Error):
        server.DTLSv1_listen()


# --- Over UDP -----------------------------------------------------------------

def udp_socket():
    # Blocking, with SO_RCVTIMEO: a lost datagram fails the test instead of
    # hanging it.
    return bound(socket.socket(socket.AF_INET, socket.SOCK_DGRAM))


def test_client_over_udp_against_openssl_s_server():
    server = OpenSSLServer("-dtls")
    sock = udp_socket()
    try:
        sock.connect(("127.0.0.1", server.port))
        conn = SSL.Connection(dtls_client_context(), sock)
        conn.set_connect_state()
        conn.set_ciphertext_mtu(1400)
        conn.do_handshake()
        assert conn.get_protocol_version_name().startswith("DTLS")
        assert conn.get_peer_certificate().get_subject().CN == "localhost"
        conn.send(b"hello over udp\n")
        deadline = time.monotonic() + IO_TIMEOUT
        text = ""
        while "hello over udp" not in text and time.monotonic() < deadline:
            text += server.proc.stdout.readline().decode(errors="replace")
        assert "hello over udp" in text
    finally:
        sock.close()
        server.close()


def test_server_over_udp_against_openssl_s_client():
    sock = udp_socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    proc = subprocess.Popen(
        ["openssl", "s_client", "-dtls", "-connect", "127.0.0.1:%d" % port,
         "-CAfile", path("ca.pem"), "-verify_return_error", "-quiet"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    try:
        # The first datagram tells the client's address; the socket then
        # talks to that client only.
        _, peer = sock.recvfrom(1, socket.MSG_PEEK)
        sock.connect(peer)
        calls = []

        def generate(c):
            calls.append("generate")
            return cookie_for(c)

        def verify(c, cookie):
            calls.append("verify")
            return cookie == cookie_for(c)

        conn = SSL.Connection(dtls_server_context(generate, verify), sock)
        conn.set_accept_state()
        # OP_NO_QUERY_MTU: OpenSSL does not ask the socket.
        conn.set_ciphertext_mtu(1400)
        # Blocking: DTLSv1_listen() answers the first hello with a cookie
        # and waits for the hello that returns it.
        conn.DTLSv1_listen()
        assert calls == ["generate", "verify"]
        conn.do_handshake()
        assert conn.get_protocol_version_name() == "DTLSv1.2"
        proc.stdin.write(b"ping from s_client\n")
        proc.stdin.flush()
        assert conn.recv(1000) == b"ping from s_client\n"
        conn.send(b"pong\n")
        assert proc.stdout.readline() == b"pong\n"
    finally:
        with contextlib.suppress(OSError):
            proc.stdin.close()
        proc.kill()
        proc.wait(JOIN_TIMEOUT)
        sock.close()
