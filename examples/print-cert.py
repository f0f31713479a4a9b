#!/usr/bin/env python3
"""print-cert: load a PEM certificate with gossl's OpenSSL package (the
pyOpenSSL 0.5.1 API) and print who it is.

Usage: print-cert.py FILE.pem
"""
import sys

from OpenSSL import crypto


def oneline(name):
    """The name as OpenSSL's one-line form, /C=SE/O=.../CN=..."""
    return ''.join(f'/{key.decode()}={value.decode()}' for key, value in name.get_components())


def main():
    if len(sys.argv) != 2:
        sys.exit(f'Usage: {sys.argv[0]} FILE.pem')
    path = sys.argv[1]
    try:
        with open(path, 'rb') as f:
            cert = crypto.load_certificate(crypto.FILETYPE_PEM, f.read())
    except OSError as e:
        sys.exit(f'{path}: {e.strerror}')
    except crypto.Error as e:
        sys.exit(f'{path}: not a certificate: {e}')

    subject = cert.get_subject()
    not_after = cert.get_notAfter()
    print(f'subject: {oneline(subject)}')
    print(f'common name: {subject.CN or "(none)"}')
    print(f'issuer: {oneline(cert.get_issuer())}')
    print(f'serial: 0x{cert.get_serial_number():02X}')
    print(f'not after: {not_after.decode() if not_after else "(unset)"}')


if __name__ == '__main__':
    main()
