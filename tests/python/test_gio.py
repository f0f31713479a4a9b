"""Gossl.TlsStream from Python through PyGObject, on a GLib.MainLoop (no
asyncio, no threads of ours for the TLS work): against ``openssl s_server``
and the stdlib ``ssl`` module, with hostname checks, ALPN, signals on the
main thread, cancellation mid-handshake and a timer that keeps ticking."""

import gc
import shutil
import socket
import ssl
import threading
import time
import weakref

import pytest

from OpenSSL import SSL, _gossl

from ssl_helpers import (  # noqa: F401 -- watchdog: the fixture pytestmark uses
    OpenSSLServer, Worker, listener, path, watchdog,
)

pytestmark = pytest.mark.usefixtures("watchdog")

Gossl = _gossl.Gossl
GLib = _gossl.GLib
from gi.repository import Gio  # noqa: E402

needs_openssl = pytest.mark.skipif(shutil.which("openssl") is None, reason="no openssl command")

DEADLINE = 20.0


class Loop:
    """A GLib.MainLoop with a deadline and a 10 ms ticker measuring the
    longest gap between ticks while it runs."""

    def __init__(self):
        self.loop = GLib.MainLoop()
        self.max_gap = 0.0
        self.ticks = 0
        self.error = None

    def _tick(self):
        now = time.monotonic()
        self.max_gap = max(self.max_gap, now - self.last)
        self.last = now
        self.ticks += 1
        return True

    def run(self):
        self.last = time.monotonic()
        timer = GLib.timeout_add(10, self._tick)
        deadline = GLib.timeout_add(int(DEADLINE * 1000), self._expired)
        try:
            self.loop.run()
        finally:
            GLib.source_remove(timer)
            GLib.source_remove(deadline)
        if self.error is not None:
            raise self.error

    def _expired(self):
        self.error = AssertionError("main loop still running after %s s" % DEADLINE)
        self.loop.quit()
        return False

    def fail(self, exc):
        self.error = exc
        self.loop.quit()

    def quit(self):
        self.loop.quit()


def client_context(alpn=(b"h2", b"http/1.1")):
    ctx = SSL.Context(SSL.TLS_CLIENT_METHOD)
    ctx.load_verify_locations(path("ca.pem"))
    ctx.set_verify(SSL.VERIFY_PEER)
    if alpn:
        ctx.set_alpn_protos(list(alpn))
    return ctx


def socket_stream(sock):
    """A Gio.SocketConnection over *sock*'s descriptor, which Gio takes
    over (the Python socket lets go of it)."""
    gsock = Gio.Socket.new_from_fd(sock.detach())
    return gsock.connection_factory_create_connection()


def fetch(loop, tls, request, result):
    """Handshake, send *request*, read to the end; fills *result*."""
    main = threading.get_ident()

    def handshaken(stream, res, data):
        try:
            stream.handshake_finish(res)
            result["handshake_thread"] = threading.get_ident() == main
            stream.get_output_stream().write_all_async(
                request, GLib.PRIORITY_DEFAULT, None, written, None)
        except Exception as e:  # noqa: BLE001 -- handed to the test
            loop.fail(e)

    def written(out, res, data):
        try:
            out.write_all_finish(res)
            result["body"] = b""
            tls.get_input_stream().read_bytes_async(16384, GLib.PRIORITY_DEFAULT, None, got, None)
        except Exception as e:  # noqa: BLE001
            loop.fail(e)

    def got(inp, res, data):
        try:
            chunk = inp.read_bytes_finish(res).get_data()
        except Exception as e:  # noqa: BLE001
            loop.fail(e)
            return
        if chunk:
            result["body"] += chunk
            inp.read_bytes_async(16384, GLib.PRIORITY_DEFAULT, None, got, None)
        else:
            tls.close_async(GLib.PRIORITY_DEFAULT, None, closed, None)

    def closed(stream, res, data):
        try:
            stream.close_finish(res)
        except Exception as e:  # noqa: BLE001
            loop.fail(e)
            return
        loop.quit()

    tls.handshake_async(GLib.PRIORITY_DEFAULT, None, handshaken, None)


@needs_openssl
def test_client_against_openssl_www():
    server = OpenSSLServer("-www", "-alpn", "http/1.1")
    try:
        ctx = client_context()
        seen = []
        main = threading.get_ident()
        ctx._ctx.connect("verify", lambda c, conn, cert, errnum, depth, ok:
                         seen.append((depth, threading.get_ident() == main)) or ok)
        loop = Loop()
        result = {}

        def connected(client, res, data):
            try:
                conn = client.connect_to_host_finish(res)
                tls = Gossl.TlsStream.new_client(ctx._ctx, conn, "localhost")
                result["tls"] = tls
                fetch(loop, tls, b"GET / HTTP/1.0\r\n\r\n", result)
            except Exception as e:  # noqa: BLE001
                loop.fail(e)

        Gio.SocketClient().connect_to_host_async("127.0.0.1", server.port, None, connected, None)
        loop.run()
        tls = result["tls"]
        assert result["handshake_thread"]
        assert seen == [(1, True), (0, True)]
        assert tls.get_connection().get_alpn_proto_negotiated() == "http/1.1"
        assert result["body"].startswith(b"HTTP/1.0 200 ok\r\n")
        assert tls.is_closed()
        # A loose bound: the examples hold the 50 ms line; sanitizers and
        # a busy machine stretch wall time here.
        assert loop.max_gap < 0.2, "timer starved for %.1f ms" % (loop.max_gap * 1000)
    finally:
        server.close()


@needs_openssl
def test_hostname_mismatch():
    server = OpenSSLServer()
    try:
        sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
        tls = Gossl.TlsStream.new_client(client_context()._ctx, socket_stream(sock),
                                         "wrong.example")
        loop = Loop()
        outcome = {}

        def done(stream, res, data):
            try:
                stream.handshake_finish(res)
            except GLib.Error as e:
                outcome["error"] = e
                outcome["list"] = _gossl.openssl_errors()
            loop.quit()

        tls.handshake_async(GLib.PRIORITY_DEFAULT, None, done, None)
        loop.run()
        error = outcome["error"]
        assert error.matches(Gossl.ssl_error_quark(), Gossl.SslError.BAD_CERTIFICATE)
        assert "hostname mismatch" in error.message
        assert tls.get_peer_certificate_errors() == Gio.TlsCertificateFlags.BAD_IDENTITY
        assert ("certificate verification", "X509_verify_cert", "hostname mismatch") \
            in outcome["list"]
    finally:
        server.close()


def test_cancel_mid_handshake():
    """A server that accepts and says nothing: cancelling the handshake
    ends it promptly with G_IO_ERROR_CANCELLED, and nothing is left."""
    lsock = listener()
    try:
        client = socket.create_connection(lsock.getsockname(), timeout=10)
        peer, _ = lsock.accept()
        tls = Gossl.TlsStream.new_client(client_context()._ctx, socket_stream(client),
                                         "localhost")
        cancellable = Gio.Cancellable()
        loop = Loop()
        outcome = {}

        def done(stream, res, data):
            outcome["at"] = time.monotonic()
            try:
                stream.handshake_finish(res)
            except GLib.Error as e:
                # Not the exception: its traceback would keep the task, and
                # so the stream, alive.
                outcome["error"] = e.matches(Gio.io_error_quark(), Gio.IOErrorEnum.CANCELLED)
            loop.quit()

        def cancel():
            outcome["cancelled"] = time.monotonic()
            cancellable.cancel()
            return False

        tls.handshake_async(GLib.PRIORITY_DEFAULT, cancellable, done, None)
        GLib.timeout_add(50, cancel)
        loop.run()
        assert outcome["error"] is True
        assert outcome["at"] - outcome["cancelled"] < 1.0
        # The ClientHello had gone out.
        peer.settimeout(5)
        assert peer.recv(1) == b"\x16"
        ref = weakref.ref(tls)
        del tls, done
        gc.collect()
        while GLib.MainContext.default().iteration(False):
            pass
        assert ref() is None
        peer.close()
    finally:
        lsock.close()


def test_against_stdlib_ssl_server():
    """The stdlib ssl module serves in a thread; our stream talks to it
    from the main loop, ALPN and SNI included."""
    sctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    sctx.load_cert_chain(path("server.pem"), path("server.key"))
    sctx.set_alpn_protocols(["http/1.1"])
    names = []
    sctx.sni_callback = lambda sslobj, name, c: names.append(name)
    lsock = listener()

    def serve():
        conn, _ = lsock.accept()
        conn.settimeout(10)
        with sctx.wrap_socket(conn, server_side=True) as tconn:
            data = b""
            while not data.endswith(b"\r\n\r\n"):
                data += tconn.recv(1024)
            tconn.sendall(b"HTTP/1.0 200 OK\r\n\r\n" + b"x" * 100000)
            tconn.unwrap()
        return data

    worker = Worker(serve)
    try:
        sock = socket.create_connection(lsock.getsockname(), timeout=10)
        tls = Gossl.TlsStream.new_client(client_context()._ctx, socket_stream(sock), "localhost")
        loop = Loop()
        result = {}
        fetch(loop, tls, b"GET / HTTP/1.0\r\n\r\n", result)
        loop.run()
        assert worker.result() == b"GET / HTTP/1.0\r\n\r\n"
        assert names == ["localhost"]
        assert result["body"] == b"HTTP/1.0 200 OK\r\n\r\n" + b"x" * 100000
        assert tls.get_connection().get_alpn_proto_negotiated() == "http/1.1"
        # A loose bound: the examples hold the 50 ms line; sanitizers and
        # a busy machine stretch wall time here.
        assert loop.max_gap < 0.2, "timer starved for %.1f ms" % (loop.max_gap * 1000)
    finally:
        lsock.close()


def test_server_against_stdlib_ssl_client():
    """Our server stream on the main loop; a stdlib ssl client in a thread
    sends a line, gets it back, and closes cleanly."""
    sctx = SSL.Context(SSL.TLS_SERVER_METHOD)
    sctx.use_certificate_file(path("server.pem"))
    sctx.use_privatekey_file(path("server.key"))
    sctx.set_alpn_protos([b"http/1.1"])
    lsock = listener()

    def talk():
        cctx = ssl.create_default_context(cafile=path("ca.pem"))
        cctx.set_alpn_protocols(["http/1.1"])
        with socket.create_connection(lsock.getsockname(), timeout=10) as raw:
            with cctx.wrap_socket(raw, server_hostname="localhost") as conn:
                conn.sendall(b"ping\n")
                reply = conn.recv(100)
                proto = conn.selected_alpn_protocol()
                conn.unwrap()
        return reply, proto

    worker = Worker(talk)
    try:
        sock, _ = lsock.accept()
        tls = Gossl.TlsStream.new_server(sctx._ctx, socket_stream(sock))
        loop = Loop()
        state = {"data": b""}

        def got(inp, res, data):
            try:
                chunk = inp.read_bytes_finish(res).get_data()
            except Exception as e:  # noqa: BLE001
                loop.fail(e)
                return
            if not chunk:
                tls.close_async(GLib.PRIORITY_DEFAULT, None, closed, None)
                return
            state["data"] += chunk
            if state["data"].endswith(b"\n"):
                tls.get_output_stream().write_all_async(
                    state["data"], GLib.PRIORITY_DEFAULT, None, wrote, None)
            else:
                inp.read_bytes_async(100, GLib.PRIORITY_DEFAULT, None, got, None)

        def wrote(out, res, data):
            out.write_all_finish(res)
            tls.get_input_stream().read_bytes_async(100, GLib.PRIORITY_DEFAULT, None, got, None)

        def closed(stream, res, data):
            try:
                stream.close_finish(res)
            except Exception as e:  # noqa: BLE001
                loop.fail(e)
                return
            loop.quit()

        tls.get_input_stream().read_bytes_async(100, GLib.PRIORITY_DEFAULT, None, got, None)
        loop.run()
        assert worker.result() == (b"ping\n", "http/1.1")
        assert state["data"] == b"ping\n"
    finally:
        lsock.close()


def test_construction_errors():
    ctx = client_context()
    sock_conn = Gossl.Connection.new(ctx._ctx, -1)
    mem = Gio.SimpleIOStream.new(Gio.MemoryInputStream.new(),
                                 Gio.MemoryOutputStream.new_resizable())
    with pytest.raises(GLib.Error) as info:
        Gossl.TlsStream.new(sock_conn, mem)
    assert info.value.matches(Gossl.ssl_error_quark(), Gossl.SslError.INVALID_ARGUMENT)
    unpollable = Gio.SimpleIOStream.new(
        Gio.BufferedInputStream.new(Gio.MemoryInputStream.new()),
        Gio.MemoryOutputStream.new_resizable())
    with pytest.raises(GLib.Error) as info:
        Gossl.TlsStream.new_client(ctx._ctx, unpollable, None)
    assert info.value.matches(Gio.io_error_quark(), Gio.IOErrorEnum.NOT_SUPPORTED)
