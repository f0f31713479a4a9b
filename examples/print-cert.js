// print-cert.js: load a PEM certificate with gossl from GJS and print who it is.
//
// Usage: gjs -m print-cert.js FILE.pem
import GLib from 'gi://GLib';
import Gossl from 'gi://Gossl?version=1.0';
import system from 'system';

const [path] = ARGV;
if (!path) {
    printerr('Usage: gjs -m print-cert.js FILE.pem');
    system.exit(2);
}

try {
    const [, pem] = GLib.file_get_contents(path);
    const cert = Gossl.X509.new_from_data(Gossl.Filetype.PEM, pem);
    const subject = cert.get_subject();
    print(`subject: ${subject.to_string()}`);
    print(`common name: ${subject.get_entry('CN')}`);
    print(`issuer: ${cert.get_issuer().to_string()}`);
    print(`serial: 0x${cert.get_serial_number()}`);
    print(`not after: ${cert.get_not_after()}`);
} catch (e) {
    if (e instanceof GLib.Error && e.matches(Gossl.CryptoError, Gossl.CryptoError.FAILED))
        printerr(`${path}: not a certificate: ${e.message}`);
    else
        printerr(`${path}: ${e.message}`);
    system.exit(1);
}
