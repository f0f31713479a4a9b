"""Names of pyOpenSSL 23 that programs written for it reach for (Twisted,
urllib3, acme): the package's version, OpenSSL._util, SSL's constants, mode
and session cache settings, extra chain certificates, shutdown state."""

import subprocess

import pytest

import OpenSSL
from OpenSSL import SSL, crypto

from child_process import run_python
from ssl_helpers import (  # noqa: F401 -- watchdog: the fixture pytestmark uses
    client_context, handshake_both, read, recv_exactly, server_context, ssl_pair, watchdog,
)

pytestmark = pytest.mark.usefixtures("watchdog")

# The constants pyOpenSSL 23 has whose value is OpenSSL's, whatever the build.
_CONSTANT_PREFIXES = ("OP_", "MODE_", "SESS_CACHE_", "SSL_ST_", "SSL_CB_", "VERIFY_",
                      "OPENSSL_", "SSLEAY_")


def test_version_says_pyopenssl_api_level(pyopenssl23):
    import OpenSSL.version

    reference = pyopenssl23("from OpenSSL import version; print(repr(version.__version__))")
    assert OpenSSL.__version__ == OpenSSL.version.__version__ == reference
    assert OpenSSL.version.__gossl_version__ == OpenSSL._gossl.Gossl.VERSION_S
    assert "version" in OpenSSL.__all__


def test_util_lib_answers_probes_truthfully():
    from OpenSSL._util import lib

    # Twisted's probe for OpenSSL 1.0.2's ECDH call: absent, as it is in
    # OpenSSL 3, and saying why when reached for.
    assert not hasattr(lib, "SSL_CTX_set_ecdh_auto")
    assert getattr(lib, "SSL_CTX_set_ecdh_auto", None) is None
    with pytest.raises(AttributeError, match="no cffi bindings"):
        lib.SSL_CTX_new
    # ffi imports (modules import it beside lib) and fails on first use with
    # the same message, not a cffi type error later.
    from OpenSSL._util import ffi

    with pytest.raises(AttributeError, match="ffi.new is not available"):
        ffi.new
    assert getattr(ffi, "cast", None) is None
    assert ffi.NULL == ffi.NULL and ffi.NULL != None  # noqa: E711


def test_twisted_sslverify_imports():
    # A child: Twisted's module must import with our package first on the path.
    pytest.importorskip("twisted")
    out = run_python(
        "from twisted.internet import _sslverify as v, ssl\n"
        "o = ssl.CertificateOptions(method=None)\n"
        "o.getContext()\n"
        "print(type(o.getContext()).__module__, v.SSL.__file__)",
        capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split()[0] == "OpenSSL.SSL"
    assert out.stdout.split()[1] == SSL.__file__


def test_constants_have_pyopenssl23_values(pyopenssl23):
    reference = pyopenssl23(
        "from OpenSSL import SSL\n"
        "print(repr({n: getattr(SSL, n) for n in dir(SSL) if n.startswith(%r)"
        " and isinstance(getattr(SSL, n), int)}))" % (_CONSTANT_PREFIXES,)
    )
    # pyOpenSSL's is the OpenSSL its cffi module was compiled against; ours
    # is the one in use.
    del reference["OPENSSL_VERSION_NUMBER"]
    ours = {name: getattr(SSL, name, "missing") for name in reference}
    assert ours == reference
    for name in ("SENT_SHUTDOWN", "RECEIVED_SHUTDOWN"):
        assert getattr(SSL, name) == pyopenssl23(
            "from OpenSSL import SSL; print(SSL.%s)" % name)


def test_openssl_version_number_and_texts():
    text = SSL.OpenSSL_version(SSL.OPENSSL_VERSION).decode()
    number = SSL.OPENSSL_VERSION_NUMBER
    major, minor, patch = number >> 28, (number >> 20) & 0xFF, (number >> 4) & 0xFFFF
    assert text.startswith("OpenSSL %d.%d.%d" % (major, minor, patch))
    assert number >= 0x30000000
    assert SSL.SSLeay_version(SSL.SSLEAY_DIR).startswith(b"OPENSSLDIR:")
    assert SSL.OpenSSL_version(SSL.OPENSSL_PLATFORM).startswith(b"platform:")
    assert SSL.OpenSSL_version(99) == b"not available"
    with pytest.raises(TypeError):
        SSL.OpenSSL_version("dir")


def test_set_mode_adds_release_buffers():
    ctx = SSL.Context(SSL.TLS_METHOD)
    mode = ctx.set_mode(SSL.MODE_RELEASE_BUFFERS)
    assert mode & SSL.MODE_RELEASE_BUFFERS
    # Adds, never clears.
    assert ctx.set_mode(0) == mode
    with pytest.raises(TypeError):
        ctx.set_mode(None)
    with pytest.raises(ValueError):
        ctx.set_mode(-1)
    # Connections still work with buffers released between records.
    with ssl_pair(server_ctx=_with_mode(server_context())) as (client, server):
        client.sendall(b"x" * 100000)
        assert recv_exactly(server, 100000) == b"x" * 100000


def _with_mode(ctx):
    ctx.set_mode(SSL.MODE_RELEASE_BUFFERS)
    return ctx


def _resumed(server_ctx):
    """Whether a second TLS 1.2 connection resumes the first one's session."""
    client_ctx = client_context()
    client_ctx.set_max_proto_version(SSL.TLS1_2_VERSION)
    with ssl_pair(server_ctx, client_ctx) as (client, server):
        session = client.get_session()
        # OpenSSL drops the session of a connection freed before a clean
        # close: mark it closed, as a completed shutdown would.
        for conn in (client, server):
            conn.set_shutdown(SSL.SENT_SHUTDOWN | SSL.RECEIVED_SHUTDOWN)
    with ssl_pair(server_ctx, client_ctx, handshake=False) as (client, server):
        client.set_session(session)
        handshake_both(client, server)
        return client.session_reused() and server.session_reused()


def test_session_cache_mode():
    ctx = server_context()
    ctx.set_options(SSL.OP_NO_TICKET)
    assert ctx.get_session_cache_mode() == SSL.SESS_CACHE_SERVER
    assert _resumed(ctx)

    ctx = server_context()
    ctx.set_options(SSL.OP_NO_TICKET)
    assert ctx.set_session_cache_mode(SSL.SESS_CACHE_OFF) == SSL.SESS_CACHE_SERVER
    assert ctx.get_session_cache_mode() == SSL.SESS_CACHE_OFF
    assert not _resumed(ctx)
    with pytest.raises(TypeError):
        ctx.set_session_cache_mode("off")


def test_add_extra_chain_cert():
    ctx = server_context()
    ca = crypto.load_certificate(crypto.FILETYPE_PEM, read("ca.pem"))
    ctx.add_extra_chain_cert(ca)
    with ssl_pair(server_ctx=ctx) as (client, server):
        chain = client.get_peer_cert_chain()
    assert [c.get_subject() for c in chain] == [
        crypto.load_certificate(crypto.FILETYPE_PEM, read("server.pem")).get_subject(),
        ca.get_subject(),
    ]
    with pytest.raises(TypeError):
        ctx.add_extra_chain_cert(read("ca.pem"))


def test_get_and_set_shutdown():
    with ssl_pair() as (client, server):
        assert client.get_shutdown() == server.get_shutdown() == 0
        client.shutdown()
        assert client.get_shutdown() == SSL.SENT_SHUTDOWN
        with pytest.raises(SSL.ZeroReturnError):
            server.recv(10)
        assert server.get_shutdown() == SSL.RECEIVED_SHUTDOWN
        server.shutdown()
        assert server.get_shutdown() == SSL.SENT_SHUTDOWN | SSL.RECEIVED_SHUTDOWN

    conn = SSL.Connection(SSL.Context(SSL.TLS_METHOD), None)
    conn.set_shutdown(SSL.RECEIVED_SHUTDOWN)
    assert conn.get_shutdown() == SSL.RECEIVED_SHUTDOWN
    with pytest.raises(TypeError):
        conn.set_shutdown(None)
    with pytest.raises(ValueError):
        conn.set_shutdown(-1)
