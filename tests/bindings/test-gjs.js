// test-gjs.js: gossl as a GJS programmer meets it: async calls awaited
// through Gio._promisify, the info and verify signals' values as
// Gossl.InfoWhere and Gossl.VerifyResult, certificate arrays as JS arrays,
// signal handlers that return GLib.Bytes (OCSP stapling).
//
// Usage: gjs -m test-gjs.js HOST PORT FILES_DIR, HOST:PORT being
// `openssl s_server -rev -naccept 3` with the fixture server.pem
// (run-example.py binding-test).
import Gio from 'gi://Gio';
import GLib from 'gi://GLib';
import Gossl from 'gi://Gossl?version=1.0';
import system from 'system';

Gio._promisify(Gio.SocketClient.prototype, 'connect_to_host_async', 'connect_to_host_finish');
Gio._promisify(Gossl.TlsStream.prototype, 'handshake_async', 'handshake_finish');
Gio._promisify(Gio.OutputStream.prototype, 'write_all_async', 'write_all_finish');
Gio._promisify(Gio.InputStream.prototype, 'read_bytes_async', 'read_bytes_finish');
Gio._promisify(Gio.IOStream.prototype, 'close_async', 'close_finish');

const [host, port, files] = ARGV;
if (!files) {
    printerr('Usage: gjs -m test-gjs.js HOST PORT FILES_DIR');
    system.exit(2);
}

function check(condition, what) {
    if (!condition)
        throw new Error(`check failed: ${what}`);
}

function fixture(name) {
    const [, data] = GLib.file_get_contents(GLib.build_filenamev([files, name]));
    return data;
}

function clientContext(caFile) {
    const context = Gossl.Context.new(Gossl.Method.TLS_CLIENT);
    context.load_verify_locations(GLib.build_filenamev([files, caFile]), null);
    context.set_verify(Gossl.VerifyMode.PEER);
    return context;
}

async function talkToServer() {
    const context = clientContext('ca.pem');
    let seen = 0;
    const results = [];
    context.connect('info', (_ctx, _conn, where, _ret) => {
        seen |= where;
    });
    context.connect('verify', (_ctx, _conn, _cert, result, _depth, ok) => {
        results.push(result);
        return ok;
    });

    const tcp = await new Gio.SocketClient().connect_to_host_async(host, Number(port), null);
    const tls = Gossl.TlsStream.new_client(context, tcp, 'localhost');
    await tls.handshake_async(GLib.PRIORITY_DEFAULT, null);
    check(seen & Gossl.InfoWhere.HANDSHAKE_START, 'HANDSHAKE_START seen');
    check(seen & Gossl.InfoWhere.HANDSHAKE_DONE, 'HANDSHAKE_DONE seen');
    check((seen & Gossl.InfoWhere.CONNECT_LOOP) === Gossl.InfoWhere.CONNECT_LOOP, 'CONNECT_LOOP seen');
    check(!(seen & Gossl.InfoWhere.ACCEPT), 'no ACCEPT bit on a client');
    check(results.length === 2 && results.every(r => r === Gossl.VerifyResult.OK),
        `verify results ${results}`);

    const chain = tls.get_connection().get_verified_chain();
    check(chain.length === 2 && chain.every(c => c instanceof Gossl.X509), 'a chain of two X509s');
    check(chain[0].get_subject_entry('CN') === 'localhost', 'the leaf first');
    check(chain[1].get_subject_entry('CN') === 'gossl test CA', 'the CA last');
    print(`verified chain: ${chain.map(c => c.get_subject().to_string()).join(' <- ')}`);

    await tls.get_output_stream().write_all_async(new TextEncoder().encode('hello from GJS\n'),
        GLib.PRIORITY_DEFAULT, null);
    let reply = '';
    while (!reply.endsWith('\n')) {
        const bytes = await tls.get_input_stream().read_bytes_async(4096, GLib.PRIORITY_DEFAULT, null);
        check(bytes.get_size() > 0, 'a reply before the end of the stream');
        reply += new TextDecoder().decode(bytes.toArray());
    }
    check(reply === 'SJG morf olleh\n', `the reversed line, not ${JSON.stringify(reply)}`);
    print(`reply: ${reply.trimEnd()}`);
    await tls.close_async(GLib.PRIORITY_DEFAULT, null);
}

async function meetUntrustedServer() {
    // ca2.pem did not sign server.pem: the handshake fails, and the verify
    // signal says why.
    const context = clientContext('ca2.pem');
    const results = [];
    context.connect('verify', (_ctx, _conn, _cert, result, _depth, ok) => {
        results.push(result);
        return ok;
    });
    const tcp = await new Gio.SocketClient().connect_to_host_async(host, Number(port), null);
    const tls = Gossl.TlsStream.new_client(context, tcp, 'localhost');
    let refused = null;
    try {
        await tls.handshake_async(GLib.PRIORITY_DEFAULT, null);
    } catch (e) {
        refused = e;
    }
    check(refused instanceof GLib.Error, 'the handshake failed');
    print(`untrusted server refused: ${refused.message}`);
    check(results[0] === Gossl.VerifyResult.UNABLE_TO_GET_ISSUER_CERT_LOCALLY,
        `verify result ${results[0]}`);
    check(Gossl.VerifyResult.UNABLE_TO_GET_ISSUER_CERT_LOCALLY === 20, "OpenSSL's number");
    print(`verify result: ${results[0]}`);
}

function checkBundles() {
    const p12 = Gossl.PKCS12.new_from_data(fixture('server.p12'), new TextEncoder().encode('secret'));
    const cas = p12.get_ca_certificates();
    check(cas.length === 1 && cas[0].get_subject_entry('CN') === 'gossl test CA', 'the PKCS#12 CA');
    const p7 = Gossl.PKCS7.new_from_data(Gossl.Filetype.PEM, fixture('pkcs7-signed.pem'));
    check(p7.type_is_signed(), 'a signed PKCS#7');
    print(`PKCS#12 CA: ${cas[0].get_subject().to_string()}; PKCS#7 signed`);
}

// OCSP stapling and the key log through signals whose handlers return or
// take GLib.Bytes, on a memory pair (no peer needed).
function checkStaplingAndKeylog() {
    const server = Gossl.Context.new(Gossl.Method.TLS_SERVER);
    server.use_certificate_file(GLib.build_filenamev([files, 'server.pem']), Gossl.Filetype.PEM);
    server.use_privatekey_file(GLib.build_filenamev([files, 'server.key']), Gossl.Filetype.PEM);
    const staple = new TextEncoder().encode('stapled by GJS');
    server.connect('ocsp-status-request', () => new GLib.Bytes(staple));
    const client = clientContext('ca.pem');
    let received = null;
    client.connect('ocsp-status-response', (_ctx, _conn, response) => {
        received = new TextDecoder().decode(response.toArray());
        return true;
    });
    const lines = [];
    client.connect('keylog', (_ctx, _conn, line) => lines.push(line.split(' ')[0]));

    const c = Gossl.Connection.new_memory(client);
    const s = Gossl.Connection.new_memory(server);
    c.set_connect_state();
    s.set_accept_state();
    c.request_ocsp();
    const step = conn => {
        try {
            return conn.do_handshake();
        } catch (e) {
            if (!e.matches(Gossl.SslError, Gossl.SslError.WANT_READ))
                throw e;
            return false;
        }
    };
    const move = (from, to) => {
        try {
            to.bio_write(from.bio_read(65536));
        } catch (e) {
            if (!e.matches(Gossl.SslError, Gossl.SslError.WANT_READ))
                throw e;
        }
    };
    let done = false;
    for (let i = 0; i < 10 && !done; i++) {
        const clientDone = step(c);
        move(c, s);
        const serverDone = step(s);
        move(s, c);
        done = clientDone && serverDone;
    }
    check(done, 'the memory handshake finished');
    check(received === 'stapled by GJS', `the staple, not ${received}`);
    check(lines.includes('CLIENT_TRAFFIC_SECRET_0'), `key log labels ${lines}`);
    const exported = c.export_keying_material('EXPERIMENTAL-gjs', 16, null);
    check(exported.get_size() === 16 &&
        exported.compare(s.export_keying_material('EXPERIMENTAL-gjs', 16, null)) === 0,
        'the same keys at both ends');
    print(`OCSP staple: ${received}; key log: ${lines.length} lines`);
}

// Reading by signal and sending without a callback: the way a GJS server
// answers many clients (docs/gnome-start.md "From GJS and Python").
async function talkBySignals() {
    const tcp = await new Gio.SocketClient().connect_to_host_async(host, Number(port), null);
    const tls = Gossl.TlsStream.new_client(clientContext('ca.pem'), tcp, 'localhost');
    await tls.handshake_async(GLib.PRIORITY_DEFAULT, null);
    const reply = await new Promise((resolve, reject) => {
        let text = '';
        tls.connect('received', (_stream, bytes) => {
            text += new TextDecoder().decode(bytes.toArray());
            if (text.endsWith('\n') || bytes.get_size() === 0) {
                tls.receiving = false;
                resolve(text);
            }
        });
        tls.connect('error', (_stream, error) => reject(error));
        tls.receiving = true;
        check(tls.receiving, 'receiving is on');
        tls.send_bytes(new GLib.Bytes(new TextEncoder().encode('hello by signal\n')));
    });
    check(reply === 'langis yb olleh\n', `s_server -rev answered by signal: ${JSON.stringify(reply)}`);
    await tls.close_async(GLib.PRIORITY_DEFAULT, null);
    print(`reply by signal: ${reply.trim()}`);
}

const loop = new GLib.MainLoop(null, false);
let status = 0;
(async () => {
    checkBundles();
    checkStaplingAndKeylog();
    await talkToServer();
    await meetUntrustedServer();
    await talkBySignals();
    print('binding test: ok');
})().catch(e => {
    printerr(`test-gjs: ${e.message}\n${e.stack ?? ''}`);
    status = 1;
}).finally(() => loop.quit());
loop.run();
system.exit(status);
