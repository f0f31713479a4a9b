"""Gossl's secure defaults through PyGObject (raw ``gi.repository.Gossl``),
and the pyOpenSSL defaults ``OpenSSL.SSL`` keeps on top of them: a Gossl
client verifies the server against the system's CAs; an ``SSL.Context``
verifies nothing and trusts nothing it was not given, as pyOpenSSL's does.
Against ``openssl s_server`` serving the fixture server.pem (signed by
ca.pem, which no system store holds)."""

import shutil
import socket

import pytest

from OpenSSL import SSL, _gossl

from child_process import run_python
from ssl_helpers import OpenSSLServer, bound, path, watchdog  # noqa: F401 -- watchdog: pytestmark

pytestmark = [
    pytest.mark.usefixtures("watchdog"),
    pytest.mark.skipif(shutil.which("openssl") is None, reason="no openssl command"),
]

Gossl = _gossl.Gossl
GLib = _gossl.GLib
from gi.repository import Gio  # noqa: E402


def connect(port):
    """A blocking socket (kernel timeouts) connected to *port*."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.settimeout(None)
    return bound(sock)


def gossl_handshake(ctx, port, hostname="localhost"):
    """A raw Gossl client handshake; (connection, GLib.Error or None)."""
    sock = connect(port)
    conn = Gossl.Connection.new(ctx, sock.fileno())
    conn.set_connect_state()
    conn.set_verify_hostname(hostname)
    try:
        conn.do_handshake()
        return conn, None
    except GLib.Error as e:
        return conn, e
    finally:
        sock.close()


def test_gossl_context_defaults():
    client = Gossl.Context.new(Gossl.Method.TLS_CLIENT)
    assert client.get_verify_mode() == Gossl.VerifyMode.PEER
    assert client.get_use_system_certdb()
    assert client.props.use_system_certdb
    # A context of any method leaves servers alone: verification is its
    # client connections' default.
    assert Gossl.Context.new(Gossl.Method.TLS).get_verify_mode() == Gossl.VerifyMode.NONE


def test_ssl_context_keeps_pyopenssl_defaults():
    for method in (SSL.TLS_CLIENT_METHOD, SSL.TLS_METHOD, SSL.SSLv23_METHOD):
        ctx = SSL.Context(method)
        assert ctx.get_verify_mode() == SSL.VERIFY_NONE == 0
        assert not ctx._ctx.get_use_system_certdb()


def test_gossl_client_refuses_untrusted_server():
    server = OpenSSLServer()
    try:
        conn, error = gossl_handshake(Gossl.Context.new(Gossl.Method.TLS), server.port)
        assert error is not None
        assert error.matches(Gossl.ssl_error_quark(), Gossl.SslError.BAD_CERTIFICATE)
        assert error.message.startswith(
            "The certificate of localhost:%d is not trusted: "
            "unable to get local issuer certificate" % server.port)
        assert conn.get_peer_certificate_errors() == Gio.TlsCertificateFlags.UNKNOWN_CA
        assert conn.props.peer_certificate_errors == Gio.TlsCertificateFlags.UNKNOWN_CA
    finally:
        server.close()


def test_gossl_verify_none_is_explicit():
    server = OpenSSLServer()
    try:
        ctx = Gossl.Context.new(Gossl.Method.TLS_CLIENT)
        ctx.set_verify(Gossl.VerifyMode.NONE)
        conn, error = gossl_handshake(ctx, server.port, "wrong.example")
        assert error is None
        assert conn.get_peer_certificate() is not None
        assert conn.get_peer_certificate_errors() == (
            Gio.TlsCertificateFlags.UNKNOWN_CA | Gio.TlsCertificateFlags.BAD_IDENTITY)
        assert conn.props.protocol_version == Gio.TlsProtocolVersion.TLS_1_3
        assert conn.props.ciphersuite_name.startswith("TLS_")
    finally:
        server.close()


def test_ssl_connection_connects_as_pyopenssl_does():
    """pyOpenSSL verifies nothing by default: the untrusted server is fine."""
    server = OpenSSLServer()
    try:
        sock = connect(server.port)
        conn = SSL.Connection(SSL.Context(SSL.TLS_CLIENT_METHOD), sock)
        conn.set_connect_state()
        conn.set_verify_hostname("wrong.example")
        conn.do_handshake()
        assert conn.get_peer_certificate() is not None
        sock.close()
    finally:
        server.close()


def test_ssl_context_trusts_no_system_ca(monkeypatch):
    """VERIFY_PEER with no CA loaded fails, as with pyOpenSSL, even where the
    system's CAs would have trusted the server."""
    monkeypatch.setenv("SSL_CERT_FILE", path("ca.pem"))
    server = OpenSSLServer()
    try:
        ctx = SSL.Context(SSL.TLS_CLIENT_METHOD)
        ctx.set_verify(SSL.VERIFY_PEER)
        sock = connect(server.port)
        conn = SSL.Connection(ctx, sock)
        conn.set_connect_state()
        with pytest.raises(SSL.Error) as info:
            conn.do_handshake()
        assert type(info.value) is SSL.Error
        assert "certificate verify failed" in [reason for _, _, reason in info.value.args[0]]
        sock.close()
    finally:
        server.close()


def test_gossl_default_uses_system_store(monkeypatch):
    """The same server passes a Gossl default context when the system's CAs
    (here SSL_CERT_FILE) hold ca.pem."""
    monkeypatch.setenv("SSL_CERT_FILE", path("ca.pem"))
    monkeypatch.setenv("SSL_CERT_DIR", "/nonexistent")
    server = OpenSSLServer()
    try:
        conn, error = gossl_handshake(Gossl.Context.new(Gossl.Method.TLS_CLIENT), server.port)
        assert error is None
        assert conn.get_peer_certificate_errors() == 0
    finally:
        server.close()


_INITABLE_SCRIPT = """
import gi
gi.require_version("Gossl", "1.0")
from gi.repository import Gio, GLib, Gossl

def code(call):
    try:
        call()
    except GLib.Error as e:
        return (GLib.quark_to_string(e.domain) if isinstance(e.domain, int) else e.domain, e.code)
    return None

ssl = GLib.quark_to_string(Gossl.ssl_error_quark())
io = GLib.quark_to_string(Gio.io_error_quark())
# OpenSSL 3 has no SSLv2/SSLv3: the C face has no such method.
print(not hasattr(Gossl.Method, "SSLV3") and not hasattr(Gossl.Method, "SSLV2"))
# PyGObject's constructor does not initialize: every call of the
# uninitialized object fails cleanly, and init() makes it usable.
ctx = Gossl.Context(method=Gossl.Method.TLS)
print(code(lambda: ctx.set_cipher_list("HIGH")) == (io, int(Gio.IOErrorEnum.NOT_INITIALIZED)))
print(code(lambda: ctx.init(None)) is None and code(lambda: ctx.set_cipher_list("HIGH")) is None)
print(code(lambda: Gossl.Connection().do_handshake()) == (io, int(Gio.IOErrorEnum.NOT_INITIALIZED)))
good = Gossl.Context(method=Gossl.Method.TLS)
print(code(lambda: good.init(None)) is None and code(lambda: good.set_cipher_list("HIGH")) is None)
"""


def test_initable():
    """In a child process: before GInitable, these made criticals (fatal
    here) and contexts of another method."""
    result = run_python(_INITABLE_SCRIPT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True"] * 5, result.stdout + result.stderr


def test_notify_once_per_handshake():
    server = OpenSSLServer()
    try:
        ctx = Gossl.Context.new(Gossl.Method.TLS_CLIENT)
        ctx.load_verify_locations(path("ca.pem"), None)
        sock = connect(server.port)
        conn = Gossl.Connection.new(ctx, sock.fileno())
        conn.set_connect_state()
        seen = []
        conn.connect("notify::peer-certificate",
                     lambda obj, pspec: seen.append(obj.props.peer_certificate))
        conn.do_handshake()
        conn.send_all(b"x\n")
        assert len(seen) == 1
        assert seen[0].get_subject_entry("CN") == "localhost"
        sock.close()
    finally:
        server.close()
