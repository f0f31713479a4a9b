"""OpenSSL.crypto: X509, X509Name, X509Extension and X509Store."""

import datetime
import gc
import weakref

import pytest

from OpenSSL import crypto

PEM, ASN1 = crypto.FILETYPE_PEM, crypto.FILETYPE_ASN1


@pytest.fixture
def server(read_file):
    return crypto.load_certificate(PEM, read_file("server.pem"))


@pytest.fixture
def ca(read_file):
    return crypto.load_certificate(PEM, read_file("ca.pem"))


@pytest.fixture
def ca_key(read_file):
    return crypto.load_privatekey(PEM, read_file("ca.key"))


@pytest.fixture(scope="module")
def reference(pyopenssl23, files_dir):
    """What Debian's pyOpenSSL 23 reads from the fixture certificates."""
    return pyopenssl23(
        """
        out = {}
        for n in ['server.pem', 'ca.pem', 'client.pem', 'ecdsa.pem']:
            c = crypto.load_certificate(crypto.FILETYPE_PEM, open(d + '/' + n, 'rb').read())
            s, i = c.get_subject(), c.get_issuer()
            exts = [c.get_extension(k) for k in range(c.get_extension_count())]
            out[n] = dict(
                serial=c.get_serial_number(), version=c.get_version(),
                notBefore=c.get_notBefore(), notAfter=c.get_notAfter(),
                expired=c.has_expired(), sha1=c.digest('sha1'), sha256=c.digest('sha256'),
                md5=c.digest('md5'), sigalg=c.get_signature_algorithm(),
                subject=repr(s), issuer=repr(i),
                subject_components=s.get_components(), issuer_components=i.get_components(),
                subject_der=s.der(), subject_hash=s.hash(), issuer_hash=i.hash(),
                subject_name_hash=c.subject_name_hash(),
                CN=s.CN, C=s.C, ST=s.ST, L=s.L, O=s.O, OU=s.OU, email=s.emailAddress,
                ext_count=c.get_extension_count(),
                exts=[(e.get_short_name(), e.get_critical(), e.get_data(), str(e)) for e in exts],
                bits=c.get_pubkey().bits(), type=c.get_pubkey().type(),
                pubkey=crypto.dump_publickey(crypto.FILETYPE_PEM, c.get_pubkey()),
                eq=(s == i, s < i, s > i, s <= i, s >= i, s != i),
            )
        print(repr(out))
        """,
        d=files_dir,
    )


FIXTURE_CERTS = ["server.pem", "ca.pem", "client.pem", "ecdsa.pem"]


# --- X509: reading ---------------------------------------------------------------


@pytest.mark.parametrize("name", FIXTURE_CERTS)
def test_certificate_fields_match_pyopenssl(name, reference, read_file):
    ref = reference[name]
    cert = crypto.load_certificate(PEM, read_file(name))
    subject, issuer = cert.get_subject(), cert.get_issuer()
    assert cert.get_serial_number() == ref["serial"]
    assert cert.get_version() == ref["version"]
    assert cert.get_notBefore() == ref["notBefore"]
    assert cert.get_notAfter() == ref["notAfter"]
    assert cert.has_expired() is ref["expired"] is False
    assert cert.digest("sha1") == ref["sha1"]
    assert cert.digest("sha256") == ref["sha256"]
    assert cert.digest("md5") == ref["md5"]
    assert cert.get_signature_algorithm() == ref["sigalg"]
    assert repr(subject) == ref["subject"]
    assert repr(issuer) == ref["issuer"]
    assert subject.get_components() == ref["subject_components"]
    assert issuer.get_components() == ref["issuer_components"]
    assert subject.der() == ref["subject_der"]
    assert subject.hash() == ref["subject_hash"]
    assert issuer.hash() == ref["issuer_hash"]
    assert cert.subject_name_hash() == ref["subject_name_hash"]
    for attr in ("CN", "C", "ST", "L", "O", "OU"):
        assert getattr(subject, attr) == ref[attr], attr
    assert subject.emailAddress == ref["email"]
    assert cert.get_extension_count() == ref["ext_count"]
    exts = [cert.get_extension(i) for i in range(cert.get_extension_count())]
    assert [(e.get_short_name(), e.get_critical(), e.get_data(), str(e)) for e in exts] == ref["exts"]
    key = cert.get_pubkey()
    assert (key.bits(), key.type()) == (ref["bits"], ref["type"])
    assert crypto.dump_publickey(PEM, key) == ref["pubkey"]
    assert (subject == issuer, subject < issuer, subject > issuer, subject <= issuer,
            subject >= issuer, subject != issuer) == ref["eq"]


def test_server_certificate_values(server):
    assert server.get_serial_number() == 2
    assert server.get_version() == 2
    assert server.get_subject().CN == "localhost"
    assert server.get_issuer().CN == "gossl test CA"
    assert server.get_signature_algorithm() == b"sha256WithRSAEncryption"
    digest = server.digest("sha256")
    assert type(digest) is bytes and len(digest) == 32 * 3 - 1
    assert digest == digest.upper() and digest.count(b":") == 31
    assert server.digest("SHA256") == digest
    assert type(server.get_notBefore()) is bytes
    assert server.get_notBefore().endswith(b"Z") and len(server.get_notBefore()) == 15


@pytest.mark.parametrize("digest", ["nope", "", "sha257", "rsaEncryption"])
def test_unknown_digest_is_value_error(server, ca_key, digest):
    with pytest.raises(ValueError, match="No such digest method"):
        server.digest(digest)
    with pytest.raises(ValueError, match="No such digest method"):
        server.sign(ca_key, digest)


@pytest.mark.parametrize("digest", [b"sha256", None, 5])
def test_digest_of_wrong_type_is_type_error(server, ca_key, digest):
    with pytest.raises(TypeError):
        server.digest(digest)
    with pytest.raises(TypeError):
        server.sign(ca_key, digest)


# --- X509: building ----------------------------------------------------------------


def _make_cert(key, issuer_key=None, serial=1, cn="made by gossl"):
    cert = crypto.X509()
    cert.set_version(2)
    cert.set_serial_number(serial)
    cert.get_subject().CN = cn
    cert.get_subject().O = "gossl"
    cert.set_issuer(cert.get_subject())
    cert.gmtime_adj_notBefore(0)
    cert.gmtime_adj_notAfter(3600)
    cert.set_pubkey(key)
    cert.sign(issuer_key or key, "sha256")
    return cert


@pytest.fixture(scope="module")
def rsa_key():
    key = crypto.PKey()
    key.generate_key(crypto.TYPE_RSA, 2048)
    return key


def test_build_sign_dump_and_read_back(rsa_key, pyopenssl23):
    cert = _make_cert(rsa_key, serial=2**70 + 3)
    pem = crypto.dump_certificate(PEM, cert)
    assert pem.startswith(b"-----BEGIN CERTIFICATE-----\n")
    again = crypto.load_certificate(PEM, pem)
    assert again.get_serial_number() == 2**70 + 3
    assert again.get_subject().CN == "made by gossl"
    assert again.get_issuer() == again.get_subject()
    assert again.get_version() == 2
    assert not again.has_expired()
    assert again.get_signature_algorithm() == b"sha256WithRSAEncryption"
    assert crypto.dump_publickey(PEM, again.get_pubkey()) == crypto.dump_publickey(PEM, rsa_key)
    ref = pyopenssl23(
        """
        c = crypto.load_certificate(crypto.FILETYPE_PEM, pem)
        s = crypto.X509Store(); s.add_cert(c)
        crypto.X509StoreContext(s, c).verify_certificate()  # self-signed: signature checked
        print(repr((c.get_serial_number(), c.get_subject().CN, c.get_version(),
                    crypto.dump_certificate(crypto.FILETYPE_ASN1, c))))
        """,
        pem=pem,
    )
    assert ref == (2**70 + 3, "made by gossl", 2, crypto.dump_certificate(ASN1, cert))


def test_empty_certificate():
    cert = crypto.X509()
    assert cert.get_serial_number() == 0
    assert cert.get_version() == 0
    assert cert.get_notBefore() is None
    assert cert.get_notAfter() is None
    assert cert.get_extension_count() == 0
    assert repr(cert.get_subject()) == "<X509Name object ''>"
    assert cert.get_subject().CN is None
    with pytest.raises(ValueError):
        cert.has_expired()
    with pytest.raises(ValueError):
        cert.get_signature_algorithm()
    with pytest.raises(crypto.Error):
        cert.get_pubkey()
    with pytest.raises(crypto.Error):
        cert.digest("sha256")


@pytest.mark.parametrize("serial", [0, 1, 255, 256, 2**63 - 1, 2**63, 2**64, 2**64 + 1, 2**159, 2**1000 + 7])
def test_serial_numbers_of_any_size(serial):
    cert = crypto.X509()
    cert.set_serial_number(serial)
    got = cert.get_serial_number()
    assert got == serial and type(got) is int


def test_serial_number_survives_der(rsa_key):
    cert = _make_cert(rsa_key, serial=2**64 + 1)
    assert crypto.load_certificate(ASN1, crypto.dump_certificate(ASN1, cert)).get_serial_number() == 2**64 + 1
    cert = _make_cert(rsa_key, serial=0)
    assert crypto.load_certificate(ASN1, crypto.dump_certificate(ASN1, cert)).get_serial_number() == 0


@pytest.mark.parametrize("serial", ["5", b"5", 5.0, None, [5]])
def test_serial_number_wrong_type(serial):
    with pytest.raises(TypeError):
        crypto.X509().set_serial_number(serial)


def test_version():
    cert = crypto.X509()
    for version in (0, 1, 2):
        cert.set_version(version)
        assert cert.get_version() == version
    with pytest.raises(TypeError):
        cert.set_version("2")
    with pytest.raises(TypeError):
        cert.set_version(2.0)
    for bad in (-1, 3, 2**70):
        with pytest.raises((ValueError, crypto.Error)):
            cert.set_version(bad)


def test_validity_period():
    cert = crypto.X509()
    cert.gmtime_adj_notBefore(-10)
    cert.gmtime_adj_notAfter(100)
    now = datetime.datetime.utcnow()
    before = datetime.datetime.strptime(cert.get_notBefore().decode(), "%Y%m%d%H%M%SZ")
    after = datetime.datetime.strptime(cert.get_notAfter().decode(), "%Y%m%d%H%M%SZ")
    assert abs((now - before).total_seconds() - 10) < 5
    assert abs((after - now).total_seconds() - 100) < 5
    assert not cert.has_expired()
    cert.gmtime_adj_notAfter(-100)
    assert cert.has_expired() is True
    cert.set_notBefore(b"20200101000000Z")
    assert cert.get_notBefore() == b"20200101000000Z"
    cert.set_notAfter(b"20300101000000Z")
    assert cert.get_notAfter() == b"20300101000000Z"
    assert cert.has_expired() is False
    cert.set_notAfter(b"20000101000000Z")
    assert cert.has_expired() is True
    cert.set_notAfter("20991231235959Z")
    assert cert.get_notAfter() == b"20991231235959Z"


@pytest.mark.parametrize("when", [b"garbage", b"", b"2020", b"20201301000000Z"])
def test_bad_time_is_value_error(when):
    with pytest.raises(ValueError):
        crypto.X509().set_notBefore(when)
    with pytest.raises(ValueError):
        crypto.X509().set_notAfter(when)


@pytest.mark.parametrize("when", [None, 20200101, 1.5])
def test_time_of_wrong_type(when):
    with pytest.raises(TypeError):
        crypto.X509().set_notBefore(when)


@pytest.mark.parametrize("amount", [1.5, "10", None])
def test_gmtime_adj_wrong_type(amount):
    with pytest.raises(TypeError):
        crypto.X509().gmtime_adj_notBefore(amount)
    with pytest.raises(TypeError):
        crypto.X509().gmtime_adj_notAfter(amount)


def test_has_expired_without_not_after_is_value_error():
    cert = crypto.X509()
    cert.gmtime_adj_notBefore(0)
    with pytest.raises(ValueError):
        cert.has_expired()


def test_set_issuer_subject_pubkey_type_checks(server, read_file):
    key = crypto.load_privatekey(PEM, read_file("server.key"))
    for bad in (None, "CN=x", server, key):
        with pytest.raises(TypeError):
            server.set_subject(bad)
        with pytest.raises(TypeError):
            server.set_issuer(bad)
    for bad in (None, server, server.get_subject(), b"key"):
        with pytest.raises(TypeError):
            server.set_pubkey(bad)
        with pytest.raises(TypeError):
            server.sign(bad, "sha256")


def test_sign_with_public_or_empty_key_is_value_error(server, ca):
    with pytest.raises(ValueError):
        server.sign(ca.get_pubkey(), "sha256")
    with pytest.raises(ValueError):
        server.sign(crypto.PKey(), "sha256")


def test_set_pubkey_and_get_pubkey(rsa_key):
    cert = crypto.X509()
    cert.set_pubkey(rsa_key)
    key = cert.get_pubkey()
    assert type(key) is crypto.PKey
    assert key.bits() == 2048 and key.type() == crypto.TYPE_RSA
    with pytest.raises(crypto.Error):
        crypto.dump_privatekey(PEM, key)  # the public half only


def test_set_subject_copies_the_name(server, ca):
    cert = crypto.X509()
    name = crypto.X509Name(server.get_subject())
    cert.set_subject(name)
    name.CN = "changed"
    assert cert.get_subject().CN == "localhost"
    cert.set_issuer(ca.get_subject())
    assert cert.get_issuer() == ca.get_subject()


def test_signing_with_the_ca(ca, ca_key, rsa_key, pyopenssl23, read_file):
    cert = crypto.X509()
    cert.set_serial_number(77)
    cert.get_subject().CN = "leaf"
    cert.set_issuer(ca.get_subject())
    cert.gmtime_adj_notBefore(0)
    cert.gmtime_adj_notAfter(60)
    cert.set_pubkey(rsa_key)
    cert.add_extensions([crypto.X509Extension(b"basicConstraints", True, b"CA:FALSE")])
    cert.sign(ca_key, "sha256")
    ok = pyopenssl23(
        """
        store = crypto.X509Store()
        store.add_cert(crypto.load_certificate(crypto.FILETYPE_PEM, ca))
        crypto.X509StoreContext(store, crypto.load_certificate(crypto.FILETYPE_PEM, leaf)).verify_certificate()
        print('True')
        """,
        ca=read_file("ca.pem"), leaf=crypto.dump_certificate(PEM, cert),
    )
    assert ok is True


def test_extensions_add_count_get(rsa_key):
    cert = crypto.X509()
    cert.set_pubkey(rsa_key)
    exts = [
        crypto.X509Extension(b"basicConstraints", True, b"CA:TRUE, pathlen:0"),
        crypto.X509Extension(b"subjectAltName", False, b"DNS:a.example, DNS:b.example"),
        crypto.X509Extension(b"subjectKeyIdentifier", False, b"hash", subject=cert),
    ]
    cert.add_extensions(exts)
    assert cert.get_extension_count() == 3
    names = [cert.get_extension(i).get_short_name() for i in range(3)]
    assert names == [b"basicConstraints", b"subjectAltName", b"subjectKeyIdentifier"]
    assert cert.get_extension(0).get_critical() and not cert.get_extension(1).get_critical()
    assert str(cert.get_extension(1)) == "DNS:a.example, DNS:b.example"
    cert.add_extensions(iter([crypto.X509Extension(b"keyUsage", True, b"keyCertSign")]))
    assert cert.get_extension_count() == 4
    cert.add_extensions([])
    assert cert.get_extension_count() == 4


def test_add_extensions_rejects_other_objects():
    cert = crypto.X509()
    good = crypto.X509Extension(b"basicConstraints", False, b"CA:FALSE")
    with pytest.raises(ValueError, match="not an X509Extension"):
        cert.add_extensions([good, "basicConstraints"])
    with pytest.raises(ValueError):
        cert.add_extensions([None])
    with pytest.raises(TypeError):
        cert.add_extensions(5)


@pytest.mark.parametrize("index", [6, 100, -1, 2**40])
def test_get_extension_out_of_range_is_index_error(server, index):
    assert server.get_extension_count() == 6
    with pytest.raises(IndexError):
        server.get_extension(index)


@pytest.mark.parametrize("index", ["0", 0.0, None])
def test_get_extension_wrong_type(server, index):
    with pytest.raises(TypeError):
        server.get_extension(index)


# --- X509Name ----------------------------------------------------------------------

ALIASES = {
    "C": ["C", "countryName", "country_name"],
    "ST": ["ST", "SP", "stateOrProvinceName", "state_or_province"],
    "L": ["L", "localityName", "locality"],
    "O": ["O", "organizationName", "organization"],
    "OU": ["OU", "organizationalUnitName", "organizational_unit"],
    "CN": ["CN", "commonName", "common_name"],
    "emailAddress": ["emailAddress", "email"],
}


@pytest.mark.parametrize("field", list(ALIASES))
def test_name_attribute_aliases(field):
    for alias in ALIASES[field]:
        name = crypto.X509Name(crypto.X509().get_subject())
        assert getattr(name, alias) is None
        value = "US" if field == "C" else "value of " + alias
        setattr(name, alias, value)
        for other in ALIASES[field]:
            assert getattr(name, other) == value, (alias, other)
        assert name.get_components() == [(field.encode(), value.encode())]


def test_manual_cn_typo_is_not_followed():
    name = crypto.X509Name(crypto.X509().get_subject())
    name.country_name = "FR"
    name.common_name = "host"
    assert name.C == "FR" and name.CN == "host"


def test_name_reads_fixture_subject(read_file):
    client = crypto.load_certificate(PEM, read_file("client.pem"))
    name = client.get_subject()
    assert name.email == name.emailAddress == "client@example.com"
    assert name.common_name == "gossl test client"
    assert name.organization == "gossl test"
    assert name.country_name == "US"
    assert name.locality is None and name.state_or_province is None
    assert name.organizational_unit is None


def test_name_other_openssl_attributes():
    name = crypto.X509Name(crypto.X509().get_subject())
    assert name.title is None
    name.title = "Dr"
    name.serialNumber = "1234"
    assert name.title == "Dr" and name.serialNumber == "1234"
    assert name.get_components() == [(b"title", b"Dr"), (b"serialNumber", b"1234")]


@pytest.mark.parametrize("attr", ["foo", "Cn", "common", "no_such_attribute"])
def test_unknown_name_attribute_is_attribute_error(attr):
    name = crypto.X509Name(crypto.X509().get_subject())
    with pytest.raises(AttributeError):
        getattr(name, attr)
    with pytest.raises(AttributeError):
        setattr(name, attr, "x")
    assert not hasattr(name, attr)


def test_private_names_are_not_sent_to_openssl():
    name = crypto.X509().get_subject()
    with pytest.raises(AttributeError):
        name._foo
    with pytest.raises(AttributeError):
        name._foo = 1


@pytest.mark.parametrize("value", [5, None, 1.5, ["x"], object()])
def test_setting_a_non_str_is_type_error(value):
    name = crypto.X509Name(crypto.X509().get_subject())
    with pytest.raises(TypeError):
        name.CN = value
    with pytest.raises(TypeError):
        name.title = value
    assert name.CN is None


def test_setting_bytes_and_unicode():
    name = crypto.X509Name(crypto.X509().get_subject())
    name.CN = b"bytes value"  # as pyOpenSSL 23: bytes are UTF-8
    assert name.CN == "bytes value"
    name.CN = "héllo wörld ☃"
    assert name.CN == "héllo wörld ☃"
    assert name.get_components() == [(b"CN", "héllo wörld ☃".encode("utf-8"))]


def test_setting_replaces_and_orders_like_pyopenssl(pyopenssl23):
    name = crypto.X509Name(crypto.X509().get_subject())
    name.C = "US"
    name.O = "org"
    name.CN = "first"
    name.CN = "second"
    ref = pyopenssl23(
        """
        n = crypto.X509().get_subject()
        n.C = 'US'; n.O = 'org'; n.CN = 'first'; n.CN = 'second'
        print(repr((n.get_components(), n.der(), n.hash(), repr(n))))
        """
    )
    assert (name.get_components(), name.der(), name.hash(), repr(name)) == ref


def test_bad_value_is_error_and_leaves_the_name_alone():
    name = crypto.X509Name(crypto.X509().get_subject())
    name.C = "US"
    with pytest.raises(crypto.Error):
        name.C = "USA"  # two letters only
    assert name.C == "US"


def test_delete_attribute():
    name = crypto.X509Name(crypto.X509().get_subject())
    name.CN = "x"
    del name.CN
    assert name.CN is None
    with pytest.raises(AttributeError):
        del name.no_such_attribute


def test_name_copy_is_independent(server):
    view = server.get_subject()
    copy = crypto.X509Name(view)
    assert copy == view
    copy.CN = "other"
    assert view.CN == "localhost" and server.get_subject().CN == "localhost"
    view.CN = "changed"
    assert copy.CN == "other"
    with pytest.raises(TypeError):
        crypto.X509Name()
    with pytest.raises(TypeError):
        crypto.X509Name(None)
    with pytest.raises(TypeError):
        crypto.X509Name("CN=x")


def test_copy_module_gives_independent_copies(server):
    import copy

    view = server.get_subject()
    for dup in (copy.copy(view), copy.deepcopy(view)):
        assert type(dup) is crypto.X509Name and dup == view
        dup.CN = "copy"
        assert view.CN == "localhost"


def test_view_changes_the_certificate(server, ca_key):
    server.get_subject().CN = "renamed"
    assert server.get_subject().CN == "renamed"
    server.get_issuer().O = "other org"
    assert server.get_issuer().O == "other org"
    server.sign(ca_key, "sha256")
    again = crypto.load_certificate(PEM, crypto.dump_certificate(PEM, server))
    assert again.get_subject().CN == "renamed"
    assert again.get_issuer().O == "other org"


def test_view_outlives_its_certificate(read_file):
    cert = crypto.load_certificate(PEM, read_file("server.pem"))
    name = cert.get_subject()
    issuer = cert.get_issuer()
    cert_ref = weakref.ref(cert)
    del cert
    gc.collect()
    assert cert_ref() is None  # the Python wrapper went; the C certificate lives on
    assert name.CN == "localhost"
    assert issuer.CN == "gossl test CA"
    name.CN = "still works"
    assert name.CN == "still works"
    assert repr(name).endswith("/CN=still works'>")


def test_view_of_a_temporary_certificate(read_file):
    name = crypto.load_certificate(PEM, read_file("server.pem")).get_subject()
    gc.collect()
    assert name.CN == "localhost"
    assert name.der()


def test_view_follows_set_subject(server, ca):
    view = server.get_subject()
    server.set_subject(ca.get_subject())
    assert view.CN == "gossl test CA"
    assert server.get_subject().CN == "gossl test CA"


def test_view_reads_before_and_after_it_is_needed_whole(server, ca):
    # A view reads entries through its certificate until something (a set,
    # a comparison, repr) needs the whole name; both must agree throughout.
    view = server.get_subject()
    issuer = server.get_issuer()
    assert view.CN == view.commonName == "localhost"
    assert view.title is None and view.C == "US"
    with pytest.raises(AttributeError):
        view.noSuchAttribute
    assert issuer == ca.get_subject()
    view.O = "set through the view"
    assert view.O == server.get_subject().O == "set through the view"
    assert view.CN == "localhost"
    server.set_subject(ca.get_subject())
    assert view.CN == "gossl test CA" and view.O == ca.get_subject().O
    view.CN = "after"
    assert server.get_subject().CN == "after"
    with pytest.raises(AttributeError):
        view.noSuchAttribute


def test_fresh_views_of_every_owner(read_file):
    cert = crypto.load_certificate(PEM, read_file("server.pem"))
    assert cert.get_issuer().CN == "gossl test CA"
    assert cert.get_issuer().organizationName == crypto.X509Name(cert.get_issuer()).O
    req = crypto.load_certificate_request(PEM, read_file("server.csr"))
    assert req.get_subject().CN == "localhost"
    assert req.get_subject().get_components() == crypto.X509Name(req.get_subject()).get_components()
    assert "CN=localhost" in repr(crypto.load_certificate(PEM, read_file("server.pem")).get_subject())


def test_request_subject_view(read_file):
    req = crypto.load_certificate_request(PEM, read_file("server.csr"))
    name = req.get_subject()
    del req
    gc.collect()
    assert name.CN == "localhost"


def test_name_comparisons(server, ca):
    s, i = server.get_subject(), server.get_issuer()
    assert i == ca.get_subject()
    assert s != i
    assert (s < i) != (s > i)
    assert s <= s and s >= s and not s < s
    assert s != "localhost"
    assert not (s == 5)
    with pytest.raises(TypeError):
        s < 5
    with pytest.raises(TypeError):
        hash(s)  # mutable, as in pyOpenSSL
    ordered = sorted([s, i, crypto.X509Name(i)])
    assert ordered[0] <= ordered[1] <= ordered[2]


def test_name_repr_hash_der_components(server):
    name = server.get_subject()
    assert repr(name) == "<X509Name object '/C=US/ST=Massachusetts/L=Boston/O=gossl test/CN=localhost'>"
    assert type(name.hash()) is int
    assert name.der().startswith(b"\x30")
    assert name.get_components() == [
        (b"C", b"US"), (b"ST", b"Massachusetts"), (b"L", b"Boston"),
        (b"O", b"gossl test"), (b"CN", b"localhost"),
    ]


def test_name_attribute_docs():
    assert "common name" in crypto.X509Name.CN.__doc__
    assert "country" in crypto.X509Name.country_name.__doc__


# --- X509Extension -------------------------------------------------------------------


def test_extension_basic_constraints(pyopenssl23):
    ext = crypto.X509Extension(b"basicConstraints", True, b"CA:TRUE, pathlen:0")
    assert ext.get_critical()
    assert ext.get_short_name() == b"basicConstraints"
    assert ext.get_data() == b"0\x06\x01\x01\xff\x02\x01\x00"
    assert str(ext) == "CA:TRUE, pathlen:0"
    ref = pyopenssl23(
        """
        out = []
        for t, c, v in cases:
            e = crypto.X509Extension(t, c, v)
            out.append((bool(e.get_critical()), e.get_short_name(), e.get_data(), str(e)))
        print(repr(out))
        """,
        cases=[(b"basicConstraints", True, b"CA:TRUE, pathlen:0"),
               (b"keyUsage", False, b"digitalSignature, keyEncipherment"),
               (b"subjectAltName", False, b"DNS:a.example, email:x@example.com, IP:10.0.0.1"),
               (b"extendedKeyUsage", False, b"serverAuth, clientAuth"),
               (b"nsComment", False, b"a comment")],
    )
    ours = []
    for t, c, v in [(b"basicConstraints", True, b"CA:TRUE, pathlen:0"),
                    (b"keyUsage", False, b"digitalSignature, keyEncipherment"),
                    (b"subjectAltName", False, b"DNS:a.example, email:x@example.com, IP:10.0.0.1"),
                    (b"extendedKeyUsage", False, b"serverAuth, clientAuth"),
                    (b"nsComment", False, b"a comment")]:
        e = crypto.X509Extension(t, c, v)
        ours.append((bool(e.get_critical()), e.get_short_name(), e.get_data(), str(e)))
    assert ours == ref


def test_extension_accepts_str():
    ext = crypto.X509Extension("basicConstraints", False, "CA:FALSE")
    assert not ext.get_critical()
    assert str(ext) == "CA:FALSE"


def test_extension_positional_manual_signature():
    ext = crypto.X509Extension(b"keyUsage", 1, b"keyCertSign")
    assert ext.get_critical() is True


@pytest.mark.parametrize(
    "type_name, value",
    [(b"nope", b"CA:TRUE"), (b"basicConstraints", b"garbage"), (b"", b""),
     (b"subjectKeyIdentifier", b"hash"), (b"authorityKeyIdentifier", b"keyid:always")],
)
def test_bad_extension_is_error(type_name, value):
    with pytest.raises(crypto.Error) as info:
        crypto.X509Extension(type_name, False, value)
    assert info.value.args[0]


def test_extension_subject_and_issuer(server, ca):
    skid = crypto.X509Extension(b"subjectKeyIdentifier", False, b"hash", subject=server)
    assert str(skid) == str(server.get_extension(4))
    akid = crypto.X509Extension(b"authorityKeyIdentifier", False, b"keyid:always", issuer=ca)
    assert str(akid) == str(server.get_extension(5))
    with pytest.raises(TypeError):
        crypto.X509Extension(b"subjectKeyIdentifier", False, b"hash", subject=server.get_pubkey())
    with pytest.raises(TypeError):
        crypto.X509Extension(b"authorityKeyIdentifier", False, b"keyid", issuer="ca")


@pytest.mark.parametrize("bad", [None, 5, ["x"]])
def test_extension_wrong_types(bad):
    with pytest.raises(TypeError):
        crypto.X509Extension(bad, False, b"CA:TRUE")
    with pytest.raises(TypeError):
        crypto.X509Extension(b"basicConstraints", False, bad)


def test_extension_from_certificate_outlives_it(read_file):
    cert = crypto.load_certificate(PEM, read_file("server.pem"))
    ext = cert.get_extension(3)
    del cert
    gc.collect()
    assert ext.get_short_name() == b"subjectAltName"
    assert str(ext) == "DNS:localhost, IP Address:127.0.0.1"


# --- X509Store ------------------------------------------------------------------------


def test_store_add_cert(ca, server):
    store = crypto.X509Store()
    assert store.add_cert(ca) is None
    assert store.add_cert(server) is None
    store.add_cert(ca)  # a duplicate is fine, as in pyOpenSSL 23


@pytest.mark.parametrize("bad", [None, "cert", b"cert", 5])
def test_store_add_cert_type_error(bad):
    with pytest.raises(TypeError):
        crypto.X509Store().add_cert(bad)


def test_store_add_key_is_type_error(read_file):
    with pytest.raises(TypeError):
        crypto.X509Store().add_cert(crypto.load_privatekey(PEM, read_file("ca.key")))


# --- validity times with an offset, an unknown signature algorithm -------------------


@pytest.mark.parametrize("when", [b"20040203040506Z", b"20040203040506+0530",
                                  b"20040203040506-0115", b"20040203040506.5Z",
                                  b"040203040506Z", b"20501231235959Z"])
def test_validity_time_forms(pyopenssl23, when):
    """pyOpenSSL keeps a GeneralizedTime as written, offset included."""
    cert = crypto.X509()
    cert.set_notBefore(when)
    cert.set_notAfter(when)
    expected = pyopenssl23(
        "c = crypto.X509(); c.set_notBefore(when); print(c.get_notBefore())", when=when)
    assert cert.get_notBefore() == cert.get_notAfter() == expected


@pytest.mark.parametrize("when", [b"foo bar", b"20040203040506", b"20040203040506+2530",
                                  b"20040203040506+05", "20040203040506+05"])
def test_validity_time_bad_forms(when):
    cert = crypto.X509()
    with pytest.raises(ValueError):
        cert.set_notBefore(when)
    with pytest.raises(ValueError):
        cert.set_notAfter(when)
    assert cert.get_notBefore() is None


def test_unknown_signature_algorithm(read_file, pyopenssl23):
    """The algorithm named inside the signed part is the one reported (the
    copy outside it is not signed)."""
    der = read_file("server.der")
    sha256_rsa = bytes.fromhex("06092a864886f70d01010b")
    at = der.index(sha256_rsa)
    patched = der[:at + 10] + b"\x7f" + der[at + 11:]
    assert sha256_rsa in patched[at + 11:]
    cert = crypto.load_certificate(crypto.FILETYPE_ASN1, patched)
    with pytest.raises(ValueError):
        cert.get_signature_algorithm()
    assert pyopenssl23(
        "c = crypto.load_certificate(crypto.FILETYPE_ASN1, der)\n"
        "try:\n    c.get_signature_algorithm(); print(None)\n"
        "except ValueError as e:\n    print(repr('ValueError'))", der=patched) == "ValueError"
    assert crypto.load_certificate(crypto.FILETYPE_ASN1, der).get_signature_algorithm() == \
        b"sha256WithRSAEncryption"


# --- FILETYPE_TEXT -------------------------------------------------------------------


def _signed_with_key_identifiers(read_file):
    key = crypto.load_privatekey(PEM, read_file("ca.key"))
    cert = crypto.X509()
    cert.get_subject().CN = "text test"
    cert.set_issuer(cert.get_subject())
    cert.set_pubkey(key)
    cert.set_serial_number(7)
    cert.set_notBefore(b"20200101000000Z")
    cert.set_notAfter(b"20300101000000Z")
    cert.add_extensions([
        crypto.X509Extension(b"subjectKeyIdentifier", False, b"hash", subject=cert),
        crypto.X509Extension(b"basicConstraints", False, b"CA:TRUE", subject=cert, issuer=cert),
    ])
    # After the subject key identifier, which keyid:always copies.
    cert.add_extensions([
        crypto.X509Extension(b"authorityKeyIdentifier", False, b"keyid:always,issuer:always",
                             issuer=cert),
    ])
    cert.sign(key, "sha256")
    return cert


def test_dump_text_is_pyopenssl23s(read_file, pyopenssl23):
    cert = _signed_with_key_identifiers(read_file)
    pem = crypto.dump_certificate(PEM, cert)
    text = crypto.dump_certificate(crypto.FILETYPE_TEXT, cert)
    assert b"X509v3 Subject Key Identifier:" in text
    assert b"DirName:/CN=text test" in text
    assert b"CA:TRUE" in text
    assert text == pyopenssl23(
        "print(crypto.dump_certificate(crypto.FILETYPE_TEXT,"
        " crypto.load_certificate(crypto.FILETYPE_PEM, pem)))", pem=pem)

    csr = read_file("server.csr")
    req = crypto.load_certificate_request(PEM, csr)
    assert crypto.dump_certificate_request(crypto.FILETYPE_TEXT, req) == pyopenssl23(
        "print(crypto.dump_certificate_request(crypto.FILETYPE_TEXT,"
        " crypto.load_certificate_request(crypto.FILETYPE_PEM, csr)))", csr=csr)
    assert crypto.FILETYPE_TEXT == pyopenssl23("print(crypto.FILETYPE_TEXT)")


def test_dump_text_bad_arguments():
    with pytest.raises(TypeError):
        crypto.dump_certificate(crypto.FILETYPE_TEXT, crypto.X509Req())
    with pytest.raises(TypeError):
        crypto.dump_certificate_request(crypto.FILETYPE_TEXT, crypto.X509())
    with pytest.raises(TypeError):
        crypto.dump_certificate(crypto.FILETYPE_TEXT, None)
    with pytest.raises(ValueError):
        crypto.load_certificate(crypto.FILETYPE_TEXT, b"Certificate:")
    assert crypto.dump_certificate(crypto.FILETYPE_TEXT, crypto.X509()).startswith(b"Certificate:")
