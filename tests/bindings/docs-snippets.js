// docs-snippets.js: every GJS snippet of docs/gnome-start.md, run against
// real peers: `openssl s_server -rev` with a certificate of the test CA,
// GIO's own TLS server (glib-networking) serving a certificate gossl made, and
// a TCP server that never answers, for cancellation.
//
// The page cannot drift from this file: between the "page:" and "end" marker
// comments below stand the page's ```js blocks, verbatim, and the first check
// is that each of the page's ```js blocks appears here (and each ```vala block
// in the Vala program given).
//
// Usage: gjs -m docs-snippets.js PAGE VALA_SOURCE  (with $GOSSL_TEST_FILES the
// fixtures directory). Prints one "ok"/"not ok" line per check; exits 1 when
// any failed.
//
// SPDX-License-Identifier: Apache-2.0

// page: setup
import Gio from 'gi://Gio';
import GLib from 'gi://GLib';
import Gossl from 'gi://Gossl?version=1.0';

Gio._promisify(Gio.SocketClient.prototype, 'connect_to_host_async');
Gio._promisify(Gio.InputStream.prototype, 'read_bytes_async');
Gio._promisify(Gio.OutputStream.prototype, 'write_all_async');
Gio._promisify(Gio.IOStream.prototype, 'close_async');
Gio._promisify(Gossl.TlsStream.prototype, 'handshake_async');
// end

import system from 'system';

// page: connect with GIO
async function talkWithGio(host, port, request) {
    const client = new Gio.SocketClient({tls: true});
    // The handshake is part of connecting: an untrusted server fails here.
    const connection = await client.connect_to_host_async(host, port, null);
    const tls = connection.get_base_io_stream();    // a Gio.TlsClientConnection
    const peer = tls.get_peer_certificate().subject_name;

    await connection.get_output_stream().write_all_async(request, GLib.PRIORITY_DEFAULT, null);
    const reply = await connection.get_input_stream().read_bytes_async(4096, GLib.PRIORITY_DEFAULT, null);
    await connection.close_async(GLib.PRIORITY_DEFAULT, null);
    return {peer, reply: reply.toArray()};
}
// end

// page: connect with gossl
async function talkWithGossl(context, host, port, request) {
    const tcp = await new Gio.SocketClient().connect_to_host_async(host, port, null);
    // host is sent as the server name and checked against the certificate.
    const tls = Gossl.TlsStream.new_client(context, tcp, host);
    await tls.handshake_async(GLib.PRIORITY_DEFAULT, null);
    const peer = tls.peer_certificate.subject_name;    // a Gossl.X509

    await tls.get_output_stream().write_all_async(request, GLib.PRIORITY_DEFAULT, null);
    const reply = await tls.get_input_stream().read_bytes_async(4096, GLib.PRIORITY_DEFAULT, null);
    await tls.close_async(GLib.PRIORITY_DEFAULT, null);    // sends TLS close_notify
    return {peer, reply: reply.toArray()};
}

// Trusts the system's CAs and checks host names, until told otherwise.
const context = Gossl.Context.new(Gossl.Method.TLS_CLIENT);
// end

// page: inspect with GIO
function describeWithGio(path) {
    const certificate = Gio.TlsCertificate.new_from_file(path);
    return {
        subject: certificate.subject_name,
        issuer: certificate.issuer_name,
        notAfter: certificate.not_valid_after.format_iso8601(),
        dnsNames: certificate.get_dns_names().map(name => new TextDecoder().decode(name.toArray())),
    };
}
// end

// page: inspect with gossl
function describeWithGossl(path) {
    const [pem] = Gio.File.new_for_path(path).load_bytes(null);
    const certificate = Gossl.X509.new_from_bytes(Gossl.Filetype.PEM, pem);
    return {
        subject: certificate.subject_name,
        issuer: certificate.issuer_name,
        notAfter: certificate.not_valid_after.format_iso8601(),
        dnsNames: certificate.get_dns_names().map(name => new TextDecoder().decode(name.toArray())),
    };
}
// end

// page: inspect further
function describeFurther(certificate) {
    const extensions = [];
    for (let i = 0; i < certificate.get_extension_count(); i++) {
        const extension = certificate.get_extension(i);
        extensions.push(`${extension.get_short_name()}: ${extension.to_string()}`);
    }
    return {
        commonName: certificate.get_subject_common_name(),
        serial: certificate.serial_number,
        fingerprint: certificate.digest('sha256'),
        signedWith: certificate.get_signature_algorithm(),
        keyBits: certificate.get_pubkey().get_bits(),
        extensions,
    };
}

// A certificate GIO gave, such as a Gio.TlsConnection's peer certificate:
function describeGioCertificate(gioCertificate) {
    return describeFurther(Gossl.X509.new_from_tls_certificate(gioCertificate));
}
// end

// page: make certificates
function makeKey() {
    const key = Gossl.PKey.new();
    key.generate_key(Gossl.KeyType.RSA, 2048);
    return key;
}

function makeCertificate(subjectName, key, issuer, issuerKey, extensions) {
    const certificate = Gossl.X509.new();
    const now = GLib.DateTime.new_now_utc();
    certificate.set_version(2);    // X.509 v3
    certificate.set_serial_number(GLib.uuid_string_random().replaceAll('-', ''));
    certificate.get_subject().set_entry('CN', subjectName);
    certificate.set_issuer((issuer ?? certificate).get_subject());
    certificate.set_pubkey(key);
    certificate.set_not_valid_before(now);
    certificate.set_not_valid_after(now.add_days(issuer ? 90 : 3650));
    for (const [name, critical, value] of extensions)
        certificate.add_extension(Gossl.X509Extension.new(name, critical, value, null, null));
    certificate.sign(issuerKey, 'sha256');
    return certificate;
}

const caKey = makeKey();
const ca = makeCertificate('Example Test CA', caKey, null, caKey, [
    ['basicConstraints', true, 'CA:TRUE'],
    ['keyUsage', true, 'keyCertSign, cRLSign'],
]);
const serverKey = makeKey();
const serverCertificate = makeCertificate('localhost', serverKey, ca, caKey, [
    ['basicConstraints', true, 'CA:FALSE'],
    ['subjectAltName', false, 'DNS:localhost'],
    ['extendedKeyUsage', false, 'serverAuth'],
]);
// end

// page: make a request
function makeRequest(hostName, key) {
    const request = Gossl.X509Req.new();
    request.get_subject().set_entry('CN', hostName);
    request.set_pubkey(key);
    request.add_extensions([Gossl.X509Extension.new('subjectAltName', false, `DNS:${hostName}`, null, null)]);
    request.sign(key, 'sha256');
    return request.to_bytes(Gossl.Filetype.PEM);    // a GLib.Bytes of PEM, for the CA
}
// end

// page: serve with GIO
function serveWithGio(certificate, key, chain) {
    // The certificate with its key and chain, as GIO's TLS backend takes it.
    const served = certificate.to_tls_certificate(key, chain);
    const service = new Gio.SocketService();
    const port = service.add_any_inet_port(null);
    service.connect('incoming', (_service, connection) => {
        answer(Gio.TlsServerConnection.new(connection, served)).catch(logError);
        return true;
    });
    return [service, port];
}

async function answer(tls) {
    // The first read runs the handshake.
    const request = await tls.get_input_stream().read_bytes_async(4096, GLib.PRIORITY_DEFAULT, null);
    const text = new TextDecoder().decode(request.toArray());
    await tls.get_output_stream().write_all_async(new TextEncoder().encode(text.toUpperCase()),
        GLib.PRIORITY_DEFAULT, null);
    // Sends close_notify and closes the socket. (GIO's TLS connections are
    // Gio.DtlsConnections too, whose close_async() GJS would pick.)
    tls.close(null);
}
// end

// page: serve many clients
function serveWithGossl(certificate, key) {
    const context = Gossl.Context.new(Gossl.Method.TLS_SERVER);
    context.use_certificate(certificate);
    context.use_privatekey(key);
    const service = Gossl.TlsService.new(context);
    const port = service.add_any_inet_port(null);
    // Each stream comes with its handshake done; answer() keeps it.
    service.connect('incoming', (_service, tls) => answer(tls).catch(logError));
    service.start();
    return [service, port];
}
// end

// page: serve from GJS
function serveBySignals(certificate, key) {
    const context = Gossl.Context.new(Gossl.Method.TLS_SERVER);
    context.use_certificate(certificate);
    context.use_privatekey(key);
    const service = Gossl.TlsService.new(context);
    const port = service.add_any_inet_port(null);
    service.connect('incoming', (_service, tls) => {
        tls.connect('received', (stream, bytes) => {
            if (bytes.get_size() === 0) {    // the client's close_notify
                stream.close_async(GLib.PRIORITY_DEFAULT, null, null);
                return;
            }
            const text = new TextDecoder().decode(bytes.toArray());
            stream.send_bytes(new GLib.Bytes(new TextEncoder().encode(text.toUpperCase())));
        });
        tls.connect('error', (stream, error) => {
            logError(error);
            stream.close_async(GLib.PRIORITY_DEFAULT, null, null);
        });
        // It reads from now on, and keeps itself until its client is gone.
        tls.receiving = true;
    });
    service.start();
    return [service, port];
}
// end

// page: trust your CA
async function askOurServer(port) {
    const ours = Gossl.Context.new(Gossl.Method.TLS_CLIENT);
    ours.get_cert_store().add_cert(ca);    // trust our CA, and only it
    return await talkWithGossl(ours, 'localhost', port, new TextEncoder().encode('hello\n'));
}
// end

// page: errors with gossl
const PROBLEMS = {
    UNKNOWN_CA: 'not signed by a trusted CA',
    BAD_IDENTITY: 'not for this host',
    NOT_ACTIVATED: 'not valid yet',
    EXPIRED: 'expired',
    REVOKED: 'revoked',
    INSECURE: 'insecure algorithm',
    GENERIC_ERROR: 'unusable',
};

async function checkServer(context, host, port, cancellable) {
    const tcp = await new Gio.SocketClient().connect_to_host_async(host, port, cancellable);
    const tls = Gossl.TlsStream.new_client(context, tcp, host);
    try {
        await tls.handshake_async(GLib.PRIORITY_DEFAULT, cancellable);
        return 'trusted';
    } catch (e) {
        if (e.matches(Gossl.SslError, Gossl.SslError.BAD_CERTIFICATE)) {
            // What is wrong, as GIO's Gio.TlsCertificateFlags.
            const flags = tls.peer_certificate_errors;
            return Object.keys(PROBLEMS).filter(flag => flags & Gio.TlsCertificateFlags[flag])
                .map(flag => PROBLEMS[flag]).join(', ');
        }
        if (e.matches(Gio.IOErrorEnum, Gio.IOErrorEnum.CANCELLED))
            return 'cancelled';
        throw e;    // Gossl.SslError.NOT_TLS, HANDSHAKE, EOF, or a Gio.IOErrorEnum
    } finally {
        tls.close(null);
    }
}
// end

// page: errors with GIO
async function checkServerWithGio(host, port) {
    try {
        await talkWithGio(host, port, new TextEncoder().encode('hello\n'));
        return 'trusted';
    } catch (e) {
        if (e.matches(Gio.TlsError, Gio.TlsError.BAD_CERTIFICATE))
            return 'not trusted';
        throw e;
    }
}
// end

// page: cancel
function cancelAfter(milliseconds) {
    const cancellable = new Gio.Cancellable();
    GLib.timeout_add(GLib.PRIORITY_DEFAULT, milliseconds, () => {
        cancellable.cancel();
        return GLib.SOURCE_REMOVE;
    });
    return cancellable;
}
// end

// ---- the checks ------------------------------------------------------------

const [pagePath, valaPath] = ARGV;
const files = GLib.getenv('GOSSL_TEST_FILES');
let failed = 0;

function check(ok, what) {
    print(`${ok ? 'ok' : 'not ok'} - ${what}`);
    if (!ok)
        failed++;
}

function equal(got, expected, what) {
    check(got === expected, `${what}: ${JSON.stringify(got)} === ${JSON.stringify(expected)}`);
}

// A gossl service ([service, port]) answers askOurServer() as answer() does;
// then it stops.
async function expectHelloThenStop([service, port], what) {
    try {
        const served = await askOurServer(port);
        equal(text(served.reply), 'HELLO\n', what);
    } finally {
        service.stop();
        service.close();
    }
}

function readText(path) {
    return new TextDecoder().decode(GLib.file_get_contents(path)[1]);
}

// Each fenced block of the page, in the language given, must stand verbatim
// in the source that runs it.
function checkBlocks(language, sourcePath) {
    const source = readText(sourcePath);
    const blocks = [...readText(pagePath).matchAll(new RegExp(`^\`\`\`${language}\\n([^]*?)^\`\`\`$`, 'gm'))];
    check(blocks.length > 0, `the page has ${language} blocks`);
    for (const [, block] of blocks)
        check(source.includes(block), `the page's ${language} block "${block.split('\n')[0]}" is in ${sourcePath}`);
}

// `openssl s_server -rev` with the fixture server.pem (signed by ca.pem):
// it answers each line reversed.
function startReverseServer() {
    const proc = Gio.Subprocess.new(
        ['openssl', 's_server', '-accept', '127.0.0.1:0', '-rev',
            '-cert', `${files}/server.pem`, '-key', `${files}/server.key`],
        Gio.SubprocessFlags.STDIN_PIPE | Gio.SubprocessFlags.STDOUT_PIPE | Gio.SubprocessFlags.STDERR_MERGE);
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

const text = bytes => new TextDecoder().decode(bytes);
const hello = new TextEncoder().encode('hello gossl\n');

async function testConnect(port) {
    const gio = await talkWithGio('localhost', port, hello);
    equal(text(gio.reply), 'lssog olleh\n', 'GIO: the reply of the server');
    equal(gio.peer, Gio.TlsCertificate.new_from_file(`${files}/server.pem`).subject_name, 'GIO: the peer');

    const gossl = await talkWithGossl(context, 'localhost', port, hello);
    equal(text(gossl.reply), 'lssog olleh\n', 'gossl: the reply of the server');
    equal(gossl.peer, gio.peer, 'gossl: the peer, named as GIO names it');
}

function testInspect() {
    const path = `${files}/server.pem`;
    const gio = describeWithGio(path);
    equal(JSON.stringify(describeWithGossl(path)), JSON.stringify(gio), 'the same description from GIO and gossl');
    equal(gio.dnsNames.join(), 'localhost', 'the DNS names');

    const further = describeGioCertificate(Gio.TlsCertificate.new_from_file(path));
    equal(further.commonName, 'localhost', 'further: the common name');
    equal(further.serial, '02', 'further: the serial number');
    equal(further.keyBits, 2048, 'further: the key size');
    equal(further.signedWith, 'sha256WithRSAEncryption', 'further: the signature algorithm');
    check(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/.test(further.fingerprint), `further: the fingerprint ${further.fingerprint}`);
    check(further.extensions.includes('subjectAltName: DNS:localhost, IP Address:127.0.0.1'),
        `further: the extensions ${JSON.stringify(further.extensions)}`);
}

async function testMakeAndServe() {
    check(serverCertificate.get_issuer_name() === ca.subject_name, 'the server certificate names its CA');
    const store = Gossl.X509Store.new();
    store.add_cert(ca);
    check(store.verify_certificate(serverCertificate), 'the CA verifies the server certificate');

    const pem = makeRequest('device.example', serverKey);
    const request = Gossl.X509Req.new_from_bytes(Gossl.Filetype.PEM, pem);
    check(request.verify(serverKey), 'the request is signed by its key');
    equal(request.get_subject_entry('CN'), 'device.example', 'the request names its host');
    equal(request.get_extensions().map(e => e.to_string()).join(), 'DNS:device.example', 'the request asks for its name');

    const [service, port] = serveWithGio(serverCertificate, serverKey, [ca]);
    try {
        const {peer, reply} = await askOurServer(port);
        equal(text(reply), 'HELLO\n', 'GIO serves a gossl-made certificate; gossl trusting its CA talks to it');
        equal(peer, serverCertificate.subject_name, 'the peer is the certificate made');

        await expectHelloThenStop(serveWithGossl(serverCertificate, serverKey),
            'a Gossl.TlsService serves the same answer()');
        await expectHelloThenStop(serveBySignals(serverCertificate, serverKey),
            'a server answering by signal gives the same answer');

        // The system's CAs (here the test CA) do not include the CA just made.
        equal(await checkServer(context, 'localhost', port, null), 'not signed by a trusted CA',
            'checkServer() of a server whose CA is not trusted');
        equal(await checkServerWithGio('localhost', port), 'not trusted',
            'checkServerWithGio() of a server whose CA is not trusted');
    } finally {
        service.stop();
        service.close();
    }
}

async function testErrors(port) {
    equal(await checkServer(context, 'localhost', port, null), 'trusted', 'checkServer() of a trusted server');
    equal(await checkServerWithGio('localhost', port), 'trusted', 'checkServerWithGio() of a trusted server');

    // A server certificate for another name, from the trusted CA.
    const caKeyBytes = Gio.File.new_for_path(`${files}/ca.key`).load_bytes(null)[0];
    const testCa = Gossl.X509.new_from_bytes(Gossl.Filetype.PEM,
        Gio.File.new_for_path(`${files}/ca.pem`).load_bytes(null)[0]);
    const testCaKey = Gossl.PKey.new_from_bytes(Gossl.Filetype.PEM, caKeyBytes, null);
    const elsewhere = makeCertificate('elsewhere.example', serverKey, testCa, testCaKey, [
        ['subjectAltName', false, 'DNS:elsewhere.example'],
    ]);
    const [service, otherPort] = serveWithGio(elsewhere, serverKey, [testCa]);
    try {
        equal(await checkServer(context, 'localhost', otherPort, null), 'not for this host',
            'checkServer() of a certificate for another name');
    } finally {
        service.stop();
        service.close();
    }
}

async function testCancel() {
    // A TCP server that accepts and then says nothing.
    const listener = new Gio.SocketListener();
    const [, address] = listener.add_address(Gio.InetSocketAddress.new_from_string('127.0.0.1', 0),
        Gio.SocketType.STREAM, Gio.SocketProtocol.TCP, null);
    let held = null;
    listener.accept_async(null, (_listener, result) => {
        [held] = listener.accept_finish(result);
    });
    try {
        const started = GLib.get_monotonic_time();
        equal(await checkServer(context, '127.0.0.1', address.get_port(), cancelAfter(200)), 'cancelled',
            'checkServer() with a cancellable cancelled while the server says nothing');
        const waited = (GLib.get_monotonic_time() - started) / 1000;
        check(waited < 5000, `cancelled promptly (${Math.round(waited)} ms)`);
    } finally {
        held?.close(null);
        listener.close();
    }
}

checkBlocks('js', GLib.filename_from_uri(import.meta.url)[0]);
checkBlocks('vala', valaPath);

// The test CA stands for the system's CAs, for GIO and for OpenSSL alike.
Gio.TlsBackend.get_default().set_default_database(Gio.TlsFileDatabase.new(`${files}/ca.pem`));
GLib.setenv('SSL_CERT_FILE', `${files}/ca.pem`, true);
GLib.setenv('SSL_CERT_DIR', '/nonexistent', true);

const loop = new GLib.MainLoop(null, false);
(async () => {
    const [server, port] = startReverseServer();
    try {
        for (const test of [() => testConnect(port), testInspect, testMakeAndServe, () => testErrors(port), testCancel]) {
            try {
                await test();
            } catch (e) {
                check(false, `${e}\n${e.stack}`);
            }
        }
    } finally {
        server.force_exit();
        server.wait(null);
    }
    loop.quit();
})();
loop.run();
print(failed === 0 ? '# all passed' : `# ${failed} failed`);
system.exit(failed > 0 ? 1 : 0);
