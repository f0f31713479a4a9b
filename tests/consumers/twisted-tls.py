#!/usr/bin/env python3
"""Twisted's own TLS tests (Debian's python3-twisted ships them), run twice at
once: on this package and on Debian's pyOpenSSL 23. Every test that passes on
pyOpenSSL 23 must pass here; a test Twisted skips here but runs there (because
a feature probe answered differently) counts as a failure.

Usage: twisted-tls.py [MODULE...]   (exit 77 when Twisted is not installed)
"""
import os
import re
import subprocess
import sys
import tempfile

# twisted.test.test_sslverify is where Twisted drives pyOpenSSL's API: its
# certificate options, verification, service_identity, ECDH, ALPN and
# session settings (118 tests). The other TLS modules
# (twisted.protocols.test.test_tls, twisted.internet.test.test_tls, ...)
# can be named on the command line; on Debian 12 with pyOpenSSL 23 itself
# many of their tests fail or wait out trial's 120-second timeout (they
# handshake with TLS 1.0 and 1.1, which the security level refuses), which
# would take the tier past half an hour and measure nothing of ours.
MODULES = sys.argv[1:] or ["twisted.test.test_sslverify"]
PYTHON = "/usr/bin/python3"
RESULT = re.compile(r"^(\S+) \.\.\. (?:.*?)\[(OK|SKIPPED|FAIL|ERROR|TODO|UNEXPECTED SUCCESS)\]", re.M)


def start(isolated, workdir):
    env = dict(os.environ)
    argv = [PYTHON]
    if isolated:
        # -I: no PYTHONPATH, so "OpenSSL" is Debian's pyOpenSSL 23.
        argv.append("-I")
    argv += ["-m", "twisted.trial", "--reporter=bwverbose",
             "--temp-directory=" + os.path.join(workdir, "_trial_temp")] + MODULES
    log = open(os.path.join(workdir, "trial.log"), "w+")
    proc = subprocess.Popen(argv, env=env, cwd=workdir, stdout=log, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL)
    return proc, log


def outcomes(log):
    log.seek(0)
    text = log.read()
    return {name: status for name, status in RESULT.findall(text)}, text


def main():
    if subprocess.run([PYTHON, "-I", "-c", "import twisted.trial, OpenSSL"],
                      capture_output=True).returncode != 0:
        print("Twisted or Debian's pyOpenSSL is not installed")
        return 77
    with tempfile.TemporaryDirectory() as ours_dir, tempfile.TemporaryDirectory() as ref_dir:
        ours, ours_log = start(False, ours_dir)
        ref, ref_log = start(True, ref_dir)
        ours.wait(timeout=1800)
        ref.wait(timeout=1800)
        mine, mine_text = outcomes(ours_log)
        theirs, theirs_text = outcomes(ref_log)
        which = subprocess.run([PYTHON, "-c", "import OpenSSL.SSL; print(OpenSSL.SSL.__file__)"],
                               capture_output=True, text=True).stdout.strip()
    print("OpenSSL package under test:", which)
    good = sorted(n for n, s in theirs.items() if s == "OK")
    worse = [(n, mine.get(n, "NOT RUN")) for n in good if mine.get(n) != "OK"]
    counts = {}
    for s in mine.values():
        counts[s] = counts.get(s, 0) + 1
    print("pyOpenSSL 23: %d tests, %d passed; gossl: %d tests, %s"
          % (len(theirs), len(good), len(mine), counts))
    if not theirs or len(good) < len(theirs) // 2:
        print("the reference run did not run:\n" + theirs_text[-5000:])
        return 1
    if worse:
        print("passed on pyOpenSSL 23, not on gossl (%d):" % len(worse))
        for name, status in worse:
            print("  %-8s %s" % (status, name))
        print(mine_text[-20000:])
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
