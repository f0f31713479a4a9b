"""FILETYPE_TEXT: the text dumps of certificates, requests and RSA keys,
byte for byte as pyOpenSSL 23 gives them (tools such as certbot/acme parse
SANs out of them), and refused wherever pyOpenSSL refuses it."""

import pytest

from OpenSSL import crypto
from OpenSSL.crypto import (
    FILETYPE_ASN1, FILETYPE_PEM, FILETYPE_TEXT, Error, dump_certificate,
    dump_certificate_request, dump_privatekey, dump_publickey, load_certificate,
    load_certificate_request, load_privatekey, load_publickey,
)

REFERENCE = """
from OpenSSL.crypto import *
print(repr((
    dump_certificate(FILETYPE_TEXT, load_certificate(FILETYPE_PEM, cert)),
    dump_certificate_request(FILETYPE_TEXT, load_certificate_request(FILETYPE_PEM, csr)),
    dump_privatekey(FILETYPE_TEXT, load_privatekey(FILETYPE_PEM, key)),
    FILETYPE_TEXT,
)))
"""


def test_constant():
    assert FILETYPE_TEXT == 65535
    assert "FILETYPE_TEXT" in crypto.__all__


def test_same_as_pyopenssl(read_file, pyopenssl23):
    cert, csr, key = read_file("server.pem"), read_file("server.csr"), read_file("server.key")
    ref = pyopenssl23(REFERENCE, cert=cert, csr=csr, key=key)
    ours = (
        dump_certificate(FILETYPE_TEXT, load_certificate(FILETYPE_PEM, cert)),
        dump_certificate_request(FILETYPE_TEXT, load_certificate_request(FILETYPE_PEM, csr)),
        dump_privatekey(FILETYPE_TEXT, load_privatekey(FILETYPE_PEM, key)),
        FILETYPE_TEXT,
    )
    assert ours == ref
    assert b"DNS:localhost, IP Address:127.0.0.1" in ours[0]
    assert ours[2].startswith(b"RSA Private-Key: (2048 bit, 2 primes)\n")


def test_made_objects_as_pyopenssl(pyopenssl23):
    """A certificate and request built here, with a SAN, dumped as text."""
    key = crypto.PKey()
    key.generate_key(crypto.TYPE_RSA, 1024)
    cert = crypto.X509()
    cert.get_subject().CN = "example.org"
    cert.set_issuer(cert.get_subject())
    cert.set_pubkey(key)
    cert.set_serial_number(7)
    cert.set_notBefore(b"20260101000000Z")
    cert.set_notAfter(b"20270101000000Z")
    cert.add_extensions([crypto.X509Extension(
        b"subjectAltName", False, b"DNS:example.org, DNS:www.example.org")])
    cert.sign(key, "sha256")
    req = crypto.X509Req()
    req.get_subject().CN = "example.org"
    req.set_pubkey(key)
    req.add_extensions([crypto.X509Extension(b"subjectAltName", False, b"DNS:a.example")])
    req.sign(key, "sha256")
    ref = pyopenssl23(
        REFERENCE,
        cert=dump_certificate(FILETYPE_PEM, cert),
        csr=dump_certificate_request(FILETYPE_PEM, req),
        key=dump_privatekey(FILETYPE_PEM, key),
    )
    assert ref[0] == dump_certificate(FILETYPE_TEXT, cert)
    assert ref[1] == dump_certificate_request(FILETYPE_TEXT, req)
    assert ref[2] == dump_privatekey(FILETYPE_TEXT, key)
    assert b"DNS:example.org, DNS:www.example.org" in ref[0]


def test_only_rsa_keys(read_file):
    for name in ("ecdsa.key", "dsa.key"):
        with pytest.raises(TypeError):
            dump_privatekey(FILETYPE_TEXT, load_privatekey(FILETYPE_PEM, read_file(name)))
    with pytest.raises(TypeError):
        dump_privatekey(FILETYPE_TEXT, crypto.PKey())
    with pytest.raises(TypeError):
        dump_privatekey(FILETYPE_TEXT, object())
    key = load_privatekey(FILETYPE_PEM, read_file("server.key"))
    with pytest.raises(ValueError):
        dump_privatekey(FILETYPE_TEXT, key, "aes-256-cbc", b"pass")


def test_public_only_key(read_file, pyopenssl23):
    """The other encodings refuse a public-only key; the text prints its
    public numbers, as pyOpenSSL 23 does."""
    cert = read_file("server.pem")
    ref = pyopenssl23(
        "from OpenSSL.crypto import *\n"
        "print(repr(dump_privatekey(FILETYPE_TEXT,"
        " load_certificate(FILETYPE_PEM, cert).get_pubkey())))",
        cert=cert,
    )
    pub = load_certificate(FILETYPE_PEM, cert).get_pubkey()
    assert dump_privatekey(FILETYPE_TEXT, pub) == ref
    assert ref.startswith(b"RSA Public-Key: (2048 bit)\n")
    with pytest.raises(Error):
        dump_privatekey(FILETYPE_PEM, pub)


def test_refused_elsewhere(read_file):
    pem = read_file("server.pem")
    for load in (load_certificate, load_certificate_request, load_privatekey, load_publickey,
                 crypto.load_pkcs7_data):
        with pytest.raises(ValueError):
            load(FILETYPE_TEXT, pem)
    key = load_privatekey(FILETYPE_PEM, read_file("server.key"))
    with pytest.raises(ValueError):
        dump_publickey(FILETYPE_TEXT, key)
    cert = load_certificate(FILETYPE_PEM, pem)
    for bad in (3, 65534, None, object()):
        with pytest.raises(ValueError):
            dump_certificate(bad, cert)
    with pytest.raises(ValueError) as info:
        dump_certificate_request(4, crypto.X509Req())
    assert "FILETYPE_TEXT" in str(info.value)
    assert dump_certificate(FILETYPE_ASN1, cert)[:1] == b"\x30"
