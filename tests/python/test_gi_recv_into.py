"""No Gossl call reachable from a binding writes into a buffer it was given.

gossl_connection_recv_into() fills a caller's ``guint8 *`` buffer. Through
PyGObject 3.42 that buffer was the memory of an immutable ``bytes`` object
(an interned ``b"A"`` became ``b"Z"`` for the rest of the process) and a
throw-away copy of a ``bytearray``; no binding has a buffer type that is
writable in every language. So it is C-only (``(skip)``), and the whole
introspected API is checked for the same kind of argument.
"""

import os
import socket
import threading
import xml.etree.ElementTree as ET

import pytest

from OpenSSL import _gossl

Gossl = _gossl.Gossl
GError = _gossl.GError

FILES = os.environ.get("GOSSL_TEST_FILES") or os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "files"
)
CORE = "{http://www.gtk.org/introspection/core/1.0}"
C_TYPE = "{http://www.gtk.org/introspection/c/1.0}type"


def connected_pair():
    """(client, server, sockets) after a completed handshake; the caller
    closes the sockets."""
    server_ctx = Gossl.Context.new(Gossl.Method.TLS)
    server_ctx.use_certificate_file(os.path.join(FILES, "server.pem"), Gossl.Filetype.PEM)
    server_ctx.use_privatekey_file(os.path.join(FILES, "server.key"), Gossl.Filetype.PEM)
    client_ctx = Gossl.Context.new(Gossl.Method.TLS)
    # A client verifies the server by default.
    client_ctx.load_verify_locations(os.path.join(FILES, "ca.pem"), None)
    a, b = socket.socketpair()
    for s in (a, b):
        s.settimeout(10)
        s.setblocking(True)
    server = Gossl.Connection.new(server_ctx, a.fileno())
    server.set_accept_state()
    client = Gossl.Connection.new(client_ctx, b.fileno())
    client.set_connect_state()
    failure = []

    def handshake():
        try:
            server.do_handshake()
        except GError as e:  # reported by the main thread
            failure.append(e)

    thread = threading.Thread(target=handshake)
    thread.start()
    client.do_handshake()
    thread.join(20)
    assert not failure
    return client, server, (a, b)


def test_recv_into_is_not_reachable():
    assert not hasattr(Gossl.Connection, "recv_into")
    client, server, socks = connected_pair()
    try:
        server.send_all(b"Z")
        shared = b"A"  # interned: every b"A" of the process is this object
        with pytest.raises(AttributeError):
            client.recv_into(shared)
        assert shared == b"A" and bytes([65]) == b"A"
        # What bindings read with: a new array each time.
        assert bytes(client.recv(16)) == b"Z"
    finally:
        for s in socks:
            s.close()


def _gir_path():
    build = os.environ.get("GOSSL_BUILD_ROOT")
    if build is None:
        pytest.skip("GOSSL_BUILD_ROOT not set (run through meson test)")
    gir = os.path.join(build, "introspection", "Gossl-1.0.gir")
    if not os.path.exists(gir):
        pytest.skip("no GIR in the build tree")
    return gir


def test_no_introspectable_call_fills_a_caller_buffer():
    # An (array) argument passed in whose C type is not const is a buffer
    # the C function may write into: only C may have one.
    offenders = []
    root = ET.parse(_gir_path()).getroot()
    for callable_ in root.iter():
        if callable_.tag not in (CORE + "function", CORE + "method", CORE + "constructor",
                                 CORE + "virtual-method", CORE + "callback"):
            continue
        if callable_.get("introspectable") == "0" or callable_.get("shadowed-by"):
            continue
        for param in callable_.iter(CORE + "parameter"):
            if param.get("direction", "in") != "in":
                continue
            array = param.find(CORE + "array")
            if array is None:
                continue
            ctype = array.get(C_TYPE, "")
            if ctype and "const" not in ctype and "*" in ctype and ctype.rstrip("*") in (
                    "guint8", "gchar", "char", "guchar", "gpointer", "void"):
                offenders.append("%s(%s)" % (callable_.get("name"), param.get("name")))
    assert offenders == []
