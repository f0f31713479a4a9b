// test-tls-defaults.js: gossl's TLS face from GJS, as a GNOME developer
// meets it: `new` of a class whose construction fails throws; a client
// verifies the server by default, so an `openssl s_server` with a
// certificate no system CA signed is refused with BAD_CERTIFICATE and the
// problems as GTlsCertificateFlags; the handshake's outcome is in notifying
// properties.
//
// Run by tests/bindings/meson.build: gjs -m test-tls-defaults.js, with
// $GOSSL_TEST_FILES the fixtures directory. Exits non-zero on failure.
//
// SPDX-License-Identifier: Apache-2.0
import Gio from 'gi://Gio';
import GLib from 'gi://GLib';
import Gossl from 'gi://Gossl?version=1.0';
import system from 'system';

Gio._promisify(Gio.SocketClient.prototype, 'connect_to_host_async', 'connect_to_host_finish');
Gio._promisify(Gossl.TlsStream.prototype, 'handshake_async', 'handshake_finish');

const files = GLib.getenv('GOSSL_TEST_FILES');
let failures = 0;

function check(ok, what) {
    print(`${ok ? 'ok' : 'not ok'} - ${what}`);
    if (!ok)
        failures++;
}

function throws(fn, domain, code) {
    try {
        fn();
    } catch (e) {
        return e instanceof GLib.Error && e.matches(domain, code);
    }
    return false;
}

// `openssl s_server` with the fixture server.pem on a port of its choosing.
function startServer() {
    const proc = Gio.Subprocess.new(
        ['openssl', 's_server', '-accept', '127.0.0.1:0', '-naccept', '1',
            '-cert', `${files}/server.pem`, '-key', `${files}/server.key`],
        Gio.SubprocessFlags.STDIN_PIPE | Gio.SubprocessFlags.STDOUT_PIPE |
        Gio.SubprocessFlags.STDERR_MERGE);
    const out = new Gio.DataInputStream({base_stream: proc.get_stdout_pipe()});
    for (;;) {
        const [line] = out.read_line_utf8(null);
        if (line === null)
            throw new Error('openssl s_server did not start');
        const match = /^ACCEPT .*:(\d+)/.exec(line);
        if (match)
            return [proc, Number(match[1])];
    }
}

// Construction through GInitable: `new` throws, as `new()` does.
// OpenSSL 3 has no SSLv2/SSLv3: the C face has no such method.
check(Gossl.Method.SSLV3 === undefined && Gossl.Method.SSLV2 === undefined,
    'no SSLV2/SSLV3 method');
check(new Gossl.Context({method: Gossl.Method.TLS_SERVER}).get_verify_mode() === Gossl.VerifyMode.NONE,
    'new Gossl.Context({method: TLS_SERVER}) is initialized');
check(throws(() => new Gossl.Connection(), Gossl.SslError, Gossl.SslError.INVALID_ARGUMENT),
    'new Gossl.Connection() without a context throws');
check(throws(() => new Gossl.TlsStream(), Gossl.SslError, Gossl.SslError.INVALID_ARGUMENT),
    'new Gossl.TlsStream() without a connection throws');
const context = new Gossl.Context({method: Gossl.Method.TLS_CLIENT});
check(context.get_verify_mode() === Gossl.VerifyMode.PEER,
    'a client context made with new verifies the server');

async function untrusted() {
    const [server, port] = startServer();
    try {
        const tcp = await new Gio.SocketClient().connect_to_host_async('127.0.0.1', port, null);
        const tls = Gossl.TlsStream.new_client(context, tcp, 'localhost');
        let notified = 0;
        tls.connect('notify::peer-certificate', () => notified++);
        try {
            await tls.handshake_async(GLib.PRIORITY_DEFAULT, null);
            check(false, 'the handshake with an untrusted server fails');
        } catch (e) {
            check(e instanceof GLib.Error && e.matches(Gossl.SslError, Gossl.SslError.BAD_CERTIFICATE),
                `the handshake with an untrusted server throws BAD_CERTIFICATE (${e.message})`);
            check(e.message.startsWith(`The certificate of localhost:${port} is not trusted`),
                'the message says whose certificate and what is wrong');
        }
        check(tls.peer_certificate_errors === Gio.TlsCertificateFlags.UNKNOWN_CA,
            'peer-certificate-errors is UNKNOWN_CA');
        check(notified === 0, 'no handshake completed, nothing notified');
        tls.close(null);
    } finally {
        server.force_exit();
        server.wait(null);
    }
}

async function verifyNone() {
    const [server, port] = startServer();
    try {
        const lax = Gossl.Context.new(Gossl.Method.TLS_CLIENT);
        lax.set_verify(Gossl.VerifyMode.NONE);
        const tcp = await new Gio.SocketClient().connect_to_host_async('127.0.0.1', port, null);
        const tls = Gossl.TlsStream.new_client(lax, tcp, 'wrong.example');
        const seen = [];
        tls.connect('notify::peer-certificate', () => seen.push(tls.peer_certificate));
        await tls.handshake_async(GLib.PRIORITY_DEFAULT, null);
        check(seen.length === 1 && seen[0] !== null,
            'VERIFY_NONE connects; notify::peer-certificate fired once, with the certificate');
        check(tls.peer_certificate_errors ===
            (Gio.TlsCertificateFlags.UNKNOWN_CA | Gio.TlsCertificateFlags.BAD_IDENTITY),
        'the problems stay readable: UNKNOWN_CA | BAD_IDENTITY');
        check(tls.protocol_version === Gio.TlsProtocolVersion.TLS_1_3,
            'protocol-version is a Gio.TlsProtocolVersion');
        check(tls.ciphersuite_name.startsWith('TLS_'), `ciphersuite-name ${tls.ciphersuite_name}`);
        tls.close(null);
    } finally {
        server.force_exit();
        server.wait(null);
    }
}

const loop = new GLib.MainLoop(null, false);
untrusted().then(verifyNone).catch(e => {
    printerr(`test-tls-defaults: ${e}\n${e.stack}`);
    failures++;
}).finally(() => loop.quit());
loop.run();
print(failures === 0 ? '# all passed' : `# ${failures} failed`);
system.exit(failures === 0 ? 0 : 1);
