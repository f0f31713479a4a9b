// echo-server.vala: a TLS echo server with gossl from Vala. It listens on
// 127.0.0.1, serves one client, sending back every byte it reads until the
// client closes the TLS session, and exits.
//
// Usage: echo-server-vala CERT.pem KEY.pem [PORT]
//
// PORT 0 (the default) picks a free port; the first line printed says which:
// "listening on 127.0.0.1:PORT".
int main (string[] args) {
    if (args.length < 3 || args.length > 4) {
        stderr.printf ("Usage: %s CERT.pem KEY.pem [PORT]\n", args[0]);
        return 2;
    }
    uint16 port = args.length > 3 ? (uint16) int.parse (args[3]) : 0;
    try {
        // A server asks for no client certificate unless told to: nothing to
        // verify, no trust store to load.
        var context = new Gossl.Context (Gossl.Method.TLS_SERVER);
        context.use_certificate_file (args[1], Gossl.Filetype.PEM);
        context.use_privatekey_file (args[2], Gossl.Filetype.PEM);
        context.check_privatekey ();

        var listener = new SocketListener ();
        SocketAddress bound;
        listener.add_address (new InetSocketAddress (new InetAddress.loopback (SocketFamily.IPV4), port),
                              SocketType.STREAM, SocketProtocol.TCP, null, out bound);
        print ("listening on 127.0.0.1:%u\n", ((InetSocketAddress) bound).port);
        // Whoever started us waits for that line: do not leave it in a buffer.
        stdout.flush ();

        var tcp = listener.accept ();
        listener.close ();  // one client only
        print ("client connected\n");

        // The TLS connection borrows the fd; `tcp` keeps owning (and closes) it.
        // GSocket makes accepted sockets non-blocking too; this server wants
        // blocking calls.
        Unix.set_fd_nonblocking (tcp.socket.fd, false);
        var tls = new Gossl.Connection (context, tcp.socket.fd);
        tls.set_accept_state ();
        tls.do_handshake ();
        // What the handshake agreed on, as TlsConnection's properties have it.
        print ("protocol: %s\n", typeof (TlsProtocolVersion).enum_to_string (tls.protocol_version));
        print ("cipher: %s\n", tls.ciphersuite_name);

        size_t total = 0;
        uint messages = 0;
        while (true) {
            ByteArray data;
            try {
                data = tls.recv (16384);
            } catch (Gossl.SslError.ZERO_RETURN e) {
                break;  // the client's close-notify: the clean end of the session
            }
            tls.send_all (data.data);
            total += data.len;
            messages++;
        }
        print ("echoed %s bytes in %u messages\n", total.to_string (), messages);
        tls.shutdown ();  // answer the client's close-notify with ours
        print ("connection closed\n");
        tcp.close ();
    } catch (Error e) {
        stderr.printf ("echo-server: %s\n", e.message);
        return 1;
    }
    return 0;
}
