// tls-gio-connection.vala: Gossl.TlsClientConnection and
// Gossl.TlsServerConnection as a Vala program (built with --fatal-warnings)
// uses a GLib.TlsConnection: `yield handshake_async ()`, GIO's properties
// and signals, against GIO's own TLS server and client (glib-networking)
// on 127.0.0.1.
//
// Usage: tls-gio-connection-vala   (GOSSL_TEST_FILES names tests/files)
// Prints one "ok"/"not ok" line per check; exits 1 when any failed.

TlsCertificate served () throws Error {
    return new TlsCertificate.from_files (file_path ("server.pem"), file_path ("server.key"));
}

// Two connected sockets on 127.0.0.1.
void socket_pair (out SocketConnection server_side, out SocketConnection client_side) throws Error {
    var listener = new SocketListener ();
    SocketAddress address;
    listener.add_address (new InetSocketAddress.from_string ("127.0.0.1", 0), SocketType.STREAM,
                          SocketProtocol.TCP, null, out address);
    var client = new SocketClient ();
    client.enable_proxy = false;
    client.timeout = 10;
    client_side = client.connect (address);
    server_side = listener.accept ();
    server_side.socket.timeout = 10;
    listener.close ();
}

// Either server, on a thread: handshake, a line, close. The thread returns
// its error message, or null.
Thread<string?> serve (TlsConnection tls) {
    return new Thread<string?> ("server", () => {
        string? message = null;
        try {
            tls.handshake ();
            tls.output_stream.write_all ("hello\n".data, null);
        } catch (Error e) {
            message = e.message;
        }
        try {
            tls.close ();
        } catch (Error e) {
            // The peer may be gone.
        }
        return message;
    });
}

string read_line (IOStream stream) throws Error {
    var line = new uint8[7];  // zeroed: a C string once 6 bytes are in
    size_t got;
    stream.input_stream.read_all (line[0:6], out got);
    return (string) line;
}

delegate void SetUp (Gossl.TlsClientConnection tls);

// A gossl client, trusting `ca`, to GIO's own server; the handshake runs
// on the main loop.
async Gossl.TlsClientConnection client_to_gio (string ca, string name, SetUp? set_up) throws Error {
    SocketConnection server_side, client_side;
    socket_pair (out server_side, out client_side);
    var server = serve (TlsServerConnection.@new (server_side, served ()));
    var tls = new Gossl.TlsClientConnection (client_side, new NetworkAddress (name, 443));
    tls.database = TlsFileDatabase.@new (file_path (ca));
    if (set_up != null)
        set_up (tls);
    try {
        yield tls.handshake_async ();
        equal (read_line (tls), "hello\n", "what GIO's server sent");
    } finally {
        try {
            tls.close ();
        } catch (Error e) {
            // GIO's server may be gone.
        }
        server.join ();
    }
    return tls;
}

async void test_verified () throws Error {
    var notified = 0;
    var tls = yield client_to_gio ("ca.pem", "localhost", (t) => {
        t.notify["peer-certificate"].connect (() => notified++);
    });
    check (tls.peer_certificate.is_same (served ()), "peer_certificate is the one served");
    check (tls.peer_certificate_errors == 0, "no peer_certificate_errors");
    check (tls.protocol_version == TlsProtocolVersion.TLS_1_3, "protocol_version is TLS 1.3");
    var cipher = tls.get_ciphersuite_name ();
    check (cipher != null && cipher.has_prefix ("TLS_"), "ciphersuite_name %s".printf (cipher));
    check (notified == 1, "notify[\"peer-certificate\"] once: %d".printf (notified));
}

async void test_refused () throws Error {
    string[,] cases = { { "ca2.pem", "localhost" }, { "ca.pem", "wrong.example" } };
    TlsCertificateFlags[] flags = { TlsCertificateFlags.UNKNOWN_CA, TlsCertificateFlags.BAD_IDENTITY };
    for (var i = 0; i < 2; i++) {
        try {
            yield client_to_gio (cases[i, 0], cases[i, 1], null);
            check (false, "%s, %s is refused".printf (cases[i, 0], cases[i, 1]));
        } catch (TlsError.BAD_CERTIFICATE e) {
            check (true, "%s, %s is refused: %s".printf (cases[i, 0], cases[i, 1], e.message));
        }
    }
    // What a refused connection tells, read from one kept here.
    SocketConnection server_side, client_side;
    socket_pair (out server_side, out client_side);
    var server = serve (TlsServerConnection.@new (server_side, served ()));
    var tls = new Gossl.TlsClientConnection (client_side, new NetworkAddress ("localhost", 443));
    tls.database = TlsFileDatabase.@new (file_path ("ca2.pem"));
    try {
        yield tls.handshake_async ();
    } catch (TlsError.BAD_CERTIFICATE e) {
    }
    check (tls.peer_certificate_errors == flags[0], "peer_certificate_errors is UNKNOWN_CA");
    check (tls.peer_certificate != null, "peer_certificate is set");
    try {
        tls.close ();
    } catch (Error e) {
    }
    server.join ();
}

async void test_accepted () throws Error {
    var asked = 0;
    var tls = yield client_to_gio ("ca2.pem", "localhost", (t) => {
        t.accept_certificate.connect ((peer, errors) => {
            asked++;
            return errors == TlsCertificateFlags.UNKNOWN_CA;
        });
    });
    check (asked == 1, "accept_certificate asked once");
    check (tls.peer_certificate_errors == TlsCertificateFlags.UNKNOWN_CA,
           "accept_certificate accepts, UNKNOWN_CA stays in peer_certificate_errors");
}

// gossl's server, on a thread, serves GIO's own client, which verifies it.
void test_server () throws Error {
    SocketConnection server_side, client_side;
    socket_pair (out server_side, out client_side);
    var ours = new Gossl.TlsServerConnection (server_side, served ());
    ours.advertised_protocols = { "h2", "http/1.1" };
    var server = serve (ours);
    var tls = TlsClientConnection.@new (client_side, new NetworkAddress ("localhost", 443));
    tls.database = TlsFileDatabase.@new (file_path ("ca.pem"));
    tls.advertised_protocols = { "h2" };
    tls.handshake ();
    equal (read_line (tls), "hello\n", "GIO's client read what gossl's server sent");
    check (tls.peer_certificate_errors == 0, "GIO's client verified gossl's server");
    try {
        tls.close ();
    } catch (Error e) {
    }
    var message = server.join ();
    equal (message, null, "gossl's server");
    equal (ours.negotiated_protocol, "h2", "gossl's server negotiated_protocol");
}

void test_types () throws Error {
    SocketConnection server_side, client_side;
    socket_pair (out server_side, out client_side);
    Object client = new Gossl.TlsClientConnection (client_side, null);
    Object server = new Gossl.TlsServerConnection.with_context (null, server_side, null);
    check (client is GLib.TlsClientConnection, "the client is a GLib.TlsClientConnection");
    check (!(server is GLib.TlsClientConnection), "the server is not a GLib.TlsClientConnection");
    check (server is GLib.TlsServerConnection && server is Initable, "the server is a GLib.TlsServerConnection");
    check (((Gossl.TlsClientConnection) client).get_context () != null, "the client has the shared context");
}

int main (string[] args) {
    files = Environment.get_variable ("GOSSL_TEST_FILES");
    var loop = new MainLoop ();
    run_tests.begin ((obj, res) => {
        run_tests.end (res);
        loop.quit ();
    });
    loop.run ();
    return failed > 0 ? 1 : 0;
}

async void run_tests () {
    try {
        test_types ();
        yield test_verified ();
        yield test_refused ();
        yield test_accepted ();
        test_server ();
    } catch (Error e) {
        check (false, "unexpected error: " + e.message);
    }
}
