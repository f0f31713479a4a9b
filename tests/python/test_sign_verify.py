"""crypto.sign() and crypto.verify(): real signatures, checked against the
openssl tool and pyOpenSSL 23 both ways."""

import os
import subprocess
import warnings

import pytest

from OpenSSL import crypto
from OpenSSL.crypto import FILETYPE_PEM, Error, load_certificate, load_privatekey, sign, verify

CONTENT = (b"It was a bright cold day in April, and the clocks were striking thirteen. "
           b"Winston Smith, his chin nuzzled into his breast\0 in an effort to escape.")


@pytest.fixture
def rsa(read_file):
    return (load_privatekey(FILETYPE_PEM, read_file("server.key")),
            load_certificate(FILETYPE_PEM, read_file("server.pem")))


@pytest.fixture
def ec(read_file):
    return (load_privatekey(FILETYPE_PEM, read_file("ecdsa.key")),
            load_certificate(FILETYPE_PEM, read_file("ecdsa.pem")))


@pytest.mark.parametrize("digest", ["md5", "sha1", "sha256", "SHA512"])
def test_rsa_signature_is_pyopenssl_s(rsa, read_file, pyopenssl23, digest):
    """PKCS #1 v1.5 is deterministic: the same bytes as pyOpenSSL 23."""
    sig = sign(rsa[0], CONTENT, digest)
    assert isinstance(sig, bytes) and len(sig) == 256
    ref = pyopenssl23(
        "print(repr(crypto.sign(crypto.load_privatekey(crypto.FILETYPE_PEM, key), data, d)))",
        key=read_file("server.key"), data=CONTENT, d=digest,
    )
    assert sig == ref
    assert verify(rsa[1], sig, CONTENT, digest) is None


def test_ecdsa_both_ways(ec, read_file, pyopenssl23):
    ours = sign(ec[0], CONTENT, "sha256")
    theirs = pyopenssl23(
        """
        cert = crypto.load_certificate(crypto.FILETYPE_PEM, cert)
        crypto.verify(cert, ours, data, "sha256")
        print(repr(crypto.sign(crypto.load_privatekey(crypto.FILETYPE_PEM, key), data, "sha256")))
        """,
        key=read_file("ecdsa.key"), cert=read_file("ecdsa.pem"), data=CONTENT, ours=ours,
    )
    verify(ec[1], theirs, CONTENT, "sha256")
    # DER (r, s) of varying length, not the key's size
    assert ours[0] == 0x30


def test_openssl_dgst_both_ways(rsa, files_dir, tmp_path):
    data = tmp_path / "data"
    data.write_bytes(CONTENT)
    sig = tmp_path / "sig"
    sig.write_bytes(sign(rsa[0], CONTENT, "sha384"))
    pub = tmp_path / "pub.pem"
    pub.write_bytes(crypto.dump_publickey(FILETYPE_PEM, rsa[1].get_pubkey()))
    proc = subprocess.run(["openssl", "dgst", "-sha384", "-verify", str(pub), "-signature",
                           str(sig), str(data)], capture_output=True, timeout=60)
    assert proc.stdout == b"Verified OK\n"
    theirs = subprocess.run(["openssl", "dgst", "-sha384", "-sign",
                             os.path.join(files_dir, "server.key"), str(data)],
                            capture_output=True, timeout=60, check=True).stdout
    verify(rsa[1], theirs, CONTENT, "sha384")


def test_verify_refuses(rsa, ec, read_file):
    sig = sign(rsa[0], CONTENT, "sha256")
    other = load_certificate(FILETYPE_PEM, read_file("client.pem"))
    for cert, signature, data, digest in [
        (other, sig, CONTENT, "sha256"),               # another key
        (rsa[1], sig, CONTENT + b"tainted", "sha256"),  # other data
        (rsa[1], sig, CONTENT, "sha1"),                # another digest
        (rsa[1], sig[:-1], CONTENT, "sha256"),         # cut short
        (rsa[1], b"", CONTENT, "sha256"),              # empty
        (ec[1], b"\x30\x03\x02\x01\x01", CONTENT, "sha256"),  # malformed ECDSA
        (ec[1], sig, CONTENT, "sha256"),               # RSA signature, EC key
    ]:
        with pytest.raises(Error):
            verify(cert, signature, data, digest)


def test_empty_data(rsa):
    sig = sign(rsa[0], b"", "sha256")
    verify(rsa[1], sig, b"", "sha256")
    with pytest.raises(Error):
        verify(rsa[1], sig, b"\0", "sha256")


def test_unknown_digest(rsa):
    sig = sign(rsa[0], CONTENT, "sha256")
    with pytest.raises(ValueError):
        sign(rsa[0], CONTENT, "strange-digest")
    with pytest.raises(ValueError):
        verify(rsa[1], sig, CONTENT, "strange-digest")


def test_bad_keys_as_pyopenssl(rsa, read_file, pyopenssl23):
    """A public-only or empty key cannot sign: OpenSSL's refusal, Error."""
    ref = pyopenssl23(
        """
        cert = crypto.load_certificate(crypto.FILETYPE_PEM, cert)
        try:
            crypto.sign(cert.get_pubkey(), b"x", "sha256")
        except Exception as e:
            print(repr(type(e).__name__))
        """,
        cert=read_file("server.pem"),
    )
    assert ref == "Error"
    with pytest.raises(Error):
        sign(rsa[1].get_pubkey(), CONTENT, "sha256")
    with pytest.raises(Error):
        sign(crypto.PKey(), CONTENT, "sha256")
    with pytest.raises(Error):
        verify(crypto.X509(), b"sig", CONTENT, "sha256")


def test_wrong_types(rsa):
    sig = sign(rsa[0], CONTENT, "sha256")
    with pytest.raises(TypeError):
        sign(object(), CONTENT, "sha256")
    with pytest.raises(TypeError):
        sign(rsa[0], 1, "sha256")
    with pytest.raises(TypeError):
        sign(rsa[0], CONTENT, 1)
    with pytest.raises(TypeError):
        verify(rsa[0], sig, CONTENT, "sha256")
    with pytest.raises(TypeError):
        verify(rsa[1], 1, CONTENT, "sha256")


def test_text_data_warns(rsa):
    text = CONTENT.decode("latin-1").replace("\0", "")
    for call in (lambda: sign(rsa[0], text, "sha256"),
                 lambda: verify(rsa[1], sign(rsa[0], text.encode("utf-8"), "sha256"),
                                text, "sha256")):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            call()
        assert [str(w.message) for w in caught] == [
            "str for data is no longer accepted, use bytes"]
        assert caught[0].category is DeprecationWarning
        assert caught[0].filename == __file__
