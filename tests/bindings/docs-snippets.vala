// docs-snippets.vala: the Vala snippet of docs/gnome-start.md (built with
// --fatal-warnings), run against `openssl s_server` with the fixture
// server.pem: once trusting the test CA as the system's, once trusting
// nothing. docs-snippets.js checks that the page's ```vala block stands here
// verbatim, between the "page:" and "end" marker comments.
//
// Usage: docs-snippets-vala   (GOSSL_TEST_FILES names tests/files)
// Prints one "ok"/"not ok" line per check; exits 1 when any failed.
//
// SPDX-License-Identifier: Apache-2.0

// page: check a server in Vala
async string check_server (Gossl.Context context, string host, uint16 port) throws Error {
    var tcp = yield new SocketClient ().connect_to_host_async (host, port);
    var tls = new Gossl.TlsStream.client (context, tcp, host);
    string outcome;
    try {
        yield tls.handshake_async ();
        outcome = "trusted: " + tls.peer_certificate.subject_name;
    } catch (Gossl.SslError.BAD_CERTIFICATE e) {
        if (TlsCertificateFlags.UNKNOWN_CA in tls.peer_certificate_errors)
            outcome = "not signed by a trusted CA";
        else
            outcome = e.message;
    }
    yield tls.close_async ();
    return outcome;
}
// end

int failed = 0;

void check (bool ok, string what) {
    print ("%s - %s\n", ok ? "ok" : "not ok", what);
    if (!ok)
        failed++;
}

// `openssl s_server` on a port of its choosing: returns the port.
uint16 start_server (string files, out Subprocess server) throws Error {
    server = new Subprocess (SubprocessFlags.STDIN_PIPE | SubprocessFlags.STDOUT_PIPE | SubprocessFlags.STDERR_MERGE,
                             "openssl", "s_server", "-accept", "127.0.0.1:0", "-rev",
                             "-cert", Path.build_filename (files, "server.pem"),
                             "-key", Path.build_filename (files, "server.key"));
    var out = new DataInputStream (server.get_stdout_pipe ());
    string? line;
    while ((line = out.read_line_utf8 ()) != null) {
        MatchInfo match;
        if (/^ACCEPT .*:(\d+)/.match (line, 0, out match))
            return (uint16) int.parse (match.fetch (1));
    }
    throw new IOError.FAILED ("openssl s_server did not start");
}

async void run (string files) {
    Subprocess server = null;
    try {
        var port = start_server (files, out server);
        var context = new Gossl.Context (Gossl.Method.TLS_CLIENT);
        var outcome = yield check_server (context, "localhost", port);
        check (outcome.has_prefix ("trusted: ") && "CN=localhost" in outcome,
               "a server signed by a CA the system trusts: " + outcome);

        var lonely = new Gossl.Context (Gossl.Method.TLS_CLIENT);
        lonely.use_system_certdb = false;
        outcome = yield check_server (lonely, "localhost", port);
        check (outcome == "not signed by a trusted CA", "a context that trusts nothing: " + outcome);
    } catch (Error e) {
        check (false, e.message);
    } finally {
        if (server != null)
            server.force_exit ();
    }
}

int main () {
    var files = Environment.get_variable ("GOSSL_TEST_FILES");
    // The test CA stands for the system's CAs.
    Environment.set_variable ("SSL_CERT_FILE", Path.build_filename (files, "ca.pem"), true);
    Environment.set_variable ("SSL_CERT_DIR", "/nonexistent", true);
    var loop = new MainLoop ();
    run.begin (files, (obj, res) => {
        run.end (res);
        loop.quit ();
    });
    loop.run ();
    return failed > 0 ? 1 : 0;
}
