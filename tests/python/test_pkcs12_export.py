"""PKCS12() built by hand and written with PKCS12.export(), read back by
gossl, by the openssl tool and by pyOpenSSL 23 (and pyOpenSSL 23's files
read by gossl)."""

import subprocess
import warnings

import pytest

from OpenSSL import crypto
from OpenSSL.crypto import (
    FILETYPE_PEM, PKCS12, Error, dump_certificate, dump_privatekey, load_certificate,
    load_pkcs12, load_privatekey,
)


@pytest.fixture
def parts(read_file):
    return (load_certificate(FILETYPE_PEM, read_file("server.pem")),
            load_privatekey(FILETYPE_PEM, read_file("server.key")),
            load_certificate(FILETYPE_PEM, read_file("ca.pem")))


def bundle(parts, name=b"gossl server"):
    cert, key, ca = parts
    p12 = PKCS12()
    assert p12.set_certificate(cert) is None
    assert p12.set_privatekey(key) is None
    assert p12.set_ca_certificates([ca]) is None
    assert p12.set_friendlyname(name) is None
    return p12


def openssl_pkcs12(der, passphrase, *extra):
    return subprocess.run(
        ["openssl", "pkcs12", "-nodes", "-info", "-passin", b"pass:" + passphrase, *extra],
        input=der, capture_output=True, timeout=60,
    )


def pem(cert):
    return dump_certificate(FILETYPE_PEM, cert)


def test_export_reads_back(parts, read_file):
    der = bundle(parts).export(b"secret", iter=1000, maciter=5)
    assert isinstance(der, bytes)
    back = load_pkcs12(der, b"secret")
    assert pem(back.get_certificate()) == read_file("server.pem")
    assert dump_privatekey(FILETYPE_PEM, back.get_privatekey()) == \
        dump_privatekey(FILETYPE_PEM, parts[1])
    assert [pem(c) for c in back.get_ca_certificates()] == [read_file("ca.pem")]
    assert back.get_friendlyname() == b"gossl server"
    with pytest.raises(Error):
        load_pkcs12(der, b"Secret")


def test_openssl_reads_it_as_pyopenssl_writes_it(parts, read_file):
    """pyOpenSSL 23's scheme with OpenSSL 3: triple DES for both safes, a
    SHA-256 MAC."""
    der = bundle(parts).export(b"secret", iter=1000, maciter=5)
    proc = openssl_pkcs12(der, b"secret")
    assert proc.returncode == 0, proc.stderr
    assert read_file("server.pem") in proc.stdout
    assert read_file("ca.pem") in proc.stdout
    assert b"friendlyName: gossl server" in proc.stdout
    assert b"-----BEGIN PRIVATE KEY-----" in proc.stdout
    info = proc.stderr.decode()
    assert "MAC: sha256, Iteration 5" in info
    assert info.count("pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 1000") == 2


def test_same_scheme_as_pyopenssl(parts, read_file, pyopenssl23):
    ours = openssl_pkcs12(bundle(parts).export(b"pw", iter=7, maciter=3), b"pw")
    theirs_der = pyopenssl23(
        """
        p12 = crypto.PKCS12()
        p12.set_certificate(crypto.load_certificate(crypto.FILETYPE_PEM, cert))
        p12.set_privatekey(crypto.load_privatekey(crypto.FILETYPE_PEM, key))
        p12.set_ca_certificates([crypto.load_certificate(crypto.FILETYPE_PEM, ca)])
        p12.set_friendlyname(b"gossl server")
        print(repr(p12.export(b"pw", iter=7, maciter=3)))
        """,
        cert=read_file("server.pem"), key=read_file("server.key"), ca=read_file("ca.pem"),
    )
    theirs = openssl_pkcs12(theirs_der, b"pw")
    assert ours.returncode == theirs.returncode == 0
    # the same parts, bag attributes and schemes; only salts differ
    assert ours.stdout == theirs.stdout
    assert ours.stderr == theirs.stderr
    back = load_pkcs12(theirs_der, b"pw")
    assert back.get_friendlyname() == b"gossl server"
    assert pem(back.get_certificate()) == read_file("server.pem")


def test_pyopenssl_reads_ours(parts, read_file, pyopenssl23):
    der = bundle(parts, b"caf\xe9 #1").export(b"\xff\xfepass", iter=10)
    ref = pyopenssl23(
        """
        p12 = crypto.load_pkcs12(der, b"\\xff\\xfepass")
        print(repr((crypto.dump_certificate(crypto.FILETYPE_PEM, p12.get_certificate()),
                    crypto.dump_privatekey(crypto.FILETYPE_PEM, p12.get_privatekey()),
                    [crypto.dump_certificate(crypto.FILETYPE_PEM, c)
                     for c in p12.get_ca_certificates()],
                    p12.get_friendlyname())))
        """,
        der=der,
    )
    back = load_pkcs12(der, b"\xff\xfepass")
    assert ref == (read_file("server.pem"), dump_privatekey(FILETYPE_PEM, parts[1]),
                   [read_file("ca.pem")], back.get_friendlyname())
    # OpenSSL reads a name byte by byte (Latin-1) and gives it back as UTF-8
    assert back.get_friendlyname() == "caf\xe9 #1".encode("utf-8")


@pytest.mark.parametrize("dump, load", [(None, None), (None, b""), (b"", b""), (b"", None)])
def test_empty_passphrases(parts, dump, load):
    der = bundle(parts).export(passphrase=dump, iter=2, maciter=3)
    assert load_pkcs12(der, load).get_friendlyname() == b"gossl server"
    assert openssl_pkcs12(der, b"").returncode == 0


def test_defaults(parts):
    der = bundle(parts).export()
    proc = openssl_pkcs12(der, b"")
    assert proc.returncode == 0
    assert "MAC: sha256, Iteration 1" in proc.stderr.decode()
    assert "Iteration 2048" in proc.stderr.decode()


def test_no_mac(parts, read_file, pyopenssl23):
    der = bundle(parts).export(b"pw", iter=2, maciter=-1)
    proc = openssl_pkcs12(der, b"pw", "-nomacver")
    assert proc.returncode == 0
    assert read_file("server.pem") in proc.stdout
    assert b"MAC:" not in proc.stderr
    # a passphrase that cannot be checked is refused, as pyOpenSSL does
    ref = pyopenssl23(
        """
        try:
            crypto.load_pkcs12(der, b"pw")
            print("loaded")
        except crypto.Error:
            print("'Error'")
        """,
        der=der,
    )
    assert ref == "Error"
    with pytest.raises(Error):
        load_pkcs12(der, b"pw")


def test_out_of_range_counts_are_openssl_defaults(parts):
    der = bundle(parts).export(b"pw", iter=-3, maciter=-5)
    info = openssl_pkcs12(der, b"pw").stderr.decode()
    assert "Iteration 2048" in info
    assert "MAC: sha256, Iteration 1" in info


def test_ca_certificates_list(parts):
    p12 = PKCS12()
    assert p12.get_ca_certificates() is None
    p12.set_ca_certificates([])
    assert p12.get_ca_certificates() == ()
    p12.set_ca_certificates(iter([parts[2], parts[0]]))
    assert p12.get_ca_certificates() == (parts[2], parts[0])
    p12.set_ca_certificates(None)
    assert p12.get_ca_certificates() is None


def test_ca_certificates_list_as_pyopenssl(pyopenssl23):
    ref = pyopenssl23(
        """
        p12 = crypto.PKCS12()
        a = p12.get_ca_certificates()
        p12.set_ca_certificates([])
        print(repr((a, p12.get_ca_certificates())))
        """
    )
    p12 = PKCS12()
    a = p12.get_ca_certificates()
    p12.set_ca_certificates([])
    assert ref == (a, p12.get_ca_certificates())


def test_key_only_and_cert_only(parts, read_file):
    p12 = PKCS12()
    p12.set_privatekey(parts[1])
    back = load_pkcs12(p12.export(b"pw"), b"pw")
    assert back.get_certificate() is None
    assert dump_privatekey(FILETYPE_PEM, back.get_privatekey()) == \
        dump_privatekey(FILETYPE_PEM, parts[1])

    p12 = PKCS12()
    p12.set_certificate(parts[0])
    back = load_pkcs12(p12.export(b"pw"), b"pw")
    assert back.get_privatekey() is None
    assert [pem(c) for c in back.get_ca_certificates()] == [read_file("server.pem")]


def test_str_passphrase_warns(parts):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        der = bundle(parts).export(passphrase="random text")
    assert [str(w.message) for w in caught] == [
        "str for passphrase is no longer accepted, use bytes"]
    assert caught[0].category is DeprecationWarning
    assert caught[0].filename == __file__
    assert openssl_pkcs12(der, b"random text").returncode == 0
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        load_pkcs12(der, "random text")
    assert [str(w.message) for w in caught] == [
        "str for passphrase is no longer accepted, use bytes"]


def test_errors(parts, read_file):
    with pytest.raises(Error):
        PKCS12().export()
    mismatch = bundle(parts)
    mismatch.set_privatekey(load_privatekey(FILETYPE_PEM, read_file("client.key")))
    with pytest.raises(Error) as info:
        mismatch.export()
    assert info.value.args[0], "OpenSSL's reasons are kept"
    public_only = bundle(parts)
    public_only.set_privatekey(parts[0].get_pubkey())
    with pytest.raises(Error):
        public_only.export()
    empty_key = bundle(parts)
    empty_key.set_privatekey(crypto.PKey())
    with pytest.raises(Error):
        empty_key.export()

    p12 = bundle(parts)
    for bad in (1, lambda flag: b"x", ["x"]):
        with pytest.raises(TypeError):
            p12.export(passphrase=bad)
    with pytest.raises(TypeError):
        p12.export(iter="1")
    with pytest.raises(TypeError):
        p12.export(maciter=1.5)
    # pyOpenSSL would cut the passphrase at the NUL
    with pytest.raises(ValueError):
        p12.export(passphrase=b"sec\0ret")


def test_setter_type_errors():
    p12 = PKCS12()
    for bad in (3, crypto.PKey(), crypto.X509, None):
        with pytest.raises(TypeError):
            p12.set_certificate(bad)
    for bad in (3, "legbone", crypto.X509(), None):
        with pytest.raises(TypeError):
            p12.set_privatekey(bad)
    for bad in (3, crypto.X509(), (3, 4), (crypto.PKey(),)):
        with pytest.raises(TypeError):
            p12.set_ca_certificates(bad)
    for bad in (6, ("foo", "bar"), "str"):
        with pytest.raises(TypeError):
            p12.set_friendlyname(bad)
