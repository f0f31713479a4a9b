"""crypto.NetscapeSPKI: signed public keys and challenges, checked with
`openssl spkac` and pyOpenSSL 23."""

import os
import subprocess

import pytest

from OpenSSL import crypto
from OpenSSL._gossl import Gossl
from OpenSSL.crypto import FILETYPE_PEM, Error, NetscapeSPKI, PKey, load_privatekey


@pytest.fixture
def key(read_file):
    return load_privatekey(FILETYPE_PEM, read_file("server.key"))


def signed(key, digest="sha256"):
    spki = NetscapeSPKI()
    assert spki.set_pubkey(key) is None
    assert spki.sign(key, digest) is None
    return spki


def openssl_verifies(b64, tmp_path):
    path = tmp_path / "spkac.txt"
    path.write_bytes(b"SPKAC=" + b64 + b"\n")
    proc = subprocess.run(["openssl", "spkac", "-in", str(path), "-verify", "-noout"],
                          capture_output=True, timeout=60)
    return proc.returncode == 0 and b"Signature OK" in proc.stderr


def test_type():
    assert type(NetscapeSPKI()) is NetscapeSPKI
    with pytest.raises(AttributeError):
        NetscapeSPKI().foo


def test_sign_verify_encode(key, read_file, tmp_path):
    spki = signed(key)
    assert spki.verify(key) is True
    pub = spki.get_pubkey()
    assert isinstance(pub, PKey) and pub._only_public
    assert crypto.dump_publickey(FILETYPE_PEM, pub) == crypto.dump_publickey(FILETYPE_PEM, key)
    b64 = spki.b64_encode()
    assert isinstance(b64, bytes) and b"\n" not in b64
    assert openssl_verifies(b64, tmp_path)
    other = load_privatekey(FILETYPE_PEM, read_file("client.key"))
    with pytest.raises(Error):
        spki.verify(other)


def test_pyopenssl_verifies_ours(key, read_file, pyopenssl23):
    b64 = signed(key).b64_encode()
    ref = pyopenssl23(
        """
        spki = crypto.NetscapeSPKI()
        spki._spki = crypto._lib.NETSCAPE_SPKI_b64_decode(b64, len(b64))
        k = crypto.load_privatekey(crypto.FILETYPE_PEM, key)
        print(repr((spki.verify(k), spki.b64_encode())))
        """,
        b64=b64, key=read_file("server.key"),
    )
    assert ref == (True, b64)


def test_openssl_made_spkac(key, files_dir):
    out = subprocess.run(["openssl", "spkac", "-key", os.path.join(files_dir, "server.key"),
                          "-challenge", "gossl"], capture_output=True, timeout=60,
                         check=True).stdout.strip()
    assert out.startswith(b"SPKAC=")
    # NetscapeSPKI has no decoding constructor in pyOpenSSL 23: the C one
    # (Gossl.NetscapeSpki.new_from_base64) is reached through the object
    spki = NetscapeSPKI.__new__(NetscapeSPKI)
    spki._spki = Gossl.NetscapeSpki.new_from_base64(out[6:].decode())
    assert spki.verify(key)
    assert spki.b64_encode() == out[6:]


def test_bad_keys(key):
    spki = NetscapeSPKI()
    with pytest.raises(ValueError):
        spki.sign(PKey(), "sha256")
    with pytest.raises(ValueError):
        spki.sign(key, "no-such-digest")
    spki.set_pubkey(key)
    with pytest.raises(ValueError):
        spki.sign(spki.get_pubkey(), "sha256")
    with pytest.raises(TypeError):
        spki.sign(object(), "sha256")
    with pytest.raises(TypeError):
        spki.set_pubkey(None)
    with pytest.raises(TypeError):
        spki.verify("key")


def test_unsigned_and_empty(key):
    spki = NetscapeSPKI()
    # pyOpenSSL 23: Error for both
    with pytest.raises(Error):
        spki.get_pubkey()
    with pytest.raises(Error):
        spki.verify(key)
    spki.set_pubkey(key)
    with pytest.raises(Error):
        spki.verify(key)
