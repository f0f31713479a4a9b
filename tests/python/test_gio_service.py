"""Gossl.TlsService from Python: a server on a GLib.MainLoop that accepts
many clients (stdlib ``ssl``, in a thread) and hands each over with its
handshake done."""

import socket
import ssl
import threading

import pytest

from OpenSSL import _gossl

from ssl_helpers import Worker, path, watchdog  # noqa: F401 -- watchdog: pytestmark uses it

pytestmark = pytest.mark.usefixtures("watchdog")

Gossl = _gossl.Gossl
GLib = _gossl.GLib
from gi.repository import Gio  # noqa: E402

N_CLIENTS = 40


def server_context():
    ctx = Gossl.Context.new(Gossl.Method.TLS_SERVER)
    ctx.use_certificate_file(path("server.pem"), Gossl.Filetype.PEM)
    ctx.use_privatekey_file(path("server.key"), Gossl.Filetype.PEM)
    return ctx


def start_service(ctx):
    """A started service on 127.0.0.1 and its port."""
    service = Gossl.TlsService.new(ctx)
    service.set_backlog(N_CLIENTS + 8)
    address = Gio.InetSocketAddress.new_from_string("127.0.0.1", 0)
    ok, bound = service.add_address(address, Gio.SocketType.STREAM, Gio.SocketProtocol.TCP, None)
    assert ok
    service.start()
    assert service.is_active() and service.props.active
    return service, bound.get_port()


def echo(stream, failures):
    """Echoes what *stream* reads until the client closes."""
    def got(inp, res, data):
        try:
            chunk = inp.read_bytes_finish(res).get_data()
        except GLib.Error as e:
            # The stdlib clients close without a close_notify.
            if (e.domain, e.code) != ("gossl-ssl-error-quark", Gossl.SslError.EOF):
                failures.append(e)
            return
        if not chunk:
            stream.close_async(GLib.PRIORITY_DEFAULT, None, None, None)
            return
        stream.get_output_stream().write_all_async(chunk, GLib.PRIORITY_DEFAULT, None, written,
                                                   None)

    def written(out, res, data):
        try:
            out.write_all_finish(res)
        except GLib.Error as e:
            failures.append(e)
            return
        stream.get_input_stream().read_bytes_async(4096, GLib.PRIORITY_DEFAULT, None, got, None)

    stream.get_input_stream().read_bytes_async(4096, GLib.PRIORITY_DEFAULT, None, got, None)


def run_until(loop, worker):
    """Runs *loop* until *worker*'s thread is done; returns its result."""
    def check():
        if worker.thread.is_alive():
            return True
        loop.quit()
        return False

    GLib.timeout_add(10, check)
    loop.run()
    return worker.result()


def test_service_serves_many_clients():
    service, port = start_service(server_context())
    streams = []
    failures = []
    main = threading.get_ident()

    def incoming(svc, stream):
        # The handshake is done, on the main loop's thread.
        assert threading.get_ident() == main
        assert stream.props.protocol_version == Gio.TlsProtocolVersion.TLS_1_3
        # Whole TLS records go out at once: no Nagle delay on their tail.
        ok, nodelay = stream.get_base_io_stream().get_socket().get_option(socket.IPPROTO_TCP,
                                                                          socket.TCP_NODELAY)
        assert ok and nodelay
        streams.append(stream)
        echo(stream, failures)

    service.connect("incoming", incoming)

    def clients():
        ctx = ssl.create_default_context(cafile=path("ca.pem"))
        ctx.check_hostname = False
        socks = []
        try:
            # All connected and shaken hands before any says a word.
            for _ in range(N_CLIENTS):
                raw = socket.create_connection(("127.0.0.1", port), timeout=10)
                socks.append(ctx.wrap_socket(raw))
            for i, s in enumerate(socks):
                s.sendall(b"hello %d" % i)
            return [s.recv(100) for s in socks]
        finally:
            for s in socks:
                s.close()

    echoes = run_until(GLib.MainLoop(), Worker(clients))
    assert echoes == [b"hello %d" % i for i in range(N_CLIENTS)]
    assert len(streams) == N_CLIENTS
    assert not failures
    service.stop()
    assert not service.is_active()
    service.close()


def test_service_drops_failed_handshakes():
    """A client that is not TLS gets closed; no incoming for it."""
    service, port = start_service(server_context())
    incoming = []
    service.connect("incoming", lambda svc, stream: incoming.append(stream))

    def plain_client():
        with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
            s.sendall(b"GET / HTTP/1.0\r\n\r\n")
            data = b""
            while True:
                chunk = s.recv(4096)
                if not chunk:
                    return data
                data += chunk

    reply = run_until(GLib.MainLoop(), Worker(plain_client))
    assert not reply.startswith(b"HTTP")
    assert incoming == []
    service.close()


def test_service_echo_by_signals():
    """A server written the way the docs advise for Python and GJS: one
    ``received`` handler per connection answering with ``send_bytes()``,
    no asynchronous call and callback per message; stdlib ``ssl`` clients
    send many messages, one of them larger than a TLS record, and read
    every byte back; each client's close ends its server stream."""
    service, port = start_service(server_context())
    failures = []
    ended = []

    def received(stream, data):
        if data.get_size() == 0:
            assert not stream.props.receiving
            ended.append(stream)
            stream.close_async(GLib.PRIORITY_DEFAULT, None, None, None)
            return
        stream.send_bytes(data)

    def error(stream, e):
        # The stdlib clients may close without a close_notify.
        if (e.domain, e.code) != ("gossl-ssl-error-quark", Gossl.SslError.EOF):
            failures.append(e)
        ended.append(stream)

    def incoming(svc, stream):
        stream.connect("received", received)
        stream.connect("error", error)
        # The service keeps no reference; a receiving stream keeps itself.
        stream.props.receiving = True

    service.connect("incoming", incoming)
    messages = [b"message %d " % i * (i + 1) for i in range(30)] + [bytes(range(256)) * 100]

    def clients():
        ctx = ssl.create_default_context(cafile=path("ca.pem"))
        ctx.check_hostname = False
        echoed = []
        for _ in range(4):
            with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
                with ctx.wrap_socket(raw) as s:
                    got = b""
                    for m in messages:
                        s.sendall(m)
                        want = len(got) + len(m)
                        while len(got) < want:
                            chunk = s.recv(65536)
                            assert chunk, "the server closed early"
                            got += chunk
                    s.unwrap()
                    echoed.append(got)
        return echoed

    echoed = run_until(GLib.MainLoop(), Worker(clients))
    assert echoed == [b"".join(messages)] * 4
    loop = GLib.MainLoop()
    GLib.timeout_add(10, lambda: len(ended) < 4 or loop.quit())
    GLib.timeout_add_seconds(10, loop.quit)
    loop.run()
    assert len(ended) == 4
    assert not failures
    service.stop()
    service.close()
