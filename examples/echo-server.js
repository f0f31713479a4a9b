// echo-server.js: a TLS echo server with gossl from GJS. It listens on
// 127.0.0.1, serves one client, sending back every byte it reads until the
// client closes the TLS session, and exits.
//
// Usage: gjs -m echo-server.js CERT.pem KEY.pem [PORT]
//
// PORT 0 (the default) picks a free port; the first line printed says which:
// "listening on 127.0.0.1:PORT".
import Gio from 'gi://Gio';
import GLib from 'gi://GLib';
import GObject from 'gi://GObject';
import Gossl from 'gi://Gossl?version=1.0';
import system from 'system';

const [certFile, keyFile, port = '0'] = ARGV;
if (!keyFile || ARGV.length > 3) {
    printerr('Usage: gjs -m echo-server.js CERT.pem KEY.pem [PORT]');
    system.exit(2);
}

try {
    // A server asks for no client certificate unless told to: nothing to
    // verify, no trust store to load.
    const context = new Gossl.Context({method: Gossl.Method.TLS_SERVER});
    context.use_certificate_file(certFile, Gossl.Filetype.PEM);
    context.use_privatekey_file(keyFile, Gossl.Filetype.PEM);
    context.check_privatekey();

    const listener = new Gio.SocketListener();
    const address = new Gio.InetSocketAddress({
        address: Gio.InetAddress.new_loopback(Gio.SocketFamily.IPV4),
        port: Number(port),
    });
    const [, bound] = listener.add_address(address, Gio.SocketType.STREAM,
        Gio.SocketProtocol.TCP, null);
    // GJS's print() writes a whole line straight to stdout: no flush needed.
    print(`listening on 127.0.0.1:${bound.get_port()}`);

    const [tcp] = listener.accept(null);
    listener.close(); // one client only
    print('client connected');

    // The TLS connection borrows the fd; `tcp` keeps owning (and closes) it.
    // GSocket makes accepted sockets non-blocking too; this server wants
    // blocking calls.
    const fd = tcp.get_socket().get_fd();
    GLib.unix_set_fd_nonblocking(fd, false);
    const tls = Gossl.Connection.new(context, fd);
    tls.set_accept_state();
    tls.do_handshake();
    // What the handshake agreed on, as Gio.TlsConnection's properties have it.
    print(`protocol: ${GObject.enum_to_string(Gio.TlsProtocolVersion.$gtype, tls.protocol_version)}`);
    print(`cipher: ${tls.ciphersuite_name}`);

    let total = 0, messages = 0;
    for (;;) {
        let data;
        try {
            data = tls.recv(16384);
        } catch (e) {
            // The client's close-notify: the clean end of the session.
            if (e.matches?.(Gossl.SslError, Gossl.SslError.ZERO_RETURN))
                break;
            throw e;
        }
        tls.send_all(data);
        total += data.length;
        messages++;
    }
    print(`echoed ${total} bytes in ${messages} messages`);
    tls.shutdown(); // answer the client's close-notify with ours
    print('connection closed');
    tcp.close(null);
} catch (e) {
    printerr(`echo-server: ${e.message}`);
    system.exit(1);
}
