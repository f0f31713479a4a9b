"""OpenSSL.crypto: PKey, load/dump of private and public keys, passphrases."""

import os

import pytest

from OpenSSL import crypto

PEM, ASN1 = crypto.FILETYPE_PEM, crypto.FILETYPE_ASN1


@pytest.fixture(scope="module")
def server_key(read_file):
    return crypto.load_privatekey(PEM, read_file("server.key"))


# --- PKey ----------------------------------------------------------------------------


def test_empty_key():
    key = crypto.PKey()
    assert key.bits() == 0
    assert key.type() == 0


def test_generate_rsa():
    key = crypto.PKey()
    assert key.generate_key(crypto.TYPE_RSA, 1024) is None
    assert key.bits() == 1024
    assert key.type() == crypto.TYPE_RSA and type(key.type()) is int
    assert key.check() is True
    pem = crypto.dump_privatekey(PEM, key)
    assert pem.startswith(b"-----BEGIN PRIVATE KEY-----\n")
    key.generate_key(crypto.TYPE_RSA, 2048)  # replaces the key
    assert key.bits() == 2048


def test_generate_dsa():
    key = crypto.PKey()
    key.generate_key(crypto.TYPE_DSA, 1024)
    assert key.bits() == 1024
    assert key.type() == crypto.TYPE_DSA
    with pytest.raises(TypeError, match="RSA"):
        key.check()


def test_generated_key_signs_a_certificate(pyopenssl23):
    key = crypto.PKey()
    key.generate_key(crypto.TYPE_DSA, 2048)
    cert = crypto.X509()
    cert.get_subject().CN = "dsa"
    cert.set_issuer(cert.get_subject())
    cert.gmtime_adj_notBefore(0)
    cert.gmtime_adj_notAfter(60)
    cert.set_pubkey(key)
    cert.sign(key, "sha256")
    ref = pyopenssl23(
        """
        c = crypto.load_certificate(crypto.FILETYPE_PEM, pem)
        k = crypto.load_privatekey(crypto.FILETYPE_PEM, keypem)
        s = crypto.X509Store(); s.add_cert(c)
        crypto.X509StoreContext(s, c).verify_certificate()
        print(repr((k.bits(), k.type(), c.get_signature_algorithm())))
        """,
        pem=crypto.dump_certificate(PEM, cert), keypem=crypto.dump_privatekey(PEM, key),
    )
    assert ref == (2048, crypto.TYPE_DSA, b"dsa_with_SHA256")


@pytest.mark.parametrize("key_type", [5, 0, -1, 999, crypto.TYPE_DH])
def test_generate_unknown_type_is_error(key_type):
    with pytest.raises(crypto.Error):
        crypto.PKey().generate_key(key_type, 1024)


@pytest.mark.parametrize("key_type, bits", [("RSA", 1024), (6.0, 1024), (None, 1024),
                                            (crypto.TYPE_RSA, 1024.0), (crypto.TYPE_RSA, "1024"),
                                            (crypto.TYPE_RSA, None)])
def test_generate_wrong_types(key_type, bits):
    with pytest.raises(TypeError):
        crypto.PKey().generate_key(key_type, bits)


@pytest.mark.parametrize("bits", [0, -1, -1024, 2**40])
def test_generate_bad_rsa_bits_is_value_error(bits):
    with pytest.raises(ValueError):
        crypto.PKey().generate_key(crypto.TYPE_RSA, bits)


@pytest.mark.parametrize("key_type, bits", [(crypto.TYPE_RSA, 100), (crypto.TYPE_RSA, 511),
                                            (crypto.TYPE_DSA, 100), (crypto.TYPE_DSA, 10000)])
def test_generate_sizes_openssl_refuses_are_error(key_type, bits):
    key = crypto.PKey()
    with pytest.raises(crypto.Error):
        key.generate_key(key_type, bits)
    assert key.bits() == 0


def test_check(server_key, read_file):
    assert server_key.check() is True
    public = crypto.load_certificate(PEM, read_file("server.pem")).get_pubkey()
    with pytest.raises(TypeError):
        public.check()
    with pytest.raises(TypeError):
        crypto.PKey().check()
    with pytest.raises(TypeError):
        crypto.load_privatekey(PEM, read_file("ecdsa.key")).check()


X25519_KEY = b"""-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VuBCIEIHDpHkqCoWrodURdHIjb29v+W6G+o61pbQ1auma50Upf
-----END PRIVATE KEY-----
"""


def test_key_types_outside_the_constants(pyopenssl23):
    # OpenSSL ids gossl's enum does not name come back as plain ints.
    ed25519 = crypto.load_privatekey(PEM, ED25519_KEY)
    assert (ed25519.type(), ed25519.bits()) == (1087, 256)
    x25519 = crypto.load_privatekey(PEM, X25519_KEY)
    assert (x25519.type(), x25519.bits()) == (1034, 253)
    assert type(x25519.type()) is int
    ref = pyopenssl23(
        "print(repr([(k.type(), k.bits()) for k in (crypto.load_privatekey(1, a), crypto.load_privatekey(1, b))]))",
        a=ED25519_KEY, b=X25519_KEY,
    )
    assert ref == [(1087, 256), (1034, 253)]


ED25519_KEY = (b"-----BEGIN PRIVATE KEY-----\n"
               b"MC4CAQAwBQYDK2VwBCIEIJ2o2cI4eJvGSmuXs4F+CWIBTBHkTyUfaMQHmxd4KXyB\n"
               b"-----END PRIVATE KEY-----\n")


# --- load_privatekey -------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, filetype, key_type, bits",
    [("server.key", PEM, crypto.TYPE_RSA, 2048), ("server.key.der", ASN1, crypto.TYPE_RSA, 2048),
     ("ecdsa.key", PEM, crypto.TYPE_EC, 256), ("dsa.key", PEM, crypto.TYPE_DSA, 2048),
     ("ca.key", PEM, crypto.TYPE_RSA, 2048)],
)
def test_load_privatekey(name, filetype, key_type, bits, read_file):
    key = crypto.load_privatekey(filetype, read_file(name))
    assert type(key) is crypto.PKey
    assert (key.type(), key.bits()) == (key_type, bits)


def test_load_privatekey_str(read_file):
    assert crypto.load_privatekey(PEM, read_file("server.key").decode()).bits() == 2048


def test_dump_privatekey_is_byte_identical_to_pyopenssl(pyopenssl23, files_dir, read_file):
    names = ["server.key", "ecdsa.key", "dsa.key"]
    ref = pyopenssl23(
        """
        out = []
        for n in names:
            k = crypto.load_privatekey(crypto.FILETYPE_PEM, open(d + '/' + n, 'rb').read())
            out.append((crypto.dump_privatekey(crypto.FILETYPE_PEM, k),
                        crypto.dump_privatekey(crypto.FILETYPE_ASN1, k),
                        crypto.dump_publickey(crypto.FILETYPE_PEM, k),
                        crypto.dump_publickey(crypto.FILETYPE_ASN1, k)))
        print(repr(out))
        """,
        names=names, d=files_dir,
    )
    for name, expected in zip(names, ref):
        key = crypto.load_privatekey(PEM, read_file(name))
        got = (crypto.dump_privatekey(PEM, key), crypto.dump_privatekey(ASN1, key),
               crypto.dump_publickey(PEM, key), crypto.dump_publickey(ASN1, key))
        assert all(type(x) is bytes for x in got)
        assert got == tuple(expected), name


def test_der_round_trip(server_key, read_file):
    der = crypto.dump_privatekey(ASN1, server_key)
    assert der == read_file("server.key.der")
    assert crypto.dump_privatekey(PEM, crypto.load_privatekey(ASN1, der)) == read_file("server.key")


@pytest.mark.parametrize(
    "filetype, data",
    [(PEM, b"garbage"), (PEM, b""), (ASN1, b""), (ASN1, b"garbage"),
     (PEM, b"-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n")],
)
def test_load_privatekey_bad_data(filetype, data):
    with pytest.raises(crypto.Error):
        crypto.load_privatekey(filetype, data)


def test_load_privatekey_truncated_swapped_and_wrong_content(read_file):
    pem, der = read_file("server.key"), read_file("server.key.der")
    for filetype, data in [(PEM, pem[:200]), (PEM, pem[:-30]), (ASN1, der[:100]),
                           (PEM, der), (ASN1, pem), (PEM, read_file("server.pem")),
                           (PEM, read_file("garbage.bin"))]:
        with pytest.raises(crypto.Error):
            crypto.load_privatekey(filetype, data)


@pytest.mark.parametrize("buffer", [None, 5, object()])
def test_load_privatekey_wrong_buffer_type(buffer):
    with pytest.raises(TypeError):
        crypto.load_privatekey(PEM, buffer)


# --- passphrases ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["server-enc.key", "legacy-bf.key"])
def test_encrypted_key_with_passphrase(name, read_file, server_key):
    data = read_file(name)
    expected = crypto.dump_privatekey(PEM, server_key)
    for passphrase in (b"secret", "secret"):
        key = crypto.load_privatekey(PEM, data, passphrase)
        assert crypto.dump_privatekey(PEM, key) == expected
    assert crypto.dump_privatekey(PEM, crypto.load_privatekey(PEM, data, passphrase=b"secret")) == expected


@pytest.mark.parametrize("name", ["server-enc.key", "legacy-bf.key"])
def test_encrypted_key_without_passphrase_is_error(name, read_file):
    # Never a prompt on the terminal (pytest closes stdin anyway).
    with pytest.raises(crypto.Error) as info:
        crypto.load_privatekey(PEM, read_file(name))
    assert info.value.args[0]


@pytest.mark.parametrize("name", ["server-enc.key", "legacy-bf.key"])
@pytest.mark.parametrize("passphrase", [b"wrong", b"", "Secret", b"secret "])
def test_wrong_passphrase_is_error(name, passphrase, read_file):
    with pytest.raises(crypto.Error):
        crypto.load_privatekey(PEM, read_file(name), passphrase)


def test_passphrase_callback(read_file):
    calls = []

    def callback(*args):
        calls.append(args)
        return b"secret"

    key = crypto.load_privatekey(PEM, read_file("server-enc.key"), callback)
    assert key.bits() == 2048
    assert calls == [(0,)]  # pyOpenSSL 23 calls it with rwflag 0


def test_passphrase_callback_not_called_for_plain_key(read_file):
    def callback(*args):
        raise AssertionError("called")

    assert crypto.load_privatekey(PEM, read_file("server.key"), callback).bits() == 2048
    assert crypto.load_privatekey(ASN1, read_file("server.key.der"), callback).bits() == 2048


def test_passphrase_callback_returning_str_or_wrong(read_file):
    data = read_file("server-enc.key")
    assert crypto.load_privatekey(PEM, data, lambda flag: "secret").bits() == 2048
    with pytest.raises(crypto.Error):
        crypto.load_privatekey(PEM, data, lambda flag: b"wrong")
    with pytest.raises(ValueError, match="Bytes expected"):
        crypto.load_privatekey(PEM, data, lambda flag: 5)
    with pytest.raises(ValueError, match="Bytes expected"):
        crypto.load_privatekey(PEM, data, lambda flag: None)


def test_passphrase_callback_exception_propagates(read_file):
    class Oops(Exception):
        pass

    def callback(flag):
        raise Oops()

    with pytest.raises(Oops):
        crypto.load_privatekey(PEM, read_file("server-enc.key"), callback)


@pytest.mark.parametrize("passphrase", [5, 1.5, ["secret"], object()])
def test_passphrase_wrong_type(passphrase, read_file):
    with pytest.raises(TypeError):
        crypto.load_privatekey(PEM, read_file("server-enc.key"), passphrase)


def test_plain_key_ignores_passphrase(read_file):
    assert crypto.load_privatekey(PEM, read_file("server.key"), b"unused").bits() == 2048


# --- dump_privatekey ---------------------------------------------------------------------


@pytest.mark.parametrize("cipher", ["aes-256-cbc", "AES-128-CBC", "des3", "aes192"])
def test_dump_encrypted_round_trip(cipher, server_key, pyopenssl23):
    pem = crypto.dump_privatekey(PEM, server_key, cipher, b"pass phrase")
    assert pem.startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----\n")
    key = crypto.load_privatekey(PEM, pem, b"pass phrase")
    assert crypto.dump_privatekey(PEM, key) == crypto.dump_privatekey(PEM, server_key)
    with pytest.raises(crypto.Error):
        crypto.load_privatekey(PEM, pem)
    with pytest.raises(crypto.Error):
        crypto.load_privatekey(PEM, pem, b"wrong")
    ref = pyopenssl23(
        "k = crypto.load_privatekey(crypto.FILETYPE_PEM, pem, b'pass phrase');"
        "print(repr(crypto.dump_privatekey(crypto.FILETYPE_PEM, k)))",
        pem=pem,
    )
    assert ref == crypto.dump_privatekey(PEM, server_key)


def test_dump_with_str_and_callable_passphrase(server_key):
    pem = crypto.dump_privatekey(PEM, server_key, "aes-128-cbc", "pässword")
    assert crypto.load_privatekey(PEM, pem, "pässword".encode("utf-8")).bits() == 2048
    calls = []

    def callback(*args):
        calls.append(args)
        return b"cb pass"

    pem = crypto.dump_privatekey(PEM, server_key, "aes-128-cbc", callback)
    assert calls == [(1,)]  # rwflag 1 for writing, as pyOpenSSL 23
    assert crypto.load_privatekey(PEM, pem, b"cb pass").bits() == 2048
    with pytest.raises(ValueError, match="Bytes expected"):
        crypto.dump_privatekey(PEM, server_key, "aes-128-cbc", lambda flag: 3)


def test_dump_cipher_without_passphrase_is_type_error(server_key):
    with pytest.raises(TypeError, match="passphrase"):
        crypto.dump_privatekey(PEM, server_key, "aes-256-cbc")
    with pytest.raises(TypeError):
        crypto.dump_privatekey(PEM, server_key, "aes-256-cbc", None)


def test_dump_passphrase_without_cipher_writes_plain(server_key, pyopenssl23, read_file):
    # pyOpenSSL 23 ignores a passphrase given without a cipher.
    assert crypto.dump_privatekey(PEM, server_key, None, b"x") == read_file("server.key")
    ref = pyopenssl23(
        "k = crypto.load_privatekey(crypto.FILETYPE_PEM, pem);"
        "print(repr(crypto.dump_privatekey(crypto.FILETYPE_PEM, k, None, b'x')))",
        pem=read_file("server.key"),
    )
    assert ref == read_file("server.key")


@pytest.mark.parametrize("cipher", ["nope", "", "aes-999-cbc", "sha256"])
def test_dump_unknown_cipher_is_value_error(cipher, server_key):
    with pytest.raises(ValueError):
        crypto.dump_privatekey(PEM, server_key, cipher, b"x")


def test_dump_encrypted_asn1_is_value_error(server_key):
    with pytest.raises(ValueError, match="PEM"):
        crypto.dump_privatekey(ASN1, server_key, "aes-256-cbc", b"secret")
    with pytest.raises(ValueError, match="PEM"):
        crypto.dump_privatekey(ASN1, server_key, None, b"secret")


def test_dump_wrong_argument_types(server_key, read_file):
    cert = crypto.load_certificate(PEM, read_file("server.pem"))
    for bad in (None, cert, "key", b"key"):
        with pytest.raises(TypeError):
            crypto.dump_privatekey(PEM, bad)
        with pytest.raises(TypeError):
            crypto.dump_publickey(PEM, bad)
    with pytest.raises(TypeError):
        crypto.dump_privatekey(PEM, server_key, "aes-256-cbc", 5)
    with pytest.raises(TypeError):
        crypto.dump_privatekey(PEM, server_key, 5, b"x")


def test_dump_public_or_empty_key_as_private_is_error(read_file):
    public = crypto.load_certificate(PEM, read_file("server.pem")).get_pubkey()
    with pytest.raises(crypto.Error):
        crypto.dump_privatekey(PEM, public)
    with pytest.raises(crypto.Error):
        crypto.dump_privatekey(PEM, crypto.PKey())
    with pytest.raises(crypto.Error):
        crypto.dump_publickey(PEM, crypto.PKey())


# --- load_publickey / dump_publickey -------------------------------------------------------


def test_public_key_round_trip(server_key, read_file):
    public_pem = crypto.dump_publickey(PEM, server_key)
    assert public_pem.startswith(b"-----BEGIN PUBLIC KEY-----\n")
    public = crypto.load_publickey(PEM, public_pem)
    assert (public.bits(), public.type()) == (2048, crypto.TYPE_RSA)
    assert crypto.dump_publickey(ASN1, public) == crypto.dump_publickey(ASN1, server_key)
    der = crypto.dump_publickey(ASN1, server_key)
    assert crypto.dump_publickey(PEM, crypto.load_publickey(ASN1, der)) == public_pem
    cert = crypto.load_certificate(PEM, read_file("server.pem"))
    assert crypto.dump_publickey(PEM, cert.get_pubkey()) == public_pem
    with pytest.raises(crypto.Error):
        crypto.dump_privatekey(PEM, public)


@pytest.mark.parametrize("data", [b"garbage", b"", b"-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n"])
def test_load_publickey_bad_data(data, read_file):
    with pytest.raises(crypto.Error):
        crypto.load_publickey(PEM, data)
    with pytest.raises(crypto.Error):
        crypto.load_publickey(ASN1, data)


def test_load_publickey_of_a_private_key_is_error(read_file):
    with pytest.raises(crypto.Error):
        crypto.load_publickey(PEM, read_file("server.key"))


def test_encrypted_der_key_with_passphrase(tmp_path, read_file, files_dir):
    # Deliberately more than pyOpenSSL 23 (which refuses any passphrase with
    # FILETYPE_ASN1): gossl decrypts encrypted PKCS#8 in DER too.
    import shutil
    import subprocess

    if shutil.which("openssl") is None:
        pytest.skip("no openssl command")
    out = tmp_path / "enc.der"
    subprocess.run(["openssl", "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in",
                    os.path.join(files_dir, "server.key"),
                    "-outform", "DER", "-passout", "pass:secret", "-out", str(out)],
                   check=True, capture_output=True)
    data = out.read_bytes()
    key = crypto.load_privatekey(ASN1, data, b"secret")
    assert crypto.dump_privatekey(PEM, key) == read_file("server.key")
    with pytest.raises(crypto.Error):
        crypto.load_privatekey(ASN1, data)
    with pytest.raises(crypto.Error):
        crypto.load_privatekey(ASN1, data, b"wrong")
    assert crypto.load_privatekey(ASN1, data, lambda flag: b"secret").bits() == 2048


# --- a key among other PEM blocks ----------------------------------------------------


@pytest.mark.parametrize("names", [
    ("server.pem", "server.key"),
    ("server.pem", "ca.pem", "server.key"),
    ("server.csr", "server.key", "ca.pem"),
])
def test_key_after_other_pem_blocks(read_file, server_key, pyopenssl23, names):
    """A certificate and its key in one file, as servers keep them: the key
    is found as pyOpenSSL finds it."""
    combined = b"".join(read_file(n) for n in names)
    key = crypto.load_privatekey(PEM, combined)
    assert crypto.dump_privatekey(PEM, key) == crypto.dump_privatekey(PEM, server_key)
    assert pyopenssl23(
        "print(crypto.dump_privatekey(crypto.FILETYPE_PEM,"
        " crypto.load_privatekey(crypto.FILETYPE_PEM, data)))", data=combined,
    ) == crypto.dump_privatekey(PEM, server_key)


def test_encrypted_key_after_certificate(read_file, server_key):
    combined = read_file("server.pem") + read_file("server-enc.key")
    key = crypto.load_privatekey(PEM, combined, b"secret")
    assert crypto.dump_privatekey(PEM, key) == crypto.dump_privatekey(PEM, server_key)
    asked = []
    key = crypto.load_privatekey(PEM, combined, lambda flag: asked.append(flag) or b"secret")
    assert asked == [0]
    with pytest.raises(crypto.Error):
        crypto.load_privatekey(PEM, combined, b"wrong")
    with pytest.raises(crypto.Error):
        crypto.load_privatekey(PEM, combined)


def test_no_key_among_pem_blocks(read_file):
    with pytest.raises(crypto.Error):
        crypto.load_privatekey(PEM, read_file("server.pem") + read_file("ca.pem"))
    with pytest.raises(crypto.Error):
        crypto.load_privatekey(PEM, read_file("server.pem") + b"garbage\n")


# An RSA private key whose numbers do not fit together (p = 9, d = 0).
INCONSISTENT_RSA = b"""-----BEGIN RSA PRIVATE KEY-----
MBsCAQACAVsCAQUCAQACAQkCAQ0CAQECAQUCAQI=
-----END RSA PRIVATE KEY-----
"""


def test_check_inconsistent_key(pyopenssl23):
    """It loads as a private key, and check() reports OpenSSL's reasons
    (crypto.Error), as pyOpenSSL does; not TypeError("public key only")."""
    key = crypto.load_privatekey(PEM, INCONSISTENT_RSA)
    assert key._only_public is False
    with pytest.raises(crypto.Error) as info:
        key.check()
    reasons = [reason for _, _, reason in info.value.args[0]]
    assert "p not prime" in reasons
    assert pyopenssl23(
        "k = crypto.load_privatekey(crypto.FILETYPE_PEM, pem)\n"
        "try:\n    k.check(); print(None)\n"
        "except crypto.Error as e:\n    print([r for _, _, r in e.args[0]])",
        pem=INCONSISTENT_RSA) == reasons


def test_dump_privatekey_text_is_pyopenssl23s(read_file, server_key, pyopenssl23):
    cert = crypto.load_certificate(PEM, read_file("server.pem"))
    for key, pem in [(server_key, read_file("server.key")),
                     (cert.get_pubkey(), crypto.dump_publickey(PEM, cert.get_pubkey()))]:
        loader = "load_privatekey" if key is server_key else "load_publickey"
        text = crypto.dump_privatekey(crypto.FILETYPE_TEXT, key)
        assert text == pyopenssl23(
            "print(crypto.dump_privatekey(crypto.FILETYPE_TEXT,"
            " crypto.%s(crypto.FILETYPE_PEM, pem)))" % loader, pem=pem)
    assert text.startswith(b"RSA Public-Key: (2048 bit)")


@pytest.mark.parametrize("name", ["dsa.key", "ecdsa.key"])
def test_dump_privatekey_text_rsa_only(read_file, name):
    key = crypto.load_privatekey(PEM, read_file(name))
    with pytest.raises(TypeError):
        crypto.dump_privatekey(crypto.FILETYPE_TEXT, key)


def test_dump_privatekey_text_bad_arguments(server_key):
    with pytest.raises(TypeError):
        crypto.dump_privatekey(crypto.FILETYPE_TEXT, object())
    with pytest.raises(TypeError):
        crypto.dump_privatekey(crypto.FILETYPE_TEXT, crypto.PKey())
    with pytest.raises(ValueError):
        crypto.dump_privatekey(crypto.FILETYPE_TEXT, server_key, "aes-256-cbc", b"secret")
