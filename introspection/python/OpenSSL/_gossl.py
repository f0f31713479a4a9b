"""Internals shared by OpenSSL.crypto, OpenSSL.rand and OpenSSL.SSL.

Not a public module: everything here may change. It loads the Gossl typelib
once and holds what every module needs:

- ``Gossl`` and ``GLib`` (the introspected namespaces) and ``GError``
  (``GLib.Error``, the exception PyGObject raises for a ``GError``);
- the error domains and codes as plain strings and ints, so that a handler
  compares ``e.domain is CRYPTO_DOMAIN`` / ``e.code == ...`` without touching
  GI again;
- ``openssl_errors()`` and ``error_list(gerror)``: the ``(lib, func, reason)``
  list behind the last failure. Gossl keeps it per thread, overwritten by the
  next failing gossl call, so read it first thing in the ``except`` clause,
  before any other gossl call;
- ``exception_from_gerror()``: the one mapping from a ``GLib.Error`` to the
  exception pyOpenSSL code expects, and ``translating(error_class)``, the
  decorator that applies it to a whole method, so that a wrapper is written
  without a ``try``/``except`` of its own;
- argument helpers (``to_bytes``, ``to_text``, ``to_path``, ``passphrase``).

The wrapper classes in OpenSSL.crypto keep their GI object in one slot each
(``X509._gx509``, ``PKey._gpkey``, ``X509Name._gx509name``, ``X509Req._greq``,
``X509Store._gstore``, ``PKCS7._gpkcs7``, ``X509Extension._ext``) and have a
``_wrap(gobject)`` classmethod that makes a wrapper without running
``__init__``: OpenSSL.SSL uses those to hand certificates and keys in and out.
The names differ from pyOpenSSL's (``_x509``, ``_pkey``, ...) on purpose: code
written for pyOpenSSL hands those to cryptography's cffi backend as OpenSSL
pointers, and must find no attribute rather than a GObject.
"""

import errno as _errno
import functools as _functools
import os as _os

import gi

gi.require_version("Gossl", "1.0")

from gi.repository import GLib, Gossl  # noqa: E402

__all__ = [
    "GLib",
    "Gossl",
    "GError",
    "CRYPTO_DOMAIN",
    "SSL_DOMAIN",
    "CRYPTO_FAILED",
    "CRYPTO_INVALID_ARGUMENT",
    "CRYPTO_PASSPHRASE_REQUIRED",
    "CRYPTO_BAD_PASSPHRASE",
    "CRYPTO_NOT_SUPPORTED",
    "CRYPTO_IO",
    "openssl_errors",
    "error_list",
    "exception_from_gerror",
    "translating",
    "os_error",
    "to_bytes",
    "to_text",
    "to_path",
    "passphrase",
    "call_passphrase",
    "CALLBACK",
]

GError = GLib.Error

# GLib.Error.domain is the quark's string; interned, so "is" comparisons work
# but "==" is used below for safety.
CRYPTO_DOMAIN = GLib.quark_to_string(Gossl.crypto_error_quark())
SSL_DOMAIN = GLib.quark_to_string(Gossl.ssl_error_quark())

CRYPTO_FAILED = int(Gossl.CryptoError.FAILED)
CRYPTO_INVALID_ARGUMENT = int(Gossl.CryptoError.INVALID_ARGUMENT)
CRYPTO_PASSPHRASE_REQUIRED = int(Gossl.CryptoError.PASSPHRASE_REQUIRED)
CRYPTO_BAD_PASSPHRASE = int(Gossl.CryptoError.BAD_PASSPHRASE)
CRYPTO_NOT_SUPPORTED = int(Gossl.CryptoError.NOT_SUPPORTED)
CRYPTO_IO = int(Gossl.CryptoError.IO)

_get_openssl_errors = Gossl.error_get_openssl_errors
get_errno = Gossl.error_get_errno


def openssl_errors():
    """The ``[(lib, func, reason), ...]`` list of the last gossl failure on
    this thread (empty when it did not come from OpenSSL's queue)."""
    return _get_openssl_errors().unpack()


def error_list(gerror):
    """The list a pyOpenSSL ``Error`` carries for *gerror*: OpenSSL's queue
    as it was when the call failed, or, when OpenSSL said nothing, one entry
    holding the message so that it is never lost. Call it before any other
    gossl call."""
    errors = _get_openssl_errors().unpack()
    if not errors:
        errors = [("", "", gerror.message)]
    return errors


def os_error(gerror, filename=None):
    """An ``OSError`` (``FileNotFoundError`` and friends, chosen by errno)
    for a %GOSSL_CRYPTO_ERROR_IO failure on *filename*."""
    num = get_errno()
    if num > 0:
        return OSError(num, _os.strerror(num), filename)
    return OSError(_errno.EIO, gerror.message, filename)


def exception_from_gerror(gerror, error_class, filename=None):
    """The exception to raise for *gerror* from a crypto or rand call.

    %GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT becomes ``ValueError`` (as
    pyOpenSSL raises for unknown digests, ciphers and file types),
    %GOSSL_CRYPTO_ERROR_NOT_SUPPORTED ``NotImplementedError``,
    %GOSSL_CRYPTO_ERROR_IO an ``OSError``; everything else *error_class*
    with OpenSSL's ``(lib, func, reason)`` list. Must run before any other
    gossl call on this thread."""
    if gerror.domain == CRYPTO_DOMAIN:
        code = gerror.code
        if code == CRYPTO_INVALID_ARGUMENT:
            return ValueError(gerror.message)
        if code == CRYPTO_NOT_SUPPORTED:
            return NotImplementedError(gerror.message)
        if code == CRYPTO_IO:
            return os_error(gerror, filename)
    return error_class(error_list(gerror))


def translating(error_class):
    """A decorator: the wrapped function's ``GLib.Error`` becomes the
    exception ``exception_from_gerror(e, error_class)`` chooses (raised
    ``from None``, so the traceback shows the caller's line, not GI's).

    The one way a crypto or rand wrapper turns failures into exceptions;
    wrappers that must map a code differently catch ``GError`` themselves and
    fall back to ``exception_from_gerror`` for the rest."""

    def decorate(function):
        @_functools.wraps(function)
        def wrapper(*args, **kwargs):
            try:
                return function(*args, **kwargs)
            except GError as e:
                raise exception_from_gerror(e, error_class) from None

        return wrapper

    return decorate


def to_bytes(data, what="buffer"):
    """*data* as something the C side takes as a byte buffer: ``bytes`` and
    other buffer objects pass unchanged (no copy), ``str`` is encoded as
    ASCII (pyOpenSSL does so for PEM text)."""
    if data.__class__ is bytes:
        return data
    if isinstance(data, str):
        return data.encode("ascii")
    if isinstance(data, (bytes, bytearray, memoryview)):
        return data
    raise TypeError(
        "%s must be bytes or str, not %s" % (what, type(data).__name__)
    )


def to_text(value, what):
    """*value* as ``str`` for a C string parameter: ``bytes`` is decoded as
    UTF-8, anything else but ``str`` is a ``TypeError``.

    A NUL is a ``ValueError``: the C side would see the string cut there
    (``"good.example\\0.evil.example"`` as ``"good.example"``) and put the
    shorter value in a certificate."""
    if value.__class__ is not str:
        if isinstance(value, str):
            value = str(value)
        elif isinstance(value, (bytes, bytearray)):
            value = bytes(value).decode("utf-8")
        else:
            raise TypeError(
                "%s must be str or bytes, not %s" % (what, type(value).__name__)
            )
    if "\0" in value:
        raise ValueError("%s must not contain a NUL character" % what)
    return value


def to_path(path):
    """A file name (``str``, ``bytes`` or ``os.PathLike``) as PyGObject
    takes it for a ``filename`` parameter."""
    try:
        path = _os.fspath(path)
    except TypeError:
        raise TypeError(
            "path must be str, bytes or os.PathLike, not %s" % type(path).__name__
        ) from None
    if "\0" in (path if isinstance(path, str) else path.decode("latin-1")):
        raise ValueError("embedded null byte in path")
    return path


# Marks a passphrase that is a callable, to be called only when needed.
CALLBACK = object()


def passphrase(value):
    """Checks a passphrase argument: ``None``, ``bytes``, ``str`` (encoded as
    UTF-8) or a callable. Returns ``None``, the bytes, or ``CALLBACK``."""
    if value is None:
        return None
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8")
    if callable(value):
        return CALLBACK
    raise TypeError("Last argument must be a byte string or a callable.")


def call_passphrase(callback, *args):
    """Calls a passphrase callable as pyOpenSSL does and checks what it gave:
    ``bytes`` (a ``str`` is encoded as UTF-8); anything else is the
    ``ValueError`` pyOpenSSL raises. Exceptions of the callable propagate."""
    result = callback(*args)
    if isinstance(result, bytes):
        return result
    if isinstance(result, str):
        return result.encode("utf-8")
    raise ValueError("Bytes expected")
