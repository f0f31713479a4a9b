#!/usr/bin/env python3
"""Run one example program against a real peer and check what it does.

  run-example.py --lang LANG [--message TEXT] PROGRAM -- COMMAND ARG...

PROGRAM says which of the examples COMMAND is, LANG its language (c, gjs,
vala, python); this script adds its arguments, sets up the peer it needs and
checks the result. The C, GJS and Vala examples show gossl's GNOME face and
print names as GIO writes them (C=US,O=...,CN=...), times in ISO 8601 and
GIO's enum and flag names; the Python ones use the OpenSSL package, the
pyOpenSSL face, and print OpenSSL's /C=US/O=.../CN=... names and ASN.1
times. What a program must print is derived from what `openssl` itself says
of the certificates:

  print-cert   prints the fixture server.pem: its subject, common name,
               issuer, serial number, end of validity (GNOME face: its start
               too, and the DNS names and IP addresses of subjectAltName).
  make-cert    writes a CA and a server certificate into a temporary
               directory, printing the subject, issuer, serial number and
               validity of each; `openssl verify` must accept the server
               certificate against the CA, and each key must match its
               certificate (GNOME face: GIO must verify the server
               certificate too, for localhost, against the CA).
  tls-client   talks to `openssl s_server -rev` (fixture server.pem, signed by
               ca.pem); must print both depths of the verified chain, the
               peer, protocol and cipher, and the reversed line the server
               sent back.
  tls-client-untrusted
               the same client, trusting a CA that did not sign the server:
               the handshake must fail at depth 0 for the unknown issuer and
               the program exit non-zero (GNOME face: saying
               G_TLS_CERTIFICATE_UNKNOWN_CA).
  tls-client-wrong-name
               GNOME face only: the server (server.pem, for localhost and
               127.0.0.1) listens on 127.0.0.2 and the client connects to
               that address: the handshake must fail with
               G_TLS_CERTIFICATE_BAD_IDENTITY and the program exit non-zero.
               Exit status 77 (skipped) where 127.0.0.2 is not usable.
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
SKIP = 77  # meson's exit status for a skipped test

# The languages whose examples show the GNOME face; the others, pyOpenSSL's.
GNOME_FACE = ('c', 'gjs', 'vala')


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
    """Each of EXPECT must be a whole line of STDOUT (a compiled pattern:
    match a whole line)."""
    lines = stdout.splitlines()

    def found(expected):
        if isinstance(expected, re.Pattern):
            return any(expected.fullmatch(line) for line in lines)
        return expected in lines

    missing = [getattr(e, 'pattern', e) for e in expect if not found(e)]
    if missing:
        fail(f'missing from output: {missing}')


def start_s_server(cert, key, naccept=1, address='127.0.0.1'):
    """openssl s_server and its port; None when it could not listen."""
    proc = subprocess.Popen(
        ['openssl', 's_server', '-accept', f'{address}:0', '-cert', cert, '-key', key,
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
    proc.wait()
    return None


def openssl(*args):
    result = subprocess.run(['openssl', *args], capture_output=True, text=True, timeout=TIMEOUT)
    if result.returncode != 0:
        fail(f'openssl {" ".join(args)} failed: {result.stdout}{result.stderr}')
    return result.stdout


def described(cert, gnome):
    """What openssl says of the PEM certificate CERT, written as an example
    of that face prints it: subject, issuer, serial, validity, and the DNS
    names and IP addresses of its subjectAltName."""
    nameopt = 'sep_comma_plus,sname,utf8,esc_2253' if gnome else 'compat'
    out = openssl('x509', '-in', cert, '-noout', '-nameopt', nameopt, '-subject', '-issuer',
                  '-serial', '-dateopt', 'iso_8601', '-startdate', '-enddate')
    fields = dict(line.split('=', 1) for line in out.splitlines())

    def when(iso):  # openssl's "2126-11-03 21:34:47Z"
        return iso.replace(' ', 'T') if gnome else re.sub(r'[-: ]', '', iso)

    alt_names = openssl('x509', '-in', cert, '-noout', '-ext', 'subjectAltName')
    return {
        'subject': fields['subject'],
        'issuer': fields['issuer'],
        'serial': '0x' + fields['serial'],
        'not_before': when(fields['notBefore']),
        'not_after': when(fields['notAfter']),
        'dns': ' '.join(re.findall(r'DNS:([^,\s]+)', alt_names)) or '(none)',
        'ip': ' '.join(re.findall(r'IP Address:([^,\s]+)', alt_names)) or '(none)',
    }


def agreed(gnome):
    """The protocol and cipher lines of a TLS 1.3 handshake with openssl or
    Python's ssl: GIO's GTlsProtocolVersion and IANA's name of the cipher
    suite, or OpenSSL's names."""
    if gnome:
        return ['protocol: G_TLS_PROTOCOL_VERSION_TLS_1_3', re.compile(r'cipher: TLS_[A-Z0-9_]+')]
    return ['protocol: TLSv1.3', re.compile(r'cipher: \S+')]


def print_cert(command, args):
    cert = described(os.path.join(files_dir(), 'server.pem'), args.gnome)
    expect = [f'subject: {cert["subject"]}', 'common name: localhost',
              f'issuer: {cert["issuer"]}', f'serial: {cert["serial"]}']
    if args.gnome:
        expect += [f'not valid before: {cert["not_before"]}',
                   f'not valid after: {cert["not_after"]}',
                   f'DNS names: {cert["dns"]}', f'IP addresses: {cert["ip"]}']
    else:
        expect += [f'not after: {cert["not_after"]}']
    run(command + [os.path.join(files_dir(), 'server.pem')], expect=expect)


def make_cert(command, args):
    out = tempfile.mkdtemp(prefix='gossl-make-cert-')
    try:
        expect = ['CA certificate:', 'server certificate:', '-----BEGIN CERTIFICATE-----']
        if args.gnome:
            expect.append('GIO verifies the server certificate for localhost against the CA: '
                          'G_TLS_CERTIFICATE_NO_FLAGS')
        result = run(command + [out], expect=expect)
        if result.stdout.count('-----BEGIN CERTIFICATE-----') != 2:
            fail('expected both certificates printed as PEM')
        ca, server = os.path.join(out, 'ca.pem'), os.path.join(out, 'server.pem')
        # Each certificate is printed as what was written.
        ca_part, server_part = result.stdout.split('\nserver certificate:\n', 1)
        for part, path in ((ca_part, ca), (server_part, server)):
            cert = described(path, args.gnome)
            check_output(part, [f'  subject: {cert["subject"]}', f'  issuer:  {cert["issuer"]}',
                                f'  serial:  {cert["serial"]}',
                                f'  valid:   {cert["not_before"]} .. {cert["not_after"]}'])
        names = described(server, args.gnome)
        if (names['dns'], names['ip']) != ('localhost', '127.0.0.1'):
            fail(f'the server certificate is not for localhost and 127.0.0.1: {names}')
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


def tls_client(command, args, check='trusted'):
    files = files_dir()
    message = args.message or 'hello from run-example'
    server_pem = os.path.join(files, 'server.pem')
    ca_pem = os.path.join(files, 'ca.pem')
    address = '127.0.0.1'
    if check == 'wrong-name':
        if not args.gnome:
            fail('tls-client-wrong-name is for the GNOME face only: pyOpenSSL checks no name')
        # server.pem is for localhost and 127.0.0.1, not for this address.
        address = '127.0.0.2'
    started = start_s_server(server_pem, os.path.join(files, 'server.key'), address=address)
    if started is None and check == 'wrong-name':
        print(f'openssl s_server cannot listen on {address}: skipped')
        sys.exit(SKIP)
    if started is None:
        fail('openssl s_server did not start')
    server, port = started
    # ca2.pem did not sign server.pem: verification must fail.
    ca = os.path.join(files, 'ca2.pem') if check == 'untrusted' else ca_pem
    subject = described(server_pem, args.gnome)['subject']
    ca_subject = described(ca_pem, args.gnome)['subject']
    command = command + [address, str(port), ca, message + '\n']
    try:
        if check == 'untrusted' and args.gnome:
            result = run(command, expect_fail=True, expect=[
                f'depth 0: {subject} [FAILED: GOSSL_VERIFY_RESULT_UNABLE_TO_GET_ISSUER_CERT_LOCALLY]'])
            problems = 'G_TLS_CERTIFICATE_UNKNOWN_CA'
        elif check == 'untrusted':
            result = run(command, expect_fail=True, expect=[f'depth 0: {subject} [FAILED]'])
            problems = 'unable to get local issuer certificate'
        elif check == 'wrong-name':
            result = run(command, expect_fail=True, expect=[
                f'depth 0: {subject} [FAILED: GOSSL_VERIFY_RESULT_IP_ADDRESS_MISMATCH]'])
            problems = 'G_TLS_CERTIFICATE_BAD_IDENTITY'
        else:
            run(command, expect=[
                f'depth 1: {ca_subject} [ok]', f'depth 0: {subject} [ok]', f'peer: {subject}',
                *agreed(args.gnome), 'reply: ' + message[::-1]])
            return
        if args.gnome:
            problems = f"the server's certificate was refused ({problems})"
        if problems not in result.stderr:
            fail(f'the failure does not say {problems!r}')
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
    check_output(out, ['client connected', *agreed(args.gnome),
                       re.compile(rf'echoed {total} bytes in \d+ messages'), 'connection closed'])


def binding_test(command, args):
    files = files_dir()
    started = start_s_server(os.path.join(files, 'server.pem'),
                             os.path.join(files, 'server.key'), naccept=3)
    if started is None:
        fail('openssl s_server did not start')
    server, port = started
    try:
        run(command + ['127.0.0.1', str(port), files], expect=['binding test: ok'])
    finally:
        server.kill()
        server.wait()


PROGRAMS = {
    'print-cert': print_cert,
    'make-cert': make_cert,
    'tls-client': tls_client,
    'tls-client-untrusted': lambda command, args: tls_client(command, args, 'untrusted'),
    'tls-client-wrong-name': lambda command, args: tls_client(command, args, 'wrong-name'),
    'echo-server': echo_server,
    'binding-test': binding_test,
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('program', choices=sorted(PROGRAMS))
    parser.add_argument('--lang', required=True, choices=('c', 'gjs', 'vala', 'python'))
    parser.add_argument('--message')
    parser.add_argument('command', nargs=argparse.REMAINDER)
    args = parser.parse_args()
    args.gnome = args.lang in GNOME_FACE
    command = args.command[1:] if args.command[:1] == ['--'] else args.command
    if not command:
        fail('no command given')
    PROGRAMS[args.program](command, args)


if __name__ == '__main__':
    main()
