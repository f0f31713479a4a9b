"""OpenSSL.SSL without handshakes: constants, exceptions, Context and
Connection methods and their argument checking."""

import errno
import os
import pathlib
import socket

import pytest

from OpenSSL import SSL, crypto
from OpenSSL._gossl import GError

from ssl_helpers import (  # noqa: F401 -- watchdog: the fixture pytestmark uses
    PASSPHRASE, kill_socket, listener, path, read, tcp_pair, watchdog,
)

pytestmark = pytest.mark.usefixtures("watchdog")


# --- Constants and types -----------------------------------------------------

def test_method_constants():
    assert (SSL.SSLv2_METHOD, SSL.SSLv3_METHOD, SSL.SSLv23_METHOD, SSL.TLSv1_METHOD) == (1, 2, 3, 4)
    assert (SSL.TLSv1_1_METHOD, SSL.TLSv1_2_METHOD, SSL.TLS_METHOD,
            SSL.TLS_SERVER_METHOD, SSL.TLS_CLIENT_METHOD) == (5, 6, 7, 8, 9)


def test_verify_and_filetype_constants():
    assert (SSL.VERIFY_NONE, SSL.VERIFY_PEER, SSL.VERIFY_FAIL_IF_NO_PEER_CERT,
            SSL.VERIFY_CLIENT_ONCE) == (0, 1, 2, 4)
    assert (SSL.FILETYPE_PEM, SSL.FILETYPE_ASN1) == (crypto.FILETYPE_PEM, crypto.FILETYPE_ASN1)


def test_option_constants_match_pyopenssl23(pyopenssl23):
    names = [n for n in dir(SSL) if n.startswith(("OP_", "SSL_CB_", "SSL_ST_", "VERIFY_"))
             or n.endswith("_METHOD") and not n.startswith("SSLv2") and not n.startswith("SSLv3")]
    ours = {n: getattr(SSL, n) for n in names}
    theirs = pyopenssl23(
        "from OpenSSL import SSL\nprint({n: getattr(SSL, n, None) for n in names})",
        names=names,
    )
    assert ours == theirs
    for name in ("OP_SINGLE_DH_USE", "OP_EPHEMERAL_RSA", "OP_NO_SSLv2", "OP_NO_SSLv3",
                 "OP_NO_TLSv1", "OP_NO_TLSv1_1", "OP_NO_TLSv1_2", "OP_NO_TLSv1_3",
                 "SSL_CB_HANDSHAKE_START", "SSL_CB_HANDSHAKE_DONE", "SSL_CB_ALERT"):
        assert name in ours


def test_types():
    assert SSL.ContextType is SSL.Context
    assert SSL.ConnectionType is SSL.Connection
    assert isinstance(SSL.Context(SSL.TLS_METHOD), SSL.ContextType)


def test_exception_hierarchy():
    for cls in (SSL.ZeroReturnError, SSL.WantReadError, SSL.WantWriteError,
                SSL.WantX509LookupError, SSL.SysCallError):
        assert cls.__bases__ == (SSL.Error,)
    assert SSL.Error.__bases__ == (Exception,)


def test_docstrings():
    assert SSL.__doc__
    for name in SSL.__all__:
        obj = getattr(SSL, name)
        if isinstance(obj, type):
            assert obj.__doc__, name
    for cls in (SSL.Context, SSL.Connection):
        for name, member in vars(cls).items():
            if callable(member) and not name.startswith("_"):
                assert member.__doc__, "%s.%s" % (cls.__name__, name)


# --- Context -----------------------------------------------------------------

@pytest.mark.parametrize("method", [SSL.SSLv23_METHOD, SSL.TLSv1_METHOD, SSL.TLSv1_1_METHOD,
                                    SSL.TLSv1_2_METHOD, SSL.TLS_METHOD,
                                    SSL.TLS_SERVER_METHOD, SSL.TLS_CLIENT_METHOD])
def test_context_methods(method):
    SSL.Context(method)


@pytest.mark.parametrize("method", [SSL.SSLv2_METHOD, SSL.SSLv3_METHOD])
def test_context_sslv2_sslv3_refused(method):
    with pytest.raises(SSL.Error) as info:
        SSL.Context(method)
    (errors,) = info.value.args
    assert errors and "not supported" in errors[-1][2]


def test_context_bad_method():
    with pytest.raises(TypeError):
        SSL.Context("TLS")
    with pytest.raises(TypeError):
        SSL.Context(None)
    with pytest.raises(ValueError):
        SSL.Context(99)


def test_timeout():
    ctx = SSL.Context(SSL.SSLv23_METHOD)
    assert ctx.get_timeout() == 300
    assert ctx.set_timeout(1234) == 300
    assert ctx.get_timeout() == 1234
    with pytest.raises(TypeError):
        ctx.set_timeout("10")


def test_verify_depth():
    ctx = SSL.Context(SSL.SSLv23_METHOD)
    ctx.set_verify_depth(7)
    assert ctx.get_verify_depth() == 7
    with pytest.raises(TypeError):
        ctx.set_verify_depth(1.5)


def test_verify_mode():
    ctx = SSL.Context(SSL.SSLv23_METHOD)
    assert ctx.get_verify_mode() == SSL.VERIFY_NONE
    mode = SSL.VERIFY_PEER | SSL.VERIFY_FAIL_IF_NO_PEER_CERT | SSL.VERIFY_CLIENT_ONCE
    ctx.set_verify(mode, lambda *args: True)
    assert ctx.get_verify_mode() == mode
    assert type(ctx.get_verify_mode()) is int
    ctx.set_verify(SSL.VERIFY_PEER)  # the callback is optional, as in pyOpenSSL
    assert ctx.get_verify_mode() == SSL.VERIFY_PEER
    with pytest.raises(TypeError):
        ctx.set_verify("peer", lambda *args: True)
    with pytest.raises(TypeError):
        ctx.set_verify(SSL.VERIFY_PEER, "not callable")


def test_options():
    ctx = SSL.Context(SSL.SSLv23_METHOD)
    base = ctx.set_options(0)
    assert isinstance(base, int)
    mask = ctx.set_options(SSL.OP_NO_SSLv3 | SSL.OP_NO_TLSv1)
    assert mask == base | SSL.OP_NO_SSLv3 | SSL.OP_NO_TLSv1
    # Options you have set before are not cleared.
    assert ctx.set_options(SSL.OP_NO_TLSv1_1) == mask | SSL.OP_NO_TLSv1_1
    assert ctx.set_options(SSL.OP_SINGLE_DH_USE | SSL.OP_EPHEMERAL_RSA | SSL.OP_NO_SSLv2) == mask | SSL.OP_NO_TLSv1_1
    with pytest.raises(TypeError):
        ctx.set_options("all")


def test_app_data():
    ctx = SSL.Context(SSL.SSLv23_METHOD)
    assert ctx.get_app_data() is None
    marker = object()
    ctx.set_app_data(marker)
    assert ctx.get_app_data() is marker


def test_use_certificate_and_key_files():
    ctx = SSL.Context(SSL.SSLv23_METHOD)
    ctx.use_certificate_file(path("server.pem"))
    ctx.use_privatekey_file(path("server.key"))
    assert ctx.check_privatekey() is True


@pytest.mark.parametrize("convert", [str, os.fsencode, pathlib.Path])
def test_file_name_types(convert):
    ctx = SSL.Context(SSL.SSLv23_METHOD)
    ctx.use_certificate_file(convert(path("server.pem")))
    ctx.use_privatekey_file(convert(path("server.key")), SSL.FILETYPE_PEM)
    ctx.load_verify_locations(convert(path("ca.pem")))
    ctx.load_client_ca(convert(path("ca.pem")))
    ctx.load_tmp_dh(convert(path("dh2048.pem")))
    ctx.use_certificate_chain_file(convert(path("server.pem")))
    assert ctx.check_privatekey() is True


def test_der_files():
    ctx = SSL.Context(SSL.SSLv23_METHOD)
    ctx.use_certificate_file(path("server.der"), SSL.FILETYPE_ASN1)
    ctx.use_privatekey_file(path("server.key.der"), SSL.FILETYPE_ASN1)
    assert ctx.check_privatekey() is True


def test_filetype_keyword():
    ctx = SSL.Context(SSL.SSLv23_METHOD)
    ctx.use_certificate_file(path("server.der"), filetype=SSL.FILETYPE_ASN1)
    ctx.use_privatekey_file(path("server.key.der"), format=SSL.FILETYPE_ASN1)
    assert ctx.check_privatekey() is True


def test_wrong_format_is_error():
    ctx = SSL.Context(SSL.SSLv23_METHOD)
    with pytest.raises(SSL.Error):
        ctx.use_certificate_file(path("server.pem"), SSL.FILETYPE_ASN1)
    with pytest.raises(SSL.Error):
        ctx.use_certificate_file(path("server.pem"), 7)
    with pytest.raises(TypeError):
        ctx.use_certificate_file(path("server.pem"), "PEM")


def test_missing_file_is_error():
    ctx = SSL.Context(SSL.SSLv23_METHOD)
    for call in (ctx.use_certificate_file, ctx.use_privatekey_file, ctx.load_client_ca,
                 ctx.load_tmp_dh, ctx.use_certificate_chain_file, ctx.load_verify_locations):
        with pytest.raises(SSL.Error) as info:
            call(path("does-not-exist.pem"))
        assert info.value.args[0], call


def test_undecodable_file_name_is_error():
    ctx = SSL.Context(SSL.SSLv23_METHOD)
    with pytest.raises(SSL.Error):
        ctx.use_certificate_file(os.fsencode(path("missing")) + b"\xff.pem")


def test_file_argument_types():
    ctx = SSL.Context(SSL.SSLv23_METHOD)
    for call in (ctx.use_certificate_file, ctx.use_privatekey_file, ctx.load_client_ca,
                 ctx.load_tmp_dh, ctx.use_certificate_chain_file):
        with pytest.raises(TypeError):
            call(42)
        with pytest.raises(TypeError):
            call(None)


def test_use_certificate_and_privatekey_objects():
    cert = crypto.load_certificate(crypto.FILETYPE_PEM, read("server.pem"))
    key = crypto.load_privatekey(crypto.FILETYPE_PEM, read("server.key"))
    ctx = SSL.Context(SSL.SSLv23_METHOD)
    ctx.use_certificate(cert)
    ctx.use_privatekey(key)
    assert ctx.check_privatekey() is True
    with pytest.raises(TypeError):
        ctx.use_certificate(key)
    with pytest.raises(TypeError):
        ctx.use_privatekey(cert)
    with pytest.raises(TypeError):
        ctx.use_certificate(read("server.pem"))


def test_check_privatekey_mismatch_is_false():
    ctx = SSL.Context(SSL.SSLv23_METHOD)
    ctx.use_privatekey_file(path("client.key"))
    ctx.use_certificate_file(path("server.pem"))
    assert ctx.check_privatekey() is False
    # A key that does not match the certificate already there is refused.
    ctx = SSL.Context(SSL.SSLv23_METHOD)
    ctx.use_certificate_file(path("server.pem"))
    with pytest.raises(SSL.Error):
        ctx.use_privatekey_file(path("client.key"))


def test_check_privatekey_nothing_loaded_is_false():
    assert SSL.Context(SSL.SSLv23_METHOD).check_privatekey() is False


def test_check_privatekey_says_why():
    """check_privatekey() keeps the manual's True/False; the Gossl call under
    it says which of the two is missing, or that they do not match, and so
    does use_privatekey() when it refuses a key."""
    cert = crypto.load_certificate(crypto.FILETYPE_PEM, read("server.pem"))
    key = crypto.load_privatekey(crypto.FILETYPE_PEM, read("server.key"))
    other = crypto.load_privatekey(crypto.FILETYPE_PEM, read("client.key"))

    def why(ctx):
        assert ctx.check_privatekey() is False
        with pytest.raises(GError) as info:
            ctx._ctx.check_privatekey()
        return info.value.message

    ctx = SSL.Context(SSL.TLS_METHOD)
    assert "neither a certificate nor a private key" in why(ctx)
    ctx.use_privatekey(key)
    assert "has a private key but no certificate" in why(ctx)

    ctx = SSL.Context(SSL.TLS_METHOD)
    ctx.use_certificate(cert)
    assert "has a certificate but no private key" in why(ctx)

    # Key first, then a certificate that is not its own.
    ctx = SSL.Context(SSL.TLS_METHOD)
    ctx.use_privatekey(other)
    ctx.use_certificate(cert)
    message = why(ctx)
    assert "does not match the certificate" in message and "set after" in message

    # Certificate first, then a key that is not its own: refused, with the
    # list pyOpenSSL 23 gives, and a message that says so.
    ctx = SSL.Context(SSL.TLS_METHOD)
    ctx.use_certificate(cert)
    with pytest.raises(SSL.Error) as info:
        ctx.use_privatekey(other)
    assert [(lib, reason) for lib, _func, reason in info.value.args[0]] == [
        ("x509 certificate routines", "key values mismatch")]
    with pytest.raises(GError) as raw:
        ctx._ctx.use_privatekey(other._gpkey)
    assert "does not match the certificate" in raw.value.message
    assert "has a certificate but no private key" in why(ctx)


def test_cert_store():
    ctx = SSL.Context(SSL.SSLv23_METHOD)
    store = ctx.get_cert_store()
    assert isinstance(store, crypto.X509Store)
    store.add_cert(crypto.load_certificate(crypto.FILETYPE_PEM, read("ca.pem")))


def test_cipher_list():
    ctx = SSL.Context(SSL.SSLv23_METHOD)
    ctx.set_cipher_list("ECDHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384")
    ctx.set_cipher_list(b"HIGH:!aNULL")
    conn = SSL.Connection(ctx, socket.socket())
    try:
        ciphers = conn.get_cipher_list()
        assert ciphers and all(isinstance(c, str) for c in ciphers)
        assert "ECDHE-RSA-AES128-GCM-SHA256" in ciphers
    finally:
        conn.close()


def test_cipher_list_nonsense():
    ctx = SSL.Context(SSL.SSLv23_METHOD)
    with pytest.raises(SSL.Error) as info:
        ctx.set_cipher_list("nonsense")
    (errors,) = info.value.args
    assert isinstance(errors, list) and errors
    for entry in errors:
        assert isinstance(entry, tuple) and len(entry) == 3
        assert all(isinstance(part, str) for part in entry)
    assert any("no cipher match" in reason for _, _, reason in errors)
    with pytest.raises(TypeError):
        ctx.set_cipher_list(42)


def test_session_id():
    ctx = SSL.Context(SSL.SSLv23_METHOD)
    ctx.set_session_id(b"gossl tests")
    ctx.set_session_id(b"\x00\xff binary is fine")
    with pytest.raises((SSL.Error, ValueError)):
        ctx.set_session_id(b"x" * 33)
    with pytest.raises(TypeError):
        ctx.set_session_id(42)


def test_load_tmp_dh():
    ctx = SSL.Context(SSL.SSLv23_METHOD)
    ctx.load_tmp_dh(path("dh2048.pem"))
    with pytest.raises(SSL.Error) as info:
        ctx.load_tmp_dh(path("dh1024.pem"))
    assert info.value.args[0]
    with pytest.raises(SSL.Error):
        ctx.load_tmp_dh(path("server.pem"))


def test_load_verify_locations():
    ctx = SSL.Context(SSL.SSLv23_METHOD)
    ctx.load_verify_locations(path("ca.pem"))
    ctx.load_verify_locations(None, os.path.dirname(path("ca.pem")))
    with pytest.raises(SSL.Error):
        ctx.load_verify_locations(None, None)


def test_set_default_verify_paths():
    SSL.Context(SSL.SSLv23_METHOD).set_default_verify_paths()


def test_set_info_callback_checks():
    ctx = SSL.Context(SSL.SSLv23_METHOD)
    ctx.set_info_callback(lambda conn, where, ret: None)
    ctx.set_info_callback(None)
    with pytest.raises(TypeError):
        ctx.set_info_callback(3)


# --- Passphrase callback -------------------------------------------------------

def test_passwd_cb_manual_signature():
    calls = []

    def callback(repeat, data):
        calls.append((repeat, data))
        return PASSPHRASE

    ctx = SSL.Context(SSL.SSLv23_METHOD)
    ctx.set_passwd_cb(callback, "user data")
    ctx.use_privatekey_file(path("server-enc.key"))
    ctx.use_certificate_file(path("server.pem"))
    assert ctx.check_privatekey() is True
    assert calls == [(False, "user data")]


def test_passwd_cb_pyopenssl_signature():
    calls = []

    def callback(maxlen, verify, data):
        calls.append((maxlen, verify, data))
        return PASSPHRASE.decode()  # a str is encoded as UTF-8

    ctx = SSL.Context(SSL.SSLv23_METHOD)
    ctx.set_passwd_cb(callback)
    ctx.use_privatekey_file(path("server-enc.key"))
    ((maxlen, verify, data),) = calls
    assert maxlen >= len(PASSPHRASE) and verify is False and data is None


def test_passwd_cb_bound_method_and_optional_userdata():
    class Prompt:
        def __init__(self):
            self.calls = 0

        def ask(self, maxlen, verify, data=None):
            self.calls += 1
            return PASSPHRASE

    prompt = Prompt()
    ctx = SSL.Context(SSL.SSLv23_METHOD)
    ctx.set_passwd_cb(prompt.ask)
    ctx.use_privatekey_file(path("server-enc.key"))
    assert prompt.calls == 1


@pytest.mark.parametrize("callback", [
    lambda repeat, data: b"wrong",
    lambda maxlen, verify, data: b"wrong",
])
def test_passwd_cb_wrong_passphrase(callback):
    ctx = SSL.Context(SSL.SSLv23_METHOD)
    ctx.set_passwd_cb(callback)
    with pytest.raises(SSL.Error) as info:
        ctx.use_privatekey_file(path("server-enc.key"))
    assert info.value.args[0]


@pytest.mark.parametrize("result", [b"", "", None, False])
def test_passwd_cb_false_value_fails(result):
    ctx = SSL.Context(SSL.SSLv23_METHOD)
    ctx.set_passwd_cb(lambda repeat, data: result)
    with pytest.raises(SSL.Error):
        ctx.use_privatekey_file(path("server-enc.key"))


def test_passwd_cb_exception_is_raised():
    class Boom(Exception):
        pass

    def callback(repeat, data):
        raise Boom("no passphrase today")

    ctx = SSL.Context(SSL.SSLv23_METHOD)
    ctx.set_passwd_cb(callback)
    with pytest.raises(Boom):
        ctx.use_privatekey_file(path("server-enc.key"))
    # The context is usable afterwards.
    ctx.set_passwd_cb(lambda repeat, data: PASSPHRASE)
    ctx.use_privatekey_file(path("server-enc.key"))


def test_passwd_cb_wrong_type():
    ctx = SSL.Context(SSL.SSLv23_METHOD)
    ctx.set_passwd_cb(lambda repeat, data: 12345)
    with pytest.raises(ValueError):
        ctx.use_privatekey_file(path("server-enc.key"))


def test_passwd_cb_too_long_is_truncated():
    ctx = SSL.Context(SSL.SSLv23_METHOD)
    ctx.set_passwd_cb(lambda maxlen, verify, data: PASSPHRASE + b"x" * (maxlen - len(PASSPHRASE)) + b"tail")
    with pytest.raises(SSL.Error):
        ctx.use_privatekey_file(path("server-enc.key"))


def test_no_passwd_cb_never_prompts():
    ctx = SSL.Context(SSL.SSLv23_METHOD)
    with pytest.raises(SSL.Error):
        ctx.use_privatekey_file(path("server-enc.key"))


def test_passwd_cb_checks():
    ctx = SSL.Context(SSL.SSLv23_METHOD)
    with pytest.raises(TypeError):
        ctx.set_passwd_cb(b"secret")
    with pytest.raises(TypeError):
        ctx.set_passwd_cb(lambda: b"secret")


def test_passwd_cb_unencrypted_key_not_called():
    calls = []
    ctx = SSL.Context(SSL.SSLv23_METHOD)
    ctx.set_passwd_cb(lambda repeat, data: calls.append(1) or PASSPHRASE)
    ctx.use_privatekey_file(path("server.key"))
    assert calls == []


# --- Connection without I/O --------------------------------------------------

def test_connection_checks():
    ctx = SSL.Context(SSL.SSLv23_METHOD)
    with pytest.raises(TypeError):
        SSL.Connection("not a context", socket.socket())
    with pytest.raises(TypeError):
        SSL.Connection(ctx, "not a socket")
    # No socket (None, or left out as pyOpenSSL 23 allows): a memory connection.
    for conn in (SSL.Connection(ctx, None), SSL.Connection(ctx)):
        with pytest.raises(SSL.WantReadError):
            conn.bio_read(1 << 16)


def test_connection_basics():
    ctx = SSL.Context(SSL.SSLv23_METHOD)
    sock = socket.socket()
    conn = SSL.Connection(ctx, sock)
    try:
        assert isinstance(conn, SSL.ConnectionType)
        assert conn.get_context() is ctx
        assert conn.fileno() == sock.fileno()
        assert conn.get_app_data() is None
        marker = object()
        conn.set_app_data(marker)
        assert conn.get_app_data() is marker
        assert conn.pending() == 0
        assert conn.want_read() is False and conn.want_write() is False
        assert isinstance(conn.state_string(), str) and conn.state_string()
        assert isinstance(conn.get_state_string(), bytes)
        assert conn.get_peer_certificate() is None
        assert conn.get_cipher_name() is None
        conn.set_connect_state()
        conn.set_accept_state()
    finally:
        conn.close()


def test_socket_fall_through():
    sock = socket.socket()
    conn = SSL.Connection(SSL.Context(SSL.SSLv23_METHOD), sock)
    try:
        # Methods the Connection does not define come from the socket.
        assert conn.settimeout == sock.settimeout
        conn.settimeout(3.5)
        assert conn.gettimeout() == 3.5
        assert conn.family == socket.AF_INET
        assert conn.type == socket.SOCK_STREAM
        with pytest.raises(AttributeError):
            conn.no_such_attribute
        with pytest.raises(NotImplementedError):
            conn.makefile()
    finally:
        conn.close()


def test_socket_methods():
    lsock = listener()
    lconn = SSL.Connection(SSL.Context(SSL.SSLv23_METHOD), socket.socket())
    try:
        lconn.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        assert lconn.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR) != 0
        assert len(lconn.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 4)) == 4
        lconn.bind(("127.0.0.1", 0))
        lconn.listen(3)
        addr = lconn.getsockname()
        assert addr[0] == "127.0.0.1"
        client = socket.create_connection(addr, timeout=5)
        conn, peer = lconn.accept()
        try:
            assert isinstance(conn, SSL.Connection)
            assert conn.get_context() is lconn.get_context()
            assert peer == client.getsockname()
            assert conn.getpeername() == client.getsockname()
            conn.setblocking(False)
            assert conn.gettimeout() == 0.0
            conn.setblocking(True)
            conn.sock_shutdown(socket.SHUT_WR)
            assert client.recv(10) == b""
        finally:
            conn.close()
            client.close()
    finally:
        lconn.close()
        lsock.close()


def test_connect_ex_nonblocking():
    lsock = listener()
    sock = socket.socket()
    sock.setblocking(False)
    conn = SSL.Connection(SSL.Context(SSL.SSLv23_METHOD), sock)
    try:
        assert conn.connect_ex(lsock.getsockname()) in (0, errno.EINPROGRESS)
    finally:
        conn.close()
        lsock.close()


def test_closed_connection_does_no_io():
    client, server = tcp_pair()
    conn = SSL.Connection(SSL.Context(SSL.SSLv23_METHOD), client)
    conn.set_connect_state()
    conn.close()
    try:
        for call in (lambda: conn.recv(10), lambda: conn.send(b"x"),
                     lambda: conn.sendall(b"x"), conn.do_handshake, conn.shutdown):
            with pytest.raises(SSL.SysCallError) as info:
                call()
            assert info.value.args == (errno.EBADF, os.strerror(errno.EBADF))
    finally:
        kill_socket(server)


def test_send_argument_types():
    client, server = tcp_pair()
    conn = SSL.Connection(SSL.Context(SSL.SSLv23_METHOD), client)
    try:
        for bad in (42, None, [1, 2, 3], 1.5):  # str: see test_send_str_is_utf8_with_deprecation_warning
            with pytest.raises(TypeError):
                conn.send(bad)
            with pytest.raises(TypeError):
                conn.sendall(bad)
        with pytest.raises(TypeError):
            conn.recv("10")
    finally:
        conn.close()
        kill_socket(server)
