// tls-client.vala: connect to HOST:PORT over TLS with gossl from Vala, verify
// the server against a CA file and HOST, print the verified chain, what the
// handshake agreed on, and the server's reply to one line.
//
// Usage: tls-client-vala HOST PORT CAFILE [MESSAGE]
int main (string[] args) {
    if (args.length < 4) {
        stderr.printf ("Usage: %s HOST PORT CAFILE [MESSAGE]\n", args[0]);
        return 2;
    }
    string host = args[1];
    string message = args.length > 4 ? args[4] : "hello from gossl (Vala)\n";
    Gossl.Connection? tls = null;
    try {
        // A client context verifies the server by default; the CA file given
        // replaces the system's trusted CAs.
        var context = new Gossl.Context (Gossl.Method.TLS_CLIENT);
        context.load_verify_locations (args[3], null);
        // Emitted for each certificate of the server's chain, the CA
        // (deepest) first; it only reports here: OpenSSL's verdict (ok) stands.
        context.verify.connect ((conn, cert, result, depth, ok) => {
            print ("depth %d: %s [%s]\n", depth, cert.subject_name,
                   ok ? "ok" : "FAILED: " + typeof (Gossl.VerifyResult).enum_to_string (result));
            return ok;
        });

        // The TLS connection borrows the fd; `tcp` keeps owning (and closes) it.
        // GSocket keeps its fd non-blocking; this program wants blocking calls.
        var tcp = new SocketClient ().connect_to_host (host, (uint16) int.parse (args[2]));
        Unix.set_fd_nonblocking (tcp.socket.fd, false);
        tls = new Gossl.Connection (context, tcp.socket.fd);
        tls.set_connect_state ();
        // The certificate must be for HOST; a name (not an address) is also
        // sent as the server name (SNI), for servers that serve several.
        tls.set_verify_hostname (host);
        if (!Hostname.is_ip_address (host)) {
            tls.set_tlsext_host_name (host);
        }
        tls.do_handshake ();

        // What the handshake agreed on: the properties TlsConnection has too.
        print ("peer: %s\n", tls.peer_certificate.subject_name);
        print ("protocol: %s\n", typeof (TlsProtocolVersion).enum_to_string (tls.protocol_version));
        print ("cipher: %s\n", tls.ciphersuite_name);

        tls.send_all (message.data);
        var reply = tls.recv (4096);
        reply.append ({ 0 });  // recv gives bytes, not a C string
        print ("reply: %s\n", (string) reply.data);
        tls.shutdown ();
        tcp.close ();
    } catch (Gossl.SslError.BAD_CERTIFICATE e) {
        // Every problem verification found, as GIO's flags.
        var problems = typeof (TlsCertificateFlags).flags_to_string (tls.peer_certificate_errors);
        stderr.printf ("tls-client: the server's certificate was refused (%s): %s\n",
                       problems, e.message);
        return 1;
    } catch (Error e) {
        stderr.printf ("tls-client: %s\n", e.message);
        return 1;
    }
    return 0;
}
