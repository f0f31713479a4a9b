"""OpenSSL.crypto: X509Req, load_certificate_request, dump_certificate_request."""

import pytest

from OpenSSL import crypto

PEM, ASN1 = crypto.FILETYPE_PEM, crypto.FILETYPE_ASN1


@pytest.fixture
def server_req(read_file):
    return crypto.load_certificate_request(PEM, read_file("server.csr"))


@pytest.fixture(scope="module")
def key():
    key = crypto.PKey()
    key.generate_key(crypto.TYPE_RSA, 2048)
    return key


def test_load_request_pem_and_der(read_file):
    pem = crypto.load_certificate_request(PEM, read_file("server.csr"))
    der = crypto.load_certificate_request(ASN1, read_file("server.csr.der"))
    assert type(pem) is crypto.X509Req
    assert pem.get_subject() == der.get_subject()
    assert pem.get_subject().CN == "localhost"
    assert pem.get_version() == 0
    assert crypto.dump_certificate_request(ASN1, pem) == read_file("server.csr.der")
    assert crypto.dump_certificate_request(PEM, der) == read_file("server.csr")


def test_request_matches_pyopenssl(pyopenssl23, files_dir, read_file):
    ref = pyopenssl23(
        """
        out = []
        for n in ['server.csr', 'client.csr']:
            r = crypto.load_certificate_request(crypto.FILETYPE_PEM, open(d + '/' + n, 'rb').read())
            out.append((r.get_version(), r.get_subject().get_components(),
                        crypto.dump_certificate_request(crypto.FILETYPE_PEM, r),
                        crypto.dump_certificate_request(crypto.FILETYPE_ASN1, r),
                        crypto.dump_publickey(crypto.FILETYPE_PEM, r.get_pubkey()),
                        bool(r.verify(r.get_pubkey()))))
        print(repr(out))
        """,
        d=files_dir,
    )
    for name, expected in zip(["server.csr", "client.csr"], ref):
        req = crypto.load_certificate_request(PEM, read_file(name))
        got = (req.get_version(), req.get_subject().get_components(),
               crypto.dump_certificate_request(PEM, req), crypto.dump_certificate_request(ASN1, req),
               crypto.dump_publickey(PEM, req.get_pubkey()), req.verify(req.get_pubkey()))
        assert got == tuple(expected), name


def test_request_pubkey_matches_key(server_req, read_file):
    key = crypto.load_privatekey(PEM, read_file("server.key"))
    public = server_req.get_pubkey()
    assert type(public) is crypto.PKey
    assert crypto.dump_publickey(PEM, public) == crypto.dump_publickey(PEM, key)
    with pytest.raises(crypto.Error):
        crypto.dump_privatekey(PEM, public)


def test_verify(server_req, read_file):
    assert server_req.verify(server_req.get_pubkey()) is True
    key = crypto.load_privatekey(PEM, read_file("server.key"))
    assert server_req.verify(key) is True
    wrong = crypto.load_privatekey(PEM, read_file("client.key"))
    with pytest.raises(crypto.Error) as info:
        server_req.verify(wrong)
    assert info.value.args[0]


@pytest.mark.parametrize("bad", [None, "key", 5])
def test_verify_wrong_type(server_req, bad):
    with pytest.raises(TypeError):
        server_req.verify(bad)


def test_verify_with_other_key_type_is_error(server_req, read_file):
    with pytest.raises(crypto.Error):
        server_req.verify(crypto.load_privatekey(PEM, read_file("ecdsa.key")))


def test_build_sign_dump(key, pyopenssl23):
    req = crypto.X509Req()
    assert req.get_version() == 0
    subject = req.get_subject()
    subject.C = "DE"
    subject.CN = "request by gossl"
    subject.emailAddress = "me@example.com"
    req.set_pubkey(key)
    req.add_extensions([
        crypto.X509Extension(b"subjectAltName", False, b"DNS:req.example"),
        crypto.X509Extension(b"basicConstraints", True, b"CA:FALSE"),
    ])
    req.sign(key, "sha256")
    assert req.verify(key) is True
    pem = crypto.dump_certificate_request(PEM, req)
    assert pem.startswith(b"-----BEGIN CERTIFICATE REQUEST-----\n")
    again = crypto.load_certificate_request(PEM, pem)
    assert again.get_subject().CN == "request by gossl"
    exts = again.get_extensions()
    assert [(e.get_short_name(), str(e), e.get_critical()) for e in exts] == [
        (b"subjectAltName", "DNS:req.example", False), (b"basicConstraints", "CA:FALSE", True)]
    ref = pyopenssl23(
        """
        r = crypto.load_certificate_request(crypto.FILETYPE_PEM, pem)
        print(repr((r.get_subject().get_components(), bool(r.verify(r.get_pubkey())),
                    [(e.get_short_name(), str(e)) for e in r.get_extensions()])))
        """,
        pem=pem,
    )
    assert ref == (
        [(b"C", b"DE"), (b"CN", b"request by gossl"), (b"emailAddress", b"me@example.com")],
        True,
        [(b"subjectAltName", "DNS:req.example"), (b"basicConstraints", "CA:FALSE")],
    )


def test_get_extensions(server_req, read_file):
    exts = server_req.get_extensions()
    assert type(exts) is list
    assert [e.get_short_name() for e in exts] == [b"subjectAltName", b"keyUsage"]
    assert all(type(e) is crypto.X509Extension for e in exts)
    assert str(exts[0]) == "DNS:localhost, IP Address:127.0.0.1"
    assert exts[1].get_critical()
    client = crypto.load_certificate_request(PEM, read_file("client.csr"))
    assert client.get_extensions() == []


def test_add_extensions_rejects_other_objects(server_req):
    with pytest.raises(ValueError, match="not an X509Extension"):
        server_req.add_extensions(["subjectAltName"])
    with pytest.raises(TypeError):
        server_req.add_extensions(None)


def test_version(key):
    req = crypto.X509Req()
    req.set_version(0)
    assert req.get_version() == 0
    with pytest.raises(TypeError):
        req.set_version("0")
    with pytest.raises(TypeError):
        req.set_version(0.0)


@pytest.mark.parametrize("version", [1, 2, 3, -1])
def test_undefined_version_is_openssl_refusal(version):
    """PKCS #10 defines version 0 only; OpenSSL 3.2 and later refuse the
    others, and pyOpenSSL reports that as crypto.Error."""
    req = crypto.X509Req()
    with pytest.raises(crypto.Error):
        req.set_version(version)
    assert req.get_version() == 0


def test_sign_errors(key, read_file):
    req = crypto.X509Req()
    req.set_pubkey(key)
    with pytest.raises(ValueError, match="No such digest method"):
        req.sign(key, "nope")
    with pytest.raises(TypeError):
        req.sign(key, b"sha256")
    with pytest.raises(TypeError):
        req.sign(None, "sha256")
    with pytest.raises(TypeError):
        req.sign(crypto.X509(), "sha256")
    public = crypto.load_certificate(PEM, read_file("server.pem")).get_pubkey()
    with pytest.raises(ValueError):
        req.sign(public, "sha256")
    with pytest.raises(ValueError):
        req.sign(crypto.PKey(), "sha256")


def test_set_pubkey_wrong_type():
    req = crypto.X509Req()
    for bad in (None, crypto.X509(), b"key"):
        with pytest.raises(TypeError):
            req.set_pubkey(bad)


def test_empty_request():
    req = crypto.X509Req()
    assert repr(req.get_subject()) == "<X509Name object ''>"
    with pytest.raises(crypto.Error):
        req.get_pubkey()
    with pytest.raises(crypto.Error):
        crypto.dump_certificate_request(PEM, req)


def test_subject_view_changes_the_request(server_req, read_file):
    key = crypto.load_privatekey(PEM, read_file("server.key"))
    server_req.get_subject().CN = "renamed"
    server_req.sign(key, "sha256")
    again = crypto.load_certificate_request(PEM, crypto.dump_certificate_request(PEM, server_req))
    assert again.get_subject().CN == "renamed"
    assert again.verify(key)


@pytest.mark.parametrize(
    "filetype, data",
    [(PEM, b"garbage"), (PEM, b""), (ASN1, b""), (ASN1, b"garbage")],
)
def test_load_request_bad_data(filetype, data):
    with pytest.raises(crypto.Error):
        crypto.load_certificate_request(filetype, data)


def test_load_request_truncated_and_swapped(read_file):
    pem, der = read_file("server.csr"), read_file("server.csr.der")
    for filetype, data in [(PEM, pem[:200]), (ASN1, der[:50]), (PEM, der), (ASN1, pem),
                           (PEM, read_file("server.pem"))]:
        with pytest.raises(crypto.Error):
            crypto.load_certificate_request(filetype, data)


def test_request_wrong_argument_types(read_file):
    with pytest.raises(TypeError):
        crypto.load_certificate_request(PEM, None)
    with pytest.raises(TypeError):
        crypto.dump_certificate_request(PEM, crypto.X509())
    with pytest.raises(TypeError):
        crypto.dump_certificate_request(PEM, read_file("server.csr"))
