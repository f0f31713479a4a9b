"""OpenSSL.SSL beyond the 0.5.1 manual, under later pyOpenSSL's names:
protocol version bounds, SNI, ALPN, hostname checks, certificate chains,
session resumption, CA directories and the memory transport
(``Connection(context, None)`` with ``bio_read``/``bio_write``), against
ourselves, ``openssl s_server``/``s_client`` and the stdlib ``ssl`` module
(``ssl.MemoryBIO``)."""

import os
import shutil
import socket
import ssl
import subprocess

import pytest

from OpenSSL import SSL, crypto

from ssl_helpers import (  # noqa: F401 -- watchdog: the fixture pytestmark uses
    OpenSSLServer, bound, client_context, listener, openssl_client, path, read,
    server_context, watchdog,
)

pytestmark = pytest.mark.usefixtures("watchdog")

needs_openssl = pytest.mark.skipif(shutil.which("openssl") is None, reason="no openssl command")

REQUEST = b"GET / HTTP/1.0\r\n\r\n"


# --- helpers -------------------------------------------------------------------

def memory_pair(cctx=None, sctx=None):
    """A client and a server Connection with the memory transport."""
    client = SSL.Connection(cctx or client_context(SSL.TLS_CLIENT_METHOD), None)
    client.set_connect_state()
    server = SSL.Connection(sctx or server_context(SSL.TLS_SERVER_METHOD), None)
    server.set_accept_state()
    return client, server


def shuttle(a, b):
    """Move every byte each memory Connection wrote to the other; True when
    anything moved."""
    moved = False
    for src, dst in ((a, b), (b, a)):
        while True:
            try:
                data = src.bio_read(65536)
            except SSL.WantReadError:
                break
            assert dst.bio_write(data) == len(data)
            moved = True
    return moved


def handshake(client, server):
    """Both handshakes, shuttling bytes. A failure is raised: an exception
    of a callback first, then the client's SSL error (usually the more
    telling one), then the server's."""
    done = {client: False, server: False}
    failed = {}
    for _ in range(50):
        for conn in (client, server):
            if done[conn] or conn in failed:
                continue
            try:
                conn.do_handshake()
                done[conn] = True
            except SSL.WantReadError:
                pass
            except Exception as e:  # noqa: BLE001 -- raised below
                failed[conn] = e
        if not shuttle(client, server) and (failed or all(done.values())):
            break
    for exc in failed.values():
        if not isinstance(exc, SSL.Error):
            raise exc
    for conn in (client, server):
        if conn in failed:
            raise failed[conn]
    assert all(done.values())


def exchange(src, dst, data):
    src.sendall(data)
    shuttle(src, dst)
    assert dst.recv(65536) == data


def der(name):
    return crypto.dump_certificate(
        crypto.FILETYPE_ASN1, crypto.load_certificate(crypto.FILETYPE_PEM, read(name))
    )


def cert_der(x509):
    return crypto.dump_certificate(crypto.FILETYPE_ASN1, x509)


def connect(port, ctx):
    sock = bound(socket.create_connection(("127.0.0.1", port), timeout=10))
    sock.settimeout(None)
    bound(sock)
    conn = SSL.Connection(ctx, sock)
    conn.set_connect_state()
    return conn, sock


# --- names --------------------------------------------------------------------

def test_names(pyopenssl23):
    context_methods = ["set_min_proto_version", "set_max_proto_version",
                       "set_tlsext_servername_callback", "set_alpn_protos",
                       "set_alpn_select_callback", "load_verify_locations",
                       "set_default_verify_paths"]
    connection_methods = ["set_tlsext_host_name", "get_servername", "set_context",
                          "set_alpn_protos", "get_alpn_proto_negotiated",
                          "get_peer_cert_chain", "get_verified_chain",
                          "get_protocol_version", "get_protocol_version_name",
                          "get_cipher_name", "get_cipher_bits", "get_cipher_version",
                          "get_session", "set_session", "bio_read", "bio_write",
                          "bio_shutdown"]
    constants = ["TLS_METHOD", "TLS_CLIENT_METHOD", "TLS_SERVER_METHOD", "SSL3_VERSION",
                 "TLS1_VERSION", "TLS1_1_VERSION", "TLS1_2_VERSION", "TLS1_3_VERSION"]
    theirs = pyopenssl23(
        """
        from OpenSSL import SSL
        print(([n for n in cm if hasattr(SSL.Context, n)],
               [n for n in nm if hasattr(SSL.Connection, n)],
               {n: getattr(SSL, n) for n in cs},
               hasattr(SSL, "NO_OVERLAPPING_PROTOCOLS"), hasattr(SSL, "Session")))
        """,
        cm=context_methods, nm=connection_methods, cs=constants,
    )
    assert theirs[0] == context_methods
    assert theirs[1] == connection_methods
    for name in context_methods:
        assert callable(getattr(SSL.Context, name))
    for name in connection_methods:
        assert callable(getattr(SSL.Connection, name))
    assert {n: getattr(SSL, n) for n in constants} == theirs[2]
    assert theirs[3] and theirs[4]
    assert repr(SSL.NO_OVERLAPPING_PROTOCOLS) == "NO_OVERLAPPING_PROTOCOLS"


# --- protocol versions ------------------------------------------------------------

def test_proto_versions():
    cctx = client_context(SSL.TLS_CLIENT_METHOD)
    cctx.set_max_proto_version(SSL.TLS1_2_VERSION)
    client, server = memory_pair(cctx)
    assert client.get_protocol_version() == 0
    assert client.get_cipher_bits() is None
    assert client.get_cipher_version() is None
    handshake(client, server)
    assert client.get_protocol_version() == SSL.TLS1_2_VERSION
    assert client.get_protocol_version_name() == "TLSv1.2"
    assert server.get_protocol_version_name() == "TLSv1.2"
    assert client.get_cipher_bits() >= 128
    assert client.get_cipher_version().startswith("TLSv1")

    sctx = server_context(SSL.TLS_SERVER_METHOD)
    sctx.set_min_proto_version(SSL.TLS1_3_VERSION)
    client, server = memory_pair(cctx, sctx)
    with pytest.raises(SSL.Error) as info:
        handshake(client, server)
    assert not isinstance(info.value, (SSL.WantReadError, SSL.SysCallError))

    ctx = SSL.Context(SSL.TLS_METHOD)
    ctx.set_min_proto_version(0)
    ctx.set_max_proto_version(SSL.TLS1_3_VERSION)
    with pytest.raises(ValueError):
        ctx.set_min_proto_version(0x999)
    with pytest.raises(TypeError):
        ctx.set_max_proto_version("TLSv1.3")


# --- memory transport --------------------------------------------------------------

def test_memory_pair():
    client, server = memory_pair()
    with pytest.raises(SSL.WantReadError):
        client.bio_read(4096)
    with pytest.raises(SSL.WantReadError):
        client.do_handshake()
    hello = client.bio_read(5)
    assert len(hello) == 5 and hello[0] == 0x16
    server.bio_write(bytearray(hello))
    handshake(client, server)
    exchange(client, server, b"ping")
    exchange(server, client, memoryview(b"pong").tobytes())
    with pytest.raises(SSL.WantReadError):
        server.recv(10)
    big = os.urandom(200_000)
    client.sendall(big)
    shuttle(client, server)
    got = b""
    while len(got) < len(big):
        got += server.recv(65536)
    assert got == big
    assert client.shutdown() is False
    shuttle(client, server)
    with pytest.raises(SSL.ZeroReturnError):
        server.recv(10)
    assert server.shutdown() is True


def test_memory_argument_checks():
    client, server = memory_pair()
    with pytest.raises(TypeError):
        client.bio_read("10")
    with pytest.raises(ValueError):
        client.bio_read(-1)
    with pytest.raises(TypeError):
        client.bio_write(12)
    sock = socket.socket()
    try:
        conn = SSL.Connection(client_context(), sock)
        for call in (lambda: conn.bio_read(10), lambda: conn.bio_write(b"x"),
                     conn.bio_shutdown):
            with pytest.raises(TypeError):
                call()
    finally:
        sock.close()


def test_memory_unexpected_eof():
    client, server = memory_pair()
    handshake(client, server)
    server.bio_shutdown()
    with pytest.raises(SSL.SysCallError) as info:
        server.recv(10)
    assert info.value.args == (-1, "Unexpected EOF")


def stdlib_pump(ours, incoming, outgoing):
    """Moves what waits between our memory connection and a stdlib
    ssl.SSLObject's MemoryBIOs (*incoming* is the stdlib's read side); True
    when anything moved."""
    moved = False
    while True:
        try:
            data = ours.bio_read(65536)
        except SSL.WantReadError:
            break
        incoming.write(data)
        moved = True
    data = outgoing.read()
    if data:
        ours.bio_write(data)
        moved = True
    return moved


def stdlib_handshake(ours, theirs, incoming, outgoing):
    """Runs the handshake of our memory connection against a stdlib
    ssl.SSLObject, either side the client, until both are done."""
    done = [False, False]
    for _ in range(50):
        if not done[0]:
            try:
                ours.do_handshake()
                done[0] = True
            except SSL.WantReadError:
                pass
        if not done[1]:
            try:
                theirs.do_handshake()
                done[1] = True
            except ssl.SSLWantReadError:
                pass
        if not stdlib_pump(ours, incoming, outgoing) and all(done):
            break
    assert done == [True, True]


def test_memory_against_stdlib_server():
    """Our memory client against the stdlib's ssl.MemoryBIO server, with
    SNI, ALPN and hostname verification."""
    sctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    sctx.load_cert_chain(path("server.pem"), path("server.key"))
    sctx.set_alpn_protocols(["http/1.1"])
    seen = []
    sctx.sni_callback = lambda sslobj, name, ctx: seen.append(name)
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    theirs = sctx.wrap_bio(incoming, outgoing, server_side=True)

    cctx = client_context(SSL.TLS_CLIENT_METHOD)
    cctx.set_alpn_protos([b"h2", b"http/1.1"])
    ours = SSL.Connection(cctx, None)
    ours.set_connect_state()
    ours.set_tlsext_host_name(b"localhost")
    ours.set_verify_hostname("localhost")

    stdlib_handshake(ours, theirs, incoming, outgoing)
    assert seen == ["localhost"]
    assert ours.get_alpn_proto_negotiated() == b"http/1.1"
    assert theirs.selected_alpn_protocol() == "http/1.1"
    assert ours.get_servername() == b"localhost"
    assert theirs.version() == ours.get_protocol_version_name()

    ours.sendall(b"hello stdlib")
    stdlib_pump(ours, incoming, outgoing)
    assert theirs.read(100) == b"hello stdlib"
    theirs.write(b"hello gossl")
    stdlib_pump(ours, incoming, outgoing)
    assert ours.recv(100) == b"hello gossl"


def test_memory_against_stdlib_client():
    """The stdlib's ssl.MemoryBIO client against our memory server, which
    switches certificates by SNI and picks the ALPN protocol."""
    alt = server_context(SSL.TLS_SERVER_METHOD, "ecdsa.pem", "ecdsa.key")
    sctx = server_context(SSL.TLS_SERVER_METHOD)
    names = []

    def on_name(conn):
        names.append(conn.get_servername())
        if conn.get_servername() == b"alt.example":
            conn.set_context(alt)

    offered = []

    def on_alpn(conn, protos):
        offered.append(protos)
        return b"http/1.1"

    sctx.set_tlsext_servername_callback(on_name)
    alt.set_alpn_select_callback(on_alpn)
    ours = SSL.Connection(sctx, None)
    ours.set_accept_state()

    cctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    cctx.load_verify_locations(path("ca.pem"))
    cctx.check_hostname = False
    cctx.set_alpn_protocols(["h2", "http/1.1"])
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    theirs = cctx.wrap_bio(incoming, outgoing, server_hostname="alt.example")

    stdlib_handshake(ours, theirs, incoming, outgoing)
    assert names == [b"alt.example"]
    assert ours.get_context() is alt
    assert offered == [[b"h2", b"http/1.1"]]
    assert theirs.selected_alpn_protocol() == "http/1.1"
    assert theirs.getpeercert(binary_form=True) == der("ecdsa.pem")


# --- SNI ---------------------------------------------------------------------------

def test_sni_callback_switches_certificate():
    alt = server_context(SSL.TLS_SERVER_METHOD, "ecdsa.pem", "ecdsa.key")
    sctx = server_context(SSL.TLS_SERVER_METHOD)
    seen = []

    def on_name(conn):
        seen.append(conn.get_servername())
        if conn.get_servername() == b"alt.example":
            conn.set_context(alt)

    sctx.set_tlsext_servername_callback(on_name)
    for name, cert in ((b"alt.example", "ecdsa.pem"), (b"localhost", "server.pem"),
                       (None, "server.pem")):
        client, server = memory_pair(sctx=sctx)
        if name is not None:
            client.set_tlsext_host_name(name)
        handshake(client, server)
        assert seen[-1] == name
        assert server.get_servername() == name
        assert cert_der(client.get_peer_certificate()) == der(cert)
        assert server.get_context() is (alt if cert == "ecdsa.pem" else sctx)
    assert len(seen) == 3


def test_sni_callback_exception():
    sctx = server_context(SSL.TLS_SERVER_METHOD)

    def on_name(conn):
        raise KeyError("no such host")

    sctx.set_tlsext_servername_callback(on_name)
    client, server = memory_pair(sctx=sctx)
    client.set_tlsext_host_name(b"nobody.example")
    with pytest.raises(KeyError):
        handshake(client, server)


def test_sni_argument_checks():
    conn = SSL.Connection(client_context(), None)
    with pytest.raises(TypeError):
        conn.set_tlsext_host_name("localhost")
    with pytest.raises(TypeError):
        conn.set_tlsext_host_name(b"local\0host")
    with pytest.raises(SSL.Error):
        conn.set_tlsext_host_name(b"a" * 300)
    with pytest.raises(TypeError):
        SSL.Context(SSL.TLS_METHOD).set_tlsext_servername_callback("not callable")
    with pytest.raises(TypeError):
        conn.set_context(object())
    assert conn.get_servername() is None


@needs_openssl
def test_sni_openssl_server():
    server = OpenSSLServer("-naccept", "2", "-servername", "alt.example",
                           "-cert2", path("ecdsa.pem"), "-key2", path("ecdsa.key"))
    try:
        for name, cert in ((b"alt.example", "ecdsa.pem"), (None, "server.pem")):
            conn, sock = connect(server.port, client_context(SSL.TLS_CLIENT_METHOD))
            try:
                if name:
                    conn.set_tlsext_host_name(name)
                conn.do_handshake()
                assert cert_der(conn.get_peer_certificate()) == der(cert)
            finally:
                sock.close()
    finally:
        server.close()


# --- ALPN ----------------------------------------------------------------------------

def test_alpn_select_callback():
    sctx = server_context(SSL.TLS_SERVER_METHOD)
    cctx = client_context(SSL.TLS_CLIENT_METHOD)
    cctx.set_alpn_protos([b"h2", b"http/1.1"])
    answers = []
    offered = []

    def select(conn, protos):
        offered.append(protos)
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    sctx.set_alpn_select_callback(select)

    answers.append(b"http/1.1")
    client, server = memory_pair(cctx, sctx)
    assert client.get_alpn_proto_negotiated() == b""
    handshake(client, server)
    assert offered[-1] == [b"h2", b"http/1.1"]
    assert client.get_alpn_proto_negotiated() == b"http/1.1"
    assert server.get_alpn_proto_negotiated() == b"http/1.1"

    # No overlap: the handshake goes on without ALPN.
    answers.append(SSL.NO_OVERLAPPING_PROTOCOLS)
    client, server = memory_pair(cctx, sctx)
    handshake(client, server)
    assert client.get_alpn_proto_negotiated() == b""

    # A protocol the client did not offer, or b"": a fatal alert.
    for answer in (b"spdy/1", b""):
        answers.append(answer)
        client, server = memory_pair(cctx, sctx)
        with pytest.raises(SSL.Error) as info:
            handshake(client, server)
        assert "no application protocol" in str(info.value)

    # What the callback raises comes out of the server's handshake.
    answers.append(ZeroDivisionError("boom"))
    client, server = memory_pair(cctx, sctx)
    with pytest.raises(ZeroDivisionError):
        handshake(client, server)
    answers.append("http/1.1")  # not bytes
    client, server = memory_pair(cctx, sctx)
    with pytest.raises(TypeError):
        handshake(client, server)

    # The connection's list replaces the context's.
    answers.append(b"h2")
    client, server = memory_pair(cctx, sctx)
    client.set_alpn_protos([b"h2"])
    handshake(client, server)
    assert offered[-1] == [b"h2"]


def test_alpn_server_list_without_callback():
    sctx = server_context(SSL.TLS_SERVER_METHOD)
    sctx.set_alpn_protos([b"h2", b"http/1.1"])
    cctx = client_context(SSL.TLS_CLIENT_METHOD)
    cctx.set_alpn_protos([b"http/1.1", b"h2"])
    client, server = memory_pair(cctx, sctx)
    handshake(client, server)
    assert client.get_alpn_proto_negotiated() == b"h2"
    client, server = memory_pair(cctx, sctx)
    client.set_alpn_protos([b"spdy/1"])
    with pytest.raises(SSL.Error):
        handshake(client, server)


def test_alpn_argument_checks():
    ctx = SSL.Context(SSL.TLS_METHOD)
    with pytest.raises(ValueError):
        ctx.set_alpn_protos([])
    with pytest.raises(TypeError):
        ctx.set_alpn_protos([b"h2", "http/1.1"])
    with pytest.raises(TypeError):
        ctx.set_alpn_protos(b"h2")
    with pytest.raises(ValueError):
        ctx.set_alpn_protos([b""])
    with pytest.raises(ValueError):
        ctx.set_alpn_protos([b"x" * 256])
    with pytest.raises(TypeError):
        ctx.set_alpn_select_callback(None)


@needs_openssl
def test_alpn_openssl_server():
    server = OpenSSLServer("-naccept", "2", "-alpn", "http/1.1")
    try:
        cctx = client_context(SSL.TLS_CLIENT_METHOD)
        cctx.set_alpn_protos([b"h2", b"http/1.1"])
        conn, sock = connect(server.port, cctx)
        try:
            conn.do_handshake()
            assert conn.get_alpn_proto_negotiated() == b"http/1.1"
        finally:
            sock.close()
        conn, sock = connect(server.port, cctx)
        try:
            conn.set_alpn_protos([b"h2"])
            with pytest.raises(SSL.Error) as info:
                conn.do_handshake()
            assert any("no application protocol" in reason for _, _, reason in info.value.args[0])
        finally:
            sock.close()
    finally:
        server.close()


@needs_openssl
def test_alpn_and_sni_openssl_client():
    alt = server_context(SSL.TLS_SERVER_METHOD, "ecdsa.pem", "ecdsa.key")
    alt.set_alpn_select_callback(lambda conn, protos: protos[-1])
    sctx = server_context(SSL.TLS_SERVER_METHOD)
    sctx.set_tlsext_servername_callback(
        lambda conn: conn.set_context(alt) if conn.get_servername() == b"alt.example" else None
    )
    lsock = listener()
    try:
        port = lsock.getsockname()[1]
        proc = subprocess.Popen(
            ["openssl", "s_client", "-connect", "127.0.0.1:%d" % port,
             "-servername", "alt.example", "-alpn", "h2,http/1.1",
             "-CAfile", path("ca.pem"), "-verify_return_error"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )
        sock, _ = lsock.accept()
        sock.settimeout(None)
        bound(sock)
        conn = SSL.Connection(sctx, sock)
        conn.set_accept_state()
        conn.do_handshake()
        assert conn.get_servername() == b"alt.example"
        assert conn.get_alpn_proto_negotiated() == b"http/1.1"
        conn.sendall(b"bye\n")
        conn.shutdown()
        sock.close()
        out, _ = proc.communicate(b"", timeout=20)
        text = out.decode(errors="replace")
        assert "ALPN protocol: http/1.1" in text
        assert "Server public key is 256 bit" in text
    finally:
        lsock.close()


# --- hostname verification -----------------------------------------------------------

@needs_openssl
def test_hostname_verification_openssl_server():
    server = OpenSSLServer("-naccept", "4")
    try:
        for name, ok in (("localhost", True), (b"127.0.0.1", True),
                         ("wrong.example", False), ("127.0.0.2", False)):
            conn, sock = connect(server.port, client_context(SSL.TLS_CLIENT_METHOD))
            try:
                conn.set_verify_hostname(name)
                if ok:
                    conn.do_handshake()
                else:
                    with pytest.raises(SSL.Error) as info:
                        conn.do_handshake()
                    reasons = [reason for _, _, reason in info.value.args[0]]
                    assert "certificate verify failed" in reasons
                    assert ("hostname mismatch" if name == "wrong.example"
                            else "IP address mismatch") in reasons
            finally:
                sock.close()
    finally:
        server.close()


def test_hostname_verify_callback_sees_mismatch():
    calls = []
    cctx = SSL.Context(SSL.TLS_CLIENT_METHOD)
    cctx.load_verify_locations(path("ca.pem"))
    cctx.set_verify(SSL.VERIFY_PEER, lambda conn, cert, errnum, depth, ok: calls.append(
        (errnum, depth, ok)) or ok)
    client, server = memory_pair(cctx)
    client.set_verify_hostname("other.example")
    with pytest.raises(SSL.Error) as info:
        handshake(client, server)
    assert ("certificate verification", "X509_verify_cert", "hostname mismatch") in \
        info.value.args[0]
    assert (62, 0, 0) in calls
    with pytest.raises(TypeError):
        client.set_verify_hostname(42)


# --- certificate chains ------------------------------------------------------------------

@needs_openssl
def test_peer_cert_chain_openssl_server():
    server = OpenSSLServer("-cert_chain", path("ca.pem"))
    try:
        conn, sock = connect(server.port, client_context(SSL.TLS_CLIENT_METHOD))
        try:
            assert conn.get_peer_cert_chain() is None
            assert conn.get_verified_chain() is None
            conn.do_handshake()
            chain = conn.get_peer_cert_chain()
            assert [cert_der(c) for c in chain] == [der("server.pem"), der("ca.pem")]
            verified = conn.get_verified_chain()
            assert [cert_der(c) for c in verified] == [der("server.pem"), der("ca.pem")]
            assert all(isinstance(c, crypto.X509) for c in chain)
        finally:
            sock.close()
    finally:
        server.close()


def test_client_chain_on_server():
    sctx = server_context(SSL.TLS_SERVER_METHOD)
    sctx.load_verify_locations(path("ca.pem"))
    sctx.set_verify(SSL.VERIFY_PEER | SSL.VERIFY_FAIL_IF_NO_PEER_CERT,
                    lambda *args: args[-1])
    cctx = client_context(SSL.TLS_CLIENT_METHOD, cert="client.pem", key="client.key")
    client, server = memory_pair(cctx, sctx)
    handshake(client, server)
    exchange(client, server, b"x")
    # A server's list leaves the client's own certificate out; OpenSSL
    # completed the client's chain from its trust store.
    assert [cert_der(c) for c in server.get_peer_cert_chain()] == [der("ca.pem")]
    assert cert_der(server.get_peer_certificate()) == der("client.pem")
    assert [cert_der(c) for c in server.get_verified_chain()] == \
        [der("client.pem"), der("ca.pem")]


# --- sessions ----------------------------------------------------------------------------

@needs_openssl
@pytest.mark.parametrize("version", [SSL.TLS1_3_VERSION, SSL.TLS1_2_VERSION])
def test_session_resumption_openssl_server(version):
    server = OpenSSLServer("-naccept", "2", "-www")
    try:
        cctx = client_context(SSL.TLS_CLIENT_METHOD)
        cctx.set_max_proto_version(version)
        session = None
        for i in range(2):
            conn, sock = connect(server.port, cctx)
            try:
                assert conn.get_session() is None
                if session is not None:
                    conn.set_session(session)
                conn.do_handshake()
                assert conn.session_reused() is (i == 1)
                conn.sendall(REQUEST)
                page = b""
                try:
                    while True:
                        page += conn.recv(4096)
                except (SSL.ZeroReturnError, SSL.SysCallError):
                    pass
                assert (b"\nNew, " if i == 0 else b"\nReused, ") in page
                if i == 0:
                    session = conn.get_session()
                    assert isinstance(session, SSL.Session)
                conn.shutdown()
            finally:
                sock.close()
    finally:
        server.close()


@pytest.mark.parametrize("version", [SSL.TLS1_3_VERSION, SSL.TLS1_2_VERSION])
def test_session_resumption_memory(version):
    sctx = server_context(SSL.TLS_SERVER_METHOD)
    cctx = client_context(SSL.TLS_CLIENT_METHOD)
    cctx.set_max_proto_version(version)
    session = None
    for i, offer in enumerate([None, "session", SSL.Session()]):
        client, server = memory_pair(cctx, sctx)
        if offer == "session":
            client.set_session(session)
        elif offer is not None:
            client.set_session(offer)
        handshake(client, server)
        exchange(server, client, b"ticket")
        assert client.session_reused() is (i == 1)
        assert server.session_reused() is (i == 1)
        if i == 0:
            session = client.get_session()
        client.shutdown()
        shuttle(client, server)
    with pytest.raises(TypeError):
        client.set_session("not a session")


# --- CA directories and default paths ----------------------------------------------------

def ca_dir(tmp_path, with_ca=True):
    if with_ca:
        (tmp_path / "ca.pem").write_bytes(read("ca.pem"))
    subprocess.run(["openssl", "rehash", str(tmp_path)], check=True, capture_output=True,
                   timeout=30)
    return tmp_path


def verifies(cctx):
    cctx.set_verify(SSL.VERIFY_PEER, lambda *args: args[-1])
    client, server = memory_pair(cctx)
    client.set_verify_hostname("localhost")
    try:
        handshake(client, server)
        return True
    except SSL.Error as e:
        assert ("certificate verification", "X509_verify_cert",
                "unable to get local issuer certificate") in e.args[0]
        return False


@needs_openssl
def test_load_verify_locations_directory(tmp_path):
    good_dir = tmp_path / "good"
    good_dir.mkdir()
    good = SSL.Context(SSL.TLS_CLIENT_METHOD)
    good.load_verify_locations(None, str(ca_dir(good_dir)))
    assert verifies(good)
    empty = tmp_path / "empty"
    empty.mkdir()
    bad = SSL.Context(SSL.TLS_CLIENT_METHOD)
    bad.load_verify_locations(None, ca_dir(empty, with_ca=False))
    assert not verifies(bad)


@needs_openssl
def test_set_default_verify_paths(tmp_path, monkeypatch):
    monkeypatch.setenv("SSL_CERT_DIR", str(ca_dir(tmp_path)))
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "nonexistent.pem"))
    ctx = SSL.Context(SSL.TLS_CLIENT_METHOD)
    ctx.set_default_verify_paths()
    monkeypatch.delenv("SSL_CERT_DIR")
    monkeypatch.delenv("SSL_CERT_FILE")
    system = SSL.Context(SSL.TLS_CLIENT_METHOD)
    system.set_default_verify_paths()
    assert verifies(ctx)
    assert not verifies(system)


# --- error messages with file names ---------------------------------------------------------

def test_undecodable_file_name_is_ssl_error():
    ctx = SSL.Context(SSL.TLS_METHOD)
    name = b"/nonexistent/caf\xe9.pem"
    for call in (ctx.use_certificate_file, ctx.use_privatekey_file,
                 ctx.use_certificate_chain_file, ctx.load_client_ca, ctx.load_tmp_dh,
                 ctx.load_verify_locations):
        with pytest.raises(SSL.Error) as info:
            call(name)
        assert not isinstance(info.value, (SSL.WantReadError, SSL.SysCallError))
