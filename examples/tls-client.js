// tls-client.js: connect to HOST:PORT over TLS with gossl from GJS, verify
// the server against a CA file and HOST, print the verified chain, what the
// handshake agreed on, and the server's reply to one line.
//
// Usage: gjs -m tls-client.js HOST PORT CAFILE [MESSAGE]
import Gio from 'gi://Gio';
import GLib from 'gi://GLib';
import GObject from 'gi://GObject';
import Gossl from 'gi://Gossl?version=1.0';
import system from 'system';

const [host, port, cafile, message = 'hello from gossl (GJS)\n'] = ARGV;
if (!cafile) {
    printerr('Usage: gjs -m tls-client.js HOST PORT CAFILE [MESSAGE]');
    system.exit(2);
}

let tls = null;
try {
    // A client context verifies the server by default; the CA file given
    // replaces the system's trusted CAs.
    const context = new Gossl.Context({method: Gossl.Method.TLS_CLIENT});
    context.load_verify_locations(cafile, null);
    // Emitted for each certificate of the server's chain, the CA (deepest)
    // first; it only reports here: OpenSSL's verdict (ok) stands.
    context.connect('verify', (_ctx, _conn, cert, result, depth, ok) => {
        const verdict = ok ? 'ok' : `FAILED: ${GObject.enum_to_string(Gossl.VerifyResult.$gtype, result)}`;
        print(`depth ${depth}: ${cert.subject_name} [${verdict}]`);
        return ok;
    });

    // The TLS connection borrows the fd; `tcp` keeps owning (and closes) it.
    // GSocket keeps its fd non-blocking; this script wants blocking calls.
    const tcp = new Gio.SocketClient().connect_to_host(host, Number(port), null);
    const fd = tcp.get_socket().get_fd();
    GLib.unix_set_fd_nonblocking(fd, false);
    tls = Gossl.Connection.new(context, fd);
    tls.set_connect_state();
    // The certificate must be for HOST; a name (not an address) is also sent
    // as the server name (SNI), for servers that serve several.
    tls.set_verify_hostname(host);
    if (!GLib.hostname_is_ip_address(host))
        tls.set_tlsext_host_name(host);
    tls.do_handshake();

    // What the handshake agreed on: the properties Gio.TlsConnection has too.
    print(`peer: ${tls.peer_certificate.subject_name}`);
    print(`protocol: ${GObject.enum_to_string(Gio.TlsProtocolVersion.$gtype, tls.protocol_version)}`);
    print(`cipher: ${tls.ciphersuite_name}`);

    tls.send_all(new TextEncoder().encode(message));
    const reply = tls.recv(4096);
    print(`reply: ${new TextDecoder().decode(reply)}`);
    tls.shutdown();
    tcp.close(null);
} catch (e) {
    if (e instanceof GLib.Error && e.matches(Gossl.SslError, Gossl.SslError.BAD_CERTIFICATE)) {
        // Every problem verification found, as GIO's flags.
        const problems = GObject.flags_to_string(Gio.TlsCertificateFlags.$gtype,
            tls.peer_certificate_errors);
        printerr(`tls-client: the server's certificate was refused (${problems}): ${e.message}`);
    } else {
        printerr(`tls-client: ${e.message}`);
    }
    system.exit(1);
}
