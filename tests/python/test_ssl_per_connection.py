"""What a Connection sets or reads for itself (pyOpenSSL 23's API): its own
certificate, key and verification mode, Finished messages, session secrets,
renegotiation counts, MSG_PEEK, the send size limit, SRTP profiles and the
default CA paths, over real handshakes."""

import socket

import pytest

from OpenSSL import SSL, crypto

from ssl_helpers import (  # noqa: F401 -- watchdog: the fixture pytestmark uses
    Worker, client_context, handshake_both, path, read, recv_exactly, server_context, ssl_pair,
    watchdog,
)

pytestmark = pytest.mark.usefixtures("watchdog")


def cert(name):
    return crypto.load_certificate(crypto.FILETYPE_PEM, read(name))


def key(name):
    return crypto.load_privatekey(crypto.FILETYPE_PEM, read(name))


def der(x509):
    return crypto.dump_certificate(crypto.FILETYPE_ASN1, x509)


def test_certificate_and_key_of_the_connection_only():
    bare = SSL.Context(SSL.TLS_METHOD)
    with ssl_pair(bare, client_context(), handshake=False) as (client, server):
        assert server.get_certificate() is None
        server.use_certificate(cert("server.pem"))
        server.use_privatekey(key("server.key"))
        assert der(server.get_certificate()) == der(cert("server.pem"))
        handshake_both(client, server)
        assert der(client.get_peer_certificate()) == der(cert("server.pem"))
    # The context did not get them.
    assert SSL.Connection(bare, None).get_certificate() is None


def test_get_certificate_is_the_contexts_by_default():
    conn = SSL.Connection(server_context(), None)
    assert der(conn.get_certificate()) == der(cert("server.pem"))


def test_use_privatekey_mismatch():
    conn = SSL.Connection(SSL.Context(SSL.TLS_METHOD), None)
    conn.use_certificate(cert("ca.pem"))
    with pytest.raises(SSL.Error) as info:
        conn.use_privatekey(key("server.key"))
    assert any("key values mismatch" in reason for _, _, reason in info.value.args[0])


def test_use_bad_arguments():
    conn = SSL.Connection(SSL.Context(SSL.TLS_METHOD), None)
    with pytest.raises(TypeError):
        conn.use_certificate("hello")
    with pytest.raises(TypeError):
        conn.use_privatekey("")
    with pytest.raises(SSL.Error):
        conn.use_certificate(crypto.X509())


def test_set_verify_overrides_the_context():
    """A client context that verifies against no CA fails; one connection
    of it told not to verify succeeds, the next still fails."""
    ctx = SSL.Context(SSL.TLS_METHOD)
    ctx.set_verify(SSL.VERIFY_PEER)
    with ssl_pair(server_context(), ctx, handshake=False) as (client, server):
        assert client.get_verify_mode() == SSL.VERIFY_PEER
        client.set_verify(SSL.VERIFY_NONE)
        assert client.get_verify_mode() == SSL.VERIFY_NONE
        assert ctx.get_verify_mode() == SSL.VERIFY_PEER
        handshake_both(client, server)
    with ssl_pair(server_context(), ctx, handshake=False) as (client, server):
        with pytest.raises(SSL.Error):
            handshake_both(client, server)


def test_set_verify_bad_arguments():
    conn = SSL.Connection(SSL.Context(SSL.TLS_METHOD), None)
    with pytest.raises(TypeError):
        conn.set_verify(None)
    with pytest.raises(TypeError):
        conn.set_verify(SSL.VERIFY_PEER, "not a callable")
    assert conn.get_verify_mode() == SSL.VERIFY_NONE


def test_set_verify_callback_of_the_connection():
    """The connection's callback decides instead of the context's, which
    the other connections of the context keep."""
    context_calls, own_calls = [], []

    def context_cb(conn, x509, errnum, depth, ok):
        context_calls.append(depth)
        return False

    def own_cb(conn, x509, errnum, depth, ok):
        own_calls.append((conn, x509.get_subject().CN, depth))
        return True

    ctx = SSL.Context(SSL.TLS_METHOD)
    ctx.set_verify(SSL.VERIFY_PEER, context_cb)
    with ssl_pair(server_context(), ctx, handshake=False) as (client, server):
        client.set_verify(SSL.VERIFY_PEER, own_cb)
        handshake_both(client, server)
        assert context_calls == []
        assert own_calls and all(conn is client for conn, _, _ in own_calls)
        assert own_calls[-1][2] == 0
    with ssl_pair(server_context(), ctx, handshake=False) as (client, server):
        with pytest.raises(SSL.Error):
            handshake_both(client, server)
        assert context_calls
    # Without a callback of its own again, the context's decides.
    with ssl_pair(server_context(), ctx, handshake=False) as (client, server):
        client.set_verify(SSL.VERIFY_PEER, own_cb)
        client.set_verify(SSL.VERIFY_PEER)
        with pytest.raises(SSL.Error):
            handshake_both(client, server)


def test_set_verify_callback_exception():
    def boom(*args):
        raise ZeroDivisionError("from the callback")

    ctx = SSL.Context(SSL.TLS_METHOD)
    with ssl_pair(server_context(), ctx, handshake=False) as (client, server):
        client.set_verify(SSL.VERIFY_PEER, boom)
        worker = Worker(server.do_handshake)
        with pytest.raises(ZeroDivisionError):
            client.do_handshake()
        with pytest.raises(SSL.Error):
            worker.result()


def test_peer_cert_chain_none_when_the_client_sent_none():
    with ssl_pair() as (client, server):
        assert server.get_peer_cert_chain() is None
        assert len(client.get_peer_cert_chain()) >= 1


def test_finished_messages():
    with ssl_pair(handshake=False) as (client, server):
        assert client.get_finished() is None
        assert client.get_peer_finished() is None
        handshake_both(client, server)
        assert isinstance(client.get_finished(), bytes)
        assert client.get_finished() == server.get_peer_finished()
        assert server.get_finished() == client.get_peer_finished()
        assert client.get_finished() != server.get_finished()


def test_secrets_and_resumption():
    """TLS 1.2: the resumed connection has the first one's master key."""
    sctx = server_context(SSL.TLSv1_2_METHOD)
    sctx.set_session_id(b"per-connection")
    cctx = client_context(SSL.TLSv1_2_METHOD)
    with ssl_pair(sctx, cctx, handshake=False) as (client, server):
        assert (client.master_key(), client.client_random(), client.server_random()) == (None,) * 3
        handshake_both(client, server)
        assert client.master_key() == server.master_key() is not None
        assert client.client_random() == server.client_random()
        assert client.server_random() == server.server_random()
        assert len(client.client_random()) == 32
        # Resumed while the first connection is open: one closed without
        # a shutdown spoils its session.
        with ssl_pair(sctx, cctx, handshake=False) as (client2, server2):
            client2.set_session(client.get_session())
            handshake_both(client2, server2)
            assert client2.session_reused()
            assert server2.master_key() == server.master_key()


def test_renegotiation_tls12():
    with ssl_pair(server_context(SSL.TLSv1_2_METHOD),
                  client_context(SSL.TLSv1_2_METHOD)) as (client, server):
        assert server.total_renegotiations() == 0
        assert server.renegotiate_pending() is False
        assert server.renegotiate() is True
        assert server.renegotiate_pending() is True
        server.send(b"ping")
        # The client's read takes the hello request and renegotiates.
        worker = Worker(recv_exactly, server, 4)
        assert recv_exactly(client, 4) == b"ping"
        client.send(b"pong")
        assert worker.result() == b"pong"
        # Started by one, accepted by the other.
        assert server.total_renegotiations() == client.total_renegotiations() == 1


def test_total_renegotiations_before_handshake():
    assert SSL.Connection(SSL.Context(SSL.TLS_METHOD), None).total_renegotiations() == 0


def test_peek():
    with ssl_pair() as (client, server):
        server.send(b"xy")
        assert client.recv(2, socket.MSG_PEEK) == b"xy"
        assert client.recv(2, socket.MSG_PEEK) == b"xy"
        buf = bytearray(5)
        assert client.recv_into(buf, flags=socket.MSG_PEEK) == 2
        assert buf == b"xy\0\0\0"
        assert client.recv(2) == b"xy"
        assert client.pending() == 0


class _Huge(bytes):
    """Says it holds 2**31 bytes without holding them."""

    def __len__(self):
        return 2**31


def test_send_over_2_gib_refused_as_pyopenssl():
    conn = SSL.Connection(SSL.Context(SSL.TLS_METHOD), None)
    with pytest.raises(ValueError, match=r"Cannot send more than .+ bytes at once"):
        conn.send(_Huge())


def test_srtp_profiles():
    ctx = SSL.Context(SSL.TLS_METHOD)
    assert ctx.set_tlsext_use_srtp(b"SRTP_AES128_CM_SHA1_80") is None
    with pytest.raises(TypeError):
        ctx.set_tlsext_use_srtp("SRTP_AES128_CM_SHA1_80")
    with pytest.raises(SSL.Error):
        ctx.set_tlsext_use_srtp(b"SRTP_BOGUS")


@pytest.mark.parametrize("variable, value", [("SSL_CERT_FILE", "ca.pem"),
                                             ("SSL_CERT_DIR", None)])
def test_default_verify_paths_follow_the_environment(monkeypatch, tmp_path, variable, value):
    """set_default_verify_paths() trusts what SSL_CERT_FILE or SSL_CERT_DIR
    names, and then only that."""
    if value is None:
        # A CA directory as `openssl rehash` makes it.
        ca = cert("ca.pem")
        (tmp_path / ("%08x.0" % ca.subject_name_hash())).write_bytes(read("ca.pem"))
        value = str(tmp_path)
        monkeypatch.setenv("SSL_CERT_FILE", "/nonexistent")
    else:
        value = path(value)
        monkeypatch.setenv("SSL_CERT_DIR", "/nonexistent")
    monkeypatch.setenv(variable, value)

    def verifying():
        ctx = SSL.Context(SSL.TLS_METHOD)
        ctx.set_default_verify_paths()
        ctx.set_verify(SSL.VERIFY_PEER)
        return ctx

    with ssl_pair(server_context(), verifying()) as (client, server):
        assert client.get_peer_certificate() is not None
    monkeypatch.setenv(variable, "/nonexistent")
    with ssl_pair(server_context(), verifying(), handshake=False) as (client, server):
        with pytest.raises(SSL.Error):
            handshake_both(client, server)
