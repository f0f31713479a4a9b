"""An interface to the OpenSSL pseudo random number generator.

OpenSSL 3 seeds its generator from the operating system, so :func:`add`,
:func:`seed` and :func:`load_file` only mix extra data in; they are kept for
programs written for pyOpenSSL. :func:`egd` raises ``NotImplementedError``
(OpenSSL 3 has no EGD support). ``screen()`` existed on Windows only and is
absent here, as ``os`` functions are on platforms without them.
"""

from OpenSSL import _gossl
from OpenSSL._gossl import Gossl, GError as _GError

__all__ = [
    "Error",
    "add",
    "seed",
    "status",
    "load_file",
    "write_file",
    "egd",
    "bytes",
]

_bytes = bytes
_rand_add = Gossl.rand_add
_rand_seed = Gossl.rand_seed
_rand_status = Gossl.rand_status
_rand_load_file = Gossl.rand_load_file
_rand_write_file = Gossl.rand_write_file
_rand_egd = Gossl.rand_egd
_rand_bytes = Gossl.rand_bytes

# RAND_load_file() takes a long.
_MAX_LOAD = 2**63 - 1


class Error(Exception):
    """An error occurred in an ``OpenSSL.rand`` API; ``args[0]`` is
    OpenSSL's list of ``(library, function, reason)`` strings."""


def _buffer(string):
    if isinstance(string, (_bytes, bytearray, memoryview)):
        return string
    if isinstance(string, str):
        return string.encode("utf-8")
    raise TypeError("buffer must be a byte string")


def _raise(gerror, path=None):
    raise _gossl.exception_from_gerror(gerror, Error, path) from None


def add(string, entropy):
    """Mix bytes from *string* into the PRNG state. The *entropy* argument
    is (the lower bound of) an estimate of how much randomness is contained
    in *string*, measured in bytes. For more information, see e.g.
    :rfc:`1750`.

    *string* is ``bytes`` (a ``str`` is used as UTF-8); *entropy* a number.
    """
    string = _buffer(string)
    if not isinstance(entropy, (int, float)):
        raise TypeError("entropy must be a number")
    _rand_add(string, float(entropy))


def seed(string):
    """Mix *string* into the PRNG state; the same as :func:`add` with
    *entropy* the length of *string*."""
    _rand_seed(_buffer(string))


def status():
    """Return ``True`` if the PRNG has been seeded with enough data, and
    ``False`` otherwise."""
    return _rand_status()


def load_file(path, bytes=-1):
    """Read *bytes* bytes (or all of it, if *bytes* is negative) of data
    from the file *path* (``str``, ``bytes`` or ``os.PathLike``) to seed the
    PRNG. The default value of *bytes* is -1.

    :return: the number of bytes read
    :raises OSError: when the file cannot be read (``FileNotFoundError``
        for a missing file, ``IsADirectoryError`` for a directory, ...)
    """
    path = _gossl.to_path(path)
    if not isinstance(bytes, int):
        raise TypeError("bytes must be an integer")
    if bytes > _MAX_LOAD:
        bytes = -1
    try:
        return _rand_load_file(path, bytes)
    except _GError as e:
        _raise(e, path)


def write_file(path):
    """Write a number of random bytes (currently 1024) to the file *path*
    (``str``, ``bytes`` or ``os.PathLike``). This file can then be used with
    :func:`load_file` to seed the PRNG again.

    :raises OSError: when the file cannot be written
    """
    path = _gossl.to_path(path)
    try:
        _rand_write_file(path)
    except _GError as e:
        _raise(e, path)


def egd(path, bytes=255):
    """Query the Entropy Gathering Daemon on socket *path* for *bytes* bytes
    of random data to seed the PRNG. The default value of *bytes* is 255.

    OpenSSL 3 has no EGD support: this always raises
    ``NotImplementedError``; the operating system seeds the generator.
    """
    path = _gossl.to_path(path)
    if not isinstance(bytes, int):
        raise TypeError("bytes must be an integer")
    try:
        _rand_egd(path, max(-1, min(bytes, 0x7FFFFFFF)))
    except _GError as e:
        if e.code == _gossl.CRYPTO_NOT_SUPPORTED:
            raise NotImplementedError(
                "OpenSSL 3 has no EGD support (%s); the operating system "
                "seeds the generator, no daemon is needed" % e.message
            ) from None
        _raise(e, path)
    raise NotImplementedError("OpenSSL 3 has no EGD support")


def bytes(num_bytes):
    """Return *num_bytes* cryptographically strong random bytes (not in the
    0.5.1 manual; later pyOpenSSL versions had it)."""
    if not isinstance(num_bytes, int):
        raise TypeError("num_bytes must be an integer")
    if num_bytes < 0:
        raise ValueError("num_bytes must not be negative")
    try:
        return _rand_bytes(num_bytes)
    except _GError as e:
        _raise(e)
    except OverflowError:
        raise ValueError("num_bytes too large") from None
