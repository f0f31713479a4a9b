#!/usr/bin/env python3
"""Run one example program against a real peer and check what it prints.

  run-example.py [--s-server CERT KEY] [--expect TEXT]... -- COMMAND ARG...

--s-server starts `openssl s_server -rev` on 127.0.0.1 with a free port; the
strings {port} and {files} in COMMAND are replaced by that port and by the
test fixtures directory. Every --expect TEXT must appear in the example's
standard output, and it must exit 0 within the time limit.
"""
import argparse
import os
import re
import subprocess
import sys
import time

TIMEOUT = 60


def start_s_server(cert, key):
    proc = subprocess.Popen(
        ['openssl', 's_server', '-accept', '127.0.0.1:0', '-cert', cert, '-key', key,
         '-rev', '-naccept', '1'],
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
    sys.exit('openssl s_server did not start')


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--s-server', nargs=2, metavar=('CERT', 'KEY'))
    parser.add_argument('--expect', action='append', default=[])
    parser.add_argument('command', nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ['--'] else args.command

    files = os.environ.get('GOSSL_TEST_FILES', '')
    server, port = None, 0
    if args.s_server:
        server, port = start_s_server(*(os.path.join(files, f) for f in args.s_server))
    command = [c.replace('{port}', str(port)).replace('{files}', files) for c in command]

    try:
        result = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True,
                                text=True, timeout=TIMEOUT)
    finally:
        if server:
            server.kill()
            server.wait()
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr)
    if result.returncode != 0:
        sys.exit(f'exit status {result.returncode}')
    missing = [e for e in args.expect if e not in result.stdout]
    if missing:
        sys.exit(f'missing from output: {missing}')


if __name__ == '__main__':
    main()
