// https-get.vala: fetch a page over HTTPS with gossl from Vala, with async
// methods on the main loop: connect, handshake with hostname verification
// and ALPN, send the request and read the response without ever blocking
// it. A timer ticks every 10 ms meanwhile; the longest gap between its
// ticks is printed at the end.
//
// Usage: https-get-vala HOST PORT CAFILE [PATH]

const int64 MAX_GAP_MS = 50;
const int SHOW_BYTES = 2048;

// The TLS stream, kept to tell what was wrong when its handshake failed.
Gossl.TlsStream? tls = null;

async void fetch (string host, uint16 port, string cafile, string path) throws Error {
    // A client context verifies the server by default; the CA file given
    // replaces the system's trusted CAs.
    var context = new Gossl.Context (Gossl.Method.TLS_CLIENT);
    context.load_verify_locations (cafile, null);
    context.set_alpn_protos ({ "http/1.1" });

    var tcp = yield new SocketClient ().connect_to_host_async (host, port, null);
    print ("connected to %s:%u\n", host, port);

    // Sends HOST as the server name and checks the certificate against it.
    tls = new Gossl.TlsStream.client (context, tcp, host);
    yield tls.handshake_async ();
    // What the handshake agreed on: the properties TlsConnection has too.
    print ("protocol: %s\n", typeof (TlsProtocolVersion).enum_to_string (tls.protocol_version));
    print ("cipher: %s\n", tls.ciphersuite_name);
    print ("peer: %s\n", tls.peer_certificate.subject_name);
    print ("alpn: %s\n", tls.negotiated_protocol ?? "(none)");
    if (tls.negotiated_protocol != "http/1.1") {
        throw new IOError.FAILED ("the server did not agree on http/1.1");
    }

    var request = "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n".printf (path, host);
    size_t written;
    yield tls.output_stream.write_all_async (request.data, Priority.DEFAULT, null, out written);

    // Read to the end; keep the start of the response to show.
    var head = new ByteArray ();
    size_t total = 0;
    while (true) {
        var bytes = yield tls.input_stream.read_bytes_async (16384, Priority.DEFAULT, null);
        if (bytes.get_size () == 0) {
            break;
        }
        if (total < SHOW_BYTES) {
            head.append (bytes.get_data ()[0:size_t.min (bytes.get_size (), SHOW_BYTES - total)]);
        }
        total += bytes.get_size ();
    }
    head.append ({ 0 });  // bytes, not a C string
    print ("--- response ---\n%s\n", ((string) head.data).strip ());
    if (total > SHOW_BYTES) {
        print ("[... %zu more bytes]\n", total - SHOW_BYTES);
    }
    print ("--- end (%zu bytes) ---\n", total);
    yield tls.close_async (Priority.DEFAULT, null);
}

int main (string[] args) {
    if (args.length < 4) {
        stderr.printf ("Usage: %s HOST PORT CAFILE [PATH]\n", args[0]);
        return 2;
    }
    string path = args.length > 4 ? args[4] : "/";

    // The timer whose ticks must never be held up for long.
    int64 last = get_monotonic_time ();
    int64 max_gap = 0;
    uint ticks = 0;
    var timer = Timeout.add (10, () => {
        int64 now = get_monotonic_time ();
        max_gap = int64.max (max_gap, now - last);
        last = now;
        ticks++;
        return Source.CONTINUE;
    });

    var loop = new MainLoop ();
    int status = 0;
    fetch.begin (args[1], (uint16) int.parse (args[2]), args[3], path, (obj, res) => {
        try {
            fetch.end (res);
        } catch (Gossl.SslError.BAD_CERTIFICATE e) {
            // Every problem verification found, as GIO's flags.
            var problems = typeof (TlsCertificateFlags).flags_to_string (tls.peer_certificate_errors);
            stderr.printf ("https-get: the server's certificate was refused (%s): %s\n",
                           problems, e.message);
            status = 1;
        } catch (Gossl.SslError e) {
            stderr.printf ("https-get: TLS error %d: %s\n", e.code, e.message);
            status = 1;
        } catch (Error e) {
            stderr.printf ("https-get: %s\n", e.message);
            status = 1;
        }
        loop.quit ();
    });
    loop.run ();
    Source.remove (timer);

    print ("timer: %u ticks, max gap %.1f ms\n", ticks, max_gap / 1000.0);
    if (max_gap > MAX_GAP_MS * 1000) {
        stderr.printf ("https-get: the main loop was blocked for more than %lld ms\n", MAX_GAP_MS);
        status = 1;
    }
    return status;
}
