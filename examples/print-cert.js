// print-cert.js: load a PEM certificate with gossl from GJS and print who it is.
//
// Usage: gjs -m print-cert.js FILE.pem
import Gio from 'gi://Gio';
import GLib from 'gi://GLib';
import Gossl from 'gi://Gossl?version=1.0';
import system from 'system';

const [path] = ARGV;
if (!path) {
    printerr('Usage: gjs -m print-cert.js FILE.pem');
    system.exit(2);
}

let cert;
try {
    const [pem] = Gio.File.new_for_commandline_arg(path).load_bytes(null);
    cert = Gossl.X509.new_from_bytes(Gossl.Filetype.PEM, pem);
} catch (e) {
    if (e instanceof GLib.Error && e.matches(Gossl.CryptoError, Gossl.CryptoError.FAILED))
        printerr(`${path}: not a certificate: ${e.message}`);
    else
        printerr(`${path}: ${e.message}`);
    system.exit(1);
}

// Reading a certificate cannot fail: no try/catch from here on. The
// properties are those Gio.TlsCertificate has too.
const date = when => when?.format_iso8601() ?? '(unset)';
const list = items => items.length ? items.join(' ') : '(none)';
print(`subject: ${cert.subject_name}`);
print(`common name: ${cert.get_subject_common_name() ?? '(none)'}`);
print(`issuer: ${cert.issuer_name}`);
print(`serial: 0x${cert.serial_number}`);
print(`not valid before: ${date(cert.not_valid_before)}`);
print(`not valid after: ${date(cert.not_valid_after)}`);
// GLib.Bytes, as GIO has them: a name may hold any byte.
const decoder = new TextDecoder();
print(`DNS names: ${list(cert.get_dns_names().map(name => decoder.decode(name.toArray())))}`);
print(`IP addresses: ${list(cert.get_ip_addresses().map(address => address.to_string()))}`);
