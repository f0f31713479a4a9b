"""Functions that take a file name, on a file they cannot use: the exception
pyOpenSSL raises (``SSL.Error`` from a Context method, ``OSError`` from
``rand``), a message naming the file and the system's reason, the errno kept
by Gossl, and one error code per domain (``IO``) behind all of them."""

import errno
import os

import pytest

from OpenSSL import SSL, rand
from OpenSSL._gossl import GError, Gossl

from ssl_helpers import path

MISSING = "/nonexistent/gossl-files/file.pem"

# Context methods taking one file, called as the Python API calls them.
CONTEXT_CALLS = {
    "use_certificate_file": lambda ctx, p: ctx.use_certificate_file(p),
    "use_certificate_file(ASN1)": lambda ctx, p: ctx.use_certificate_file(p, SSL.FILETYPE_ASN1),
    "use_certificate_chain_file": lambda ctx, p: ctx.use_certificate_chain_file(p),
    "use_privatekey_file": lambda ctx, p: ctx.use_privatekey_file(p),
    "use_privatekey_file(ASN1)": lambda ctx, p: ctx.use_privatekey_file(p, SSL.FILETYPE_ASN1),
    "load_verify_locations": lambda ctx, p: ctx.load_verify_locations(p),
    "load_client_ca": lambda ctx, p: ctx.load_client_ca(p),
    "load_tmp_dh": lambda ctx, p: ctx.load_tmp_dh(p),
}

# The same methods on the raw Gossl.Context.
GOSSL_CALLS = {
    "use_certificate_file": lambda ctx, p: ctx.use_certificate_file(p, Gossl.Filetype.PEM),
    "use_certificate_file(ASN1)": lambda ctx, p: ctx.use_certificate_file(p, Gossl.Filetype.ASN1),
    "use_certificate_chain_file": lambda ctx, p: ctx.use_certificate_chain_file(p),
    "use_privatekey_file": lambda ctx, p: ctx.use_privatekey_file(p, Gossl.Filetype.PEM),
    "use_privatekey_file(ASN1)": lambda ctx, p: ctx.use_privatekey_file(p, Gossl.Filetype.ASN1),
    "load_verify_locations": lambda ctx, p: ctx.load_verify_locations(p, None),
    "load_client_ca": lambda ctx, p: ctx.load_client_ca(p),
    "load_tmp_dh": lambda ctx, p: ctx.load_tmp_dh(p),
}


@pytest.fixture
def directory(tmp_path):
    d = tmp_path / "a-directory"
    d.mkdir()
    return str(d)


def _cases(directory):
    return [(MISSING, errno.ENOENT), (directory, errno.EISDIR)]


@pytest.mark.parametrize("name", sorted(CONTEXT_CALLS))
def test_context_method_raises_ssl_error_naming_file_and_reason(name, directory):
    for filename, num in _cases(directory):
        ctx = SSL.Context(SSL.TLS_METHOD)
        with pytest.raises(SSL.Error) as info:
            CONTEXT_CALLS[name](ctx, filename)
        # pyOpenSSL raises SSL.Error itself, with a (lib, func, reason) list.
        assert type(info.value) is SSL.Error
        (errors,) = info.value.args
        assert isinstance(errors, list) and all(len(entry) == 3 for entry in errors)
        text = str(errors)
        assert filename in text, (name, errors)
        assert os.strerror(num) in text, (name, errors)


@pytest.mark.parametrize("name", sorted(GOSSL_CALLS))
def test_gossl_context_method_io_code_and_errno(name, directory):
    for filename, num in _cases(directory):
        ctx = Gossl.Context.new(Gossl.Method.TLS)
        with pytest.raises(GError) as info:
            GOSSL_CALLS[name](ctx, filename)
        got = Gossl.error_get_errno()
        assert info.value.matches(Gossl.ssl_error_quark(), Gossl.SslError.IO), info.value.message
        assert got == num
        assert filename in info.value.message
        assert os.strerror(num) in info.value.message


@pytest.mark.parametrize("call", [lambda p: Gossl.rand_load_file(p, -1), Gossl.rand_write_file],
                         ids=["rand_load_file", "rand_write_file"])
def test_gossl_rand_io_code_and_errno(call, directory):
    for filename, num in _cases(directory):
        with pytest.raises(GError) as info:
            call(filename)
        got = Gossl.error_get_errno()
        assert info.value.matches(Gossl.crypto_error_quark(), Gossl.CryptoError.IO), info.value.message
        assert got == num
        assert filename in info.value.message
        assert os.strerror(num) in info.value.message


def test_one_code_name_in_both_domains():
    """The SSL and the crypto domain call the situation by the same name."""
    assert Gossl.SslError.IO.value_nick == Gossl.CryptoError.IO.value_nick == "io"


@pytest.mark.parametrize("call", [rand.load_file, rand.write_file], ids=["load_file", "write_file"])
def test_rand_raises_oserror_with_errno_and_filename(call, directory):
    for filename, cls in ((MISSING, FileNotFoundError), (directory, IsADirectoryError)):
        with pytest.raises(cls) as info:
            call(filename)
        assert info.value.filename == filename
        assert info.value.strerror == os.strerror(info.value.errno)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads and writes a mode-0 file")
def test_not_permitted(tmp_path):
    locked = tmp_path / "locked.pem"
    locked.write_bytes(open(path("server.pem"), "rb").read())
    locked.chmod(0)
    for name, call in CONTEXT_CALLS.items():
        with pytest.raises(SSL.Error) as info:
            call(SSL.Context(SSL.TLS_METHOD), str(locked))
        assert os.strerror(errno.EACCES) in str(info.value.args[0]), name
    for call in (rand.load_file, rand.write_file):
        with pytest.raises(PermissionError):
            call(str(locked))


def test_garbage_file_is_not_an_io_error():
    """A file that opens but holds nothing usable: OpenSSL's reasons, as
    pyOpenSSL gives them, not an I/O error."""
    for name, call in CONTEXT_CALLS.items():
        with pytest.raises(SSL.Error) as info:
            call(SSL.Context(SSL.TLS_METHOD), path("garbage.bin"))
        assert any(lib for lib, _func, _reason in info.value.args[0]), name


def test_exception_classes_match_pyopenssl23(pyopenssl23, directory):
    body = """
from OpenSSL import SSL
calls = [
    lambda ctx, p: ctx.use_certificate_file(p),
    lambda ctx, p: ctx.use_certificate_chain_file(p),
    lambda ctx, p: ctx.use_privatekey_file(p),
    lambda ctx, p: ctx.load_verify_locations(p),
    lambda ctx, p: ctx.load_client_ca(p),
    lambda ctx, p: ctx.load_tmp_dh(p),
]

def kind(call, p):
    try:
        call(SSL.Context(SSL.TLS_METHOD), p)
    except Exception as e:
        return (type(e).__module__, type(e).__name__, isinstance(e.args[0], list))
    return "ok"

def checks():
    return [kind(call, p) for p in (missing, directory) for call in calls]
"""
    scope = {"missing": MISSING, "directory": directory}
    exec(body, scope)
    theirs = pyopenssl23(body + "\nprint(checks())", missing=MISSING, directory=directory)
    assert scope["checks"]() == theirs
