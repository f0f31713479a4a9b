// print-cert.vala: load a PEM certificate with gossl from Vala and print who it is.
//
// Usage: print-cert-vala FILE.pem
int main (string[] args) {
    if (args.length != 2) {
        stderr.printf ("Usage: %s FILE.pem\n", args[0]);
        return 2;
    }
    try {
        uint8[] pem;
        FileUtils.get_data (args[1], out pem);
        var cert = new Gossl.X509.from_data (Gossl.Filetype.PEM, pem);
        var subject = cert.get_subject ();
        print ("subject: %s\n", subject.to_string ());
        print ("common name: %s\n", subject.get_entry ("CN") ?? "(none)");
        print ("issuer: %s\n", cert.get_issuer ().to_string ());
        print ("serial: 0x%s\n", cert.get_serial_number ());
        print ("not after: %s\n", cert.get_not_after () ?? "(unset)");
    } catch (Gossl.CryptoError e) {
        stderr.printf ("%s: not a certificate: %s\n", args[1], e.message);
        return 1;
    } catch (Error e) {
        stderr.printf ("%s: %s\n", args[1], e.message);
        return 1;
    }
    return 0;
}
