"""Elliptic curves (crypto.get_elliptic_curve[s], SSL.Context.set_tmp_ecdh)
and the conversions to and from the ``cryptography`` package."""

import os

import pytest

from OpenSSL import SSL, crypto

import ssl_helpers
from ssl_helpers import client_context, path, read, server_context, ssl_pair

cryptography = pytest.importorskip("cryptography")
from cryptography import x509  # noqa: E402
from cryptography.hazmat.primitives import serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import (  # noqa: E402
    dsa, ec, ed448, ed25519, rsa, x25519,
)


# --- elliptic curves ---------------------------------------------------------


def test_curves_are_pyopenssl23s(pyopenssl23):
    names = sorted(c.name for c in crypto.get_elliptic_curves())
    assert names == pyopenssl23("print(sorted(c.name for c in crypto.get_elliptic_curves()))")
    assert "prime256v1" in names and "secp384r1" in names


def test_curve_objects():
    curves = crypto.get_elliptic_curves()
    assert isinstance(curves, set)
    p256 = crypto.get_elliptic_curve("prime256v1")
    assert p256.name == "prime256v1"
    assert repr(p256) == "<Curve 'prime256v1'>"
    assert p256 in curves
    assert p256 == crypto.get_elliptic_curve("prime256v1")
    assert p256 != crypto.get_elliptic_curve("secp384r1")
    assert p256 != "prime256v1" and not (p256 == "prime256v1")
    assert {p256: 1}[crypto.get_elliptic_curve("prime256v1")] == 1
    # The caller's set is its own.
    curves.clear()
    assert crypto.get_elliptic_curves()


@pytest.mark.parametrize("name", ["this curve was just invented", "", "P-256", "sha256",
                                  "PRIME256V1"])
def test_unknown_curve(name):
    with pytest.raises(ValueError):
        crypto.get_elliptic_curve(name)


def ecdh_contexts(server_curve, client_curve):
    sctx = server_context()
    cctx = client_context()
    if server_curve:
        sctx.set_tmp_ecdh(crypto.get_elliptic_curve(server_curve))
    if client_curve:
        cctx.set_tmp_ecdh(crypto.get_elliptic_curve(client_curve))
    return sctx, cctx


def test_set_tmp_ecdh_handshake():
    # The server offers only secp384r1: a client limited to it connects...
    sctx, cctx = ecdh_contexts("secp384r1", "secp384r1")
    with ssl_pair(sctx, cctx) as (client, server):
        client.sendall(b"ping")
        assert ssl_helpers.recv_exactly(server, 4) == b"ping"


def test_set_tmp_ecdh_no_common_curve():
    # ...and one limited to prime256v1 does not.
    sctx, cctx = ecdh_contexts("secp384r1", "prime256v1")
    with ssl_pair(sctx, cctx, handshake=False) as (client, server):
        with pytest.raises(SSL.Error):
            ssl_helpers.handshake_both(client, server)


def test_set_tmp_ecdh_openssl_client():
    """openssl s_client agrees on the curve the server was given."""
    sctx, _ = ecdh_contexts("secp384r1", None)
    listener = ssl_helpers.listener()
    port = listener.getsockname()[1]
    worker = ssl_helpers.Worker(lambda: _serve_once(listener, sctx))
    try:
        code, out, err = ssl_helpers.openssl_client(port, b"", "-groups", "X25519:secp384r1",
                                                    "-brief")
    finally:
        worker.thread.join(ssl_helpers.JOIN_TIMEOUT)
        listener.close()
    worker.result()
    assert code == 0, err
    # X25519 comes first in the client's list; the server takes its one curve.
    assert "Server Temp Key: ECDH, secp384r1" in err, err


def _serve_once(listener, ctx):
    sock, _ = listener.accept()
    try:
        conn = SSL.Connection(ctx, ssl_helpers.bound(sock))
        conn.set_accept_state()
        conn.do_handshake()
        conn.shutdown()
    finally:
        sock.close()


def test_set_tmp_ecdh_every_curve():
    """Every listed curve is accepted; one with no TLS group leaves the
    context as it was, as pyOpenSSL on OpenSSL 3 does."""
    ctx = server_context()
    for curve in crypto.get_elliptic_curves():
        ctx.set_tmp_ecdh(curve)
    ctx.set_tmp_ecdh(crypto.get_elliptic_curve("prime256v1"))
    ctx.set_tmp_ecdh(crypto.get_elliptic_curve("secp112r1"))
    cctx = client_context()
    cctx.set_tmp_ecdh(crypto.get_elliptic_curve("prime256v1"))
    with ssl_pair(ctx, cctx):
        pass


@pytest.mark.parametrize("bad", [None, "prime256v1", b"prime256v1", 415, object()])
def test_set_tmp_ecdh_bad_argument(bad):
    with pytest.raises(TypeError):
        SSL.Context(SSL.TLS_METHOD).set_tmp_ecdh(bad)


# --- cryptography ------------------------------------------------------------


def test_x509_round_trip():
    cert = crypto.load_certificate(crypto.FILETYPE_PEM, read("server.pem"))
    theirs = cert.to_cryptography()
    assert isinstance(theirs, x509.Certificate)
    assert theirs.public_bytes(serialization.Encoding.DER) == read("server.der")
    assert theirs.serial_number == cert.get_serial_number()
    back = crypto.X509.from_cryptography(theirs)
    assert isinstance(back, crypto.X509)
    assert crypto.dump_certificate(crypto.FILETYPE_ASN1, back) == read("server.der")
    assert back.get_subject() == cert.get_subject()


def test_x509_san_as_urllib3_reads_it():
    """urllib3 1.26's contrib.pyopenssl reads the peer's names this way on
    every request."""
    with ssl_pair() as (client, server):
        peer = client.get_peer_certificate()
        ext = peer.to_cryptography().extensions.get_extension_for_class(
            x509.SubjectAlternativeName)
        names = ext.value.get_values_for_type(x509.DNSName)
        assert names and "localhost" in names, names
        # What urllib3 falls back to for an object without to_cryptography():
        # pyOpenSSL's cffi pointer, which gossl's wrappers do not pretend to have.
        assert "cffi" in repr(peer._x509)


def test_req_round_trip():
    req = crypto.load_certificate_request(crypto.FILETYPE_PEM, read("server.csr"))
    theirs = req.to_cryptography()
    assert isinstance(theirs, x509.CertificateSigningRequest)
    assert theirs.public_bytes(serialization.Encoding.DER) == read("server.csr.der")
    back = crypto.X509Req.from_cryptography(theirs)
    assert crypto.dump_certificate_request(crypto.FILETYPE_ASN1, back) == read("server.csr.der")


@pytest.mark.parametrize("bad", [None, object(), b"", "cert", crypto.X509()])
def test_from_cryptography_wrong_type(bad):
    with pytest.raises(TypeError):
        crypto.X509.from_cryptography(bad)
    with pytest.raises(TypeError):
        crypto.X509Req.from_cryptography(bad)
    with pytest.raises(TypeError):
        crypto.PKey.from_cryptography_key(bad)


def test_x509_from_csr_is_type_error():
    csr = x509.load_pem_x509_csr(read("server.csr"))
    with pytest.raises(TypeError):
        crypto.X509.from_cryptography(csr)


def _generated_keys():
    return [
        ("rsa", rsa.generate_private_key(65537, 2048), rsa.RSAPrivateKey, rsa.RSAPublicKey),
        ("dsa", dsa.generate_private_key(2048), dsa.DSAPrivateKey, dsa.DSAPublicKey),
        ("ec", ec.generate_private_key(ec.SECP384R1()), ec.EllipticCurvePrivateKey,
         ec.EllipticCurvePublicKey),
        ("ed25519", ed25519.Ed25519PrivateKey.generate(), ed25519.Ed25519PrivateKey,
         ed25519.Ed25519PublicKey),
        ("ed448", ed448.Ed448PrivateKey.generate(), ed448.Ed448PrivateKey,
         ed448.Ed448PublicKey),
    ]


def _spki(key):
    return key.public_bytes(serialization.Encoding.DER,
                            serialization.PublicFormat.SubjectPublicKeyInfo)


@pytest.mark.parametrize("kind,key,private_cls,public_cls", _generated_keys(),
                         ids=lambda v: v if isinstance(v, str) else "")
def test_pkey_round_trip(kind, key, private_cls, public_cls):
    pkey = crypto.PKey.from_cryptography_key(key)
    assert pkey._only_public is False and pkey._initialized is True
    assert crypto.dump_publickey(crypto.FILETYPE_ASN1, pkey) == _spki(key.public_key())
    back = pkey.to_cryptography_key()
    assert isinstance(back, private_cls)
    assert _spki(back.public_key()) == _spki(key.public_key())

    public = crypto.PKey.from_cryptography_key(key.public_key())
    assert public._only_public is True
    with pytest.raises(crypto.Error):
        crypto.dump_privatekey(crypto.FILETYPE_PEM, public)
    back = public.to_cryptography_key()
    assert isinstance(back, public_cls)
    assert _spki(back) == _spki(key.public_key())


def test_pkey_to_cryptography_signs_what_gossl_verifies():
    pkey = crypto.load_privatekey(crypto.FILETYPE_PEM, read("server.key"))
    theirs = pkey.to_cryptography_key()
    assert isinstance(theirs, rsa.RSAPrivateKey)
    assert theirs.key_size == pkey.bits()
    cert = crypto.load_certificate(crypto.FILETYPE_PEM, read("server.pem"))
    assert _spki(theirs.public_key()) == crypto.dump_publickey(crypto.FILETYPE_ASN1,
                                                               cert.get_pubkey())


def test_pkey_unsupported_cryptography_key():
    with pytest.raises(TypeError):
        crypto.PKey.from_cryptography_key(x25519.X25519PrivateKey.generate())
    with pytest.raises(TypeError):
        crypto.PKey.from_cryptography_key(x25519.X25519PrivateKey.generate().public_key())


def test_empty_objects_to_cryptography():
    with pytest.raises(crypto.Error):
        crypto.PKey().to_cryptography_key()
    with pytest.raises(crypto.Error):
        crypto.X509().to_cryptography()


def test_no_pyopenssl_cffi_slots():
    """Code written for pyOpenSSL hands these to cryptography's cffi
    backend; a GObject there fails deep inside cffi."""
    cert = crypto.load_certificate(crypto.FILETYPE_PEM, read("server.pem"))
    key = crypto.load_privatekey(crypto.FILETYPE_PEM, read("server.key"))
    req = crypto.load_certificate_request(crypto.FILETYPE_PEM, read("server.csr"))
    for obj, attr in [(key, "_pkey"), (req, "_req"),
                      (cert.get_subject(), "_name"), (crypto.X509Store(), "_store")]:
        assert not hasattr(obj, attr), attr
    # X509._x509 exists for urllib3's check, as a stand-in cffi refuses at
    # the call, naming it.
    assert cert._x509 is not None and crypto.X509()._x509 is not None
    binding = pytest.importorskip("cryptography.hazmat.bindings.openssl.binding")
    with pytest.raises(TypeError, match="_NoCffiPointer"):
        binding.Binding().lib.X509_get_version(cert._x509)


def test_urllib3_pyopenssl_contrib_request(tmp_path):
    """urllib3 1.26 over this package (inject_into_urllib3), a real request
    to openssl s_server: it reads the server's names with
    peer_cert.to_cryptography() on every request."""
    urllib3 = pytest.importorskip("urllib3")
    if not urllib3.__version__.startswith("1."):
        pytest.skip("urllib3 2 has no pyOpenSSL backend")
    from child_process import run_python

    server = ssl_helpers.OpenSSLServer("-www")
    try:
        out = run_python(
            "import sys, warnings\n"
            "warnings.simplefilter('ignore')\n"
            "import urllib3, urllib3.contrib.pyopenssl as p\n"
            "p.inject_into_urllib3()\n"
            "import OpenSSL\n"
            "http = urllib3.PoolManager(ca_certs=sys.argv[2], cert_reqs='CERT_REQUIRED')\n"
            "r = http.request('GET', 'https://localhost:%s/' % sys.argv[1], retries=False)\n"
            "print(r.status, OpenSSL.__file__)\n",
            str(server.port), path("ca.pem"),
            capture_output=True, text=True, timeout=60,
        )
    finally:
        server.close()
    assert out.returncode == 0, out.stderr
    status, module = out.stdout.split()
    assert status == "200"
    assert module.startswith(os.path.dirname(os.path.dirname(crypto.__file__)))
