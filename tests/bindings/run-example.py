#!/usr/bin/env python3
"""Run one example program against a real peer and check what it does.

  run-example.py PROGRAM [--message TEXT] -- COMMAND ARG...

PROGRAM says which of the examples COMMAND is (in any language); this script
adds its arguments, sets up the peer it needs and checks the result:

  print-cert   prints the fixture server.pem; must name its common name.
  make-cert    writes a CA and a server certificate into a temporary
               directory; `openssl verify` must accept the server certificate
               against the CA, and each key must match its certificate.
  tls-client   talks to `openssl s_server -rev` (fixture server.pem, signed by
               ca.pem); must print both depths of the verified chain, the
               cipher, and the reversed line the server sent back.
  tls-client-untrusted
               the same client, trusting a CA that did not sign the server:
               the handshake must fail and the program exit non-zero.
  echo-server  serves one client: a Python `ssl` client that verifies the
               server against ca.pem, sends a line and 100 kB, expects them
               back intact, and closes the TLS session; the server must then
               exit 0 by itself.
  binding-test a test program of tests/bindings (GJS, Vala), given the
               address of `openssl s_server -rev` (fixture server.pem, two
               connections: one trusting ca.pem, one ca2.pem) and the fixtures
               directory; it checks what it does itself, and must exit 0
               and print "binding test: ok".

The test fixtures directory is $GOSSL_TEST_FILES. Every step is bounded in
time: a hung example fails the test instead of hanging it.
"""
import argparse
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time

TIMEOUT = 60


def fail(message):
    sys.exit(f'run-example: {message}')


def files_dir():
    files = os.environ.get('GOSSL_TEST_FILES')
    if not files or not os.path.isdir(files):
        fail('GOSSL_TEST_FILES does not name the fixtures directory')
    return files


def run(command, expect=(), expect_fail=False):
    """Run COMMAND to completion; check its exit status and output."""
    print('running:', ' '.join(command), flush=True)
    try:
        result = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True,
                                text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired as e:
        fail(f'no exit within {TIMEOUT} s; output so far: {e.stdout!r}')
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr)
    if expect_fail:
        if result.returncode == 0:
            fail('exit status 0, expected a failure')
    elif result.returncode != 0:
        fail(f'exit status {result.returncode}')
    check_output(result.stdout, expect)
    return result


def check_output(stdout, expect):
    missing = [e for e in expect if e not in stdout]
    if missing:
        fail(f'missing from output: {missing}')


def start_s_server(cert, key, naccept=1):
    proc = subprocess.Popen(
        ['openssl', 's_server', '-accept', '127.0.0.1:0', '-cert', cert, '-key', key,
         '-rev', '-naccept', str(naccept)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        match = re.match(r'ACCEPT .*:(\d+)', line)
        if match:
            return proc, int(match.group(1))
    proc.kill()
    fail('openssl s_server did not start')


def print_cert(command, args):
    files = files_dir()
    run(command + [os.path.join(files, 'server.pem')], expect=['common name: localhost'])


def openssl(*args):
    result = subprocess.run(['openssl', *args], capture_output=True, text=True, timeout=TIMEOUT)
    if result.returncode != 0:
        fail(f'openssl {" ".join(args)} failed: {result.stdout}{result.stderr}')
    return result.stdout


def make_cert(command, args):
    out = tempfile.mkdtemp(prefix='gossl-make-cert-')
    try:
        result = run(command + [out], expect=[
            'CA certificate:', 'server certificate:', '/CN=gossl example CA', '/CN=localhost',
            '-----BEGIN CERTIFICATE-----'])
        if result.stdout.count('-----BEGIN CERTIFICATE-----') != 2:
            fail('expected both certificates printed as PEM')
        ca, server = os.path.join(out, 'ca.pem'), os.path.join(out, 'server.pem')
        # The real test: OpenSSL's own command line accepts what the example made.
        verdict = openssl('verify', '-CAfile', ca, server)
        print(verdict, end='')
        if not verdict.strip().endswith(': OK'):
            fail(f'openssl verify: {verdict}')
        if 'CA:TRUE' not in openssl('x509', '-in', ca, '-noout', '-ext', 'basicConstraints'):
            fail('the CA certificate is not marked CA:TRUE')
        for cert, key in (('ca.pem', 'ca.key'), ('server.pem', 'server.key')):
            from_cert = openssl('x509', '-in', os.path.join(out, cert), '-noout', '-pubkey')
            from_key = openssl('pkey', '-in', os.path.join(out, key), '-pubout')
            if from_cert != from_key:
                fail(f'{key} does not belong to {cert}')
        print('openssl agrees: the server certificate chains to the CA; keys match')
    finally:
        shutil.rmtree(out, ignore_errors=True)


def tls_client(command, args, untrusted=False):
    files = files_dir()
    message = args.message or 'hello from run-example'
    server, port = start_s_server(os.path.join(files, 'server.pem'),
                                  os.path.join(files, 'server.key'))
    # ca2.pem did not sign server.pem: verification must fail.
    ca = os.path.join(files, 'ca2.pem' if untrusted else 'ca.pem')
    try:
        if untrusted:
            run(command + ['127.0.0.1', str(port), ca, message + '\n'],
                expect=['[FAILED]'], expect_fail=True)
        else:
            run(command + ['127.0.0.1', str(port), ca, message + '\n'], expect=[
                'depth 1: ', 'depth 0: ', '/CN=localhost', 'cipher: ',
                'reply: ' + message[::-1]])
    finally:
        server.kill()
        server.wait()


def echo_server(command, args):
    files = files_dir()
    command = command + [os.path.join(files, 'server.pem'), os.path.join(files, 'server.key'), '0']
    print('running:', ' '.join(command), flush=True)
    proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        first = proc.stdout.readline()
        sys.stdout.write(first)
        match = re.match(r'listening on 127\.0\.0\.1:(\d+)$', first.strip())
        if not match:
            proc.kill()
            out, err = proc.communicate()
            sys.stdout.write(out)
            sys.stderr.write(err)
            fail(f'expected "listening on 127.0.0.1:PORT" first, got {first!r}')
        port = int(match.group(1))

        context = ssl.create_default_context(cafile=os.path.join(files, 'ca.pem'))
        messages = [(args.message or 'hello, echo server').encode() + b'\n',
                    os.urandom(100000)]
        with socket.create_connection(('127.0.0.1', port), timeout=TIMEOUT) as raw:
            with context.wrap_socket(raw, server_hostname='localhost') as tls:
                for message in messages:
                    tls.sendall(message)
                    echoed = b''
                    while len(echoed) < len(message):
                        chunk = tls.recv(65536)
                        if not chunk:
                            fail(f'connection closed after {len(echoed)} of {len(message)} bytes')
                        echoed += chunk
                    if echoed != message:
                        fail('the echo differs from what was sent')
                    print(f'client: {len(message)} bytes echoed intact')
                # Close-notify both ways: the server answers ours with its own.
                tls.unwrap()
        out, err = proc.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        sys.stdout.write(out)
        sys.stderr.write(err)
        fail(f'the server did not exit within {TIMEOUT} s after its client left')
    except BaseException:
        proc.kill()
        proc.wait()
        raise
    sys.stdout.write(out)
    sys.stderr.write(err)
    if proc.returncode != 0:
        fail(f'exit status {proc.returncode}')
    total = sum(len(m) for m in messages)
    check_output(out, ['client connected', 'cipher: ', f'echoed {total} bytes'])


def binding_test(command, args):
    files = files_dir()
    server, port = start_s_server(os.path.join(files, 'server.pem'),
                                  os.path.join(files, 'server.key'), naccept=2)
    try:
        run(command + ['127.0.0.1', str(port), files], expect=['binding test: ok'])
    finally:
        server.kill()
        server.wait()


PROGRAMS = {
    'print-cert': print_cert,
    'make-cert': make_cert,
    'tls-client': tls_client,
    'tls-client-untrusted': lambda command, args: tls_client(command, args, untrusted=True),
    'echo-server': echo_server,
    'binding-test': binding_test,
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('program', choices=sorted(PROGRAMS))
    parser.add_argument('--message')
    parser.add_argument('command', nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ['--'] else args.command
    if not command:
        fail('no command given')
    PROGRAMS[args.program](command, args)


if __name__ == '__main__':
    main()
