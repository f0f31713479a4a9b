"""OpenSSL.crypto under misuse (issue 11): values with a NUL inside, names
that hold one, unknown PKCS7 content types, validity times out of range,
empty extensions, and the four places pyOpenSSL 23's own tests of the 0.5.1
API found a difference."""

import gi

gi.require_version("Gossl", "1.0")

import pytest  # noqa: E402
from gi.repository import GLib, Gossl  # noqa: E402

from OpenSSL import crypto  # noqa: E402

PEM, ASN1 = crypto.FILETYPE_PEM, crypto.FILETYPE_ASN1

NUL_CN = "localhost\0.evil.com"


@pytest.fixture(scope="module")
def rsa_key():
    key = crypto.PKey()
    key.generate_key(crypto.TYPE_RSA, 2048)
    return key


@pytest.fixture
def nul_cert(read_file):
    return crypto.load_certificate(PEM, read_file("nul-name.pem"))


def _signs_and_loads(cert, key):
    cert.get_subject().CN = "reloaded"
    cert.set_issuer(cert.get_subject())
    cert.set_pubkey(key)
    cert.sign(key, "sha256")
    return crypto.load_certificate(ASN1, crypto.dump_certificate(ASN1, cert))


# --- item 6: a value with a NUL inside is refused, never cut at the NUL ------------


NUL_VALUES = ["good.example\0.evil.example", b"good.example\0.evil.example", "\0", "trailing\0"]


@pytest.mark.parametrize("value", NUL_VALUES)
@pytest.mark.parametrize("attr", ["CN", "commonName", "common_name", "O", "title"])
def test_name_value_with_nul_is_value_error(attr, value):
    cert = crypto.X509()
    req = crypto.X509Req()
    for name in (cert.get_subject(), cert.get_issuer(), req.get_subject(),
                 crypto.X509Name(cert.get_subject())):
        setattr(name, attr, "before")
        with pytest.raises(ValueError, match="NUL"):
            setattr(name, attr, value)
        assert getattr(name, attr) == "before"
        assert name.get_components()[-1][1] == b"before"


@pytest.mark.parametrize(
    "type_name, value",
    [(b"subjectAltName", b"DNS:good.example\0.evil.example"),
     ("subjectAltName", "DNS:good.example\0.evil.example"),
     (b"nsComment", b"a\0b"),
     (b"basicConstraints\0junk", b"CA:TRUE"),
     (b"basicConstraints", b"CA:TRUE\0")],
)
def test_extension_value_with_nul_is_value_error(type_name, value):
    with pytest.raises(ValueError, match="NUL"):
        crypto.X509Extension(type_name, False, value)


@pytest.mark.parametrize("when", [b"20300101000000Z\0junk", "20300101000000Z\0", b"\0"])
def test_time_with_nul_is_value_error(when):
    cert = crypto.X509()
    cert.set_notBefore(b"20200101000000Z")
    cert.set_notAfter(b"20400101000000Z")
    with pytest.raises(ValueError, match="NUL"):
        cert.set_notBefore(when)
    with pytest.raises(ValueError, match="NUL"):
        cert.set_notAfter(when)
    assert (cert.get_notBefore(), cert.get_notAfter()) == (b"20200101000000Z", b"20400101000000Z")


def test_names_with_nul_elsewhere_are_value_errors(rsa_key):
    cert = crypto.X509()
    with pytest.raises(ValueError, match="NUL"):
        cert.sign(rsa_key, "sha256\0md5")
    req = crypto.X509Req()
    req.set_pubkey(rsa_key)
    with pytest.raises(ValueError, match="NUL"):
        req.sign(rsa_key, "sha256\0")
    cert.gmtime_adj_notBefore(0)
    cert.gmtime_adj_notAfter(3600)
    with pytest.raises(ValueError, match="NUL"):
        _signs_and_loads(cert, rsa_key).digest("sha256\0")
    with pytest.raises(ValueError, match="NUL"):
        crypto.dump_privatekey(PEM, rsa_key, "aes-256-cbc\0", b"secret")


# --- item 8: a name that holds a NUL reads back exactly ---------------------------


def test_name_with_nul_reads_exactly(nul_cert, pyopenssl23, files_dir):
    ref = pyopenssl23(
        """
        c = crypto.load_certificate(crypto.FILETYPE_PEM, open(path, 'rb').read())
        s = c.get_subject()
        print(repr((s.CN, s.commonName, s.O, s.get_components())))
        """,
        path=files_dir + "/nul-name.pem",
    )
    assert ref == (NUL_CN, NUL_CN, "gossl test",
                   [(b"O", b"gossl test"), (b"CN", NUL_CN.encode())])
    subject = nul_cert.get_subject()
    assert (subject.CN, subject.commonName, subject.O, subject.get_components()) == ref
    # Every other way to it: a copy, the dotted OID (__getattr__), a second
    # view made afresh, the view's own Gossl.X509Name.
    assert crypto.X509Name(subject).CN == NUL_CN
    assert crypto.X509Name(subject).get_components() == ref[3]
    assert getattr(subject, "2.5.4.3") == NUL_CN
    assert crypto.load_certificate(PEM, crypto.dump_certificate(PEM, nul_cert)).get_subject().CN == NUL_CN
    assert nul_cert.get_issuer().CN == "gossl test CA"


def test_request_name_with_nul_reads_exactly(read_file):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.x509.oid import NameOID

    key = serialization.load_pem_private_key(read_file("server.key"), None)
    csr = (x509.CertificateSigningRequestBuilder()
           .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, NUL_CN),
                                    x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "\0")]))
           .sign(key, hashes.SHA256()))
    req = crypto.load_certificate_request(PEM, csr.public_bytes(serialization.Encoding.PEM))
    subject = req.get_subject()
    assert subject.CN == NUL_CN
    assert subject.OU == "\0"
    assert subject.get_components() == [(b"CN", NUL_CN.encode()), (b"OU", b"\0")]


def test_raw_gi_entry_with_nul(read_file):
    cert = Gossl.X509.new_from_data(Gossl.Filetype.PEM, read_file("nul-name.pem"))
    with pytest.raises(GLib.Error) as info:
        cert.get_subject_entry("CN")
    assert info.value.matches(Gossl.crypto_error_quark(), Gossl.CryptoError.NOT_SUPPORTED)
    with pytest.raises(GLib.Error):
        cert.get_subject().get_entry("CN")
    assert cert.get_subject().get_entry_bytes("CN").get_data() == NUL_CN.encode()
    assert cert.get_subject().get_entry_bytes("OU") is None
    assert cert.get_subject().get_entry("O") == "gossl test"


def test_alt_name_with_nul_is_printed_as_held(nul_cert, pyopenssl23, files_dir):
    ref = pyopenssl23(
        """
        c = crypto.load_certificate(crypto.FILETYPE_PEM, open(path, 'rb').read())
        print(repr(str(c.get_extension(0))))
        """,
        path=files_dir + "/nul-name.pem",
    )
    ext = nul_cert.get_extension(0)
    # pyOpenSSL prints the NUL itself (OpenSSL's printing made a dump of the
    # DER, "0*..localhost..evil.com..."); so does str(), through the bytes
    # of Gossl.X509Extension.to_bytes(). The C string of to_string()
    # escapes it.
    assert str(ext) == ref
    assert str(ext) == "DNS:localhost\0.evil.com, DNS:plain.example, IP Address:127.0.0.1"
    assert ext._ext.to_string() == "DNS:localhost\\x00.evil.com, DNS:plain.example, IP Address:127.0.0.1"


# --- item 9: PKCS7 with a content type OpenSSL has no name for ----------------------


@pytest.mark.parametrize("der", ["300506032a0304", "300b06032a0304a0040402abcd"])
def test_pkcs7_unknown_type_name(der, pyopenssl23):
    data = bytes.fromhex(der)
    ref = pyopenssl23(
        "print(repr(crypto.load_pkcs7_data(crypto.FILETYPE_ASN1, data).get_type_name()))",
        data=data,
    )
    p7 = crypto.load_pkcs7_data(ASN1, data)
    assert p7.get_type_name() == ref == b"UNDEF"
    assert not (p7.type_is_signed() or p7.type_is_enveloped()
                or p7.type_is_signedAndEnveloped() or p7.type_is_data())


# --- item 11: validity times out of range -----------------------------------------


@pytest.mark.parametrize("offset", [10**12, -10**10, 2**62, -2**62, 2**63 - 1, -2**63,
                                    2**63, -2**63 - 1, 10**30])
def test_gmtime_adj_out_of_range_is_value_error(offset, rsa_key, capfd):
    cert = crypto.X509()
    cert.set_notBefore(b"20200101000000Z")
    cert.set_notAfter(b"20400101000000Z")
    with pytest.raises(ValueError, match="9999"):
        cert.gmtime_adj_notAfter(offset)
    with pytest.raises(ValueError, match="9999"):
        cert.gmtime_adj_notBefore(offset)
    assert (cert.get_notBefore(), cert.get_notAfter()) == (b"20200101000000Z", b"20400101000000Z")
    # A new certificate keeps no time at all rather than an unloadable one.
    fresh = crypto.X509()
    with pytest.raises(ValueError):
        fresh.gmtime_adj_notAfter(offset)
    assert fresh.get_notAfter() is None
    assert _signs_and_loads(cert, rsa_key).get_notAfter() == b"20400101000000Z"
    assert "WARNING" not in capfd.readouterr().err


def test_gmtime_adj_far_but_in_range(rsa_key):
    cert = crypto.X509()
    cert.gmtime_adj_notBefore(-100 * 365 * 86400)
    cert.gmtime_adj_notAfter(7000 * 365 * 86400)
    assert cert.get_notAfter().startswith(b"9")
    assert _signs_and_loads(cert, rsa_key).get_notAfter() == cert.get_notAfter()


# --- item 14: an empty extension ----------------------------------------------------


def test_adding_an_empty_extension_is_value_error():
    empty = crypto.X509Extension._wrap(Gossl.X509Extension())
    good = crypto.X509Extension(b"basicConstraints", True, b"CA:TRUE")
    cert = crypto.X509()
    with pytest.raises(ValueError, match="empty") as info:
        cert.add_extensions([empty])
    assert "malloc" not in str(info.value)
    assert cert.get_extension_count() == 0
    req = crypto.X509Req()
    with pytest.raises(ValueError, match="empty"):
        req.add_extensions([good, empty])
    assert req.get_extensions() == []
    with pytest.raises(GLib.Error) as info:
        Gossl.X509().add_extension(Gossl.X509Extension())
    assert info.value.matches(Gossl.crypto_error_quark(), Gossl.CryptoError.INVALID_ARGUMENT)


# --- item 15: pyOpenSSL 23's tests of the 0.5.1 API --------------------------------


@pytest.mark.parametrize("passphrase", ["secret", b"secret", b""])
def test_passphrase_with_plain_der_key_is_value_error(passphrase, read_file, pyopenssl23):
    der = read_file("server.key.der")
    assert pyopenssl23(
        """
        try:
            crypto.load_privatekey(crypto.FILETYPE_ASN1, der, b"secret")
        except ValueError:
            print(repr("ValueError"))
        """,
        der=der,
    ) == "ValueError"
    with pytest.raises(ValueError):
        crypto.load_privatekey(ASN1, der, passphrase)
    assert crypto.load_privatekey(ASN1, der).bits() == 2048
    # A PEM key that is not encrypted ignores one, in pyOpenSSL too.
    assert crypto.load_privatekey(PEM, read_file("server.key"), passphrase).bits() == 2048


def _dsa_sizes(key):
    from cryptography.hazmat.primitives import serialization

    numbers = serialization.load_pem_private_key(
        crypto.dump_privatekey(PEM, key), None).parameters().parameter_numbers()
    return key.bits(), numbers.p.bit_length(), numbers.q.bit_length()


def test_small_dsa_keys_as_pyopenssl(pyopenssl23):
    sizes = [512, 520, 576, 768, 1024, 2048]
    ref = pyopenssl23(
        """
        from cryptography.hazmat.primitives import serialization
        out = []
        for bits in sizes:
            k = crypto.PKey()
            k.generate_key(crypto.TYPE_DSA, bits)
            n = k.to_cryptography_key().parameters().parameter_numbers()
            out.append((k.bits(), n.p.bit_length(), n.q.bit_length()))
        print(repr(out))
        """,
        sizes=sizes,
    )
    ours = []
    for bits in sizes:
        key = crypto.PKey()
        key.generate_key(crypto.TYPE_DSA, bits)
        assert key.type() == crypto.TYPE_DSA
        ours.append(_dsa_sizes(key))
    assert ours == ref
    key = crypto.PKey()
    for type, bits in [(crypto.TYPE_RSA, 512), (crypto.TYPE_DSA, 576)]:
        key.generate_key(type, bits)
        assert (key.type(), key.bits()) == (type, bits)


@pytest.mark.parametrize("value", [None, 5, "x", b"x", "a\0b"])
def test_unknown_attribute_is_reported_before_the_value(value):
    name = crypto.X509().get_subject()
    with pytest.raises(AttributeError):
        setattr(name, "no such thing", value)


def test_known_attribute_still_reports_the_value():
    name = crypto.X509().get_subject()
    with pytest.raises(TypeError):
        name.title = None
    with pytest.raises(ValueError):
        name.title = "a\0b"
    name.title = b"x"
    assert name.title == "x"


def test_keys_read_from_a_request_are_public_only(rsa_key):
    req = crypto.X509Req()
    req.set_pubkey(rsa_key)
    pub = req.get_pubkey()
    with pytest.raises(ValueError):
        req.sign(pub, "sha256")
    with pytest.raises(ValueError):
        crypto.X509().sign(pub, "sha256")
    # pyOpenSSL 23 writes the private key out here; the key read back holds
    # none.
    with pytest.raises(crypto.Error):
        crypto.dump_privatekey(PEM, pub)
    assert crypto.dump_publickey(PEM, pub) == crypto.dump_publickey(PEM, rsa_key)
    req.sign(rsa_key, "sha256")
    assert req.verify(pub)
