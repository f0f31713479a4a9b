#!/usr/bin/env python3
"""tls-client: connect to HOST:PORT over TLS with gossl's OpenSSL package
(the pyOpenSSL 0.5.1 API), verify the server against a CA file, print the
verified chain, the cipher, and the server's reply to one line.

Usage: tls-client.py HOST PORT CAFILE [MESSAGE]
"""
import socket
import sys

from OpenSSL import SSL


def oneline(name):
    """The name as OpenSSL's one-line form, /C=SE/O=.../CN=..."""
    return ''.join(f'/{key.decode()}={value.decode()}' for key, value in name.get_components())


def verify(conn, cert, errnum, depth, ok):
    # Called for each certificate of the chain, the CA (deepest) first.
    print(f'depth {depth}: {oneline(cert.get_subject())} [{"ok" if ok else "FAILED"}]')
    return ok


def main():
    if len(sys.argv) < 4:
        sys.exit(f'Usage: {sys.argv[0]} HOST PORT CAFILE [MESSAGE]')
    host, port, cafile = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    message = sys.argv[4] if len(sys.argv) > 4 else 'hello from gossl (Python)\n'

    context = SSL.Context(SSL.SSLv23_METHOD)
    context.load_verify_locations(cafile)
    context.set_verify(SSL.VERIFY_PEER, verify)

    # A blocking socket, as in the manual; the Connection borrows it.
    conn = SSL.Connection(context, socket.socket())
    try:
        conn.connect((host, port))
        conn.do_handshake()
        print(f'peer: {oneline(conn.get_peer_certificate().get_subject())}')
        print(f'protocol: {conn.get_protocol_version_name()}')
        print(f'cipher: {conn.get_cipher_name()}')
        conn.sendall(message.encode())
        print(f'reply: {conn.recv(4096).decode(errors="replace")}')
        conn.shutdown()
    except SSL.Error as e:
        sys.exit(f'tls-client: TLS error: {e}')
    except OSError as e:
        sys.exit(f'tls-client: {e}')
    finally:
        conn.close()


if __name__ == '__main__':
    main()
