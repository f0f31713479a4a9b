"""OpenSSL.SSL used wrongly: host names that would weaken the certificate
check, I/O after the socket was closed behind the Connection's back, and
negative sizes. Each must be refused with the exception Python's own
``socket``/``ssl`` raise, never a silent wrong result."""

import errno
import os
import socket
import ssl
import subprocess

import pytest

from OpenSSL import SSL, _gossl

from ssl_helpers import (  # noqa: F401 -- watchdog: the fixture pytestmark uses
    OpenSSLServer, bound, client_context, handshake_both, path, server_context, tcp_pair,
    watchdog,
)

pytestmark = pytest.mark.usefixtures("watchdog")

Gossl = _gossl.Gossl
GLib = _gossl.GLib
from gi.repository import Gio  # noqa: E402

# --- host names ---------------------------------------------------------------------

# Neither a DNS name nor an IP address. OpenSSL reads "" as "check no name"
# and ".example.com" as "any subdomain of example.com".
BAD_NAMES = [
    "", "[]", "[", "]", "[evil.example.com]", ".example.com", "..example.com", "example.com.",
    "evil..example.com", "*.example.com", "*", "evil*.example.com", " evil.example.com",
    "evil.example.com ", "evil .example.com", "evil.example.com\n", "evil\texample.com",
    "evil.example.com/", "evil.example.com:443", "1.2.3", "256.1.1.1",
]


@pytest.fixture(scope="module")
def evil_cert(tmp_path_factory):
    """A certificate for evil.example.com signed by the CA that
    client_context() trusts (server.key's key)."""
    out = str(tmp_path_factory.mktemp("evil") / "evil.pem")
    subprocess.run(
        ["openssl", "req", "-x509", "-new", "-key", path("server.key"),
         "-subj", "/CN=evil.example.com", "-addext", "subjectAltName=DNS:evil.example.com",
         "-CA", path("ca.pem"), "-CAkey", path("ca.key"), "-days", "2", "-out", out],
        check=True, capture_output=True, timeout=30,
    )
    return out


def test_stdlib_refuses_them_too():
    # What CPython's ssl does with the two names the issue names.
    ctx = ssl.create_default_context()
    for name in ("", ".example.com"):
        with pytest.raises(ValueError):
            ctx.wrap_bio(ssl.MemoryBIO(), ssl.MemoryBIO(), server_hostname=name)


@pytest.mark.parametrize("name", BAD_NAMES)
def test_bad_host_names_refused(name, evil_cert):
    # A VERIFY_PEER client against `openssl s_server` with a certificate for
    # evil.example.com, signed by the CA the client trusts: the refused name
    # leaves the check set before, which the certificate fails.
    server = OpenSSLServer("-cert", evil_cert)
    try:
        conn = SSL.Connection(client_context(), _connect(server.port))
        conn.set_connect_state()
        conn.set_verify_hostname("example.com")
        with pytest.raises(ValueError, match="is not a host name or IP address"):
            conn.set_verify_hostname(name)
        with pytest.raises(ValueError):
            conn.set_verify_hostname(name.encode("ascii"))
        with pytest.raises(SSL.Error) as info:
            conn.do_handshake()
        assert "hostname mismatch" in [reason for _, _, reason in info.value.args[0]]
        conn.close()
    finally:
        server.close()

    memory = SSL.Connection(client_context(), None)
    with pytest.raises(ValueError):
        memory.set_tlsext_host_name(name.encode("ascii"))
    assert memory.get_servername() is None

    base = Gio.SimpleIOStream.new(Gio.MemoryInputStream.new(),
                                  Gio.MemoryOutputStream.new_resizable())
    with pytest.raises(GLib.Error) as info:
        Gossl.TlsStream.new_client(client_context()._ctx, base, name)
    assert info.value.code == int(Gossl.SslError.INVALID_ARGUMENT)


def test_evil_cert_is_good_for_its_own_name_only(evil_cert):
    server = OpenSSLServer("-cert", evil_cert, "-naccept", "2")
    try:
        for name, ok in (("evil.example.com", True), ("good.example.com", False)):
            conn = SSL.Connection(client_context(), _connect(server.port))
            conn.set_connect_state()
            conn.set_verify_hostname(name)
            if ok:
                conn.do_handshake()
            else:
                with pytest.raises(SSL.Error):
                    conn.do_handshake()
            conn.close()
    finally:
        server.close()


def test_server_names_are_dns_names():
    conn = SSL.Connection(client_context(), None)
    conn.set_tlsext_host_name("b\u00fccher.example".encode("utf-8"))
    assert conn.get_servername() == b"xn--bcher-kva.example"
    with pytest.raises(ValueError, match="RFC 6066"):
        conn.set_tlsext_host_name(b"127.0.0.1")
    conn.set_verify_hostname("[::1]")
    conn.set_verify_hostname(None)


def _connect(port):
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.settimeout(None)
    return bound(sock)


# --- I/O after sock.close() ---------------------------------------------------------

IO_CALLS = {
    "send": lambda c: c.send(b"secret"),
    "write": lambda c: c.write(b"secret"),
    "sendall": lambda c: c.sendall(b"secret"),
    "recv": lambda c: c.recv(100),
    "read": lambda c: c.read(100),
    "recv_into": lambda c: c.recv_into(bytearray(100)),
    "do_handshake": lambda c: c.do_handshake(),
    "shutdown": lambda c: c.shutdown(),
}


@pytest.mark.parametrize("call", sorted(IO_CALLS))
def test_io_after_socket_closed_is_ebadf(call, tmp_path):
    csock, ssock = tcp_pair()
    try:
        client = SSL.Connection(client_context(), csock)
        client.set_connect_state()
        server = SSL.Connection(server_context(), ssock)
        server.set_accept_state()
        handshake_both(client, server)

        fd = csock.fileno()
        csock.close()  # the socket's, not Connection.close()
        victim = str(tmp_path / "victim")
        f = os.open(victim, os.O_RDWR | os.O_CREAT, 0o600)
        if f != fd:  # the next open() usually gets the number; make sure
            os.dup2(f, fd)
            os.close(f)
        try:
            with pytest.raises(SSL.SysCallError) as info:
                IO_CALLS[call](client)
            assert info.value.args == (errno.EBADF, os.strerror(errno.EBADF))
            # And it stays so: the Connection lets go of the number.
            with pytest.raises(SSL.SysCallError):
                client.send(b"again")
            assert client.fileno() == -1
        finally:
            os.close(fd)
        assert os.path.getsize(victim) == 0
    finally:
        ssock.close()
        csock.close()


def test_io_after_socket_detached_is_ebadf():
    csock, ssock = tcp_pair()
    try:
        client = SSL.Connection(client_context(), csock)
        client.set_connect_state()
        fd = csock.detach()
        os.close(fd)
        with pytest.raises(SSL.SysCallError) as info:
            client.do_handshake()
        assert info.value.args[0] == errno.EBADF
    finally:
        ssock.close()


# --- sizes ------------------------------------------------------------------------

def test_negative_sizes_are_valueerror():
    # As socket.recv and pyOpenSSL 23 (and not OverflowError).
    socks = tcp_pair()
    try:
        for conn in (SSL.Connection(client_context(), None),
                     SSL.Connection(client_context(), socks[0])):
            for call in (lambda: conn.recv(-1), lambda: conn.read(-1), lambda: conn.recv(-1, 0),
                         lambda: conn.recv_into(bytearray(8), -5),
                         lambda: conn.recv_into(bytearray(8), -1, 0)):
                with pytest.raises(ValueError, match="negative buffersize"):
                    call()
    finally:
        for sock in socks:
            sock.close()
    with pytest.raises(ValueError):
        SSL.Connection(client_context(), None).bio_read(-1)
