// tls-client.js: connect to HOST:PORT over TLS with gossl from GJS, verify
// the server against a CA file, print the verified chain, the cipher, and the
// server's reply to one line.
//
// Usage: gjs -m tls-client.js HOST PORT CAFILE [MESSAGE]
import Gio from 'gi://Gio';
import GLib from 'gi://GLib';
import Gossl from 'gi://Gossl?version=1.0';
import system from 'system';

const [host, port, cafile, message = 'hello from gossl (GJS)\n'] = ARGV;
if (!cafile) {
    printerr('Usage: gjs -m tls-client.js HOST PORT CAFILE [MESSAGE]');
    system.exit(2);
}

try {
    const context = Gossl.Context.new(Gossl.Method.TLS_CLIENT);
    context.load_verify_locations(cafile, null);
    context.set_verify(Gossl.VerifyMode.PEER);
    context.connect('verify', (_ctx, _conn, cert, _errnum, depth, ok) => {
        print(`depth ${depth}: ${cert.get_subject().to_string()} [${ok ? 'ok' : 'FAILED'}]`);
        return ok;
    });

    // The TLS connection borrows the fd; `tcp` keeps owning (and closes) it.
    // GSocket keeps its fd non-blocking; this script wants blocking calls.
    const tcp = new Gio.SocketClient().connect_to_host(host, Number(port), null);
    const fd = tcp.get_socket().get_fd();
    GLib.unix_set_fd_nonblocking(fd, false);
    const tls = Gossl.Connection.new(context, fd);
    tls.set_connect_state();
    tls.do_handshake();

    print(`peer: ${tls.get_peer_certificate().get_subject().to_string()}`);
    print(`protocol: ${tls.get_protocol_version_name()}`);
    print(`cipher: ${tls.get_cipher_name()}`);

    tls.send_all(new TextEncoder().encode(message));
    const reply = tls.recv(4096);
    print(`reply: ${new TextDecoder().decode(reply)}`);
    tls.shutdown();
    tcp.close(null);
} catch (e) {
    if (e instanceof GLib.Error && e.domain === Gossl.SslError.quark())
        printerr(`tls-client: TLS error ${e.code}: ${e.message}`);
    else
        printerr(`tls-client: ${e.message}`);
    system.exit(1);
}
