"""OpenSSL.SSL against itself over real loopback TCP sockets: handshakes,
verification, callbacks, data transfer, shutdown and transport failures."""

import errno
import os
import socket
import threading
import time

import pytest

from OpenSSL import SSL, crypto

from ssl_helpers import (  # noqa: F401 -- watchdog: the fixture pytestmark uses
    PASSPHRASE, Worker, client_context, listener, path, read, recv_exactly,
    server_context, sha256, ssl_pair, watchdog,
)

pytestmark = pytest.mark.usefixtures("watchdog")


def test_handshake_and_echo():
    with ssl_pair() as (client, server):
        assert client.get_protocol_version_name() == "TLSv1.3"
        assert client.get_cipher_name() == server.get_cipher_name()
        assert client.state_string() == "SSL negotiation finished successfully"
        peer = client.get_peer_certificate()
        assert isinstance(peer, crypto.X509)
        assert peer.get_subject().CN == "localhost"
        assert server.get_peer_certificate() is None
        assert client.send(b"hello") == 5
        assert server.recv(100) == b"hello"
        assert server.sendall(bytearray(b"world")) == 5
        assert client.recv(100) == b"world"
        client.sendall(memoryview(b"memoryview!")[:6])
        assert server.recv(100) == b"memory"


def test_recv_into_and_pending():
    with ssl_pair() as (client, server):
        client.sendall(b"0123456789")
        buf = bytearray(4)
        assert server.recv_into(buf) == 4
        assert buf == b"0123"
        assert server.pending() == 6
        buf = bytearray(10)
        assert server.recv_into(buf, 3) == 3
        assert buf[:3] == b"456"
        assert server.recv(100) == b"789"
        assert server.pending() == 0
        client.sendall(b"kept")
        with pytest.raises(TypeError):
            server.recv_into(b"read-only")
        assert server.recv(100) == b"kept"


def test_send_str_is_utf8_with_deprecation_warning():
    # pyOpenSSL 23 accepts text with a DeprecationWarning and sends UTF-8.
    with ssl_pair() as (client, server):
        with pytest.warns(DeprecationWarning):
            client.sendall("h\u00e9")
        with pytest.warns(DeprecationWarning):
            assert client.send("!") == 1
        received = b""
        while len(received) < 4:
            received += server.recv(100)
        assert received == "h\u00e9!".encode("utf-8")


def test_read_write_aliases():
    with ssl_pair() as (client, server):
        client.write(b"abc")
        assert server.read(3) == b"abc"


def test_first_io_runs_the_handshake():
    # No do_handshake(): connect()/accept() set the roles and the first
    # send/recv runs the handshake (NOTES.md).
    lconn = SSL.Connection(server_context(), listener())
    client = SSL.Connection(client_context(), socket.socket())
    try:
        client.connect(lconn.getsockname())
        conn, addr = lconn.accept()
        try:
            assert isinstance(conn, SSL.Connection) and addr == client.getsockname()
            worker = Worker(lambda: conn.recv(100))
            client.sendall(b"no explicit handshake")
            assert worker.result() == b"no explicit handshake"
        finally:
            conn.close()
    finally:
        client.close()
        lconn.close()


def test_4mib_sendall_hash_checked():
    payload = os.urandom(4 * 1024 * 1024)
    with ssl_pair() as (client, server):
        worker = Worker(lambda: sha256(recv_exactly(server, len(payload))))
        assert client.sendall(payload) == len(payload)
        assert worker.result() == sha256(payload)
        # And back, from a bytearray.
        worker = Worker(lambda: server.sendall(bytearray(payload)))
        assert sha256(recv_exactly(client, len(payload))) == sha256(payload)
        assert worker.result() == len(payload)


def test_verify_callback_sees_chain():
    seen = []
    thread_ids = set()

    def verify(conn, cert, errnum, depth, ok):
        thread_ids.add(threading.get_ident())
        seen.append((conn, cert.get_subject().CN, errnum, depth, ok))
        return ok

    ctx = SSL.Context(SSL.SSLv23_METHOD)
    ctx.load_verify_locations(path("ca.pem"))
    ctx.set_verify(SSL.VERIFY_PEER, verify)
    with ssl_pair(client_ctx=ctx) as (client, server):
        assert [(c, cn, e, d, ok) for c, cn, e, d, ok in seen] == [
            (client, "gossl test CA", 0, 1, 1),
            (client, "localhost", 0, 0, 1),
        ]
        assert thread_ids == {threading.get_ident()}
        assert all(type(entry[4]) is int for entry in seen)
        assert all(type(entry[2]) is int for entry in seen)


def test_verify_failure_without_callback():
    ctx = SSL.Context(SSL.SSLv23_METHOD)
    ctx.load_verify_locations(path("ca2.pem"))  # the wrong CA
    ctx.set_verify(SSL.VERIFY_PEER)
    with ssl_pair(client_ctx=ctx, handshake=False) as (client, server):
        worker = Worker(server.do_handshake)
        with pytest.raises(SSL.Error) as info:
            client.do_handshake()
        assert any("certificate verify failed" in r for _, _, r in info.value.args[0])
        with pytest.raises(SSL.Error):
            worker.result()


def test_verify_callback_can_override_failure():
    calls = []

    def verify(conn, cert, errnum, depth, ok):
        calls.append((errnum, ok))
        return True

    ctx = SSL.Context(SSL.SSLv23_METHOD)
    ctx.load_verify_locations(path("ca2.pem"))  # the wrong CA
    ctx.set_verify(SSL.VERIFY_PEER, verify)
    with ssl_pair(client_ctx=ctx) as (client, server):
        assert calls and calls[0][1] == 0 and calls[0][0] != 0
        client.sendall(b"trusted anyway")
        assert server.recv(100) == b"trusted anyway"


def test_verify_callback_returning_false_fails_handshake():
    ctx = SSL.Context(SSL.SSLv23_METHOD)
    ctx.load_verify_locations(path("ca.pem"))
    ctx.set_verify(SSL.VERIFY_PEER, lambda conn, cert, errnum, depth, ok: False)
    with ssl_pair(client_ctx=ctx, handshake=False) as (client, server):
        worker = Worker(server.do_handshake)
        with pytest.raises(SSL.Error) as info:
            client.do_handshake()
        assert type(info.value) is SSL.Error
        assert any("certificate verify failed" in r for _, _, r in info.value.args[0])
        with pytest.raises(SSL.Error):
            worker.result()


def test_exception_in_verify_callback_is_raised_from_do_handshake():
    class Refused(Exception):
        pass

    def verify(conn, cert, errnum, depth, ok):
        raise Refused(cert.get_subject().CN)

    ctx = SSL.Context(SSL.SSLv23_METHOD)
    ctx.load_verify_locations(path("ca.pem"))
    ctx.set_verify(SSL.VERIFY_PEER, verify)
    with ssl_pair(client_ctx=ctx, handshake=False) as (client, server):
        worker = Worker(server.do_handshake)
        with pytest.raises(Refused) as info:
            client.do_handshake()
        assert info.value.args == ("gossl test CA",)
        with pytest.raises(SSL.Error):
            worker.result()


def test_exception_in_verify_callback_is_raised_from_recv():
    # No explicit handshake: the exception comes out of the I/O call.
    def verify(conn, cert, errnum, depth, ok):
        raise KeyError("from verify")

    ctx = SSL.Context(SSL.SSLv23_METHOD)
    ctx.load_verify_locations(path("ca.pem"))
    ctx.set_verify(SSL.VERIFY_PEER, verify)
    with ssl_pair(client_ctx=ctx, handshake=False) as (client, server):
        worker = Worker(server.do_handshake)
        with pytest.raises(KeyError):
            client.send(b"data")
        with pytest.raises(SSL.Error):
            worker.result()


def test_client_certificate_accepted():
    seen = []

    def verify(conn, cert, errnum, depth, ok):
        seen.append((conn, cert.get_subject().CN, depth, ok))
        return ok

    sctx = server_context()
    sctx.load_verify_locations(path("ca.pem"))
    sctx.load_client_ca(path("ca.pem"))
    sctx.set_verify(SSL.VERIFY_PEER | SSL.VERIFY_FAIL_IF_NO_PEER_CERT, verify)
    cctx = client_context(cert="client.pem", key="client.key")
    with ssl_pair(server_ctx=sctx, client_ctx=cctx) as (client, server):
        client.sendall(b"ping")
        assert server.recv(10) == b"ping"
        assert server.get_peer_certificate().get_subject().CN == "gossl test client"
        assert [(c is server, cn, d, ok) for c, cn, d, ok in seen] == [
            (True, "gossl test CA", 1, 1), (True, "gossl test client", 0, 1)]


def client_side_outcome(client):
    """The client's handshake plus one recv; returns the exception it ends
    with (TLS 1.3 clients finish before the server checks their
    certificate, and hear about the refusal on the next read)."""
    try:
        client.do_handshake()
        client.recv(10)
    except SSL.Error as e:
        return e
    return None


def test_client_certificate_rejected_by_callback():
    sctx = server_context()
    sctx.load_verify_locations(path("ca.pem"))
    sctx.set_verify(SSL.VERIFY_PEER | SSL.VERIFY_FAIL_IF_NO_PEER_CERT,
                    lambda conn, cert, errnum, depth, ok: depth != 0)
    cctx = client_context(cert="client.pem", key="client.key")
    with ssl_pair(server_ctx=sctx, client_ctx=cctx, handshake=False) as (client, server):
        worker = Worker(server.do_handshake)
        client_error = client_side_outcome(client)
        with pytest.raises(SSL.Error) as info:
            worker.result()
        assert type(info.value) is SSL.Error
        assert any("certificate verify failed" in r for _, _, r in info.value.args[0])
        assert type(client_error) is SSL.Error


def test_client_without_certificate_rejected():
    sctx = server_context()
    sctx.load_verify_locations(path("ca.pem"))
    sctx.set_verify(SSL.VERIFY_PEER | SSL.VERIFY_FAIL_IF_NO_PEER_CERT,
                    lambda conn, cert, errnum, depth, ok: ok)
    with ssl_pair(server_ctx=sctx, handshake=False) as (client, server):
        worker = Worker(server.do_handshake)
        client_error = client_side_outcome(client)
        with pytest.raises(SSL.Error) as info:
            worker.result()
        assert type(info.value) is SSL.Error
        assert any("certificate" in r for _, _, r in info.value.args[0])
        assert type(client_error) is SSL.Error


def test_client_without_certificate_allowed_without_fail_flag():
    sctx = server_context()
    sctx.load_verify_locations(path("ca.pem"))
    sctx.set_verify(SSL.VERIFY_PEER, lambda conn, cert, errnum, depth, ok: ok)
    with ssl_pair(server_ctx=sctx) as (client, server):
        client.sendall(b"anonymous")
        assert server.recv(20) == b"anonymous"
        assert server.get_peer_certificate() is None


def test_cert_store_trust():
    ctx = SSL.Context(SSL.SSLv23_METHOD)
    ctx.get_cert_store().add_cert(crypto.load_certificate(crypto.FILETYPE_PEM, read("ca.pem")))
    ctx.set_verify(SSL.VERIFY_PEER)
    with ssl_pair(client_ctx=ctx) as (client, server):
        assert client.get_peer_certificate().get_subject().CN == "localhost"


def test_info_callback():
    events = []

    def info(conn, where, ret):
        events.append((conn, where, ret, conn.state_string()))

    ctx = client_context()
    ctx.set_info_callback(info)
    with ssl_pair(client_ctx=ctx) as (client, server):
        assert events
        assert all(conn is client for conn, _, _, _ in events)
        wheres = [w for _, w, _, _ in events]
        assert all(type(w) is int for w in wheres)
        assert wheres[0] & SSL.SSL_CB_HANDSHAKE_START
        assert any(w & SSL.SSL_CB_HANDSHAKE_DONE for w in wheres)
        assert any(w & SSL.SSL_CB_CONNECT_LOOP == SSL.SSL_CB_CONNECT_LOOP for w in wheres)
        assert events[-1][3] == "SSL negotiation finished successfully"


def test_info_callback_server_side_and_removal():
    events = []
    sctx = server_context()
    sctx.set_info_callback(lambda conn, where, ret: events.append(where))
    with ssl_pair(server_ctx=sctx):
        pass
    assert any(w & SSL.SSL_CB_ACCEPT_LOOP == SSL.SSL_CB_ACCEPT_LOOP for w in events)
    events.clear()
    sctx.set_info_callback(None)
    with ssl_pair(server_ctx=sctx):
        pass
    assert events == []


def test_exception_in_info_callback_is_raised():
    def info(conn, where, ret):
        if where & SSL.SSL_CB_HANDSHAKE_DONE:
            raise ZeroDivisionError("info")

    ctx = client_context()
    ctx.set_info_callback(info)
    with ssl_pair(client_ctx=ctx, handshake=False) as (client, server):
        worker = Worker(server.do_handshake)
        with pytest.raises(ZeroDivisionError):
            client.do_handshake()
        worker.result()
        # The connection works on.
        client.sendall(b"still fine")
        assert server.recv(20) == b"still fine"


def test_zero_return_after_clean_shutdown():
    with ssl_pair() as (client, server):
        client.sendall(b"last words")
        assert client.shutdown() is False  # ours sent, theirs not yet
        assert server.recv(100) == b"last words"
        with pytest.raises(SSL.ZeroReturnError) as info:
            server.recv(100)
        assert info.value.args == ()
        assert server.shutdown() is True
        with pytest.raises(SSL.ZeroReturnError):
            client.recv(100)
        assert client.shutdown() is True


def test_syscall_error_after_abrupt_close():
    with ssl_pair() as (client, server):
        # A round trip each way, so that nothing is left unread (closing
        # with unread data would send a reset instead of an EOF).
        client.sendall(b"x")
        assert server.recv(1) == b"x"
        server.sendall(b"y")
        assert client.recv(1) == b"y"
        client.close()  # no shutdown(): no close_notify
        with pytest.raises(SSL.SysCallError) as info:
            server.recv(100)
        assert info.value.args == (-1, "Unexpected EOF")


def test_syscall_error_after_reset():
    with ssl_pair() as (client, server):
        client.sendall(b"x")
        assert server.recv(1) == b"x"
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        client.close()
        with pytest.raises(SSL.SysCallError) as info:
            server.recv(100)
        errnum, text = info.value.args
        assert errnum in (errno.ECONNRESET, errno.EPIPE)
        assert text == os.strerror(errnum)


def test_sendall_to_closed_peer_is_syscall_error():
    with ssl_pair() as (client, server):
        server_sock = server._socket
        # RST instead of FIN: the peer is gone for good.
        server_sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        server_sock.close()
        time.sleep(0.05)
        with pytest.raises(SSL.SysCallError) as info:
            for _ in range(100):
                client.sendall(b"x" * 65536)
        errnum, text = info.value.args
        assert errnum in (errno.EPIPE, errno.ECONNRESET)
        assert text == os.strerror(errnum)


def test_sendall_to_closed_peer_fin_is_syscall_error():
    with ssl_pair() as (client, server):
        server._socket.close()
        with pytest.raises(SSL.SysCallError) as info:
            for _ in range(100):
                client.sendall(b"x" * 65536)
                time.sleep(0.01)
        assert info.value.args[0] in (errno.EPIPE, errno.ECONNRESET)


def test_get_context_is_the_users_object():
    sctx = server_context()
    cctx = client_context()
    with ssl_pair(server_ctx=sctx, client_ctx=cctx) as (client, server):
        assert client.get_context() is cctx
        assert server.get_context() is sctx


def test_tls12_dhe_with_tmp_dh():
    sctx = server_context(SSL.TLSv1_2_METHOD)
    sctx.load_tmp_dh(path("dh2048.pem"))
    sctx.set_cipher_list("DHE-RSA-AES256-GCM-SHA384")
    cctx = client_context(SSL.TLSv1_2_METHOD)
    with ssl_pair(server_ctx=sctx, client_ctx=cctx) as (client, server):
        assert client.get_protocol_version_name() == "TLSv1.2"
        assert client.get_cipher_name() == "DHE-RSA-AES256-GCM-SHA384"


def test_op_no_tlsv1_3():
    sctx = server_context()
    sctx.set_options(SSL.OP_NO_TLSv1_3)
    with ssl_pair(server_ctx=sctx) as (client, server):
        assert client.get_protocol_version_name() == "TLSv1.2"


def test_cipher_mismatch_fails():
    sctx = server_context(SSL.TLSv1_2_METHOD)
    sctx.set_cipher_list("ECDHE-RSA-AES128-GCM-SHA256")
    cctx = client_context(SSL.TLSv1_2_METHOD)
    cctx.set_cipher_list("ECDHE-RSA-AES256-GCM-SHA384")
    with ssl_pair(server_ctx=sctx, client_ctx=cctx, handshake=False) as (client, server):
        worker = Worker(server.do_handshake)
        with pytest.raises(SSL.Error):
            client.do_handshake()
        with pytest.raises(SSL.Error):
            worker.result()


def test_tlsv1_context_refused_by_security_level():
    sctx = server_context(SSL.TLSv1_METHOD)
    cctx = client_context(SSL.TLSv1_METHOD)
    with ssl_pair(server_ctx=sctx, client_ctx=cctx, handshake=False) as (client, server):
        worker = Worker(server.do_handshake)
        with pytest.raises(SSL.Error):
            client.do_handshake()
        with pytest.raises(SSL.Error):
            worker.result()


def test_renegotiate():
    with ssl_pair() as (client, server):
        # TLS 1.3 has no renegotiation.
        with pytest.raises(SSL.Error):
            client.renegotiate()
    sctx = server_context(SSL.TLSv1_2_METHOD)
    cctx = client_context(SSL.TLSv1_2_METHOD)
    events = []
    cctx.set_info_callback(lambda conn, where, ret: events.append(where))
    with ssl_pair(server_ctx=sctx, client_ctx=cctx) as (client, server):
        starts = sum(1 for w in events if w & SSL.SSL_CB_HANDSHAKE_START)
        worker = Worker(lambda: client.recv(100))
        assert server.renegotiate() is True
        assert server.renegotiate() is False  # already pending
        server.do_handshake()  # HelloRequest, then the new handshake
        server.sendall(b"after renegotiation")
        assert worker.result() == b"after renegotiation"
        assert sum(1 for w in events if w & SSL.SSL_CB_HANDSHAKE_START) > starts


def test_encrypted_server_key_through_passwd_cb():
    sctx = SSL.Context(SSL.SSLv23_METHOD)
    sctx.set_passwd_cb(lambda repeat, data: data, PASSPHRASE)
    sctx.use_privatekey_file(path("server-enc.key"))
    sctx.use_certificate_file(path("server.pem"))
    assert sctx.check_privatekey() is True
    with ssl_pair(server_ctx=sctx) as (client, server):
        client.sendall(b"encrypted key works")
        assert server.recv(100) == b"encrypted key works"


def test_use_certificate_chain_file():
    sctx = SSL.Context(SSL.SSLv23_METHOD)
    sctx.use_certificate_chain_file(path("server.pem"))
    sctx.use_privatekey_file(path("server.key"))
    with ssl_pair(server_ctx=sctx) as (client, server):
        assert client.get_peer_certificate().get_subject().CN == "localhost"


def test_connection_keeps_context_alive():
    import gc
    import weakref

    with ssl_pair(server_ctx=server_context(), client_ctx=client_context()) as (client, server):
        ref = weakref.ref(client.get_context())
        gc.collect()
        assert ref() is not None
        client.sendall(b"x")
        assert server.recv(1) == b"x"


def test_connections_are_collected():
    import gc
    import weakref

    ctx = client_context()
    ctx.set_info_callback(lambda conn, where, ret: None)
    with ssl_pair(client_ctx=ctx) as (client, server):
        ref = weakref.ref(client)
        cref = weakref.ref(ctx)
        del client, server, ctx
    gc.collect()
    assert ref() is None
    assert cref() is None
