#!/usr/bin/env python3
"""https-get.py: fetch a page over HTTPS with gossl from Python, on a
GLib.MainLoop (no asyncio, no threads): connect, handshake with hostname
verification and ALPN, send the request and read the response, each step
a callback of the main loop. A timer ticks every 10 ms meanwhile; the
longest gap between its ticks is printed at the end.

Usage: python3 https-get.py HOST PORT CAFILE [PATH]
"""
import sys

import gi

gi.require_version("Gossl", "1.0")
from gi.repository import Gio, GLib, GObject, Gossl  # noqa: E402

MAX_GAP_MS = 50
SHOW_BYTES = 2048


class HttpsGet:
    def __init__(self, host, port, cafile, path):
        self.host = host
        self.port = port
        self.path = path
        self.loop = GLib.MainLoop()
        self.status = 0
        self.tls = None
        self.head = b""
        self.total = 0

        # A client context verifies the server by default; the CA file given
        # replaces the system's trusted CAs.
        self.context = Gossl.Context.new(Gossl.Method.TLS_CLIENT)
        self.context.load_verify_locations(cafile, None)
        self.context.set_alpn_protos(["http/1.1"])

        # The timer whose ticks must never be held up for long.
        self.last = GLib.get_monotonic_time()
        self.max_gap = 0
        self.ticks = 0
        self.timer = GLib.timeout_add(10, self.tick)

    def tick(self):
        now = GLib.get_monotonic_time()
        self.max_gap = max(self.max_gap, now - self.last)
        self.last = now
        self.ticks += 1
        return GLib.SOURCE_CONTINUE

    def fail(self, error):
        if isinstance(error, GLib.Error) and error.matches(Gossl.ssl_error_quark(),
                                                           Gossl.SslError.BAD_CERTIFICATE):
            # Every problem verification found, as GIO's flags.
            problems = GObject.flags_to_string(Gio.TlsCertificateFlags,
                                               self.tls.props.peer_certificate_errors)
            print("https-get: the server's certificate was refused (%s): %s"
                  % (problems, error.message), file=sys.stderr)
        elif isinstance(error, GLib.Error) and error.domain == GLib.quark_to_string(
                Gossl.ssl_error_quark()):
            print("https-get: TLS error %d: %s" % (error.code, error.message), file=sys.stderr)
        else:
            print("https-get: %s" % (error.message if isinstance(error, GLib.Error) else error),
                  file=sys.stderr)
        self.status = 1
        self.loop.quit()

    def run(self):
        Gio.SocketClient().connect_to_host_async(self.host, self.port, None, self.connected, None)
        self.loop.run()
        GLib.source_remove(self.timer)
        print("timer: %d ticks, max gap %.1f ms" % (self.ticks, self.max_gap / 1000))
        if self.max_gap > MAX_GAP_MS * 1000:
            print("https-get: the main loop was blocked for more than %d ms" % MAX_GAP_MS,
                  file=sys.stderr)
            self.status = 1
        return self.status

    def connected(self, client, result, data):
        try:
            tcp = client.connect_to_host_finish(result)
            print("connected to %s:%d" % (self.host, self.port))
            # Sends HOST as the server name and checks the certificate against it.
            self.tls = Gossl.TlsStream.new_client(self.context, tcp, self.host)
            self.tls.handshake_async(GLib.PRIORITY_DEFAULT, None, self.handshaken, None)
        except GLib.Error as e:
            self.fail(e)

    def handshaken(self, tls, result, data):
        try:
            tls.handshake_finish(result)
        except GLib.Error as e:
            self.fail(e)
            return
        # What the handshake agreed on: the properties Gio.TlsConnection has too.
        print("protocol: %s" % GObject.enum_to_string(Gio.TlsProtocolVersion,
                                                      tls.props.protocol_version))
        print("cipher: %s" % tls.props.ciphersuite_name)
        print("peer: %s" % tls.props.peer_certificate.props.subject_name)
        print("alpn: %s" % tls.props.negotiated_protocol)
        if tls.props.negotiated_protocol != "http/1.1":
            self.fail("the server did not agree on http/1.1")
            return
        request = ("GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n"
                   % (self.path, self.host)).encode("ascii")
        tls.get_output_stream().write_all_async(request, GLib.PRIORITY_DEFAULT, None,
                                                self.written, None)

    def written(self, stream, result, data):
        try:
            stream.write_all_finish(result)
        except GLib.Error as e:
            self.fail(e)
            return
        print("--- response ---")
        self.read_more()

    def read_more(self):
        self.tls.get_input_stream().read_bytes_async(16384, GLib.PRIORITY_DEFAULT, None,
                                                     self.got, None)

    def got(self, stream, result, data):
        try:
            chunk = stream.read_bytes_finish(result).get_data()
        except GLib.Error as e:
            self.fail(e)
            return
        if chunk:
            # Keep the start of the response to show.
            if self.total < SHOW_BYTES:
                self.head += chunk[:SHOW_BYTES - self.total]
            self.total += len(chunk)
            self.read_more()
            return
        print(self.head.decode("utf-8", "replace").rstrip())
        if self.total > SHOW_BYTES:
            print("[... %d more bytes]" % (self.total - SHOW_BYTES))
        print("--- end (%d bytes) ---" % self.total)
        self.tls.close_async(GLib.PRIORITY_DEFAULT, None, self.closed, None)

    def closed(self, tls, result, data):
        try:
            tls.close_finish(result)
        except GLib.Error as e:
            self.fail(e)
            return
        self.loop.quit()


def main(argv):
    if len(argv) < 4:
        print("Usage: %s HOST PORT CAFILE [PATH]" % argv[0], file=sys.stderr)
        return 2
    path = argv[4] if len(argv) > 4 else "/"
    return HttpsGet(argv[1], int(argv[2]), argv[3], path).run()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
