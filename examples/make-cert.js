// make-cert.js: make a certificate authority and a server certificate it
// signs with gossl from GJS, check the server certificate against the CA,
// print both, and hand the server certificate to GIO's TLS stack.
//
// Usage: gjs -m make-cert.js [OUTPUT_DIR]
//
// With OUTPUT_DIR, ca.pem, ca.key, server.pem and server.key are written
// there (the keys unencrypted: this is an example).
import Gio from 'gi://Gio';
import GLib from 'gi://GLib';
import GObject from 'gi://GObject';
import Gossl from 'gi://Gossl?version=1.0';
import system from 'system';

// `new Gossl.X509()`, `new Gossl.PKey()` and `new Gossl.X509Store()` make
// empty objects to fill in; what is made from arguments that can be wrong is
// made by a constructor function that throws (Gossl.X509Extension.new()).

const CA_EXTENSIONS = [
    ['basicConstraints', true, 'CA:TRUE'],
    ['keyUsage', true, 'keyCertSign, cRLSign'],
    ['subjectKeyIdentifier', false, 'hash'],
];
const SERVER_EXTENSIONS = [
    ['basicConstraints', true, 'CA:FALSE'],
    ['keyUsage', true, 'digitalSignature, keyEncipherment'],
    ['extendedKeyUsage', false, 'serverAuth'],
    ['subjectAltName', false, 'DNS:localhost, IP:127.0.0.1'],
    ['authorityKeyIdentifier', false, 'keyid'],
];

function makeKey() {
    const key = new Gossl.PKey();
    key.generate_key(Gossl.KeyType.RSA, 2048);
    return key;
}

function makeCert(commonName, serialHex, key, extensions, issuerCert = null, issuerKey = null) {
    const cert = new Gossl.X509();
    cert.set_version(2);
    cert.set_serial_number(serialHex);
    const subject = cert.get_subject();
    subject.set_entry('C', 'SE');
    subject.set_entry('O', 'gossl example');
    subject.set_entry('CN', commonName);
    const now = GLib.DateTime.new_now_utc();
    cert.set_not_valid_before(now);
    cert.set_not_valid_after(now.add_years(1));
    // A self-signed CA is its own issuer.
    cert.set_issuer(issuerCert ? issuerCert.get_subject() : subject);
    cert.set_pubkey(key);
    for (const [typeName, critical, value] of extensions)
        cert.add_extension(Gossl.X509Extension.new(typeName, critical, value, cert, issuerCert ?? cert));
    cert.sign(issuerKey ?? key, 'sha256');
    return cert;
}

const decoder = new TextDecoder();

function describe(label, cert) {
    print(`${label}:`);
    print(`  subject: ${cert.subject_name}`);
    print(`  issuer:  ${cert.issuer_name}`);
    print(`  serial:  0x${cert.serial_number}`);
    print(`  valid:   ${cert.not_valid_before.format_iso8601()} .. ${cert.not_valid_after.format_iso8601()}`);
    print(`  sha256:  ${cert.digest('sha256')}`);
    // print() adds a newline; the PEM text ends with one already.
    print(decoder.decode(cert.to_bytes(Gossl.Filetype.PEM).toArray()).trimEnd());
}

// GIO's TLS stack takes what gossl made: the server certificate with its key
// and chain is a Gio.TlsCertificate a Gio.TlsServerConnection (a
// Gio.SocketService, libsoup) can serve, and GIO's own verification accepts
// it. GIO has no TLS backend without glib-networking.
function handToGio(caCert, serverCert, serverKey) {
    let server;
    try {
        server = serverCert.to_tls_certificate(serverKey, [caCert]);
    } catch (e) {
        if (!e.matches?.(Gio.TlsError, Gio.TlsError.UNAVAILABLE))
            throw e;
        print(`GIO: ${e.message}`);
        return;
    }
    const ca = caCert.to_tls_certificate(null, null);
    const flags = server.verify(Gio.NetworkAddress.new('localhost', 443), ca);
    print('GIO verifies the server certificate for localhost against the CA: ' +
        `${GObject.flags_to_string(Gio.TlsCertificateFlags.$gtype, flags)}`);
}

if (ARGV.length > 1) {
    printerr('Usage: gjs -m make-cert.js [OUTPUT_DIR]');
    system.exit(2);
}

try {
    const caKey = makeKey();
    const serverKey = makeKey();
    const caCert = makeCert('gossl example CA', '01', caKey, CA_EXTENSIONS);
    const serverCert = makeCert('localhost', '02', serverKey, SERVER_EXTENSIONS, caCert, caKey);

    describe('CA certificate', caCert);
    describe('server certificate', serverCert);

    // The store trusts the CA alone; the server certificate must chain to it.
    const store = new Gossl.X509Store();
    store.add_cert(caCert);
    store.verify_certificate(serverCert);
    print('server certificate verified against the CA');
    handToGio(caCert, serverCert, serverKey);

    const [out] = ARGV;
    if (out) {
        GLib.mkdir_with_parents(out, 0o755);
        // The keys are not encrypted: only their owner may read them.
        const files = [
            ['ca.pem', caCert.to_bytes(Gossl.Filetype.PEM), 0o644],
            ['ca.key', caKey.to_bytes(Gossl.Filetype.PEM, null, null), 0o600],
            ['server.pem', serverCert.to_bytes(Gossl.Filetype.PEM), 0o644],
            ['server.key', serverKey.to_bytes(Gossl.Filetype.PEM, null, null), 0o600],
        ];
        for (const [name, bytes, mode] of files) {
            GLib.file_set_contents_full(GLib.build_filenamev([out, name]), bytes.toArray(),
                GLib.FileSetContentsFlags.CONSISTENT, mode);
        }
        print(`wrote ca.pem, ca.key, server.pem, server.key to ${out}`);
    }
} catch (e) {
    printerr(`make-cert: ${e.message}`);
    system.exit(1);
}
