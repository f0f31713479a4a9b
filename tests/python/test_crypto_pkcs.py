"""OpenSSL.crypto: PKCS7 (load_pkcs7_data) and PKCS12 (load_pkcs12)."""

import pytest

from OpenSSL import crypto

PEM, ASN1 = crypto.FILETYPE_PEM, crypto.FILETYPE_ASN1

P12_FILES = ["server.p12", "server-nopass.p12", "server-unencrypted.p12",
             "server-noca.p12", "certonly.p12", "legacy.p12"]
PASSPHRASES = [None, b"", b"secret", b"wrong"]


# --- PKCS7 ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, filetype, flags, type_name",
    [("pkcs7-signed.pem", PEM, (True, False, False, False), b"pkcs7-signedData"),
     ("pkcs7-signed.der", ASN1, (True, False, False, False), b"pkcs7-signedData"),
     ("pkcs7-data.pem", PEM, (False, False, False, True), b"pkcs7-data"),
     ("pkcs7-enveloped.pem", PEM, (False, True, False, False), b"pkcs7-envelopedData")],
)
def test_pkcs7(name, filetype, flags, type_name, read_file):
    p7 = crypto.load_pkcs7_data(filetype, read_file(name))
    assert type(p7) is crypto.PKCS7
    assert (p7.type_is_signed(), p7.type_is_enveloped(), p7.type_is_signedAndEnveloped(),
            p7.type_is_data()) == flags
    assert p7.get_type_name() == type_name


def test_pkcs7_matches_pyopenssl(pyopenssl23, files_dir, read_file):
    names = ["pkcs7-signed.pem", "pkcs7-data.pem", "pkcs7-enveloped.pem"]
    ref = pyopenssl23(
        """
        out = []
        for n in names:
            p = crypto.load_pkcs7_data(crypto.FILETYPE_PEM, open(d + '/' + n, 'rb').read())
            out.append((p.type_is_signed(), p.type_is_enveloped(),
                        p.type_is_signedAndEnveloped(), p.type_is_data(), p.get_type_name()))
        print(repr(out))
        """,
        names=names, d=files_dir,
    )
    for name, expected in zip(names, ref):
        p7 = crypto.load_pkcs7_data(PEM, read_file(name))
        assert (p7.type_is_signed(), p7.type_is_enveloped(), p7.type_is_signedAndEnveloped(),
                p7.type_is_data(), p7.get_type_name()) == tuple(expected)


def test_pkcs7_str_buffer(read_file):
    assert crypto.load_pkcs7_data(PEM, read_file("pkcs7-signed.pem").decode()).type_is_signed()


@pytest.mark.parametrize("filetype, data", [(PEM, b"garbage"), (PEM, b""), (ASN1, b""), (ASN1, b"garbage")])
def test_pkcs7_bad_data(filetype, data):
    with pytest.raises(crypto.Error):
        crypto.load_pkcs7_data(filetype, data)


def test_pkcs7_truncated_swapped_wrong_content(read_file):
    pem, der = read_file("pkcs7-signed.pem"), read_file("pkcs7-signed.der")
    for filetype, data in [(PEM, pem[:200]), (ASN1, der[:100]), (PEM, der), (ASN1, pem),
                           (PEM, read_file("server.pem"))]:
        with pytest.raises(crypto.Error):
            crypto.load_pkcs7_data(filetype, data)


def test_pkcs7_wrong_types():
    with pytest.raises(TypeError):
        crypto.load_pkcs7_data(PEM, None)
    with pytest.raises(TypeError):
        crypto.PKCS7()


# --- PKCS12 --------------------------------------------------------------------------


def _summary(p12):
    cert, key, cas = p12.get_certificate(), p12.get_privatekey(), p12.get_ca_certificates()
    return (
        cert.get_subject().CN if cert is not None else None,
        key.bits() if key is not None else None,
        [c.get_subject().CN for c in cas] if cas is not None else None,
        p12.get_friendlyname(),
    )


@pytest.fixture(scope="module")
def p12_reference(pyopenssl23, files_dir):
    """What Debian's pyOpenSSL 23 reads from each bundle with each passphrase
    (None where it raises crypto.Error)."""
    return pyopenssl23(
        """
        def summary(p):
            cert, key, cas = p.get_certificate(), p.get_privatekey(), p.get_ca_certificates()
            return (cert.get_subject().CN if cert is not None else None,
                    key.bits() if key is not None else None,
                    [c.get_subject().CN for c in cas] if cas is not None else None,
                    p.get_friendlyname())
        out = {}
        for n in names:
            for pw in passphrases:
                try:
                    out[n, pw] = summary(crypto.load_pkcs12(open(d + '/' + n, 'rb').read(), pw))
                except crypto.Error:
                    out[n, pw] = None
        print(repr(out))
        """,
        names=P12_FILES, passphrases=PASSPHRASES, d=files_dir,
    )


@pytest.mark.parametrize("name", P12_FILES)
@pytest.mark.parametrize("passphrase", PASSPHRASES)
def test_pkcs12_matches_pyopenssl(name, passphrase, p12_reference, read_file):
    expected = p12_reference[name, passphrase]
    if expected is None:
        with pytest.raises(crypto.Error) as info:
            crypto.load_pkcs12(read_file(name), passphrase)
        assert info.value.args[0]
    else:
        assert _summary(crypto.load_pkcs12(read_file(name), passphrase)) == expected


def test_pkcs12_contents(read_file):
    p12 = crypto.load_pkcs12(read_file("server.p12"), b"secret")
    assert type(p12) is crypto.PKCS12
    cert, key, cas = p12.get_certificate(), p12.get_privatekey(), p12.get_ca_certificates()
    assert type(cert) is crypto.X509 and type(key) is crypto.PKey
    assert type(cas) is tuple and len(cas) == 1 and type(cas[0]) is crypto.X509
    assert crypto.dump_certificate(PEM, cert) == read_file("server.pem")
    assert crypto.dump_privatekey(PEM, key) == read_file("server.key")
    assert crypto.dump_certificate(PEM, cas[0]) == read_file("ca.pem")
    assert p12.get_friendlyname() == b"gossl server"
    assert key.check()
    # the same objects each time, as in pyOpenSSL
    assert p12.get_certificate() is cert and p12.get_privatekey() is key


def test_pkcs12_legacy(read_file):
    p12 = crypto.load_pkcs12(read_file("legacy.p12"), b"secret")
    assert crypto.dump_privatekey(PEM, p12.get_privatekey()) == read_file("server.key")
    assert crypto.dump_certificate(PEM, p12.get_certificate()) == read_file("server.pem")


def test_pkcs12_no_ca_no_name(read_file):
    p12 = crypto.load_pkcs12(read_file("server-noca.p12"), b"secret")
    assert p12.get_ca_certificates() is None
    assert p12.get_friendlyname() is None
    assert p12.get_certificate().get_subject().CN == "localhost"


def test_pkcs12_str_and_callable_passphrase(read_file):
    data = read_file("server.p12")
    assert _summary(crypto.load_pkcs12(data, "secret"))[0] == "localhost"
    calls = []

    def callback(*args):
        calls.append(args)
        return b"secret"

    assert _summary(crypto.load_pkcs12(data, callback))[0] == "localhost"
    assert calls == [(0,)]
    calls.clear()
    # no passphrase needed: the callable is not called
    assert _summary(crypto.load_pkcs12(read_file("server-unencrypted.p12"), callback))[0] == "localhost"
    assert calls == []
    with pytest.raises(crypto.Error):
        crypto.load_pkcs12(data, lambda flag: b"wrong")


@pytest.mark.parametrize("data", [b"garbage", b"", b"\x30\x00"])
def test_pkcs12_bad_data(data):
    with pytest.raises(crypto.Error):
        crypto.load_pkcs12(data, b"secret")


def test_pkcs12_truncated_and_pem(read_file):
    data = read_file("server.p12")
    for bad in (data[:100], data[:-10], read_file("server.pem"), read_file("server.der")):
        with pytest.raises(crypto.Error):
            crypto.load_pkcs12(bad, b"secret")


def test_pkcs12_wrong_types(read_file):
    with pytest.raises(TypeError):
        crypto.load_pkcs12(None)
    with pytest.raises(TypeError):
        crypto.load_pkcs12(read_file("server.p12"), 5)


def test_pkcs12_setters(read_file):
    p12 = crypto.PKCS12()
    assert _summary(p12) == (None, None, None, None)
    cert = crypto.load_certificate(PEM, read_file("server.pem"))
    key = crypto.load_privatekey(PEM, read_file("server.key"))
    p12.set_certificate(cert)
    p12.set_privatekey(key)
    p12.set_ca_certificates([cert])
    p12.set_friendlyname(b"name")
    assert p12.get_certificate() is cert and p12.get_privatekey() is key
    assert p12.get_ca_certificates() == (cert,)
    assert p12.get_friendlyname() == b"name"
    p12.set_ca_certificates(None)
    assert p12.get_ca_certificates() is None
    with pytest.raises(TypeError):
        p12.set_certificate(key)
    with pytest.raises(TypeError):
        p12.set_privatekey(cert)
    with pytest.raises(TypeError):
        p12.set_ca_certificates([key])
    with pytest.raises(TypeError):
        p12.set_friendlyname("str")
