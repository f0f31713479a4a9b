#!/usr/bin/env python3
"""gossl's demo: a certificate authority, a server certificate it signs, and a
TLS echo server and client that talk over 127.0.0.1, all through the
pyOpenSSL 0.5.1 API (`from OpenSSL import crypto, SSL`).

Usage: demo.py [OUTPUT_DIR]   (PEM files are written there; default: a temp dir)
"""
import os
import signal
import socket
import sys
import tempfile
import threading

from OpenSSL import SSL, crypto


def make_key(bits=2048):
    key = crypto.PKey()
    key.generate_key(crypto.TYPE_RSA, bits)
    return key


def make_cert(subject_cn, key, serial, issuer_cert=None, issuer_key=None, ca=False):
    cert = crypto.X509()
    cert.set_version(2)
    cert.set_serial_number(serial)
    subject = cert.get_subject()
    subject.C = 'SE'
    subject.O = 'gossl demo'
    subject.CN = subject_cn
    cert.gmtime_adj_notBefore(0)
    cert.gmtime_adj_notAfter(365 * 24 * 60 * 60)
    cert.set_issuer(issuer_cert.get_subject() if issuer_cert else subject)
    cert.set_pubkey(key)
    if ca:
        cert.add_extensions([
            crypto.X509Extension(b'basicConstraints', True, b'CA:TRUE'),
            crypto.X509Extension(b'keyUsage', True, b'keyCertSign, cRLSign'),
        ])
    else:
        cert.add_extensions([
            crypto.X509Extension(b'basicConstraints', True, b'CA:FALSE'),
            crypto.X509Extension(b'subjectAltName', False, b'DNS:localhost, IP:127.0.0.1'),
        ])
    cert.sign(issuer_key or key, 'sha256')
    return cert


def describe(label, cert):
    subject = cert.get_subject()
    issuer = cert.get_issuer()
    print(f'{label}:')
    print(f'  subject:  CN={subject.CN}, O={subject.O}, C={subject.C}')
    print(f'  issuer:   CN={issuer.CN}')
    print(f'  serial:   {cert.get_serial_number()}')
    print(f'  valid:    {cert.get_notBefore().decode()} .. {cert.get_notAfter().decode()}')


def serve_echo(listener, server_ctx, ready):
    ready.set()
    sock, _addr = listener.accept()
    conn = SSL.Connection(server_ctx, sock)
    conn.set_accept_state()
    try:
        while True:
            try:
                data = conn.recv(4096)
            except SSL.ZeroReturnError:
                break
            conn.sendall(data)
        conn.shutdown()
    finally:
        conn.close()


def main():
    # Blocking sockets as in the manual; a watchdog makes sure a demo never hangs.
    signal.alarm(120)
    out = sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix='gossl-demo-')
    os.makedirs(out, exist_ok=True)

    ca_key = make_key()
    ca_cert = make_cert('gossl demo CA', ca_key, 1, ca=True)
    server_key = make_key()
    server_cert = make_cert('localhost', server_key, 2 ** 70 + 1, ca_cert, ca_key)

    files = {
        'ca.pem': crypto.dump_certificate(crypto.FILETYPE_PEM, ca_cert),
        'server.pem': crypto.dump_certificate(crypto.FILETYPE_PEM, server_cert),
        'server.key': crypto.dump_privatekey(crypto.FILETYPE_PEM, server_key),
    }
    for name, data in files.items():
        with open(os.path.join(out, name), 'wb') as f:
            f.write(data)
    describe('CA certificate', ca_cert)
    describe('Server certificate', server_cert)
    print(f'PEM files written to {out}')

    server_ctx = SSL.Context(SSL.SSLv23_METHOD)
    server_ctx.use_certificate_file(os.path.join(out, 'server.pem'))
    server_ctx.use_privatekey_file(os.path.join(out, 'server.key'))
    # The 0.5.1 manual returns true or false (later pyOpenSSL returns None and raises).
    if server_ctx.check_privatekey() is False:
        raise SystemExit('server key does not match its certificate')

    listener = socket.socket()
    listener.bind(('127.0.0.1', 0))
    listener.listen(1)
    ready = threading.Event()
    server = threading.Thread(target=serve_echo, args=(listener, server_ctx, ready), daemon=True)
    server.start()
    ready.wait()

    verified = []

    def verify(conn, cert, errnum, depth, ok):
        verified.append((depth, cert.get_subject().CN, bool(ok)))
        return ok

    client_ctx = SSL.Context(SSL.SSLv23_METHOD)
    client_ctx.load_verify_locations(os.path.join(out, 'ca.pem'))
    client_ctx.set_verify(SSL.VERIFY_PEER, verify)
    client = SSL.Connection(client_ctx, socket.socket())
    client.connect(listener.getsockname())
    client.do_handshake()

    print('TLS handshake done:')
    for depth, cn, ok in verified:
        print(f'  verified depth {depth}: CN={cn} ok={ok}')
    print(f'  peer certificate: CN={client.get_peer_certificate().get_subject().CN}')
    for message in (b'hello, gossl', b'x' * 100000):
        client.sendall(message)
        echoed = b''
        while len(echoed) < len(message):
            echoed += client.recv(65536)
        assert echoed == message, 'echo mismatch'
        print(f'  echoed {len(message)} bytes intact')
    client.shutdown()
    client.close()
    server.join(10)
    listener.close()
    print('demo finished')


if __name__ == '__main__':
    main()
