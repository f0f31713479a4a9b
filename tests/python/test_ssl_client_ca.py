"""Client CA names: Context.set_client_ca_list/add_client_ca/load_client_ca,
Connection.set_client_ca_list/get_client_ca_list, over real handshakes (gossl
on both sides, ``openssl s_server``) and side by side with pyOpenSSL 23."""

import socket
import warnings

import pytest

from OpenSSL import SSL, crypto

from ssl_helpers import (  # noqa: F401 -- watchdog: the fixture pytestmark uses
    OpenSSLServer, bound, client_context, handshake_both, path, read, server_context, ssl_pair,
    watchdog,
)

pytestmark = pytest.mark.usefixtures("watchdog")


def cert(name):
    return crypto.load_certificate(crypto.FILETYPE_PEM, read(name))


def components(names):
    return [name.get_components() for name in names]


def requesting_server(setup):
    """A server context that asks for a client certificate (and takes
    none), its CA names set by *setup(ctx)*."""
    ctx = server_context()
    ctx.set_verify(SSL.VERIFY_PEER, lambda *args: True)
    setup(ctx)
    return ctx


def names_seen(setup):
    """(client's list before, client's list after, server's list after) the
    handshake with a server set up by *setup*."""
    with ssl_pair(requesting_server(setup), client_context(), handshake=False) as (client, server):
        before = client.get_client_ca_list()
        handshake_both(client, server)
        return before, client.get_client_ca_list(), server.get_client_ca_list()


def test_set_list_reaches_the_client():
    ca, ca2 = cert("ca.pem"), cert("ca2.pem")
    before, client, server = names_seen(
        lambda ctx: ctx.set_client_ca_list([ca.get_subject(), ca2.get_subject()]))
    assert before == []
    assert client == [ca.get_subject(), ca2.get_subject()]
    assert server == client
    assert all(isinstance(name, crypto.X509Name) for name in client)


def test_add_after_set_and_set_after_add():
    ca, ca2, srv = cert("ca.pem"), cert("ca2.pem"), cert("server.pem")

    def set_then_add(ctx):
        ctx.set_client_ca_list([ca.get_subject()])
        ctx.add_client_ca(ca2)

    def add_then_set(ctx):
        ctx.add_client_ca(srv)
        ctx.set_client_ca_list([ca2.get_subject()])
        ctx.add_client_ca(ca)

    assert names_seen(set_then_add)[1] == [ca.get_subject(), ca2.get_subject()]
    assert names_seen(add_then_set)[1] == [ca2.get_subject(), ca.get_subject()]


def test_empty_list_sends_none():
    ca = cert("ca.pem")

    def empty(ctx):
        ctx.add_client_ca(ca)
        ctx.set_client_ca_list([])

    assert names_seen(empty)[1:] == ([], [])


def test_list_is_copied():
    ca = cert("ca.pem")
    name = crypto.X509Name(ca.get_subject())
    names = [name]
    ctx = SSL.Context(SSL.TLS_METHOD)
    ctx.set_client_ca_list(names)
    names.append(cert("ca2.pem").get_subject())
    name.CN = "changed afterwards"
    conn = SSL.Connection(ctx, None)
    assert conn.get_client_ca_list() == [ca.get_subject()]


def test_connection_list_replaces_the_contexts():
    ca, ca2 = cert("ca.pem"), cert("ca2.pem")
    with ssl_pair(requesting_server(lambda ctx: ctx.add_client_ca(ca)), client_context(),
                  handshake=False) as (client, server):
        server.set_client_ca_list([ca2.get_subject()])
        assert server.get_client_ca_list() == [ca2.get_subject()]
        handshake_both(client, server)
        assert client.get_client_ca_list() == [ca2.get_subject()]


def test_from_openssl_s_server():
    """``openssl s_server -verify`` sends the subjects of its -CAfile."""
    server = OpenSSLServer("-verify", "1", "-CAfile", path("ca.pem"))
    try:
        sock = bound(socket.create_connection(("127.0.0.1", server.port)))
        try:
            conn = SSL.Connection(client_context(), sock)
            conn.set_connect_state()
            conn.do_handshake()
            assert conn.get_client_ca_list() == [cert("ca.pem").get_subject()]
        finally:
            sock.close()
    finally:
        server.close()


def test_bad_arguments():
    ctx = SSL.Context(SSL.TLS_METHOD)
    conn = SSL.Connection(ctx, None)
    for target in (ctx, conn):
        with pytest.raises(TypeError):
            target.set_client_ca_list("spam")
        with pytest.raises(TypeError):
            target.set_client_ca_list(["spam"])
        with pytest.raises(TypeError):
            target.set_client_ca_list([cert("ca.pem")])  # a certificate, not a name
        with pytest.raises(TypeError):
            target.set_client_ca_list(None)
    with pytest.raises(TypeError):
        ctx.add_client_ca("spam")
    with pytest.raises(TypeError):
        ctx.add_client_ca(cert("ca.pem").get_subject())
    # Nothing was set by the failed calls.
    assert conn.get_client_ca_list() == []


def test_load_client_ca_names():
    ctx = SSL.Context(SSL.TLS_METHOD)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ctx.load_client_ca(path("ca.pem").encode())
    assert SSL.Connection(ctx, None).get_client_ca_list() == [cert("ca.pem").get_subject()]


def test_load_client_ca_str_warns_as_pyopenssl():
    ctx = SSL.Context(SSL.TLS_METHOD)
    with pytest.warns(DeprecationWarning, match="str for cafile"):
        ctx.load_client_ca(path("ca2.pem"))
    assert SSL.Connection(ctx, None).get_client_ca_list() == [cert("ca2.pem").get_subject()]
    with pytest.raises(SSL.Error):
        ctx.load_client_ca(path("no-such-file.pem").encode())


def test_same_names_as_pyopenssl23(pyopenssl23):
    """pyOpenSSL 23's server lists what ours does for the same calls."""
    expected = pyopenssl23('''
        from OpenSSL import SSL
        ca = crypto.load_certificate(crypto.FILETYPE_PEM, open(ca_path, "rb").read())
        ca2 = crypto.load_certificate(crypto.FILETYPE_PEM, open(ca2_path, "rb").read())
        ctx = SSL.Context(SSL.TLS_METHOD)
        ctx.add_client_ca(ca2)
        ctx.set_client_ca_list([ca.get_subject()])
        ctx.add_client_ca(ca2)
        ctx.load_client_ca(ca2_path.encode())
        ctx.add_client_ca(ca)
        print([n.get_components() for n in SSL.Connection(ctx, None).get_client_ca_list()])
    ''', ca_path=path("ca.pem"), ca2_path=path("ca2.pem"))
    ca, ca2 = cert("ca.pem"), cert("ca2.pem")
    ctx = SSL.Context(SSL.TLS_METHOD)
    ctx.add_client_ca(ca2)
    ctx.set_client_ca_list([ca.get_subject()])
    ctx.add_client_ca(ca2)
    ctx.load_client_ca(path("ca2.pem").encode())
    ctx.add_client_ca(ca)
    assert components(SSL.Connection(ctx, None).get_client_ca_list()) == expected
