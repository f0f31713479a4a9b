"""One measurement of one ``OpenSSL.crypto`` operation, printed as a JSON line.

    python3 bench_crypto.py TEST [--count N] [--preload N] [--files DIR]

``from OpenSSL import crypto`` gets gossl's package or Debian's pyOpenSSL 23,
whichever comes first on ``sys.path``: the code is the same for both.

TEST (operations per second over N calls):

``load_pem``     ``crypto.load_certificate(FILETYPE_PEM, pem)``
``dump_pem``     ``crypto.dump_certificate(FILETYPE_PEM, cert)``
``cn_fresh``     ``cert.get_subject().CN`` on N certificates loaded beforehand
                 (``--preload``, at least N), each asked once: the first call
                 on a certificate
``cn_held``      ``cert.get_subject().CN`` N times on one certificate (gossl's
                 X509 keeps the subject view after the first call; pyOpenSSL
                 makes a new X509Name each time)
``genkey``       ``PKey().generate_key(TYPE_RSA, 2048)``
``sign``         ``cert.sign(key, "sha256")`` with an RSA-2048 key
"""

import json
import os
import sys
import time

DEFAULT_COUNTS = {
    "load_pem": 20000,
    "dump_pem": 20000,
    "cn_fresh": 20000,
    "cn_held": 200000,
    "genkey": 10,
    "sign": 1000,
}


def main(argv):
    if len(argv) < 2 or argv[1] not in DEFAULT_COUNTS:
        sys.exit("usage: bench_crypto.py %s [--count N] [--preload N] [--files DIR]"
                 % "|".join(DEFAULT_COUNTS))
    test = argv[1]
    count = DEFAULT_COUNTS[test]
    files = "tests/files"
    preload = 0
    opts = argv[2:]
    for name, value in zip(opts[::2], opts[1::2]):
        if name == "--count":
            count = int(value)
        elif name == "--preload":
            preload = int(value)
        elif name == "--files":
            files = value
        else:
            sys.exit("unknown option %s" % name)

    from OpenSSL import crypto

    module = sys.modules["OpenSSL"].__file__
    impl = "gossl" if "introspection" in module else "pyopenssl"
    with open(os.path.join(files, "server.pem"), "rb") as f:
        pem = f.read()
    with open(os.path.join(files, "server.key"), "rb") as f:
        key = crypto.load_privatekey(crypto.FILETYPE_PEM, f.read())
    PEM = crypto.FILETYPE_PEM
    load = crypto.load_certificate
    dump = crypto.dump_certificate
    cert = load(PEM, pem)
    expected_cn = cert.get_subject().CN
    loop = range(count)

    if test == "load_pem":
        c0, t0 = time.process_time(), time.perf_counter()
        for _ in loop:
            load(PEM, pem)
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    elif test == "dump_pem":
        c0, t0 = time.process_time(), time.perf_counter()
        for _ in loop:
            dump(PEM, cert)
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        assert dump(PEM, cert) == pem
    elif test == "cn_fresh":
        certs = [load(PEM, pem) for _ in range(max(count, preload))][:count]
        c0, t0 = time.process_time(), time.perf_counter()
        for c in certs:
            c.get_subject().CN
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        assert certs[-1].get_subject().CN == expected_cn
    elif test == "cn_held":
        c0, t0 = time.process_time(), time.perf_counter()
        for _ in loop:
            cert.get_subject().CN
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    elif test == "genkey":
        RSA = crypto.TYPE_RSA
        PKey = crypto.PKey
        c0, t0 = time.process_time(), time.perf_counter()
        for _ in loop:
            PKey().generate_key(RSA, 2048)
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    else:  # sign
        sign = cert.sign
        c0, t0 = time.process_time(), time.perf_counter()
        for _ in loop:
            sign(key, "sha256")
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0

    print(json.dumps({
        "impl": impl, "test": test, "module": module,
        "value": count / seconds, "unit": "ops/s", "seconds": seconds, "count": count,
        "amount": count, "client_cpu": cpu, "server_cpu": 0.0,
    }))


if __name__ == "__main__":
    main(sys.argv)
