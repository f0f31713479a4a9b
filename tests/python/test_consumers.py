"""Real consumers of pyOpenSSL, unchanged, from Debian's packages, on this
package: urllib3's ``contrib.pyopenssl``, certbot's ``acme`` (a TLS-ALPN
challenge server and its prober, CSRs and SAN parsing), ``service_identity``
and ``josepy``.

Each scenario is a script run twice, in a child interpreter with our package
first on the path and in one with Debian's pyOpenSSL 23 (the reference), over
real sockets on 127.0.0.1; both must print the same result. Twisted's own
TLS test modules run in tests/consumers (trial).

Debian's binary packages of urllib3 and acme do not ship their upstream test
suites, so their own code paths are exercised here instead.
"""

import ast
import os
import subprocess
import textwrap

import pytest

from child_process import run_python
from conftest import FILES
from ssl_helpers import python_without_our_package



def _both(module, code):
    pytest.importorskip(module)
    script = textwrap.dedent(code)
    ours = run_python(script, FILES, capture_output=True, text=True, timeout=240,
                      stdin=subprocess.DEVNULL)
    assert ours.returncode == 0, ours.stderr[-4000:]
    reference = subprocess.run(python_without_our_package() + ["-c", script, FILES],
                               capture_output=True, text=True, timeout=240,
                               stdin=subprocess.DEVNULL, cwd="/")
    assert reference.returncode == 0, reference.stderr[-4000:]
    mine = ast.literal_eval(ours.stdout.strip().splitlines()[-1])
    theirs = ast.literal_eval(reference.stdout.strip().splitlines()[-1])
    return mine, theirs, ours.stdout


# The HTTPS server both urllib3 runs talk to: stdlib ssl, the test CA's
# certificate for localhost and 127.0.0.1.
_HTTPS_SERVER = """
import http.server, ssl, sys, threading
files = sys.argv[1]

class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"hello over " + self.path.encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass

server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
server_ctx.load_cert_chain(files + "/server.pem", files + "/server.key")
server.socket = server_ctx.wrap_socket(server.socket, server_side=True)
threading.Thread(target=server.serve_forever, daemon=True).start()
port = server.server_address[1]
"""


def test_urllib3_inject_into_urllib3_verifies_and_fetches():
    mine, theirs, out = _both("urllib3", _HTTPS_SERVER + """
import urllib3
import urllib3.contrib.pyopenssl as pyopenssl
from urllib3.exceptions import MaxRetryError, SSLError

pyopenssl.inject_into_urllib3()
import OpenSSL.SSL
assert urllib3.util.ssl_.SSLContext is pyopenssl.PyOpenSSLContext
results = []

def get(url, **kw):
    pool = urllib3.PoolManager(cert_reqs="CERT_REQUIRED", ca_certs=files + "/ca.pem", **kw)
    try:
        r = pool.request("GET", url, retries=False, timeout=30)
        return (r.status, r.data)
    except (MaxRetryError, SSLError) as e:
        reason = getattr(e, "reason", e)
        return type(reason).__name__

results.append(get("https://localhost:%d/a" % port))
results.append(get("https://127.0.0.1:%d/b" % port))
# The certificate does not name this host: refused by urllib3's own check,
# which reads the SANs through X509.to_cryptography().
results.append(get("https://localhost:%d/c" % port, assert_hostname="evil.example.com"))
# A CA that did not sign it: refused in the handshake.
pool = urllib3.PoolManager(cert_reqs="CERT_REQUIRED", ca_certs=files + "/ca2.pem")
try:
    pool.request("GET", "https://localhost:%d/d" % port, retries=False, timeout=30)
    results.append("fetched")
except (MaxRetryError, SSLError) as e:
    results.append(type(getattr(e, "reason", e)).__name__)
print(OpenSSL.SSL.__file__)
print(repr(results))
""")
    assert mine == theirs
    assert mine[0] == (200, b"hello over /a") and mine[1] == (200, b"hello over /b")
    assert mine[2] == mine[3] == "SSLError"
    assert "introspection/python/OpenSSL" in out


def test_acme_tls_alpn_challenge_server_and_probe():
    mine, theirs, _ = _both("acme", """
import socket, sys, threading
from OpenSSL import crypto, SSL
from acme import challenges, crypto_util
import josepy as jose
from cryptography.hazmat.primitives.asymmetric import rsa

account = jose.JWKRSA(key=rsa.generate_private_key(65537, 2048))
challenge = challenges.TLSALPN01(token=b"x" * 16)
response = challenge.response(account)
cert, key = response.gen_cert("example.com")
results = [response.verify_cert("example.com", cert),
           response.verify_cert("other.example.com", cert)]

# acme's own TLS-ALPN server (SSLSocket: SNI picks the certificate, ALPN
# must be acme-tls/1) and its prober, both on this package.
listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen(5)
port = listener.getsockname()[1]
server = crypto_util.SSLSocket(
    listener, certs={b"example.com": (key, cert)},
    alpn_selection=lambda conn, protos: b"acme-tls/1" if b"acme-tls/1" in protos else b"")

def serve():
    for _ in range(2):
        try:
            conn, _ = server.accept()
            conn.shutdown()
            conn.close()
        except OSError:
            pass

thread = threading.Thread(target=serve, daemon=True)
thread.start()
probed = crypto_util.probe_sni(b"example.com", b"127.0.0.1", port,
                               alpn_protocols=[b"acme-tls/1"], timeout=30)
results.append(crypto.dump_certificate(crypto.FILETYPE_PEM, probed) ==
               crypto.dump_certificate(crypto.FILETYPE_PEM, cert))
results.append(response.verify_cert("example.com", probed))
try:
    crypto_util.probe_sni(b"unknown.example", b"127.0.0.1", port, timeout=30)
    results.append("no error")
except Exception as e:
    results.append(type(e).__name__)
thread.join(30)
print(repr(results))
""")
    assert mine == theirs == [True, False, True, True, "Error"]


def test_acme_csr_and_self_signed_names():
    mine, theirs, _ = _both("acme", """
import ipaddress
from OpenSSL import crypto
from acme import crypto_util
import josepy as jose

key = crypto.PKey()
key.generate_key(crypto.TYPE_RSA, 2048)
key_pem = crypto.dump_privatekey(crypto.FILETYPE_PEM, key)
csr_pem = crypto_util.make_csr(key_pem, ["example.com", "www.example.com"], must_staple=True,
                               ipaddrs=[ipaddress.ip_address("192.0.2.1"),
                                        ipaddress.ip_address("2001:db8::1")])
csr = crypto.load_certificate_request(crypto.FILETYPE_PEM, csr_pem)
results = [sorted(crypto_util._pyopenssl_cert_or_req_all_names(csr)),
           sorted(crypto_util._pyopenssl_cert_or_req_san_ip(csr)),
           [e.get_short_name() for e in csr.get_extensions()]]
cert = crypto_util.gen_ss_cert(key, ["a.example", "b.example"],
                               ips=[ipaddress.ip_address("198.51.100.7")])
results.append(sorted(crypto_util._pyopenssl_cert_or_req_all_names(cert)))
results.append(crypto_util._pyopenssl_cert_or_req_san_ip(cert))
chain = crypto_util.dump_pyopenssl_chain([jose.ComparableX509(cert), cert])
results.append(chain.count(b"BEGIN CERTIFICATE"))
results.append(jose.ComparableX509(cert) == jose.ComparableX509(
    crypto.load_certificate(crypto.FILETYPE_PEM, crypto.dump_certificate(crypto.FILETYPE_PEM, cert))))
print(repr(results))
""")
    assert mine == theirs
    assert mine[0] == ["example.com", "www.example.com"]
    assert mine[1] == ["192.0.2.1", "2001:DB8:0:0:0:0:0:1"]


def test_service_identity_checks_a_real_peer():
    mine, theirs, _ = _both("service_identity", """
import socket, ssl, sys, threading
from OpenSSL import SSL
import service_identity
from service_identity.pyopenssl import verify_hostname, verify_ip_address

files = sys.argv[1]
server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
server_ctx.load_cert_chain(files + "/server.pem", files + "/server.key")
listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen(5)

def serve():
    for _ in range(1):
        raw, _ = listener.accept()
        with server_ctx.wrap_socket(raw, server_side=True) as s:
            s.recv(1)

threading.Thread(target=serve, daemon=True).start()
ctx = SSL.Context(SSL.TLS_CLIENT_METHOD)
ctx.load_verify_locations(files + "/ca.pem")
ctx.set_verify(SSL.VERIFY_PEER, lambda *a: a[-1])
conn = SSL.Connection(ctx, socket.create_connection(listener.getsockname()))
conn.set_tlsext_host_name(b"localhost")
conn.set_connect_state()
conn.do_handshake()
results = []
for check, name in [(verify_hostname, "localhost"), (verify_hostname, "evil.example.com"),
                    (verify_ip_address, "127.0.0.1"), (verify_ip_address, "192.0.2.1")]:
    try:
        check(conn, name)
        results.append(True)
    except service_identity.VerificationError:
        results.append(False)
conn.sendall(b"x")
print(repr(results))
""")
    assert mine == theirs == [True, False, True, False]
