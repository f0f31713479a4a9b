"""OpenSSL.SSL against other TLS implementations over loopback TCP:
``openssl s_server``/``s_client``, Python's ``ssl`` module (both
directions), ``curl``, ``gnutls-cli``, and Debian's pyOpenSSL 23."""

import hashlib
import os
import shutil
import socket
import ssl
import subprocess
import textwrap

import pytest

from OpenSSL import SSL

from ssl_helpers import (  # noqa: F401 -- watchdog: the fixture pytestmark uses
    IO_TIMEOUT, JOIN_TIMEOUT, OpenSSLServer, Worker, bound, client_context, listener,
    openssl_client, path, python_without_our_package, recv_exactly, server_context,
    watchdog,
)

pytestmark = pytest.mark.usefixtures("watchdog")

needs_openssl = pytest.mark.skipif(shutil.which("openssl") is None, reason="no openssl command")


def connect_client(port, ctx=None):
    """Our client Connection to 127.0.0.1:port, handshake done."""
    sock = bound(socket.socket())
    conn = SSL.Connection(ctx or client_context(), sock)
    conn.connect(("127.0.0.1", port))
    conn.do_handshake()
    return conn


def recv_line(conn):
    data = b""
    while not data.endswith(b"\n"):
        chunk = conn.recv(1024)
        if not chunk:
            break
        data += chunk
    return data


# --- openssl s_server / s_client ---------------------------------------------

@needs_openssl
def test_our_client_vs_openssl_s_server():
    server = OpenSSLServer("-rev")
    try:
        seen = []
        ctx = client_context()
        ctx.set_verify(SSL.VERIFY_PEER, lambda c, x, e, d, ok: seen.append((d, x.get_subject().CN, ok)) or ok)
        conn = connect_client(server.port, ctx)
        try:
            assert seen == [(1, "gossl test CA", 1), (0, "localhost", 1)]
            conn.sendall(b"hello from gossl\n")
            assert recv_line(conn) == b"lssog morf olleh\n"
            conn.shutdown()
        finally:
            conn.close()
    finally:
        server.close()


@needs_openssl
@pytest.mark.parametrize("tls", ["-tls1_2", "-tls1_3"])
def test_our_client_vs_openssl_s_server_versions(tls):
    server = OpenSSLServer("-rev", tls)
    try:
        conn = connect_client(server.port)
        try:
            assert conn.get_protocol_version_name() == ("TLSv1.2" if tls == "-tls1_2" else "TLSv1.3")
            conn.sendall(b"abc\n")
            assert recv_line(conn) == b"cba\n"
        finally:
            conn.close()
    finally:
        server.close()


@needs_openssl
def test_our_client_certificate_vs_openssl_s_server():
    server = OpenSSLServer("-rev", "-Verify", "1", "-CAfile", path("ca.pem"))
    try:
        conn = connect_client(server.port, client_context(cert="client.pem", key="client.key"))
        try:
            conn.sendall(b"with a client certificate\n")
            assert recv_line(conn) == b"etacifitrec tneilc a htiw\n"
        finally:
            conn.close()
    finally:
        output = server.close()
    assert "gossl test client" in output


@needs_openssl
def test_our_client_without_certificate_refused_by_openssl_s_server():
    server = OpenSSLServer("-rev", "-Verify", "1", "-CAfile", path("ca.pem"))
    try:
        sock = bound(socket.socket())
        conn = SSL.Connection(client_context(), sock)
        conn.connect(("127.0.0.1", server.port))
        try:
            with pytest.raises(SSL.Error):
                conn.do_handshake()
                conn.sendall(b"x\n")
                conn.recv(10)
        finally:
            conn.close()
    finally:
        server.close()


@needs_openssl
def test_our_client_rejects_wrong_ca_vs_openssl_s_server():
    server = OpenSSLServer("-rev")
    try:
        ctx = SSL.Context(SSL.SSLv23_METHOD)
        ctx.load_verify_locations(path("ca2.pem"))
        ctx.set_verify(SSL.VERIFY_PEER, lambda c, x, e, d, ok: ok)
        sock = bound(socket.socket())
        conn = SSL.Connection(ctx, sock)
        conn.connect(("127.0.0.1", server.port))
        try:
            with pytest.raises(SSL.Error) as info:
                conn.do_handshake()
            assert any("certificate verify failed" in r for _, _, r in info.value.args[0])
        finally:
            conn.close()
    finally:
        server.close()


def _serve_once(ctx, handler):
    """A listening socket and a Worker that accepts one connection through
    our Connection.accept(), handshakes and runs handler(conn)."""
    lconn = SSL.Connection(ctx, listener())

    def run():
        try:
            conn, _addr = lconn.accept()
            try:
                bound(conn._socket)
                conn.do_handshake()
                return handler(conn)
            finally:
                conn.close()
        finally:
            lconn.close()

    return lconn.getsockname()[1], Worker(run)


def _drain_until_closed(conn):
    """After our close_notify: wait for the peer's, or its EOF, so that
    closing our socket never resets a connection with the reply unread."""
    try:
        while conn.recv(4096):
            pass
    except (SSL.ZeroReturnError, SSL.SysCallError):
        pass


def _upper_line(conn):
    line = recv_line(conn)
    conn.sendall(line.upper())
    conn.shutdown()
    _drain_until_closed(conn)
    return line


@needs_openssl
def test_our_server_vs_openssl_s_client():
    port, worker = _serve_once(server_context(), _upper_line)
    rc, out, err = openssl_client(port, b"hello from s_client\n")
    assert worker.result() == b"hello from s_client\n"
    assert out == b"HELLO FROM S_CLIENT\n", err
    assert rc == 0, err


@needs_openssl
def test_our_server_verifies_openssl_s_client_certificate():
    seen = []
    ctx = server_context()
    ctx.load_verify_locations(path("ca.pem"))
    ctx.load_client_ca(path("ca.pem"))
    ctx.set_verify(SSL.VERIFY_PEER | SSL.VERIFY_FAIL_IF_NO_PEER_CERT,
                   lambda c, x, e, d, ok: seen.append(x.get_subject().CN) or ok)

    def handler(conn):
        cn = conn.get_peer_certificate().get_subject().CN
        _upper_line(conn)
        return cn

    port, worker = _serve_once(ctx, handler)
    rc, out, err = openssl_client(port, b"mutual\n", "-cert", path("client.pem"),
                                  "-key", path("client.key"))
    assert worker.result() == "gossl test client"
    assert out == b"MUTUAL\n", err
    assert seen == ["gossl test CA", "gossl test client"]


@needs_openssl
def test_our_server_refuses_openssl_s_client_without_certificate():
    ctx = server_context()
    ctx.load_verify_locations(path("ca.pem"))
    ctx.set_verify(SSL.VERIFY_PEER | SSL.VERIFY_FAIL_IF_NO_PEER_CERT, lambda c, x, e, d, ok: ok)
    port, worker = _serve_once(ctx, _upper_line)
    rc, out, err = openssl_client(port, b"nobody\n")
    with pytest.raises(SSL.Error) as info:
        worker.result()
    assert info.value.args[0]
    assert out == b""


@needs_openssl
def test_our_server_tls12_dhe_vs_openssl_s_client():
    ctx = server_context()
    ctx.load_tmp_dh(path("dh2048.pem"))

    def handler(conn):
        name = conn.get_cipher_name()
        _upper_line(conn)
        return name

    port, worker = _serve_once(ctx, handler)
    rc, out, err = openssl_client(port, b"dhe\n", "-tls1_2", "-cipher", "DHE-RSA-AES128-GCM-SHA256")
    assert worker.result() == "DHE-RSA-AES128-GCM-SHA256"
    assert out == b"DHE\n", err


# --- Python's ssl module -----------------------------------------------------

def test_our_client_vs_stdlib_server():
    sctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    sctx.load_cert_chain(path("server.pem"), path("server.key"))
    lsock = listener()

    def serve():
        raw, _ = lsock.accept()
        raw.settimeout(IO_TIMEOUT)
        with sctx.wrap_socket(raw, server_side=True) as tls:
            data = b""
            while not data.endswith(b"\n"):
                data += tls.recv(1024)
            tls.sendall(data[::-1])
            return tls.version(), data

    worker = Worker(serve)
    try:
        conn = connect_client(lsock.getsockname()[1])
        try:
            conn.sendall(b"to the stdlib\n")
            reply = recv_exactly(conn, len(b"to the stdlib\n"))
            assert reply == b"\nbildts eht ot"
            version, data = worker.result()
            assert version == conn.get_protocol_version_name()
            assert data == b"to the stdlib\n"
        finally:
            conn.close()
    finally:
        lsock.close()


def test_our_server_vs_stdlib_client():
    payload = os.urandom(1 << 20)

    def handler(conn):
        data = recv_exactly(conn, len(payload))
        conn.sendall(hashlib.sha256(data).digest())
        try:
            conn.recv(10)
        except SSL.ZeroReturnError:
            pass
        conn.shutdown()
        return conn.get_protocol_version_name()

    port, worker = _serve_once(server_context(), handler)
    cctx = ssl.create_default_context(cafile=path("ca.pem"))
    with socket.create_connection(("127.0.0.1", port), timeout=IO_TIMEOUT) as raw:
        with cctx.wrap_socket(raw, server_hostname="localhost") as tls:
            tls.sendall(payload)
            digest = b""
            while len(digest) < 32:
                digest += tls.recv(32)
            assert digest == hashlib.sha256(payload).digest()
            tls.unwrap()
    assert worker.result() == "TLSv1.3"


def test_our_server_client_cert_vs_stdlib_client():
    ctx = server_context()
    ctx.load_verify_locations(path("ca.pem"))
    ctx.set_verify(SSL.VERIFY_PEER | SSL.VERIFY_FAIL_IF_NO_PEER_CERT, lambda c, x, e, d, ok: ok)

    def handler(conn):
        cn = conn.get_peer_certificate().get_subject().CN
        conn.sendall(cn.encode() + b"\n")
        conn.shutdown()
        return cn

    port, worker = _serve_once(ctx, handler)
    cctx = ssl.create_default_context(cafile=path("ca.pem"))
    cctx.load_cert_chain(path("client.pem"), path("client.key"))
    with socket.create_connection(("127.0.0.1", port), timeout=IO_TIMEOUT) as raw:
        with cctx.wrap_socket(raw, server_hostname="localhost") as tls:
            assert tls.recv(100) == b"gossl test client\n"
    assert worker.result() == "gossl test client"


# --- curl and gnutls-cli -----------------------------------------------------

def _http_handler(conn):
    request = b""
    while b"\r\n\r\n" not in request:
        chunk = conn.recv(4096)
        if not chunk:
            break
        request += chunk
    body = b"hello from gossl over HTTPS\n"
    conn.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n"
                 b"Connection: close\r\n\r\n%s" % (len(body), body))
    conn.shutdown()
    return request


@pytest.mark.skipif(shutil.which("curl") is None, reason="no curl")
def test_curl_against_our_server():
    port, worker = _serve_once(server_context(), _http_handler)
    proc = subprocess.run(
        ["curl", "-sS", "--max-time", str(int(JOIN_TIMEOUT)), "--cacert", path("ca.pem"),
         "https://127.0.0.1:%d/gossl" % port],
        capture_output=True, timeout=JOIN_TIMEOUT + 5,
    )
    request = worker.result()
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == b"hello from gossl over HTTPS\n"
    assert request.startswith(b"GET /gossl HTTP/1.1\r\n")


@pytest.mark.skipif(shutil.which("curl") is None, reason="no curl")
def test_curl_refuses_our_server_with_wrong_ca():
    port, worker = _serve_once(server_context(), _http_handler)
    proc = subprocess.run(
        ["curl", "-sS", "--max-time", str(int(JOIN_TIMEOUT)), "--cacert", path("ca2.pem"),
         "https://127.0.0.1:%d/" % port],
        capture_output=True, timeout=JOIN_TIMEOUT + 5,
    )
    assert proc.returncode != 0
    with pytest.raises(SSL.Error):
        worker.result()


@pytest.mark.skipif(shutil.which("gnutls-cli") is None, reason="no gnutls-cli")
def test_gnutls_cli_against_our_server():
    port, worker = _serve_once(server_context(), _upper_line)
    proc = subprocess.run(
        ["gnutls-cli", "--x509cafile", path("ca.pem"), "--port", str(port), "127.0.0.1"],
        input=b"from gnutls\n", capture_output=True, timeout=JOIN_TIMEOUT,
    )
    assert worker.result() == b"from gnutls\n"
    assert b"FROM GNUTLS\n" in proc.stdout, proc.stderr


# --- pyOpenSSL 23 as the peer ------------------------------------------------

def _pyopenssl23_peer(script):
    """Starts Debian's pyOpenSSL 23 running *script* in another process."""
    code = textwrap.dedent(script)
    return subprocess.Popen(
        python_without_our_package() + ["-c", code],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd="/",
    )


def test_our_server_vs_pyopenssl23_client():
    probe = subprocess.run(python_without_our_package() + ["-c", "import OpenSSL.version"],
                           capture_output=True, cwd="/")
    if probe.returncode != 0:
        pytest.skip("Debian's pyOpenSSL is not available")
    port, worker = _serve_once(server_context(), _upper_line)
    proc = _pyopenssl23_peer("""
        import socket, struct
        from OpenSSL import SSL
        ctx = SSL.Context(SSL.TLS_METHOD)
        ctx.load_verify_locations(%r)
        ctx.set_verify(SSL.VERIFY_PEER, lambda *a: a[-1])
        sock = socket.create_connection(("127.0.0.1", %d), timeout=10)
        sock.settimeout(None)  # a timeout would make the descriptor non-blocking
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, struct.pack("ll", 10, 0))
        conn = SSL.Connection(ctx, sock)
        conn.set_connect_state()
        conn.sendall(b"from pyopenssl 23\\n")
        data = b""
        while not data.endswith(b"\\n"):
            data += conn.recv(100)
        print(data.decode(), end="")
    """ % (path("ca.pem"), port))
    out, err = proc.communicate(timeout=JOIN_TIMEOUT)
    assert worker.result() == b"from pyopenssl 23\n"
    assert out == b"FROM PYOPENSSL 23\n", err
