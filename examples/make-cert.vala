// make-cert.vala: make a certificate authority and a server certificate it
// signs with gossl from Vala, check the server certificate against the CA,
// print both, and hand the server certificate to GIO's TLS stack.
//
// Usage: make-cert-vala [OUTPUT_DIR]
//
// With OUTPUT_DIR, ca.pem, ca.key, server.pem and server.key are written
// there (the keys unencrypted: this is an example).
struct Extension {
    public string type_name;
    public bool critical;
    public string value;
}

const Extension[] CA_EXTENSIONS = {
    { "basicConstraints", true, "CA:TRUE" },
    { "keyUsage", true, "keyCertSign, cRLSign" },
    { "subjectKeyIdentifier", false, "hash" },
};

const Extension[] SERVER_EXTENSIONS = {
    { "basicConstraints", true, "CA:FALSE" },
    { "keyUsage", true, "digitalSignature, keyEncipherment" },
    { "extendedKeyUsage", false, "serverAuth" },
    { "subjectAltName", false, "DNS:localhost, IP:127.0.0.1" },
    { "authorityKeyIdentifier", false, "keyid" },
};

Gossl.PKey make_key () throws Error {
    var key = new Gossl.PKey ();
    key.generate_key (Gossl.KeyType.RSA, 2048);
    return key;
}

Gossl.X509 make_cert (string common_name, string serial_hex, Gossl.PKey key,
                      Extension[] extensions, Gossl.X509? issuer_cert = null,
                      Gossl.PKey? issuer_key = null) throws Error {
    var cert = new Gossl.X509 ();
    cert.set_version (2);
    cert.set_serial_number (serial_hex);
    var subject = cert.get_subject ();
    subject.set_entry ("C", "SE");
    subject.set_entry ("O", "gossl example");
    subject.set_entry ("CN", common_name);
    var now = new DateTime.now_utc ();
    cert.set_not_valid_before (now);
    cert.set_not_valid_after (now.add_years (1));
    // A self-signed CA is its own issuer.
    cert.set_issuer (issuer_cert != null ? issuer_cert.get_subject () : subject);
    cert.set_pubkey (key);
    foreach (var e in extensions) {
        cert.add_extension (new Gossl.X509Extension (e.type_name, e.critical, e.value,
                                                     cert, issuer_cert ?? cert));
    }
    cert.sign (issuer_key ?? key, "sha256");
    return cert;
}

void describe (string label, Gossl.X509 cert) throws Error {
    print ("%s:\n", label);
    print ("  subject: %s\n", cert.subject_name);
    print ("  issuer:  %s\n", cert.issuer_name);
    print ("  serial:  0x%s\n", cert.serial_number);
    print ("  valid:   %s .. %s\n", cert.not_valid_before.format_iso8601 (),
           cert.not_valid_after.format_iso8601 ());
    print ("  sha256:  %s\n", cert.digest ("sha256"));
    // PEM is text, but Bytes have no terminating NUL.
    var pem = cert.to_bytes (Gossl.Filetype.PEM);
    print ("%.*s", (int) pem.get_size (), (string) pem.get_data ());
}

// GIO's TLS stack takes what gossl made: the server certificate with its key
// and chain is a TlsCertificate a TlsServerConnection (a SocketService,
// libsoup) can serve, and GIO's own verification accepts it. GIO has no TLS
// backend without glib-networking.
void hand_to_gio (Gossl.X509 ca_cert, Gossl.X509 server_cert, Gossl.PKey server_key) throws Error {
    TlsCertificate server;
    try {
        server = server_cert.to_tls_certificate (server_key, { ca_cert });
    } catch (TlsError.UNAVAILABLE e) {
        print ("GIO: %s\n", e.message);
        return;
    }
    var ca = ca_cert.to_tls_certificate (null, null);
    var flags = server.verify (new NetworkAddress ("localhost", 443), ca);
    print ("GIO verifies the server certificate for localhost against the CA: %s\n",
           typeof (TlsCertificateFlags).flags_to_string (flags));
}

void write_file (string dir, string name, Bytes data, int mode) throws Error {
    FileUtils.set_contents_full (Path.build_filename (dir, name), (string) data.get_data (),
                                 (ssize_t) data.get_size (), FileSetContentsFlags.CONSISTENT, mode);
}

int main (string[] args) {
    if (args.length > 2) {
        stderr.printf ("Usage: %s [OUTPUT_DIR]\n", args[0]);
        return 2;
    }
    try {
        var ca_key = make_key ();
        var server_key = make_key ();
        var ca_cert = make_cert ("gossl example CA", "01", ca_key, CA_EXTENSIONS);
        var server_cert = make_cert ("localhost", "02", server_key, SERVER_EXTENSIONS,
                                     ca_cert, ca_key);

        describe ("CA certificate", ca_cert);
        describe ("server certificate", server_cert);

        // The store trusts the CA alone; the server certificate must chain to it.
        var store = new Gossl.X509Store ();
        store.add_cert (ca_cert);
        store.verify_certificate (server_cert);
        print ("server certificate verified against the CA\n");
        hand_to_gio (ca_cert, server_cert, server_key);

        if (args.length == 2) {
            string dir = args[1];
            DirUtils.create_with_parents (dir, 0755);
            // The keys are not encrypted: only their owner may read them.
            write_file (dir, "ca.pem", ca_cert.to_bytes (Gossl.Filetype.PEM), 0644);
            write_file (dir, "ca.key", ca_key.to_bytes (Gossl.Filetype.PEM, null, null), 0600);
            write_file (dir, "server.pem", server_cert.to_bytes (Gossl.Filetype.PEM), 0644);
            write_file (dir, "server.key", server_key.to_bytes (Gossl.Filetype.PEM, null, null), 0600);
            print ("wrote ca.pem, ca.key, server.pem, server.key to %s\n", dir);
        }
    } catch (Error e) {
        stderr.printf ("make-cert: %s\n", e.message);
        return 1;
    }
    return 0;
}
