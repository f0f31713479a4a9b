"""The scale benchmark's echo server with gossl from Python: Gossl.TlsService
handing over Gossl.TlsStreams, on PyGObject's GLib main loop, one thread.

    /usr/bin/python3 scale_server_gossl.py CERT.pem KEY.pem

Prints "listening PORT"; a 10 ms timer records the longest gap between its
ticks: SIGUSR1 forgets it, SIGUSR2 prints "gap_ms X".
"""

import signal
import sys

import gi

gi.require_version("Gossl", "1.0")
from gi.repository import Gio, GLib, Gossl  # noqa: E402

BACKLOG = 1024


def echo(tls):
    """Echoes what *tls* receives until the client goes: one handler for
    the connection's life, no asynchronous call and callback per message
    (PyGObject 3.42 keeps every callback's closure)."""
    def received(stream, data):
        if data.get_size() == 0:
            stream.close_async(GLib.PRIORITY_DEFAULT, None, None, None)
        else:
            stream.send_bytes(data)

    def failed(stream, _error):
        stream.close_async(GLib.PRIORITY_DEFAULT, None, None, None)

    tls.connect("received", received)
    tls.connect("error", failed)
    # The stream reads from now on, and keeps itself until its client goes.
    tls.props.receiving = True


def start_accepting(context):
    """The accept part, all of it: a Gossl.TlsService accepts a batch of
    connections per main-loop dispatch, runs their handshakes and hands over
    each stream. Returns the service and the port."""
    service = Gossl.TlsService.new(context)
    service.set_backlog(BACKLOG)
    address = Gio.InetSocketAddress.new(Gio.InetAddress.new_loopback(Gio.SocketFamily.IPV4), 0)
    _ok, bound = service.add_address(address, Gio.SocketType.STREAM, Gio.SocketProtocol.TCP, None)
    service.connect("incoming", lambda _service, stream: echo(stream))
    service.start()
    return service, bound.get_port()


def main():
    if len(sys.argv) != 3:
        sys.exit("Usage: scale_server_gossl.py CERT.pem KEY.pem")
    context = Gossl.Context.new(Gossl.Method.TLS_SERVER)
    context.use_certificate_file(sys.argv[1], Gossl.Filetype.PEM)
    context.use_privatekey_file(sys.argv[2], Gossl.Filetype.PEM)
    _service, port = start_accepting(context)

    state = {"last": GLib.get_monotonic_time(), "gap": 0}

    def tick():
        t = GLib.get_monotonic_time()
        state["gap"] = max(state["gap"], t - state["last"])
        state["last"] = t
        return GLib.SOURCE_CONTINUE

    def reset():
        state["gap"] = 0
        state["last"] = GLib.get_monotonic_time()
        return GLib.SOURCE_CONTINUE

    def report():
        tick()  # a gap still open counts too
        print("gap_ms %.3f" % (state["gap"] / 1000), flush=True)
        return GLib.SOURCE_CONTINUE

    GLib.timeout_add(10, tick)
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGUSR1, reset)
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGUSR2, report)
    print("listening %d" % port, flush=True)
    GLib.MainLoop().run()


if __name__ == "__main__":
    main()
