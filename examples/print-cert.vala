// print-cert.vala: load a PEM certificate with gossl from Vala and print who it is.
//
// Usage: print-cert-vala FILE.pem
string date (DateTime? when) {
    return when != null ? when.format_iso8601 () : "(unset)";
}

string list (string[] items) {
    return items.length > 0 ? string.joinv (" ", items) : "(none)";
}

int main (string[] args) {
    if (args.length != 2) {
        stderr.printf ("Usage: %s FILE.pem\n", args[0]);
        return 2;
    }
    Gossl.X509 cert;
    try {
        var pem = File.new_for_commandline_arg (args[1]).load_bytes ();
        cert = new Gossl.X509.from_bytes (Gossl.Filetype.PEM, pem);
    } catch (Gossl.CryptoError e) {
        stderr.printf ("%s: not a certificate: %s\n", args[1], e.message);
        return 1;
    } catch (Error e) {
        stderr.printf ("%s: %s\n", args[1], e.message);
        return 1;
    }

    // Reading a certificate cannot fail: no try/catch from here on. The
    // properties are those GLib.TlsCertificate has too.
    print ("subject: %s\n", cert.subject_name);
    print ("common name: %s\n", cert.get_subject_common_name () ?? "(none)");
    print ("issuer: %s\n", cert.issuer_name);
    print ("serial: 0x%s\n", cert.serial_number);
    print ("not valid before: %s\n", date (cert.not_valid_before));
    print ("not valid after: %s\n", date (cert.not_valid_after));

    string[] dns_names = {};
    foreach (var name in cert.dns_names) {
        // Bytes, as GIO has them: a name may hold any byte, and no NUL ends it.
        dns_names += new StringBuilder ().append_len ((string) name.get_data (),
                                                      (ssize_t) name.get_size ()).str;
    }
    print ("DNS names: %s\n", list (dns_names));
    string[] ip_addresses = {};
    foreach (var address in cert.ip_addresses) {
        ip_addresses += address.to_string ();
    }
    print ("IP addresses: %s\n", list (ip_addresses));
    return 0;
}
