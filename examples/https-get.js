// https-get.js: fetch a page over HTTPS with gossl from GJS, without ever
// blocking the main loop. A timer ticks every 10 ms meanwhile, and the
// longest gap between its ticks is printed at the end: the TLS work
// (connect, handshake, certificate and hostname checks, ALPN, reading and
// writing) all runs on the main loop, in small steps.
//
// Usage: gjs -m https-get.js HOST PORT CAFILE [PATH]
import Gio from 'gi://Gio';
import GLib from 'gi://GLib';
import GObject from 'gi://GObject';
import Gossl from 'gi://Gossl?version=1.0';
import system from 'system';

Gio._promisify(Gio.SocketClient.prototype, 'connect_to_host_async', 'connect_to_host_finish');
Gio._promisify(Gossl.TlsStream.prototype, 'handshake_async', 'handshake_finish');
Gio._promisify(Gio.OutputStream.prototype, 'write_bytes_async', 'write_bytes_finish');
Gio._promisify(Gio.InputStream.prototype, 'read_bytes_async', 'read_bytes_finish');
Gio._promisify(Gio.IOStream.prototype, 'close_async', 'close_finish');

const MAX_GAP_MS = 50;
const SHOW_BYTES = 2048;

const [host, port, cafile, path = '/'] = ARGV;
if (!cafile) {
    printerr('Usage: gjs -m https-get.js HOST PORT CAFILE [PATH]');
    system.exit(2);
}

// The timer whose ticks must never be held up for long.
let last = GLib.get_monotonic_time();
let maxGap = 0;
let ticks = 0;
const timer = GLib.timeout_add(GLib.PRIORITY_DEFAULT, 10, () => {
    const now = GLib.get_monotonic_time();
    maxGap = Math.max(maxGap, now - last);
    last = now;
    ticks++;
    return GLib.SOURCE_CONTINUE;
});

// The TLS stream, kept to tell what was wrong when its handshake failed.
let tls = null;

async function fetch() {
    // A client context verifies the server by default; the CA file given
    // replaces the system's trusted CAs.
    const context = new Gossl.Context({method: Gossl.Method.TLS_CLIENT});
    context.load_verify_locations(cafile, null);
    context.set_alpn_protos(['http/1.1']);

    const tcp = await new Gio.SocketClient().connect_to_host_async(host, Number(port), null);
    print(`connected to ${host}:${port}`);

    // Sends HOST as the server name and checks the certificate against it.
    tls = Gossl.TlsStream.new_client(context, tcp, host);
    await tls.handshake_async(GLib.PRIORITY_DEFAULT, null);
    // What the handshake agreed on: the properties Gio.TlsConnection has too.
    print(`protocol: ${GObject.enum_to_string(Gio.TlsProtocolVersion.$gtype, tls.protocol_version)}`);
    print(`cipher: ${tls.ciphersuite_name}`);
    print(`peer: ${tls.peer_certificate.subject_name}`);
    print(`alpn: ${tls.negotiated_protocol}`);
    if (tls.negotiated_protocol !== 'http/1.1')
        throw new Error('the server did not agree on http/1.1');

    const request = `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`;
    let pending = new TextEncoder().encode(request);
    while (pending.length > 0) {
        const n = await tls.get_output_stream().write_bytes_async(
            new GLib.Bytes(pending), GLib.PRIORITY_DEFAULT, null);
        pending = pending.subarray(n);
    }

    // Read to the end; keep the start of the response to show.
    const head = new Uint8Array(SHOW_BYTES);
    let total = 0;
    for (;;) {
        const bytes = await tls.get_input_stream().read_bytes_async(
            16384, GLib.PRIORITY_DEFAULT, null);
        if (bytes.get_size() === 0)
            break;
        if (total < SHOW_BYTES)
            head.set(bytes.toArray().subarray(0, SHOW_BYTES - total), total);
        total += bytes.get_size();
    }
    print('--- response ---');
    print(new TextDecoder().decode(head.subarray(0, Math.min(total, SHOW_BYTES))).trimEnd());
    if (total > SHOW_BYTES)
        print(`[... ${total - SHOW_BYTES} more bytes]`);
    print(`--- end (${total} bytes) ---`);
    await tls.close_async(GLib.PRIORITY_DEFAULT, null);
}

const loop = new GLib.MainLoop(null, false);
let status = 0;
fetch().catch(e => {
    if (e instanceof GLib.Error && e.matches(Gossl.SslError, Gossl.SslError.BAD_CERTIFICATE)) {
        // Every problem verification found, as GIO's flags.
        const problems = GObject.flags_to_string(Gio.TlsCertificateFlags.$gtype,
            tls.peer_certificate_errors);
        printerr(`https-get: the server's certificate was refused (${problems}): ${e.message}`);
    } else if (e instanceof GLib.Error && e.domain === Gossl.SslError.quark()) {
        printerr(`https-get: TLS error ${e.code}: ${e.message}`);
    } else {
        printerr(`https-get: ${e.message}`);
    }
    status = 1;
}).finally(() => loop.quit());
loop.run();
GLib.source_remove(timer);

print(`timer: ${ticks} ticks, max gap ${(maxGap / 1000).toFixed(1)} ms`);
if (maxGap > MAX_GAP_MS * 1000) {
    printerr(`https-get: the main loop was blocked for more than ${MAX_GAP_MS} ms`);
    status = 1;
}
system.exit(status);
