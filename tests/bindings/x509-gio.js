// x509-gio.js: gossl's certificate classes as a GJS program sees them:
// GLib.Bytes in and out, GLib.DateTime validity, GIO's property names and
// notify::, reads that cannot throw, and Gio.TlsCertificate both ways
// against GIO's own TLS server and client (glib-networking).
//
// Usage: gjs -m x509-gio.js   (GOSSL_TEST_FILES names tests/files)
// Prints one "ok"/"not ok" line per check; exits 1 when any failed.
import GLib from 'gi://GLib';
import Gio from 'gi://Gio';
import Gossl from 'gi://Gossl?version=1.0';
import {check, closeTls, equal, files, handshake, loadBytes, runTests, throwsMatching}
    from './gio-test-helpers.js';

Gio._promisify(Gio.SocketListener.prototype, 'accept_async');
Gio._promisify(Gio.SocketClient.prototype, 'connect_async');
Gio._promisify(Gio.InputStream.prototype, 'read_bytes_async');
Gio._promisify(Gio.OutputStream.prototype, 'write_bytes_async');
Gio._promisify(Gio.Subprocess.prototype, 'communicate_utf8_async');

function sameBytes(a, b) {
    return a.compare(b) === 0;
}

const text = bytes => new TextDecoder().decode(bytes.toArray());

function testBytes() {
    // A GLib.Bytes, as Gio.File gives it, and a Uint8Array, as GJS has data.
    const pem = loadBytes('server.pem');
    const cert = Gossl.X509.new_from_bytes(Gossl.Filetype.PEM, pem);
    const fromArray = Gossl.X509.new_from_bytes(Gossl.Filetype.PEM, pem.toArray());
    check(sameBytes(cert.to_bytes(Gossl.Filetype.ASN1), loadBytes('server.der')),
        'X509 from GLib.Bytes to DER GLib.Bytes');
    check(sameBytes(fromArray.to_bytes(Gossl.Filetype.PEM), pem), 'X509 from a Uint8Array');
    throwsMatching(() => Gossl.X509.new_from_bytes(Gossl.Filetype.PEM, loadBytes('server.der')),
        Gossl.CryptoError, Gossl.CryptoError.FAILED, 'X509 from DER read as PEM');

    const req = Gossl.X509Req.new_from_bytes(Gossl.Filetype.PEM, loadBytes('server.csr'));
    check(sameBytes(req.to_bytes(Gossl.Filetype.ASN1), loadBytes('server.csr.der')), 'X509Req');

    const key = Gossl.PKey.new_from_bytes(Gossl.Filetype.PEM, loadBytes('server-enc.key'), 'secret');
    check(sameBytes(key.to_bytes(Gossl.Filetype.ASN1, null, null), loadBytes('server.key.der')),
        'PKey with a text passphrase');
    throwsMatching(() => Gossl.PKey.new_from_bytes(Gossl.Filetype.PEM, loadBytes('server-enc.key'), null),
        Gossl.CryptoError, Gossl.CryptoError.PASSPHRASE_REQUIRED, 'PKey without its passphrase');
    const pub = Gossl.PKey.new_public_from_bytes(Gossl.Filetype.PEM, key.public_to_bytes(Gossl.Filetype.PEM));
    check(!pub.has_private(), 'PKey public half');

    const p7 = Gossl.PKCS7.new_from_bytes(Gossl.Filetype.PEM, loadBytes('pkcs7-signed.pem'));
    check(p7.type_is_signed(), 'PKCS7');
    const p12 = Gossl.PKCS12.new_from_bytes(loadBytes('server.p12'), 'secret');
    equal(p12.get_certificate().get_subject_common_name(), 'localhost', 'PKCS12');
}

function testDates() {
    const cert = Gossl.X509.new_from_bytes(Gossl.Filetype.PEM, loadBytes('server.pem'));
    const gio = Gio.TlsCertificate.new_from_file(`${files}/server.pem`);
    check(cert.not_valid_before.equal(gio.not_valid_before), 'not_valid_before as GIO reads it');
    check(cert.get_not_valid_after().equal(gio.get_not_valid_after()), 'get_not_valid_after()');

    const made = new Gossl.X509();
    equal(made.not_valid_before, null, 'unset validity');
    made.set_not_valid_after(GLib.DateTime.new(GLib.TimeZone.new_offset(-5 * 3600), 2040, 2, 29, 22, 0, 0));
    equal(made.not_valid_after.format_iso8601(), '2040-03-01T03:00:00Z', 'a time zone in, UTC out');
    equal(made.get_not_after(), '20400301030000Z', 'the same time as a string');
    throwsMatching(() => made.set_not_valid_before(
        GLib.DateTime.new(GLib.TimeZone.new_offset(-5 * 3600), 9999, 12, 31, 23, 0, 0)),
    Gossl.CryptoError, Gossl.CryptoError.INVALID_ARGUMENT, 'a time past year 9999 in UTC');
}

function testNamesAndNotify() {
    const cert = Gossl.X509.new_from_bytes(Gossl.Filetype.PEM, loadBytes('server.pem'));
    const gio = Gio.TlsCertificate.new_from_file(`${files}/server.pem`);
    equal(cert.subject_name, gio.subject_name, 'subject_name as GIO writes it');
    equal(cert.issuer_name, gio.issuer_name, 'issuer_name as GIO writes it');
    equal(cert.serial_number, '02', 'serial_number');
    check(sameBytes(new GLib.Bytes(cert.certificate), new GLib.Bytes(gio.certificate)), 'certificate (DER)');
    check(cert.certificate_pem === text(loadBytes('server.pem')), 'certificate_pem');
    equal(cert.get_dns_names().map(text).join(), gio.get_dns_names().map(text).join(), 'get_dns_names()');
    equal(cert.get_ip_addresses().map(a => a.to_string()).join(), '127.0.0.1', 'get_ip_addresses()');
    equal(cert.get_email_addresses().length, 0, 'get_email_addresses()');

    // A handler reads the new name without try/catch.
    const seen = [];
    cert.connect('notify::subject-name', c => seen.push(c.get_subject_common_name()));
    cert.connect('notify::serial-number', c => seen.push(c.serial_number));
    cert.get_subject().set_entry('CN', 'renamed.example');
    cert.set_serial_number('ABC');
    equal(seen.join(), 'renamed.example,0ABC', 'notify:: from setters and the subject view');
    equal(cert.lookup_subject_entry('no such field'), null, 'lookup_subject_entry() of an unknown field');
    equal(cert.lookup_issuer_entry('O'), 'gossl test', 'lookup_issuer_entry()');
    equal(new Gossl.X509().get_subject_common_name(), null, 'no CN');
}

function makeCert(cn, key, issuer, issuerKey, serial, ca, san) {
    const now = GLib.DateTime.new_now_utc();
    const cert = new Gossl.X509();
    cert.set_version(2);
    cert.set_serial_number(serial);
    cert.get_subject().set_entry('CN', cn);
    cert.set_issuer((issuer ?? cert).get_subject());
    cert.set_pubkey(key);
    cert.set_not_valid_before(now.add_hours(-1));
    cert.set_not_valid_after(now.add_days(1));
    cert.add_extension(Gossl.X509Extension.new('basicConstraints', true, ca ? 'CA:TRUE' : 'CA:FALSE', null, null));
    if (san)
        cert.add_extension(Gossl.X509Extension.new('subjectAltName', false, san, null, null));
    cert.sign(issuerKey, 'sha256');
    return cert;
}

// GIO's server serves `served`; GIO's client, trusting caPath only, checks it
// as `identity`. Resolves to the client's peer certificate, or throws its
// handshake error.
async function gioHandshake(served, caPath, identity) {
    const listener = new Gio.SocketListener();
    const [, address] = listener.add_address(Gio.InetSocketAddress.new_from_string('127.0.0.1', 0),
        Gio.SocketType.STREAM, Gio.SocketProtocol.TCP, null);
    const port = address.get_port();
    const serve = (async () => {
        const [conn] = await listener.accept_async(null);
        const tls = Gio.TlsServerConnection.new(conn, served);
        try {
            await handshake(tls);
            await tls.get_output_stream().write_bytes_async(new GLib.Bytes(new TextEncoder().encode('hello\n')),
                GLib.PRIORITY_DEFAULT, null);
        } catch (e) {
            // The client refused: its error is the one reported.
        }
        await closeTls(tls);
    })();
    const client = new Gio.SocketClient({enable_proxy: false});
    const conn = await client.connect_async(Gio.InetSocketAddress.new_from_string('127.0.0.1', port), null);
    const tls = Gio.TlsClientConnection.new(conn, identity);
    tls.set_database(Gio.TlsFileDatabase.new(caPath));
    try {
        await handshake(tls);
        const line = await tls.get_input_stream().read_bytes_async(6, GLib.PRIORITY_DEFAULT, null);
        equal(text(line), 'hello\n', 'what the server sent');
        return tls.get_peer_certificate();
    } finally {
        await closeTls(tls);
        await serve;
        listener.close();
    }
}

async function testServe() {
    const caKey = Gossl.PKey.new_from_bytes(Gossl.Filetype.PEM, loadBytes('ca2.key'), null);
    const leafKey = Gossl.PKey.new_from_bytes(Gossl.Filetype.PEM, loadBytes('client.key'), null);
    const ca = makeCert('gossl GJS root', caKey, null, caKey, '1', true, null);
    const leaf = makeCert('localhost', leafKey, ca, caKey, '2', false, 'DNS:localhost');
    const dir = GLib.Dir.make_tmp('gossl-gjs-XXXXXX');
    const caPath = `${dir}/ca.pem`;
    GLib.file_set_contents(caPath, ca.certificate_pem);
    try {
        const served = leaf.to_tls_certificate(leafKey, [ca]);
        check(served.get_issuer() !== null, 'to_tls_certificate() keeps the issuer');
        const peer = await gioHandshake(served, caPath, Gio.NetworkAddress.new('localhost', 443));
        const seen = Gossl.X509.new_from_tls_certificate(peer);
        check(sameBytes(seen.to_bytes(Gossl.Filetype.ASN1), leaf.to_bytes(Gossl.Filetype.ASN1)),
            'GIO client verified and saw the gossl-made certificate');
        equal(Gossl.X509.list_new_from_tls_certificate(peer).map(c => c.get_subject_common_name()).join(),
            'localhost,gossl GJS root', 'the chain the client saw');

        try {
            await gioHandshake(served, `${files}/ca.pem`, Gio.NetworkAddress.new('localhost', 443));
            check(false, 'a client trusting another CA refuses');
        } catch (e) {
            check(e.matches(Gio.TlsError, Gio.TlsError.BAD_CERTIFICATE), `a client trusting another CA refuses: ${e.message}`);
        }
    } finally {
        GLib.unlink(caPath);
        GLib.rmdir(dir);
    }
}

function testInspect() {
    const gio = Gio.TlsCertificate.new_from_files(`${files}/server.pem`, `${files}/server.key`);
    const cert = Gossl.X509.new_from_tls_certificate(gio);
    equal(cert.get_subject_common_name(), 'localhost', 'CN of a GIO-made certificate');
    check(cert.not_valid_after.equal(gio.not_valid_after), 'its validity');
    equal(cert.get_dns_names().map(text).join(), 'localhost', 'its DNS names');
    const key = Gossl.PKey.new_from_tls_certificate(gio);
    check(key.has_private() && sameBytes(key.public_to_bytes(Gossl.Filetype.PEM),
        cert.get_pubkey().public_to_bytes(Gossl.Filetype.PEM)), 'its private key');
    throwsMatching(() => Gossl.PKey.new_from_tls_certificate(Gio.TlsCertificate.new_from_file(`${files}/ca.pem`)),
        Gossl.CryptoError, Gossl.CryptoError.INVALID_ARGUMENT, 'a GIO certificate without a key');
}

async function testNoBackend() {
    // A child whose GIO loads no modules has only the dummy TLS backend.
    const launcher = new Gio.SubprocessLauncher({flags: Gio.SubprocessFlags.STDOUT_PIPE});
    launcher.setenv('GIO_MODULE_DIR', '/nonexistent', true);
    launcher.unsetenv('GIO_EXTRA_MODULES');
    const code = `
        const {Gio, GLib, Gossl} = imports.gi;
        const [, pem] = GLib.file_get_contents('${files}/server.pem');
        try {
            Gossl.X509.new_from_bytes(Gossl.Filetype.PEM, pem).to_tls_certificate(null, null);
            print('no error');
        } catch (e) {
            print(e.matches(Gio.TlsError, Gio.TlsError.UNAVAILABLE) ? 'UNAVAILABLE' : e.message);
        }`;
    const proc = launcher.spawnv([GLib.find_program_in_path('gjs'), '-c', code]);
    const [out] = await proc.communicate_utf8_async(null, null);
    check(proc.get_successful() && out.trim() === 'UNAVAILABLE', `no TLS backend: ${out.trim()}`);
}

function testStoreContext() {
    // A JS array in, a JS array of certificates out, the verdict as a
    // GError and the context's accessors, flags and a GLib.DateTime.
    const load = name => Gossl.X509.new_from_bytes(Gossl.Filetype.PEM, loadBytes(name));
    const ca = load('ca.pem'), server = load('server.pem'), otherCa = load('ca2.pem');
    const store = Gossl.X509Store.new();
    store.add_cert(ca);
    const ctx = Gossl.X509StoreContext.new(store, server, [otherCa]);
    check(ctx.verify_certificate(), 'X509StoreContext verifies server.pem');
    const chain = ctx.get_verified_chain();
    equal(chain.map(c => c.get_subject_common_name()).join(' / '), 'localhost / gossl test CA',
        'verified chain');

    store.set_time(GLib.DateTime.new_utc(2400, 1, 1, 0, 0, 0));
    throwsMatching(() => ctx.verify_certificate(), Gossl.CryptoError,
        Gossl.CryptoError.BAD_CERTIFICATE, 'verification in 2400');
    equal(ctx.get_error(), Gossl.VerifyResult.CERT_HAS_EXPIRED, 'error code');
    equal(ctx.get_certificate_errors(), Gio.TlsCertificateFlags.EXPIRED, 'as GIO flags');
    check(ctx.get_error_depth() >= 0 && ctx.get_current_certificate() !== null, 'depth and certificate');
    equal(ctx.get_verified_chain(), null, 'no chain after a failure');
    store.set_time(null);

    ctx.set_store(Gossl.X509Store.new());
    throwsMatching(() => ctx.verify_certificate(), Gossl.CryptoError,
        Gossl.CryptoError.BAD_CERTIFICATE, 'an empty store');
    equal(ctx.get_current_certificate().get_subject_common_name(), 'localhost', 'failing certificate');
    const partial = Gossl.X509Store.new();
    partial.add_cert(server);
    partial.set_flags(Gossl.VerifyFlags.PARTIAL_CHAIN);
    equal(partial.get_flags(), Gossl.VerifyFlags.PARTIAL_CHAIN, 'flags');
    ctx.store = partial;
    check(ctx.verify_certificate(), 'a trusted leaf with PARTIAL_CHAIN, set as a property');
    throwsMatching(() => partial.load_locations(`${files}/nonexistent.pem`, null), Gossl.CryptoError,
        Gossl.CryptoError.IO, 'a missing CA file');
}

function testExportAndSign() {
    // A bundle built from parts, written and read back; an SPKI; a
    // signature; a text dump: GLib.Bytes in and out, the array as a JS array.
    const cert = Gossl.X509.new_from_bytes(Gossl.Filetype.PEM, loadBytes('server.pem'));
    const ca = Gossl.X509.new_from_bytes(Gossl.Filetype.PEM, loadBytes('ca.pem'));
    const key = Gossl.PKey.new_from_bytes(Gossl.Filetype.PEM, loadBytes('server.key'), null);
    const p12 = Gossl.PKCS12.new();
    p12.set_certificate(cert);
    p12.set_privatekey(key);
    p12.set_ca_certificates([ca]);
    p12.set_friendly_name('gossl server');
    const der = p12.export('secret', Gossl.PKCS12Encryption.AES_256, null, 0, 0);
    const back = Gossl.PKCS12.new_from_bytes(der, 'secret');
    equal(back.get_friendly_name(), 'gossl server', 'PKCS12 exported and read back');
    equal(back.get_ca_certificates()[0].get_subject_common_name(), 'gossl test CA', 'its CA');
    p12.set_privatekey(Gossl.PKey.new_from_bytes(Gossl.Filetype.PEM, loadBytes('client.key'), null));
    throwsMatching(() => p12.export(null, Gossl.PKCS12Encryption.TRIPLE_DES, 'sha1', 0, 0),
        Gossl.CryptoError, Gossl.CryptoError.FAILED, 'PKCS12 with a key of another certificate');

    const spki = Gossl.NetscapeSpki.new();
    spki.set_pubkey(key);
    spki.sign(key, 'sha256');
    const decoded = Gossl.NetscapeSpki.new_from_base64(spki.to_base64());
    check(decoded.verify(cert.get_pubkey()), 'NetscapeSpki signed, encoded, decoded, verified');

    const data = new TextEncoder().encode('signed data');
    const sig = key.sign('sha256', data);
    check(cert.get_pubkey().verify('sha256', data, sig), 'PKey.sign and verify');
    throwsMatching(() => cert.get_pubkey().verify('sha256', new TextEncoder().encode('other'), sig),
        Gossl.CryptoError, Gossl.CryptoError.FAILED, 'a signature of other data');

    check(text(cert.to_bytes(Gossl.Filetype.TEXT)).includes('DNS:localhost'), 'X509 as text');
}

runTests([testBytes, testDates, testNamesAndNotify, testServe, testInspect, testNoBackend,
    testStoreContext, testExportAndSign]);
