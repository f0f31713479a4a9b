// tls-client.vala: connect to HOST:PORT over TLS with gossl from Vala, verify
// the server against a CA file, print the verified chain, the cipher, and the
// server's reply to one line.
//
// Usage: tls-client-vala HOST PORT CAFILE [MESSAGE]
int main (string[] args) {
    if (args.length < 4) {
        stderr.printf ("Usage: %s HOST PORT CAFILE [MESSAGE]\n", args[0]);
        return 2;
    }
    string message = args.length > 4 ? args[4] : "hello from gossl (Vala)\n";
    try {
        var context = new Gossl.Context (Gossl.Method.TLS_CLIENT);
        context.load_verify_locations (args[3], null);
        context.set_verify (Gossl.VerifyMode.PEER);
        context.verify.connect ((conn, cert, errnum, depth, ok) => {
            print ("depth %d: %s [%s]\n", depth, cert.get_subject ().to_string (),
                   ok ? "ok" : "FAILED");
            return ok;
        });

        // The TLS connection borrows the fd; `tcp` keeps owning (and closes) it.
        // GSocket keeps its fd non-blocking; this program wants blocking calls.
        var tcp = new SocketClient ().connect_to_host (args[1], (uint16) int.parse (args[2]));
        Unix.set_fd_nonblocking (tcp.socket.fd, false);
        var tls = new Gossl.Connection (context, tcp.socket.fd);
        tls.set_connect_state ();
        tls.do_handshake ();

        print ("peer: %s\n", tls.get_peer_certificate ().get_subject ().to_string ());
        print ("protocol: %s\n", tls.get_protocol_version_name ());
        print ("cipher: %s\n", tls.get_cipher_name ());

        tls.send_all (message.data);
        var reply = tls.recv (4096);
        reply.append ({ 0 });  // recv gives bytes, not a C string
        print ("reply: %s\n", (string) reply.data);
        tls.shutdown ();
        tcp.close ();
    } catch (Gossl.SslError e) {
        stderr.printf ("tls-client: TLS error %d: %s\n", e.code, e.message);
        return 1;
    } catch (Error e) {
        stderr.printf ("tls-client: %s\n", e.message);
        return 1;
    }
    return 0;
}
