// test-vala.vala: gossl as a Vala programmer meets it, built with
// valac --fatal-warnings, so that what does not compile cleanly fails:
//
//  - `yield stream.handshake_async ()`: GIO's default io_priority and
//    cancellable;
//  - the info and verify signals carry Gossl.InfoWhere and
//    Gossl.VerifyResult;
//  - certificate arrays own their elements (GenericArray<Gossl.X509>);
//  - PKCS#12 and PKCS#7 are made with `new`.
//
// Usage: test-vala HOST PORT FILES_DIR, HOST:PORT being `openssl s_server
// -rev -naccept 3` with the fixture server.pem (run-example.py binding-test).

string files;

uint8[] read_fixture (string name) throws Error {
    uint8[] data;
    FileUtils.get_data (Path.build_filename (files, name), out data);
    return data;
}

Gossl.Context client_context (string ca_file) throws Error {
    var context = new Gossl.Context (Gossl.Method.TLS_CLIENT);
    context.load_verify_locations (Path.build_filename (files, ca_file), null);
    context.set_verify (Gossl.VerifyMode.PEER);
    return context;
}

async void talk_to_server (string host, uint16 port) throws Error {
    var context = client_context ("ca.pem");
    Gossl.InfoWhere seen = 0;
    Gossl.VerifyResult[] results = {};
    context.info.connect ((conn, where, ret) => {
        seen |= where;
    });
    context.verify.connect ((conn, cert, result, depth, ok) => {
        results += result;
        return ok;
    });

    var tcp = yield new SocketClient ().connect_to_host_async (host, port);
    var tls = new Gossl.TlsStream.client (context, tcp, "localhost");
    yield tls.handshake_async ();
    assert (Gossl.InfoWhere.HANDSHAKE_START in seen);
    assert (Gossl.InfoWhere.HANDSHAKE_DONE in seen);
    assert (Gossl.InfoWhere.CONNECT_LOOP in seen);
    assert (!(Gossl.InfoWhere.ACCEPT in seen));
    assert (results.length == 2);
    assert (results[0] == Gossl.VerifyResult.OK && results[1] == Gossl.VerifyResult.OK);

    // The chain holds its own references: a certificate taken from it
    // outlives it.
    GenericArray<Gossl.X509>? chain = tls.get_connection ().get_verified_chain ();
    assert (chain != null && chain.length == 2);
    string[] subjects = {};
    foreach (Gossl.X509 cert in chain.data) {
        subjects += cert.get_subject ().to_string ();
    }
    Gossl.X509 leaf = chain[0];
    chain = null;
    assert (leaf.get_subject_entry ("CN") == "localhost");
    assert (subjects[1].contains ("CN=gossl test CA"));
    print ("verified chain: %s\n", string.joinv (" <- ", subjects));

    size_t done;
    yield tls.output_stream.write_all_async ("hello from Vala\n".data, Priority.DEFAULT, null, out done);
    var reply = new StringBuilder ();
    while (!reply.str.has_suffix ("\n")) {
        var bytes = yield tls.input_stream.read_bytes_async (4096);
        assert (bytes.get_size () > 0);
        reply.append_len ((string) bytes.get_data (), (ssize_t) bytes.get_size ());
    }
    assert (reply.str == "alaV morf olleh\n");
    print ("reply: %s", reply.str);
    yield tls.close_async ();
}

async void meet_untrusted_server (string host, uint16 port) throws Error {
    // ca2.pem did not sign server.pem: the handshake fails, and the verify
    // signal says why.
    var context = client_context ("ca2.pem");
    Gossl.VerifyResult first = Gossl.VerifyResult.OK;
    int calls = 0;
    context.verify.connect ((conn, cert, result, depth, ok) => {
        if (calls++ == 0) {
            first = result;
        }
        return ok;
    });
    var tcp = yield new SocketClient ().connect_to_host_async (host, port);
    var tls = new Gossl.TlsStream.client (context, tcp, "localhost");
    try {
        yield tls.handshake_async ();
        assert_not_reached ();
    } catch (Error e) {
        print ("untrusted server refused: %s\n", e.message);
    }
    assert (first == Gossl.VerifyResult.UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
    print ("verify result: %s (%d)\n", first.to_string (), first);
}

// Reading by signal (Gossl.TlsStream.received) and sending without a
// callback; the stream's "error" signal is usable under that name.
async void talk_by_signals (string host, uint16 port) throws Error {
    var tcp = yield new SocketClient ().connect_to_host_async (host, port);
    var tls = new Gossl.TlsStream.client (client_context ("ca.pem"), tcp, "localhost");
    yield tls.handshake_async ();
    var reply = new StringBuilder ();
    Error? failure = null;
    bool done = false;
    tls.received.connect ((data) => {
        reply.append_len ((string) data.get_data (), (ssize_t) data.get_size ());
        if (!done && (reply.str.has_suffix ("\n") || data.get_size () == 0)) {
            done = true;
            tls.receiving = false;
            Idle.add (talk_by_signals.callback);
        }
    });
    tls.error.connect ((e) => {
        if (!done) {
            done = true;
            failure = e.copy ();
            Idle.add (talk_by_signals.callback);
        }
    });
    tls.receiving = true;
    tls.send_bytes (new Bytes ("hello by signal\n".data));
    yield;
    if (failure != null) {
        throw failure;
    }
    assert (reply.str == "langis yb olleh\n");
    print ("reply by signal: %s", reply.str);
    yield tls.close_async ();
}

void check_bundles () throws Error {
    var p12 = new Gossl.PKCS12 (read_fixture ("server.p12"), "secret".data);
    GenericArray<Gossl.X509>? cas = p12.get_ca_certificates ();
    assert (cas != null && cas.length == 1);
    Gossl.X509 ca = cas[0];
    cas = null;
    assert (ca.get_subject_entry ("CN") == "gossl test CA");
    assert (p12.get_certificate ().get_subject_entry ("CN") == "localhost");

    var p7 = new Gossl.PKCS7 (Gossl.Filetype.PEM, read_fixture ("pkcs7-signed.pem"));
    assert (p7.type_is_signed ());

    var req = new Gossl.X509Req.from_data (Gossl.Filetype.PEM, read_fixture ("server.csr"));
    GenericArray<Gossl.X509Extension> extensions = req.get_extensions ();
    string[] names = {};
    foreach (Gossl.X509Extension extension in extensions.data) {
        names += extension.get_short_name ();
    }
    assert (names.length == 2);
    print ("PKCS#12 CA: %s; PKCS#7 signed; request extensions: %s\n",
           ca.get_subject ().to_string (), string.joinv (", ", names));
}

bool memory_step (Gossl.Connection conn) throws Error {
    try {
        return conn.do_handshake ();
    } catch (Gossl.SslError.WANT_READ e) {
        return false;
    }
}

void memory_move (Gossl.Connection from, Gossl.Connection to) throws Error {
    try {
        var data = from.bio_read (65536);
        to.bio_write (data.data);
    } catch (Gossl.SslError.WANT_READ e) {
    }
}

// OCSP stapling: a signal handler returns an owned GLib.Bytes.
void check_stapling () throws Error {
    var server = new Gossl.Context (Gossl.Method.TLS_SERVER);
    server.use_certificate_file (Path.build_filename (files, "server.pem"), Gossl.Filetype.PEM);
    server.use_privatekey_file (Path.build_filename (files, "server.key"), Gossl.Filetype.PEM);
    server.ocsp_status_request.connect ((conn) => {
        return new Bytes ("stapled by Vala".data);
    });
    var client = client_context ("ca.pem");
    string? received = null;
    client.ocsp_status_response.connect ((conn, response) => {
        var text = new StringBuilder ();
        text.append_len ((string) response.get_data (), (ssize_t) response.get_size ());
        received = text.str;
        return true;
    });
    var c = new Gossl.Connection.memory (client);
    var s = new Gossl.Connection.memory (server);
    c.set_connect_state ();
    s.set_accept_state ();
    c.request_ocsp ();
    bool done = false;
    for (int i = 0; i < 10 && !done; i++) {
        bool client_done = memory_step (c);
        memory_move (c, s);
        bool server_done = memory_step (s);
        memory_move (s, c);
        done = client_done && server_done;
    }
    assert (done);
    assert (received == "stapled by Vala");
    print ("OCSP staple: %s\n", received);
}

int main (string[] args) {
    if (args.length != 4) {
        stderr.printf ("Usage: %s HOST PORT FILES_DIR\n", args[0]);
        return 2;
    }
    files = args[3];
    var host = args[1];
    var port = (uint16) int.parse (args[2]);

    var loop = new MainLoop ();
    int status = 0;
    run.begin (host, port, (obj, res) => {
        try {
            run.end (res);
            print ("binding test: ok\n");
        } catch (Error e) {
            stderr.printf ("test-vala: %s\n", e.message);
            status = 1;
        }
        loop.quit ();
    });
    loop.run ();
    return status;
}

async void run (string host, uint16 port) throws Error {
    check_bundles ();
    check_stapling ();
    yield talk_to_server (host, port);
    yield meet_untrusted_server (host, port);
    yield talk_by_signals (host, port);
}
