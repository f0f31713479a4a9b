// make-cert.js: make a certificate authority and a server certificate it
// signs with gossl from GJS, check the server certificate against the CA,
// and print both.
//
// Usage: gjs -m make-cert.js [OUTPUT_DIR]
//
// With OUTPUT_DIR, ca.pem, ca.key, server.pem and server.key are written
// there (the keys unencrypted: this is an example).
import GLib from 'gi://GLib';
import Gossl from 'gi://Gossl?version=1.0';
import system from 'system';

// Objects are made with their constructor functions (Gossl.X509.new()), which
// set up the OpenSSL object inside; `new Gossl.X509()` would only make the
// GObject.

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
    const key = Gossl.PKey.new();
    key.generate_key(Gossl.KeyType.RSA, 2048);
    return key;
}

function makeCert(commonName, serialHex, key, extensions, issuerCert = null, issuerKey = null) {
    const cert = Gossl.X509.new();
    cert.set_version(2);
    cert.set_serial_number(serialHex);
    const subject = cert.get_subject();
    subject.set_entry('C', 'SE');
    subject.set_entry('O', 'gossl example');
    subject.set_entry('CN', commonName);
    cert.gmtime_adj_not_before(0);
    cert.gmtime_adj_not_after(365 * 24 * 60 * 60);
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
    print(`  subject: ${cert.get_subject().to_string()}`);
    print(`  issuer:  ${cert.get_issuer().to_string()}`);
    print(`  serial:  0x${cert.get_serial_number()}`);
    print(`  valid:   ${cert.get_not_before()} .. ${cert.get_not_after()}`);
    print(`  sha256:  ${cert.digest('sha256')}`);
    // print() adds a newline; the PEM text ends with one already.
    print(decoder.decode(cert.to_data(Gossl.Filetype.PEM)).trimEnd());
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
    const store = Gossl.X509Store.new();
    store.add_cert(caCert);
    store.verify_certificate(serverCert);
    print('server certificate verified against the CA');

    const [out] = ARGV;
    if (out) {
        GLib.mkdir_with_parents(out, 0o755);
        const files = {
            'ca.pem': caCert.to_data(Gossl.Filetype.PEM),
            'ca.key': caKey.to_data(Gossl.Filetype.PEM, null, null),
            'server.pem': serverCert.to_data(Gossl.Filetype.PEM),
            'server.key': serverKey.to_data(Gossl.Filetype.PEM, null, null),
        };
        for (const [name, data] of Object.entries(files))
            GLib.file_set_contents(GLib.build_filenamev([out, name]), data);
        print(`wrote ca.pem, ca.key, server.pem, server.key to ${out}`);
    }
} catch (e) {
    printerr(`make-cert: ${e.message}`);
    system.exit(1);
}
