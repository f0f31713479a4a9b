#!/usr/bin/env python3
"""echo-server: a TLS echo server with gossl's OpenSSL package (the
pyOpenSSL 0.5.1 API). It listens on 127.0.0.1, serves one client, sending
back every byte it reads until the client closes the TLS session, and exits.

Usage: echo-server.py CERT.pem KEY.pem [PORT]

PORT 0 (the default) picks a free port; the first line printed says which:
"listening on 127.0.0.1:PORT".
"""
import socket
import sys

from OpenSSL import SSL


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(f'Usage: {sys.argv[0]} CERT.pem KEY.pem [PORT]')
    port = int(sys.argv[3]) if len(sys.argv) > 3 else 0

    context = SSL.Context(SSL.SSLv23_METHOD)
    context.use_certificate_file(sys.argv[1])
    context.use_privatekey_file(sys.argv[2])
    # The 0.5.1 manual returns true or false here.
    if not context.check_privatekey():
        sys.exit('echo-server: the key does not match the certificate')

    # The manual's way: a Connection over a listening socket; accept() gives a
    # Connection in server mode for the client.
    server = SSL.Connection(context, socket.socket())
    server.bind(('127.0.0.1', port))
    server.listen(1)
    print(f'listening on 127.0.0.1:{server.getsockname()[1]}', flush=True)

    conn, _address = server.accept()
    server.close()  # one client only
    print('client connected')
    total = messages = 0
    try:
        conn.do_handshake()
        print(f'protocol: {conn.get_protocol_version_name()}')
        print(f'cipher: {conn.get_cipher_name()}')
        while True:
            try:
                data = conn.recv(16384)
            except SSL.ZeroReturnError:
                break  # the client's close-notify: the clean end of the session
            conn.sendall(data)
            total += len(data)
            messages += 1
        print(f'echoed {total} bytes in {messages} messages')
        conn.shutdown()  # answer the client's close-notify with ours
        print('connection closed')
    except SSL.Error as e:
        sys.exit(f'echo-server: TLS error: {e}')
    finally:
        conn.close()


if __name__ == '__main__':
    main()
