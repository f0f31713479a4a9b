#!/usr/bin/env python3
"""make-cert: make a certificate authority and a server certificate it signs
with gossl's OpenSSL package (the pyOpenSSL 0.5.1 API), and print both.

Usage: make-cert.py [OUTPUT_DIR]

With OUTPUT_DIR, ca.pem, ca.key, server.pem and server.key are written there
(the keys unencrypted: this is an example).
"""
import os
import sys

from OpenSSL import crypto

CA_EXTENSIONS = [
    (b'basicConstraints', True, b'CA:TRUE'),
    (b'keyUsage', True, b'keyCertSign, cRLSign'),
    (b'subjectKeyIdentifier', False, b'hash'),
]
SERVER_EXTENSIONS = [
    (b'basicConstraints', True, b'CA:FALSE'),
    (b'keyUsage', True, b'digitalSignature, keyEncipherment'),
    (b'extendedKeyUsage', False, b'serverAuth'),
    (b'subjectAltName', False, b'DNS:localhost, IP:127.0.0.1'),
    (b'authorityKeyIdentifier', False, b'keyid'),
]


def make_key():
    key = crypto.PKey()
    key.generate_key(crypto.TYPE_RSA, 2048)
    return key


def make_cert(common_name, serial, key, extensions, issuer_cert=None, issuer_key=None):
    cert = crypto.X509()
    cert.set_version(2)
    cert.set_serial_number(serial)
    subject = cert.get_subject()
    subject.C = 'SE'
    subject.O = 'gossl example'
    subject.CN = common_name
    cert.gmtime_adj_notBefore(0)
    cert.gmtime_adj_notAfter(365 * 24 * 60 * 60)
    # A self-signed CA is its own issuer.
    cert.set_issuer(issuer_cert.get_subject() if issuer_cert else subject)
    cert.set_pubkey(key)
    cert.add_extensions([
        crypto.X509Extension(type_name, critical, value,
                             subject=cert, issuer=issuer_cert or cert)
        for type_name, critical, value in extensions])
    cert.sign(issuer_key or key, 'sha256')
    return cert


def oneline(name):
    """The name as OpenSSL's one-line form, /C=SE/O=.../CN=..."""
    return ''.join(f'/{key.decode()}={value.decode()}' for key, value in name.get_components())


def describe(label, cert):
    print(f'{label}:')
    print(f'  subject: {oneline(cert.get_subject())}')
    print(f'  issuer:  {oneline(cert.get_issuer())}')
    print(f'  serial:  0x{cert.get_serial_number():02X}')
    print(f'  valid:   {cert.get_notBefore().decode()} .. {cert.get_notAfter().decode()}')
    print(f'  sha256:  {cert.digest("sha256").decode()}')
    print(crypto.dump_certificate(crypto.FILETYPE_PEM, cert).decode(), end='')


def main():
    if len(sys.argv) > 2:
        sys.exit(f'Usage: {sys.argv[0]} [OUTPUT_DIR]')
    ca_key = make_key()
    server_key = make_key()
    ca_cert = make_cert('gossl example CA', 1, ca_key, CA_EXTENSIONS)
    server_cert = make_cert('localhost', 2, server_key, SERVER_EXTENSIONS, ca_cert, ca_key)

    describe('CA certificate', ca_cert)
    describe('server certificate', server_cert)

    if len(sys.argv) == 2:
        out = sys.argv[1]
        os.makedirs(out, exist_ok=True)
        files = {
            'ca.pem': crypto.dump_certificate(crypto.FILETYPE_PEM, ca_cert),
            'ca.key': crypto.dump_privatekey(crypto.FILETYPE_PEM, ca_key),
            'server.pem': crypto.dump_certificate(crypto.FILETYPE_PEM, server_cert),
            'server.key': crypto.dump_privatekey(crypto.FILETYPE_PEM, server_key),
        }
        for name, data in files.items():
            with open(os.path.join(out, name), 'wb') as f:
                f.write(data)
        print(f'wrote ca.pem, ca.key, server.pem, server.key to {out}')


if __name__ == '__main__':
    main()
