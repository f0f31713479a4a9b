// x509-gio.vala: gossl's certificate classes as a Vala program sees them
// (built with --fatal-warnings): GLib.Bytes in and out, GLib.DateTime
// validity, GIO's property names and notify, reads that cannot throw (in a
// signal handler, with no try/catch), and GLib.TlsCertificate both ways
// against GIO's own TLS server and client (glib-networking).
//
// Usage: x509-gio-vala   (GOSSL_TEST_FILES names tests/files)
// Prints one "ok"/"not ok" line per check; exits 1 when any failed.

Bytes load (string name) throws Error {
    return File.new_for_path (file_path (name)).load_bytes ();
}

string text (Bytes bytes) {
    return ((string) bytes.get_data ()).substring (0, bytes.length);
}

void test_bytes () throws Error {
    var cert = new Gossl.X509.from_bytes (Gossl.Filetype.PEM, load ("server.pem"));
    check (cert.to_bytes (Gossl.Filetype.ASN1).compare (load ("server.der")) == 0, "X509 from and to GLib.Bytes");
    try {
        new Gossl.X509.from_bytes (Gossl.Filetype.PEM, load ("server.der"));
        check (false, "DER read as PEM fails");
    } catch (Gossl.CryptoError.FAILED e) {
        check (true, "DER read as PEM fails: " + e.message);
    }

    var req = new Gossl.X509Req.from_bytes (Gossl.Filetype.PEM, load ("server.csr"));
    check (req.to_bytes (Gossl.Filetype.ASN1).compare (load ("server.csr.der")) == 0, "X509Req");

    var key = new Gossl.PKey.from_bytes (Gossl.Filetype.PEM, load ("server-enc.key"), "secret");
    check (key.to_bytes (Gossl.Filetype.ASN1, null, null).compare (load ("server.key.der")) == 0,
           "PKey with a text passphrase");
    try {
        new Gossl.PKey.from_bytes (Gossl.Filetype.PEM, load ("server-enc.key"), null);
        check (false, "PKey without its passphrase fails");
    } catch (Gossl.CryptoError.PASSPHRASE_REQUIRED e) {
        check (true, "PKey without its passphrase fails");
    }
    var pub = new Gossl.PKey.public_from_bytes (Gossl.Filetype.PEM, key.public_to_bytes (Gossl.Filetype.PEM));
    check (!pub.has_private (), "PKey public half");

    check (new Gossl.PKCS7.from_bytes (Gossl.Filetype.PEM, load ("pkcs7-signed.pem")).type_is_signed (), "PKCS7");
    var p12 = new Gossl.PKCS12.from_bytes (load ("server.p12"), "secret");
    equal (p12.get_certificate ().get_subject_common_name (), "localhost", "PKCS12");
}

void test_dates () throws Error {
    var cert = new Gossl.X509.from_bytes (Gossl.Filetype.PEM, load ("server.pem"));
    var gio = new TlsCertificate.from_file (file_path ("server.pem"));
    check (cert.not_valid_before.equal (gio.not_valid_before), "not_valid_before as GIO reads it");
    check (cert.get_not_valid_after ().equal (gio.get_not_valid_after ()), "get_not_valid_after ()");

    var made = new Gossl.X509 ();
    check (made.get_not_valid_before () == null, "unset validity");
    var west = new TimeZone.offset (-5 * 3600);
    made.set_not_valid_after (new DateTime (west, 2040, 2, 29, 22, 0, 0));
    equal (made.not_valid_after.format_iso8601 (), "2040-03-01T03:00:00Z", "a time zone in, UTC out");
    try {
        made.set_not_valid_before (new DateTime (west, 9999, 12, 31, 23, 0, 0));
        check (false, "a time past year 9999 in UTC fails");
    } catch (Gossl.CryptoError.INVALID_ARGUMENT e) {
        check (true, "a time past year 9999 in UTC fails: " + e.message);
    }
}

void test_names_and_notify () throws Error {
    var cert = new Gossl.X509.from_bytes (Gossl.Filetype.PEM, load ("server.pem"));
    var gio = new TlsCertificate.from_file (file_path ("server.pem"));
    equal (cert.subject_name, gio.subject_name, "subject_name as GIO writes it");
    equal (cert.issuer_name, gio.issuer_name, "issuer_name as GIO writes it");
    equal (cert.serial_number, "02", "serial_number");
    check (cert.certificate_pem == gio.certificate_pem, "certificate_pem as GIO writes it");
    var names = cert.get_dns_names ();
    var gio_names = gio.get_dns_names ();
    check (names.length == 1 && gio_names.length == 1 && names[0].compare (gio_names[0]) == 0, "get_dns_names ()");
    equal (cert.get_ip_addresses ()[0].to_string (), "127.0.0.1", "get_ip_addresses ()");
    check (cert.get_uris ().length == 0, "get_uris ()");

    // Handlers read the certificate without try/catch: nothing here throws.
    string seen = "";
    cert.notify["subject-name"].connect (() => {
        seen += "%s;".printf (cert.get_subject_common_name () ?? "(none)");
    });
    cert.notify["not-valid-after"].connect (() => {
        seen += "%s;".printf (cert.lookup_issuer_entry ("O") ?? "(none)");
    });
    cert.get_subject ().set_entry ("CN", "renamed.example");
    cert.set_not_valid_after (new DateTime.now_utc ());
    equal (seen, "renamed.example;gossl test;", "notify from the subject view and a setter");
    check (cert.lookup_subject_entry ("no such field") == null, "an unknown field is a missing entry");
    check (new Gossl.X509 ().get_subject_common_name () == null, "no CN");
}

Gossl.X509 make_cert (string cn, Gossl.PKey key, Gossl.X509? issuer, Gossl.PKey issuer_key, string serial,
                      bool ca, string? san) throws Error {
    var now = new DateTime.now_utc ();
    var cert = new Gossl.X509 ();
    cert.set_version (2);
    cert.set_serial_number (serial);
    cert.get_subject ().set_entry ("CN", cn);
    cert.set_issuer ((issuer ?? cert).get_subject ());
    cert.set_pubkey (key);
    cert.set_not_valid_before (now.add_hours (-1));
    cert.set_not_valid_after (now.add_days (1));
    cert.add_extension (new Gossl.X509Extension ("basicConstraints", true, ca ? "CA:TRUE" : "CA:FALSE", null, null));
    if (san != null)
        cert.add_extension (new Gossl.X509Extension ("subjectAltName", false, san, null, null));
    cert.sign (issuer_key, "sha256");
    return cert;
}

// GIO's server (on a thread) serves `served`; GIO's client, trusting
// ca_path only, checks it as `identity` and returns what it saw.
TlsCertificate gio_handshake (TlsCertificate served, string ca_path, SocketConnectable identity) throws Error {
    var listener = new SocketListener ();
    SocketAddress address;
    listener.add_address (new InetSocketAddress.from_string ("127.0.0.1", 0), SocketType.STREAM,
                          SocketProtocol.TCP, null, out address);
    var server = new Thread<bool> ("gio-server", () => {
        try {
            var conn = listener.accept ();
            conn.socket.timeout = 10;
            var tls = TlsServerConnection.@new (conn, served);
            var ok = false;
            try {
                tls.handshake ();
                ok = tls.output_stream.write_all ("hello\n".data, null);
            } catch (Error e) {
                // The client refused: its error is the one reported.
            }
            tls.close ();
            return ok;
        } catch (Error e) {
            return false;
        }
    });
    var client = new SocketClient ();
    client.enable_proxy = false;
    client.timeout = 10;
    var conn = client.connect (address);
    var tls = TlsClientConnection.@new (conn, identity);
    tls.database = TlsFileDatabase.@new (ca_path);
    try {
        tls.handshake ();
        var line = new uint8[7];  // zeroed: a C string once 6 bytes are in
        size_t got;
        tls.input_stream.read_all (line[0:6], out got);
        equal ((string) line, "hello\n", "what the server sent");
        return tls.peer_certificate;
    } finally {
        try {
            tls.close ();
        } catch (Error e) {
            // After a refused handshake closing may fail too.
        }
        server.join ();
        listener.close ();
    }
}

void test_serve () throws Error {
    var ca_key = new Gossl.PKey.from_bytes (Gossl.Filetype.PEM, load ("ca2.key"), null);
    var leaf_key = new Gossl.PKey.from_bytes (Gossl.Filetype.PEM, load ("client.key"), null);
    var ca = make_cert ("gossl Vala root", ca_key, null, ca_key, "1", true, null);
    var leaf = make_cert ("localhost", leaf_key, ca, ca_key, "2", false, "DNS:localhost");
    var dir = DirUtils.make_tmp ("gossl-vala-XXXXXX");
    var ca_path = Path.build_filename (dir, "ca.pem");
    FileUtils.set_contents (ca_path, ca.certificate_pem);
    try {
        var served = leaf.to_tls_certificate (leaf_key, { ca });
        check (served.issuer != null, "to_tls_certificate () keeps the issuer");
        var peer = gio_handshake (served, ca_path, new NetworkAddress ("localhost", 443));
        var seen = new Gossl.X509.from_tls_certificate (peer);
        check (seen.to_bytes (Gossl.Filetype.ASN1).compare (leaf.to_bytes (Gossl.Filetype.ASN1)) == 0,
               "GIO client verified and saw the gossl-made certificate");
        var chain = Gossl.X509.list_new_from_tls_certificate (peer);
        check (chain.length == 2 && chain[1].get_subject_common_name () == "gossl Vala root", "the chain the client saw");
        try {
            gio_handshake (served, file_path ("ca.pem"), new NetworkAddress ("localhost", 443));
            check (false, "a client trusting another CA refuses");
        } catch (TlsError.BAD_CERTIFICATE e) {
            check (true, "a client trusting another CA refuses: " + e.message);
        }
    } finally {
        FileUtils.unlink (ca_path);
        DirUtils.remove (dir);
    }
}

void test_inspect () throws Error {
    var gio = new TlsCertificate.from_files (file_path ("server.pem"), file_path ("server.key"));
    var cert = new Gossl.X509.from_tls_certificate (gio);
    equal (cert.get_subject_common_name (), "localhost", "CN of a GIO-made certificate");
    check (cert.not_valid_after.equal (gio.not_valid_after), "its validity");
    equal (text (cert.get_dns_names ()[0]), "localhost", "its DNS names");
    var key = new Gossl.PKey.from_tls_certificate (gio);
    check (key.has_private () && key.public_to_bytes (Gossl.Filetype.PEM).compare (
               cert.get_pubkey ().public_to_bytes (Gossl.Filetype.PEM)) == 0, "its private key");
    try {
        new Gossl.PKey.from_tls_certificate (new TlsCertificate.from_file (file_path ("ca.pem")));
        check (false, "a GIO certificate without a key fails");
    } catch (Gossl.CryptoError.INVALID_ARGUMENT e) {
        check (true, "a GIO certificate without a key fails");
    }
}

void test_export_and_sign () throws Error {
    var cert = new Gossl.X509.from_bytes (Gossl.Filetype.PEM, load ("server.pem"));
    var ca = new Gossl.X509.from_bytes (Gossl.Filetype.PEM, load ("ca.pem"));
    var key = new Gossl.PKey.from_bytes (Gossl.Filetype.PEM, load ("server.key"), null);
    var p12 = new Gossl.PKCS12.empty ();
    p12.set_certificate (cert);
    p12.set_privatekey (key);
    p12.set_ca_certificates ({ ca });
    p12.set_friendly_name ("gossl server");
    var der = p12.export ("secret", Gossl.PKCS12Encryption.TRIPLE_DES, "sha1", 0, 0);
    var back = new Gossl.PKCS12.from_bytes (der, "secret");
    equal (back.get_friendly_name (), "gossl server", "PKCS12 exported and read back");
    equal (back.get_ca_certificates ()[0].get_subject_common_name (), "gossl test CA", "its CA");

    var spki = new Gossl.NetscapeSpki ();
    spki.set_pubkey (key);
    spki.sign (key, "sha256");
    var decoded = new Gossl.NetscapeSpki.from_base64 (spki.to_base64 ());
    check (decoded.verify (cert.get_pubkey ()), "NetscapeSpki signed, encoded, decoded, verified");

    var data = new Bytes ("signed data".data);
    var sig = key.sign ("sha256", data);
    check (cert.get_pubkey ().verify ("sha256", data, sig), "PKey.sign and verify");
    try {
        cert.get_pubkey ().verify ("sha256", new Bytes ("other".data), sig);
        check (false, "a signature of other data fails");
    } catch (Gossl.CryptoError.FAILED e) {
        check (true, "a signature of other data fails");
    }
    check (text (cert.to_bytes (Gossl.Filetype.TEXT)).contains ("DNS:localhost"), "X509 as text");
}

int main (string[] args) {
    files = Environment.get_variable ("GOSSL_TEST_FILES");
    // The no-backend child: a GIO that loads no modules has only its dummy
    // TLS backend.
    if (args.length > 1 && args[1] == "--no-backend") {
        try {
            var cert = new Gossl.X509.from_bytes (Gossl.Filetype.PEM, load ("server.pem"));
            cert.to_tls_certificate (null, null);
            print ("no error\n");
        } catch (TlsError.UNAVAILABLE e) {
            print ("UNAVAILABLE\n");
        } catch (Error e) {
            print ("%s\n", e.message);
        }
        return 0;
    }

    try {
        test_bytes ();
        test_dates ();
        test_names_and_notify ();
        test_serve ();
        test_inspect ();
        test_export_and_sign ();

        var launcher = new SubprocessLauncher (SubprocessFlags.STDOUT_PIPE);
        launcher.setenv ("GIO_MODULE_DIR", "/nonexistent", true);
        launcher.unsetenv ("GIO_EXTRA_MODULES");
        var child = launcher.spawnv ({ args[0], "--no-backend" });
        string output;
        child.communicate_utf8 (null, null, out output, null);
        equal (output.strip (), "UNAVAILABLE", "no TLS backend");
    } catch (Error e) {
        check (false, "unexpected error: " + e.message);
    }
    return failed > 0 ? 1 : 0;
}
