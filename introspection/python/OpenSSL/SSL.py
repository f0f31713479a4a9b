"""OpenSSL.SSL: the SSL-specific parts of OpenSSL, as in pyOpenSSL 0.5.1.

This module handles things specific to SSL. There are two objects defined:
:class:`Context` and :class:`Connection`. It is built on the Gossl typelib
(``GosslContext`` and ``GosslConnection``) through PyGObject.

Constants
---------
``SSLv2_METHOD``, ``SSLv3_METHOD``, ``SSLv23_METHOD``, ``TLSv1_METHOD``
    The SSL methods to use when creating a :class:`Context` (plus pyOpenSSL's
    later ``TLSv1_1_METHOD``, ``TLSv1_2_METHOD``, ``TLS_METHOD``,
    ``TLS_SERVER_METHOD`` and ``TLS_CLIENT_METHOD``). OpenSSL 3 has neither
    SSL 2.0 nor SSL 3.0: a context for them raises :exc:`Error`.
``VERIFY_NONE``, ``VERIFY_PEER``, ``VERIFY_FAIL_IF_NO_PEER_CERT``, ``VERIFY_CLIENT_ONCE``
    The verification mode of :meth:`Context.set_verify`.
``FILETYPE_PEM``, ``FILETYPE_ASN1``
    File types of :meth:`Context.use_certificate_file` and
    :meth:`Context.use_privatekey_file`.
``OP_SINGLE_DH_USE``, ``OP_EPHEMERAL_RSA``, ``OP_NO_SSLv2``, ``OP_NO_SSLv3``, ``OP_NO_TLSv1``
    Options of :meth:`Context.set_options` (plus ``OP_NO_TLSv1_1``,
    ``OP_NO_TLSv1_2``, ``OP_NO_TLSv1_3`` and pyOpenSSL's other ``OP_*``
    values). Options that OpenSSL 3 no longer has are 0.
``SSL_CB_*``, ``SSL_ST_*``
    The ``where`` bits an info callback (:meth:`Context.set_info_callback`)
    receives.
``ContextType``, ``ConnectionType``
    The types of Context and Connection objects.
``SSL3_VERSION``, ``TLS1_VERSION`` ... ``TLS1_3_VERSION``
    Protocol versions, for :meth:`Context.set_min_proto_version` and
    :meth:`Context.set_max_proto_version`.
``NO_OVERLAPPING_PROTOCOLS``
    What an ALPN select callback returns to go on without ALPN.

Beyond the manual
-----------------
Later pyOpenSSL's API for TLS as it is now, under its names: protocol
version bounds, SNI (:meth:`Connection.set_tlsext_host_name`,
:meth:`Context.set_tlsext_servername_callback`,
:meth:`Connection.set_context`), ALPN, certificate chains, sessions
(:class:`Session`) and the memory transport (``Connection(context, None)``
with :meth:`Connection.bio_read` and :meth:`Connection.bio_write`); plus
:meth:`Connection.set_verify_hostname`, hostname verification by OpenSSL.
For TLS on a GLib main loop, without blocking it, use ``Gossl.TlsStream``
from ``gi.repository`` (examples/https-get.py).

Exceptions
----------
:exc:`Error` is the base class; :exc:`ZeroReturnError`, :exc:`WantReadError`,
:exc:`WantWriteError`, :exc:`WantX509LookupError` and :exc:`SysCallError`
derive from it (as in pyOpenSSL). An :exc:`Error` raised directly carries
OpenSSL's error queue as a list of ``(lib, function, reason)`` string tuples.
A file that a Context method cannot open (missing, a directory, not
permitted) is an :exc:`Error` too, whose one entry names the file and the
system's reason.

Callbacks
---------
The verify, info, passphrase, server name and ALPN callbacks run on the
thread that made the call which needed them, with the GIL held; other
Python threads run while that call blocks in OpenSSL. An exception raised inside a callback comes
out of the Python call that triggered it (``do_handshake``, ``recv``,
``send``, ``use_privatekey_file``, ...), in preference to the SSL error that
followed it. A callback runs inside its Connection's handshake: it may read
the Connection (``get_peer_certificate``, ``get_servername``, ...) but not do
I/O on it or change it; such a call raises :exc:`Error` at once and the
handshake goes on (a server name callback may still call
:meth:`Connection.set_context`).
"""

import errno as _errno
import functools as _functools
import inspect as _inspect
import os as _os
import socket as _socket
import sys as _sys
import typing as _typing
import warnings as _warnings
import weakref as _weakref
from typing import Callable as _Callable
from typing import List as _List
from typing import Optional as _Optional
from typing import Sequence as _Sequence

from OpenSSL import _gossl
from OpenSSL import crypto as _crypto
# pyOpenSSL's SSL module has these in its namespace (it imports them), and
# programs import them from there.
from OpenSSL.crypto import PKey, X509, X509Name, X509Store  # noqa: F401

Gossl = _gossl.Gossl
GLib = _gossl.GLib
_GError = _gossl.GError

__all__ = [
    "SSLv2_METHOD", "SSLv3_METHOD", "SSLv23_METHOD", "TLSv1_METHOD",
    "TLSv1_1_METHOD", "TLSv1_2_METHOD", "TLS_METHOD", "TLS_SERVER_METHOD",
    "TLS_CLIENT_METHOD",
    "VERIFY_NONE", "VERIFY_PEER", "VERIFY_FAIL_IF_NO_PEER_CERT",
    "VERIFY_CLIENT_ONCE",
    "FILETYPE_PEM", "FILETYPE_ASN1",
    "OP_SINGLE_DH_USE", "OP_EPHEMERAL_RSA", "OP_NO_SSLv2", "OP_NO_SSLv3",
    "OP_NO_TLSv1", "OP_NO_TLSv1_1", "OP_NO_TLSv1_2", "OP_NO_TLSv1_3",
    "SSL_ST_CONNECT", "SSL_ST_ACCEPT", "SSL_ST_MASK",
    "SSL_CB_LOOP", "SSL_CB_EXIT", "SSL_CB_READ", "SSL_CB_WRITE",
    "SSL_CB_ALERT", "SSL_CB_READ_ALERT", "SSL_CB_WRITE_ALERT",
    "SSL_CB_ACCEPT_LOOP", "SSL_CB_ACCEPT_EXIT", "SSL_CB_CONNECT_LOOP",
    "SSL_CB_CONNECT_EXIT", "SSL_CB_HANDSHAKE_START", "SSL_CB_HANDSHAKE_DONE",
    "Error", "ZeroReturnError", "WantReadError", "WantWriteError",
    "WantX509LookupError", "SysCallError",
    "Context", "ContextType", "Connection", "ConnectionType",
    "SSL3_VERSION", "TLS1_VERSION", "TLS1_1_VERSION", "TLS1_2_VERSION",
    "TLS1_3_VERSION", "NO_OVERLAPPING_PROTOCOLS", "Session",
    "MODE_RELEASE_BUFFERS",
    "SESS_CACHE_OFF", "SESS_CACHE_CLIENT", "SESS_CACHE_SERVER", "SESS_CACHE_BOTH",
    "SESS_CACHE_NO_AUTO_CLEAR", "SESS_CACHE_NO_INTERNAL_LOOKUP",
    "SESS_CACHE_NO_INTERNAL_STORE", "SESS_CACHE_NO_INTERNAL",
    "SENT_SHUTDOWN", "RECEIVED_SHUTDOWN",
    "OPENSSL_VERSION_NUMBER", "OpenSSL_version", "OPENSSL_VERSION",
    "OPENSSL_CFLAGS", "OPENSSL_BUILT_ON", "OPENSSL_PLATFORM", "OPENSSL_DIR",
    "SSLeay_version", "SSLEAY_VERSION", "SSLEAY_CFLAGS", "SSLEAY_BUILT_ON",
    "SSLEAY_PLATFORM", "SSLEAY_DIR",
]

# --- Constants ---------------------------------------------------------------

# OpenSSL 3 has neither SSL 2.0 nor 3.0, so Gossl.Method has no value for
# them; the names stay for code written for the manual, and a Context made
# with one raises Error.
SSLv2_METHOD = 1
SSLv3_METHOD = 2
SSLv23_METHOD = int(Gossl.Method.SSLV23)
TLSv1_METHOD = int(Gossl.Method.TLSV1)
TLSv1_1_METHOD = int(Gossl.Method.TLSV1_1)
TLSv1_2_METHOD = int(Gossl.Method.TLSV1_2)
TLS_METHOD = int(Gossl.Method.TLS)
TLS_SERVER_METHOD = int(Gossl.Method.TLS_SERVER)
TLS_CLIENT_METHOD = int(Gossl.Method.TLS_CLIENT)

VERIFY_NONE = int(Gossl.VerifyMode.NONE)
VERIFY_PEER = int(Gossl.VerifyMode.PEER)
VERIFY_FAIL_IF_NO_PEER_CERT = int(Gossl.VerifyMode.FAIL_IF_NO_PEER_CERT)
VERIFY_CLIENT_ONCE = int(Gossl.VerifyMode.CLIENT_ONCE)

FILETYPE_PEM = int(Gossl.Filetype.PEM)
FILETYPE_ASN1 = int(Gossl.Filetype.ASN1)

# OpenSSL 3 always makes a new DH key, has no export ciphers and no SSL 2.0:
# these options are 0, here as in pyOpenSSL 23, and Gossl does not have them.
OP_SINGLE_DH_USE = 0
OP_EPHEMERAL_RSA = 0
OP_NO_SSLv2 = 0
OP_NO_SSLv3 = int(Gossl.OP_NO_SSLV3)
OP_NO_TLSv1 = int(Gossl.OP_NO_TLSV1)
OP_NO_TLSv1_1 = int(Gossl.OP_NO_TLSV1_1)
OP_NO_TLSv1_2 = int(Gossl.OP_NO_TLSV1_2)
OP_NO_TLSv1_3 = int(Gossl.OP_NO_TLSV1_3)

# pyOpenSSL 23's other option values (OpenSSL 3's SSL_OP_*; the ones OpenSSL
# dropped are 0 there too). set_options() passes any mask through.
OP_ALL = 0x80000850
OP_CIPHER_SERVER_PREFERENCE = 0x00400000
OP_COOKIE_EXCHANGE = 0x00002000
OP_DONT_INSERT_EMPTY_FRAGMENTS = 0x00000800
OP_IGNORE_UNEXPECTED_EOF = 0x00000080
OP_NO_COMPRESSION = 0x00020000
OP_NO_QUERY_MTU = 0x00001000
OP_NO_RENEGOTIATION = 0x40000000
OP_NO_TICKET = 0x00004000
OP_SINGLE_ECDH_USE = 0
OP_TLS_ROLLBACK_BUG = 0x00800000
OP_MICROSOFT_BIG_SSLV3_BUFFER = 0
OP_MICROSOFT_SESS_ID_BUG = 0
OP_MSIE_SSLV2_RSA_PADDING = 0
OP_NETSCAPE_CA_DN_BUG = 0
OP_NETSCAPE_CHALLENGE_BUG = 0
OP_NETSCAPE_DEMO_CIPHER_CHANGE_BUG = 0
OP_NETSCAPE_REUSE_CIPHER_CHANGE_BUG = 0
OP_PKCS1_CHECK_1 = 0
OP_PKCS1_CHECK_2 = 0
OP_SSLEAY_080_CLIENT_DH_BUG = 0
OP_SSLREF2_REUSE_CERT_TYPE_BUG = 0
OP_TLS_BLOCK_PADDING_BUG = 0
OP_TLS_D5_BUG = 0

# OpenSSL's info callback bits (ssl.h), as pyOpenSSL 23 exports them.
SSL_ST_CONNECT = 0x1000
SSL_ST_ACCEPT = 0x2000
SSL_ST_MASK = 0x0FFF
SSL_CB_LOOP = 0x01
SSL_CB_EXIT = 0x02
SSL_CB_READ = 0x04
SSL_CB_WRITE = 0x08
SSL_CB_ALERT = 0x4000
SSL_CB_READ_ALERT = SSL_CB_ALERT | SSL_CB_READ
SSL_CB_WRITE_ALERT = SSL_CB_ALERT | SSL_CB_WRITE
SSL_CB_ACCEPT_LOOP = SSL_ST_ACCEPT | SSL_CB_LOOP
SSL_CB_ACCEPT_EXIT = SSL_ST_ACCEPT | SSL_CB_EXIT
SSL_CB_CONNECT_LOOP = SSL_ST_CONNECT | SSL_CB_LOOP
SSL_CB_CONNECT_EXIT = SSL_ST_CONNECT | SSL_CB_EXIT
SSL_CB_HANDSHAKE_START = 0x10
SSL_CB_HANDSHAKE_DONE = 0x20

# Protocol version numbers, as pyOpenSSL 23 exports them.
SSL3_VERSION = 0x0300
TLS1_VERSION = 0x0301
TLS1_1_VERSION = 0x0302
TLS1_2_VERSION = 0x0303
TLS1_3_VERSION = 0x0304

# pyOpenSSL 23's other constants, from the C library's enumerations.
MODE_RELEASE_BUFFERS = int(Gossl.Mode.RELEASE_BUFFERS)

SESS_CACHE_OFF = int(Gossl.SessionCacheMode.OFF)
SESS_CACHE_CLIENT = int(Gossl.SessionCacheMode.CLIENT)
SESS_CACHE_SERVER = int(Gossl.SessionCacheMode.SERVER)
SESS_CACHE_BOTH = int(Gossl.SessionCacheMode.BOTH)
SESS_CACHE_NO_AUTO_CLEAR = int(Gossl.SessionCacheMode.NO_AUTO_CLEAR)
SESS_CACHE_NO_INTERNAL_LOOKUP = int(Gossl.SessionCacheMode.NO_INTERNAL_LOOKUP)
SESS_CACHE_NO_INTERNAL_STORE = int(Gossl.SessionCacheMode.NO_INTERNAL_STORE)
SESS_CACHE_NO_INTERNAL = int(Gossl.SessionCacheMode.NO_INTERNAL)

SENT_SHUTDOWN = int(Gossl.ShutdownState.SENT)
RECEIVED_SHUTDOWN = int(Gossl.ShutdownState.RECEIVED)

# The OpenSSL gossl runs on, for programs that pick code paths by version.
OPENSSL_VERSION_NUMBER = Gossl.get_openssl_version_number()
OPENSSL_VERSION = SSLEAY_VERSION = int(Gossl.OpensslInfo.VERSION)
OPENSSL_CFLAGS = SSLEAY_CFLAGS = int(Gossl.OpensslInfo.CFLAGS)
OPENSSL_BUILT_ON = SSLEAY_BUILT_ON = int(Gossl.OpensslInfo.BUILT_ON)
OPENSSL_PLATFORM = SSLEAY_PLATFORM = int(Gossl.OpensslInfo.PLATFORM)
OPENSSL_DIR = SSLEAY_DIR = int(Gossl.OpensslInfo.DIR)
_OPENSSL_INFO = frozenset(int(v) for v in Gossl.OpensslInfo.__enum_values__.values())


def OpenSSL_version(type):
    """A text (``bytes``) about the OpenSSL library in use: *type* is one of
    ``OPENSSL_VERSION``, ``OPENSSL_CFLAGS``, ``OPENSSL_BUILT_ON``,
    ``OPENSSL_PLATFORM`` or ``OPENSSL_DIR``; any other gives
    ``b"not available"``, as OpenSSL does."""
    _check_int(type, "type")
    if type not in _OPENSSL_INFO:
        return b"not available"
    return Gossl.get_openssl_info(type).encode("utf-8")


SSLeay_version = OpenSSL_version


class _NoOverlappingProtocols:
    def __repr__(self):
        return "NO_OVERLAPPING_PROTOCOLS"


NO_OVERLAPPING_PROTOCOLS = _NoOverlappingProtocols()
NO_OVERLAPPING_PROTOCOLS.__doc__ = """Returned by an ALPN select callback
(:meth:`Context.set_alpn_select_callback`) when no protocol the client
offers is acceptable: the handshake goes on without ALPN."""

_METHODS = frozenset((
    SSLv2_METHOD, SSLv3_METHOD, SSLv23_METHOD, TLSv1_METHOD, TLSv1_1_METHOD,
    TLSv1_2_METHOD, TLS_METHOD, TLS_SERVER_METHOD, TLS_CLIENT_METHOD,
))
_GONE_METHODS = {
    SSLv2_METHOD: "SSLv2 is not supported by OpenSSL 3",
    SSLv3_METHOD: "SSLv3 is not supported by OpenSSL 3",
}
_FILETYPES = {FILETYPE_PEM: Gossl.Filetype.PEM, FILETYPE_ASN1: Gossl.Filetype.ASN1}
_VERIFY_NONE = Gossl.VerifyMode(VERIFY_NONE)
_MSG_PEEK = getattr(_socket, "MSG_PEEK", 2)


# --- Exceptions --------------------------------------------------------------

class Error(Exception):
    """An error in an OpenSSL.SSL call, and the base class of the other
    SSL exceptions.

    Raised directly, its argument is the OpenSSL error queue: a list of
    ``(lib, function, reason)`` string tuples (see err(3)). When the failure
    did not come from OpenSSL's queue the list holds one entry whose reason
    is the message.
    """


class WantReadError(Error):
    """The operation did not complete: call the same I/O method again, with
    the same arguments, when the socket is readable. Any I/O method can raise
    it on a non-blocking socket, since a handshake can happen at any time."""


class WantWriteError(Error):
    """The operation did not complete: call the same I/O method again, with
    the same arguments, when the socket is writable."""


class WantX509LookupError(Error):
    """The operation did not complete because an application callback asked
    to be called again; retry the I/O method with the same arguments."""


class ZeroReturnError(Error):
    """The SSL connection was closed cleanly: the peer sent a close_notify
    alert (the transport may still be open)."""


class SysCallError(Error):
    """An I/O error with nothing in OpenSSL's error queue: a transport
    failure, or an end of file that violates the protocol. Its arguments are
    always ``(errnum, errstr)``: an errno and its ``os.strerror()`` text, or
    ``(-1, 'Unexpected EOF')`` when the peer vanished without closing the
    TLS session."""


_SSL_DOMAIN = _gossl.SSL_DOMAIN
_CRYPTO_DOMAIN = _gossl.CRYPTO_DOMAIN
_E = Gossl.SslError
_SYSCALL = int(_E.SYSCALL)
_EOF = int(_E.EOF)
_INVALID_ARGUMENT = int(_E.INVALID_ARGUMENT)
_NOT_SUPPORTED = int(_E.NOT_SUPPORTED)
_SIMPLE_ERRORS = {
    int(_E.ZERO_RETURN): ZeroReturnError,
    int(_E.WANT_READ): WantReadError,
    int(_E.WANT_WRITE): WantWriteError,
    int(_E.WANT_X509_LOOKUP): WantX509LookupError,
}
_get_errno = Gossl.error_get_errno


def _translate(gerror):
    """The OpenSSL.SSL exception for a ``GLib.Error`` raised by a Gossl call.

    Must run first thing after the failing call, on the same thread: Gossl
    keeps the errno and OpenSSL's error list per thread until the next
    failure."""
    if gerror.domain == _SSL_DOMAIN:
        code = gerror.code
        cls = _SIMPLE_ERRORS.get(code)
        if cls is not None:
            return cls()
        if code == _SYSCALL or code == _EOF:
            num = _get_errno()
            if num <= 0:
                return SysCallError(-1, "Unexpected EOF")
            return SysCallError(num, _os.strerror(num))
        if code == _INVALID_ARGUMENT:
            return ValueError(gerror.message)
    elif gerror.domain == _CRYPTO_DOMAIN:
        if gerror.code == _gossl.CRYPTO_INVALID_ARGUMENT:
            return ValueError(gerror.message)
    return Error(_gossl.error_list(gerror))


def _interrupted(exc):
    """The exception to raise for a ``RuntimeError`` out of a Gossl call.

    PyGObject builds the ``GLib.Error`` for a failed call by running Python
    code; when a signal handler raises there (Ctrl-C, or an alarm, landing
    while a blocking call was interrupted), PyGObject prints that exception,
    leaves it in ``sys.last_value`` and raises ``RuntimeError('Converting
    the GError failed')`` instead. Give the handler's exception back.

    The same happens when the GError's message is not valid UTF-8 (a file
    name in it): that one is an OpenSSL failure, and becomes :exc:`Error`
    with the error list, which Gossl still holds."""
    if exc.args == ("Converting the GError failed",):
        last = getattr(_sys, "last_value", None)
        if last is not None:
            _sys.last_value = _sys.last_type = _sys.last_traceback = None
            if isinstance(last, UnicodeDecodeError):
                return Error(_gossl.openssl_errors()
                             or [("", "", last.object.decode("utf-8", "replace"))])
            return last
    return exc


def _ebadf(*args):
    """Stands in for the Gossl I/O methods of a closed Connection, so that it
    never reads or writes a descriptor number the system may have reused."""
    raise SysCallError(_errno.EBADF, _os.strerror(_errno.EBADF))


# --- Argument helpers --------------------------------------------------------

def _check_int(value, what):
    if not isinstance(value, int):
        raise TypeError("%s must be an integer" % what)
    return value


def _path(value, what="file"):
    if value is None:
        raise TypeError("%s must be str, bytes or os.PathLike, not None" % what)
    return _gossl.to_path(value)


def _filetype(value):
    _check_int(value, "filetype")
    try:
        return _FILETYPES[value]
    except KeyError:
        # What OpenSSL (and so pyOpenSSL 23) says for an unknown file type.
        raise Error([("SSL routines", "", "bad ssl filetype")]) from None


def _buffer(data):
    """*data* (a bytes-like object) as ``bytes``: PyGObject takes ``bytes``
    without a copy but walks other buffers item by item, far slower than one
    copy. ``str`` is sent as UTF-8 with a DeprecationWarning, as pyOpenSSL 23
    does (code written for Python 2, where the manual's strings were bytes)."""
    if isinstance(data, bytes):
        return data
    if isinstance(data, str):
        _warnings.warn(
            "str for buf is no longer accepted, use bytes",
            DeprecationWarning,
            stacklevel=3,
        )
        return data.encode("utf-8")
    try:
        view = memoryview(data)
    except TypeError:
        raise TypeError(
            "data must be a bytes-like object, not %s" % type(data).__name__
        ) from None
    with view:
        return view.tobytes()


def _wrap_x509(gobject):
    if gobject is None:
        return None
    return _crypto.X509._wrap(gobject)


def _passwd_arity(callback):
    """2 for the manual's ``callback(repeat, userdata)``, 3 for pyOpenSSL's
    later ``callback(maxlen, verify, userdata)``: 3 when the callable can
    take three positional arguments, else 2."""
    try:
        sig = _inspect.signature(callback)
    except (TypeError, ValueError):
        return 3
    positional = 0
    required = 0
    for param in sig.parameters.values():
        if param.kind is param.VAR_POSITIONAL:
            return 3
        if param.kind in (param.POSITIONAL_ONLY, param.POSITIONAL_OR_KEYWORD):
            positional += 1
            if param.default is param.empty:
                required += 1
    if required > 3:
        raise TypeError(
            "passphrase callback must take (repeat, userdata) or "
            "(maxlen, verify, userdata)"
        )
    if positional >= 3:
        return 3
    if positional == 2:
        return 2
    raise TypeError(
        "passphrase callback must take (repeat, userdata) or "
        "(maxlen, verify, userdata)"
    )


# Python Connection for each Gossl.Connection, for the signal handlers: they
# get the GI object and must hand the user the object the user made.
_connections = _weakref.WeakValueDictionary()


def _stash(gconn, exc):
    conn = _connections.get(gconn)
    if conn is not None and conn._cb_exc is None:
        conn._cb_exc = exc


# --- Context -----------------------------------------------------------------

class Context:
    """Context(method) -> a new SSL context.

    *method* is one of the ``*_METHOD`` constants (``SSLv23_METHOD`` or
    ``TLS_METHOD`` negotiate the best version both sides support). A context
    holds the settings shared by the connections made from it: certificate,
    private key, trusted CAs, verification mode, callbacks, options.
    Connections take the verification mode, certificate and key the context
    has when they are made.
    """

    def __init__(self, method):
        if not isinstance(method, int):
            raise TypeError("method must be an integer")
        if method not in _METHODS:
            raise ValueError("No such protocol")
        if method in _GONE_METHODS:
            raise Error([("", "", _GONE_METHODS[method])])
        try:
            ctx = Gossl.Context.new(method)
        except _GError as e:
            raise _translate(e) from None
        # pyOpenSSL's defaults, not Gossl's secure ones: no verification
        # until set_verify(), and no CA trusted that was not loaded.
        ctx.set_verify(_VERIFY_NONE)
        ctx.set_use_system_certdb(False)
        self._ctx = ctx
        self._app_data = None
        self._verify_callback = None
        self._verify_handler = 0
        self._info_callback = None
        self._info_handler = 0
        self._passwd_callback = None
        self._passwd_userdata = None
        self._passwd_arity = 2
        self._passwd_handler = 0
        self._passwd_exc = None
        self._servername_handler = 0
        self._alpn_select_handler = 0
        self._ext_handlers = {}

    # Calls that can run the passphrase callback, or fail with OpenSSL's queue.
    def _call(self, method, *args):
        try:
            result = method(*args)
        except _GError as e:
            exc = _translate(e)
            pending, self._passwd_exc = self._passwd_exc, None
            if pending is not None:
                raise pending from None
            raise exc from None
        except RuntimeError as e:
            raise _interrupted(e) from None
        if self._passwd_exc is not None:
            pending, self._passwd_exc = self._passwd_exc, None
            raise pending
        return result

    def check_privatekey(self):
        """Check if the private key (loaded with ``use_privatekey[_file]``)
        matches the certificate (loaded with ``use_certificate[_file]``).
        Returns True if they match, False otherwise (also when either is
        missing, or when a certificate set after the key did not match it:
        the context stops using the key then)."""
        try:
            return bool(self._ctx.check_privatekey())
        except _GError as e:
            exc = _translate(e)
            if isinstance(exc, Error):
                return False
            raise exc from None

    def get_app_data(self):
        """Retrieve application data as set by :meth:`set_app_data`."""
        return self._app_data

    def set_app_data(self, data):
        """Associate *data* (any object) with this Context object; it can be
        retrieved later with :meth:`get_app_data`."""
        self._app_data = data

    def get_cert_store(self):
        """Retrieve the certificate store (a :class:`crypto.X509Store`) that
        the context uses. Certificates added to it are trusted, as if loaded
        with :meth:`load_verify_locations`."""
        store = self._ctx.get_cert_store()
        if store is None:
            return None
        return _crypto.X509Store._wrap(store)

    def get_timeout(self):
        """Retrieve the session timeout in seconds, as set by
        :meth:`set_timeout`. The default is 300 seconds."""
        return int(self._ctx.get_timeout())

    def set_timeout(self, timeout):
        """Set the timeout for newly created sessions for this Context object
        to *timeout* (whole seconds). The default value is 300 seconds.
        Returns the previous timeout, as pyOpenSSL does."""
        _check_int(timeout, "timeout")
        previous = int(self._ctx.get_timeout())
        self._ctx.set_timeout(timeout)
        return previous

    def get_verify_depth(self):
        """Retrieve the Context object's verify depth, as set by
        :meth:`set_verify_depth` (-1 when never set: OpenSSL's default)."""
        return int(self._ctx.get_verify_depth())

    def set_verify_depth(self, depth):
        """Set the maximum depth for the certificate chain verification that
        shall be allowed for this Context object."""
        _check_int(depth, "depth")
        self._ctx.set_verify_depth(depth)

    def get_verify_mode(self):
        """Retrieve the Context object's verify mode, as set by
        :meth:`set_verify`: an OR of the ``VERIFY_*`` constants."""
        return int(self._ctx.get_verify_mode())

    def set_verify(self, mode, callback=None):
        """Set the verification flags for this Context object to *mode* and
        specify that *callback* should be used for verification callbacks.

        *mode* should be one of ``VERIFY_NONE`` and ``VERIFY_PEER``. If
        ``VERIFY_PEER`` is used, *mode* can be OR:ed with
        ``VERIFY_FAIL_IF_NO_PEER_CERT`` and ``VERIFY_CLIENT_ONCE`` to further
        control the behaviour.

        *callback* takes five arguments: the :class:`Connection` object, an
        :class:`crypto.X509` object, and three integers: the potential error
        number, the error depth and the return code (1 when OpenSSL accepts
        the certificate). It is called for each certificate of the peer's
        chain and returns true if verification passes, false otherwise (which
        fails the handshake with :exc:`Error`). Without a callback (pyOpenSSL
        made it optional), OpenSSL's own verification decides.
        """
        _check_int(mode, "mode")
        if callback is not None and not callable(callback):
            raise TypeError("callback must be callable")
        if not -0x80000000 <= mode <= 0x7FFFFFFF:
            raise OverflowError("mode %d does not fit a C int" % mode)
        gmode = Gossl.VerifyMode(mode)
        if self._verify_handler:
            self._ctx.disconnect(self._verify_handler)
            self._verify_handler = 0
        self._verify_callback = callback
        self._ctx.set_verify(gmode)
        if callback is not None:
            self._verify_handler = self._ctx.connect("verify", _on_verify, callback)

    def load_client_ca(self, cafile):
        """Read a file with PEM-formatted CA certificates whose names will be
        sent to the client when requesting a client certificate. It does not
        make them trusted. A file that cannot be opened raises :exc:`Error`
        naming the file and the reason (see :meth:`use_certificate_file`).
        A ``str`` name works but warns (DeprecationWarning), as in pyOpenSSL
        23, which wants ``bytes`` here."""
        if isinstance(cafile, str):
            _warnings.warn(
                "str for cafile is no longer accepted, use bytes",
                DeprecationWarning, stacklevel=2,
            )
        self._call(self._ctx.load_client_ca, _path(cafile, "cafile"))

    def load_verify_locations(self, cafile, capath=None):
        """Specify where CA certificates for verification purposes are
        located: *cafile*, a file of PEM certificates, and/or *capath*, a
        directory prepared with ``openssl rehash``. These are trusted
        certificates. Either, but not both, may be None. A *cafile* that
        cannot be opened raises :exc:`Error` naming the file and the reason
        (see :meth:`use_certificate_file`); *capath* is read only during
        verification, so a missing directory just adds nothing."""
        cafile = None if cafile is None else _path(cafile, "cafile")
        capath = None if capath is None else _path(capath, "capath")
        self._call(self._ctx.load_verify_locations, cafile, capath)

    def set_default_verify_paths(self):
        """Trust the system's default CA certificates (OpenSSL's default
        file and directory, or ``SSL_CERT_FILE``/``SSL_CERT_DIR``)."""
        self._call(self._ctx.set_default_verify_paths)

    def set_min_proto_version(self, version):
        """Set the lowest protocol version connections negotiate: one of
        the ``*_VERSION`` constants (``TLS1_2_VERSION`` ...), or 0 for the
        lowest the library supports."""
        _check_int(version, "version")
        self._call(self._ctx.set_min_proto_version, version)

    def set_max_proto_version(self, version):
        """Set the highest protocol version connections negotiate: one of
        the ``*_VERSION`` constants (``TLS1_3_VERSION`` ...), or 0 for the
        highest the library supports."""
        _check_int(version, "version")
        self._call(self._ctx.set_max_proto_version, version)

    def set_tlsext_servername_callback(self, callback):
        """Set the server name (SNI) callback of a server: *callback* takes
        the :class:`Connection` once the client's hello is read (whether or
        not it named a server; :meth:`Connection.get_servername` tells) and
        may switch it to another context, with another certificate, with
        :meth:`Connection.set_context`. An exception it raises fails the
        handshake (an unrecognized_name alert) and comes out of the call
        that ran it."""
        if not callable(callback):
            raise TypeError("callback must be callable")
        if self._servername_handler:
            self._ctx.disconnect(self._servername_handler)
        self._servername_handler = self._ctx.connect("servername", _on_servername, callback)

    def set_alpn_protos(self, protos):
        """Set the application protocols (ALPN) to offer, as a client, or to
        choose from, as a server without an ALPN select callback: a list of
        ``bytes`` such as ``[b'h2', b'http/1.1']``, in order of preference.
        A server choosing from its own list picks the first the client
        offers, and fails the handshake when there is none."""
        self._call(self._ctx.set_alpn_protos, _alpn_list(protos))

    def set_alpn_select_callback(self, callback):
        """Set the ALPN selection callback of a server: *callback* takes the
        :class:`Connection` and the list of protocols (``bytes``) the client
        offers, and returns the one to use, or
        :data:`NO_OVERLAPPING_PROTOCOLS` to go on without ALPN. Returning
        anything else, or raising, fails the handshake (a
        no_application_protocol alert); the exception comes out of the call
        that ran the handshake."""
        if not callable(callback):
            raise TypeError("callback must be callable")
        if self._alpn_select_handler:
            self._ctx.disconnect(self._alpn_select_handler)
        self._alpn_select_handler = self._ctx.connect("alpn-select", _on_alpn_select, callback)

    def load_tmp_dh(self, dhfile):
        """Load parameters for Ephemeral Diffie-Hellman from *dhfile* (PEM).
        Parameters too weak for OpenSSL's security level (1024 bits and less
        on Debian) are refused with :exc:`Error`, and so is a file that
        cannot be opened (see :meth:`use_certificate_file`)."""
        self._call(self._ctx.load_tmp_dh, _path(dhfile, "dhfile"))

    def set_cipher_list(self, ciphers):
        """Set the list of ciphers to be used in this context, an OpenSSL
        cipher string (see ciphers(1)), as ``str`` or ``bytes``. A string
        that selects no cipher raises :exc:`Error`."""
        if isinstance(ciphers, (bytes, bytearray)):
            ciphers = bytes(ciphers).decode("ascii")
        elif not isinstance(ciphers, str):
            raise TypeError("cipher_list must be str or bytes")
        if "\0" in ciphers:
            raise ValueError("cipher_list must not contain NUL")
        self._call(self._ctx.set_cipher_list, ciphers)

    def set_info_callback(self, callback):
        """Set the information callback to *callback*. This function will be
        called from time to time during SSL handshakes.

        *callback* takes three arguments: the :class:`Connection` object and
        two integers. The first says where in the SSL handshake the function
        was called (an OR of the ``SSL_CB_*`` constants), the other is the
        return code from a (possibly failed) internal function call. None
        removes the callback."""
        if callback is not None and not callable(callback):
            raise TypeError("callback must be callable")
        if self._info_handler:
            self._ctx.disconnect(self._info_handler)
            self._info_handler = 0
        self._info_callback = callback
        if callback is not None:
            self._info_handler = self._ctx.connect("info", _on_info, callback)

    def set_options(self, options):
        """Add SSL options (an OR of the ``OP_*`` constants). Options you
        have set before are not cleared! Returns the new option mask."""
        _check_int(options, "options")
        if options < 0:
            raise ValueError("options must not be negative")
        return int(self._ctx.set_options(options))

    def set_mode(self, mode):
        """Add modes (an OR of the ``MODE_*`` constants, e.g.
        ``MODE_RELEASE_BUFFERS``). Modes set before are not cleared.
        Returns the new mode."""
        _check_int(mode, "mode")
        if mode < 0:
            raise ValueError("mode must not be negative")
        return int(self._ctx.set_mode(Gossl.Mode(mode)))

    def set_session_cache_mode(self, mode):
        """Set how the context caches sessions: an OR of the
        ``SESS_CACHE_*`` constants. Returns the previous mode."""
        _check_int(mode, "mode")
        if mode < 0:
            raise ValueError("mode must not be negative")
        return int(self._ctx.set_session_cache_mode(Gossl.SessionCacheMode(mode)))

    def get_session_cache_mode(self):
        """How the context caches sessions, as set by
        :meth:`set_session_cache_mode` (``SESS_CACHE_SERVER`` by default)."""
        return int(self._ctx.get_session_cache_mode())

    def add_extra_chain_cert(self, certobj):
        """Add the certificate *certobj* (a :class:`crypto.X509`) to the
        chain sent to peers after this side's own certificate."""
        if not isinstance(certobj, _crypto.X509):
            raise TypeError("certobj must be an X509 instance")
        self._call(self._ctx.add_extra_chain_cert, certobj._gx509)

    def set_passwd_cb(self, callback, userdata=None):
        """Set the passphrase callback to *callback*. This function will be
        called when a private key with a passphrase is loaded.

        Both forms are accepted, chosen by what *callback* can take:

        - the manual's ``callback(repeat, data)``: *repeat* is true when the
          passphrase should be asked twice and compared (when it is used to
          encrypt), *data* is *userdata*;
        - pyOpenSSL's later ``callback(maxlen, verify, data)``: the longest
          passphrase accepted, the same flag, and *userdata*.

        It returns the passphrase as ``bytes`` (a ``str`` is encoded as
        UTF-8; one longer than the maximum is truncated). If an error
        occurs, callback should return a false value (e.g. an empty string):
        the key is then not loaded and :exc:`Error` is raised. An exception
        raised by the callback comes out of the call that loaded the key.
        """
        if not callable(callback):
            raise TypeError("callback must be callable")
        arity = _passwd_arity(callback)
        self._passwd_callback = callback
        self._passwd_userdata = userdata
        self._passwd_arity = arity
        if not self._passwd_handler:
            self._passwd_handler = self._ctx.connect(
                "passwd", _on_passwd, _weakref.ref(self)
            )

    def set_session_id(self, name):
        """Set the context *name* within which a session can be reused for
        this Context object. This is needed when doing session resumption,
        because there is no way for a stored session to know which Context
        object it is associated with. *name* may be any binary data (bytes;
        at most 32 of them)."""
        if isinstance(name, str):
            _warnings.warn(
                "str for name is no longer accepted, use bytes",
                DeprecationWarning, stacklevel=2,
            )
            name = name.encode("utf-8")
        self._call(self._ctx.set_session_id, _buffer(name))

    def use_certificate(self, cert):
        """Use the certificate *cert*, which has to be a
        :class:`crypto.X509` object. If a private key that *cert* does not
        match is already set, the context stops using that key (no error:
        :meth:`check_privatekey` returns False)."""
        if not isinstance(cert, _crypto.X509):
            raise TypeError("cert must be an X509 instance")
        self._call(self._ctx.use_certificate, cert._gx509)

    def use_certificate_file(self, file, format=FILETYPE_PEM, *, filetype=None):
        """Load the first certificate found in *file* (str, bytes or
        os.PathLike). The certificate must be in the format specified by
        *format*, which is either ``FILETYPE_PEM`` or ``FILETYPE_ASN1``. The
        default is ``FILETYPE_PEM``. (*filetype* is pyOpenSSL's later name
        for *format*.)

        A file that cannot be opened (missing, a directory, not permitted)
        raises :exc:`Error`, as in pyOpenSSL; its one entry names the file
        and the system's reason (``No such file or directory``). A key set
        before that the certificate does not match is no longer used, as
        with :meth:`use_certificate`."""
        path = _path(file)
        if filetype is not None:
            format = filetype
        self._call(self._ctx.use_certificate_file, path, _filetype(format))

    def use_certificate_chain_file(self, file):
        """Load a PEM file holding this side's certificate followed by the
        intermediate CA certificates to send with it. A file that cannot be
        opened raises :exc:`Error` naming the file and the reason, and a key
        the certificate does not match is no longer used, as with
        :meth:`use_certificate_file`."""
        self._call(self._ctx.use_certificate_chain_file, _path(file))

    def use_privatekey(self, pkey):
        """Use the private key *pkey*, which has to be a
        :class:`crypto.PKey` object. When a certificate is already set and
        *pkey* is not its key, :exc:`Error` is raised (``key values
        mismatch``) and the context keeps the key it had."""
        if not isinstance(pkey, _crypto.PKey):
            raise TypeError("pkey must be a PKey instance")
        self._call(self._ctx.use_privatekey, pkey._gpkey)

    def use_privatekey_file(self, file, format=FILETYPE_PEM, *, filetype=None):
        """Load the first private key found in *file* (str, bytes or
        os.PathLike). The private key must be in the format specified by
        *format*, which is either ``FILETYPE_PEM`` or ``FILETYPE_ASN1``. The
        default is ``FILETYPE_PEM``. An encrypted key is decrypted with the
        passphrase callback (:meth:`set_passwd_cb`); without one it is not
        loaded (the terminal is never asked). (*filetype* is pyOpenSSL's
        later name for *format*.) A file that cannot be opened raises
        :exc:`Error` naming the file and the reason (see
        :meth:`use_certificate_file`); a key that does not match the
        certificate already set raises :exc:`Error`, as with
        :meth:`use_privatekey`."""
        path = _path(file)
        if filetype is not None:
            format = filetype
        self._call(self._ctx.use_privatekey_file, path, _filetype(format))

    # --- OCSP stapling, key logging, DTLS cookies (pyOpenSSL 23) ---

    @property
    def _context(self):
        # pyOpenSSL's cffi SSL_CTX pointer: Twisted's tests read it (for an
        # OpenSSL 1.0.2 path its code takes only when OpenSSL._util.lib has
        # SSL_CTX_set_ecdh_auto, which it has not here). One stand-in per
        # Context, which cffi refuses with a TypeError naming it.
        pointer = self.__dict__.get("_context_stand_in")
        if pointer is None:
            pointer = self._context_stand_in = _crypto._NoCffiPointer("SSL_CTX")
        return pointer

    def _connect_ext(self, signal, handler, *args):
        """Connect *handler* to *signal* in place of the one set before."""
        old = self._ext_handlers.pop(signal, 0)
        if old:
            self._ctx.disconnect(old)
        self._ext_handlers[signal] = self._ctx.connect(signal, handler, *args)

    def set_ocsp_server_callback(
        self,
        callback: _typing.Callable[["Connection", _typing.Any], bytes],
        data: _typing.Any = None,
    ) -> None:
        """Set the callback with which a server staples the status of its
        certificate (OCSP, RFC 6066) to the handshake when a client asks
        (:meth:`Connection.request_ocsp`). *callback* takes the
        :class:`Connection` and *data*, and returns the DER-encoded OCSP
        response as ``bytes``, or ``b""`` to staple none. Returning anything
        else raises :exc:`TypeError`, and any exception it raises fails the
        handshake and comes out of the call that ran it."""
        if not callable(callback):
            raise TypeError("callback must be callable")
        self._connect_ext("ocsp-status-request", _on_ocsp_request, callback, data)

    def set_ocsp_client_callback(
        self,
        callback: _typing.Callable[["Connection", bytes, _typing.Any], bool],
        data: _typing.Any = None,
    ) -> None:
        """Set the callback with which a client that asked for the status of
        the server's certificate (:meth:`Connection.request_ocsp`) judges it.
        *callback* takes the :class:`Connection`, the stapled OCSP response
        (``bytes``, ``b""`` when the server sent none) and *data*, and returns
        true to go on with the handshake; false fails it. An exception it
        raises fails the handshake and comes out of the call that ran it."""
        if not callable(callback):
            raise TypeError("callback must be callable")
        self._connect_ext("ocsp-status-response", _on_ocsp_response, callback, data)

    def set_keylog_callback(
        self, callback: _typing.Callable[["Connection", bytes], None]
    ) -> None:
        """Set the callback that gets each secret a handshake makes, for
        debugging tools: *callback* takes the :class:`Connection` and one
        line (``bytes``, no newline) of the NSS key log format, as
        ``SSLKEYLOGFILE`` files hold it."""
        if not callable(callback):
            raise TypeError("callback must be callable")
        self._connect_ext("keylog", _on_keylog, callback)

    def set_cookie_generate_callback(
        self, callback: _typing.Callable[["Connection"], bytes]
    ) -> None:
        """Set the callback with which a DTLS server makes the cookie of a
        HelloVerifyRequest (:meth:`Connection.DTLSv1_listen`): *callback*
        takes the :class:`Connection` and returns 1 to 255 ``bytes``."""
        if not callable(callback):
            raise TypeError("callback must be callable")
        self._connect_ext("generate-cookie", _on_generate_cookie, callback)

    def set_cookie_verify_callback(
        self, callback: _typing.Callable[["Connection", bytes], bool]
    ) -> None:
        """Set the callback with which a DTLS server checks the cookie a
        client returned: *callback* takes the :class:`Connection` and the
        cookie (``bytes``) and returns true to accept it."""
        if not callable(callback):
            raise TypeError("callback must be callable")
        self._connect_ext("verify-cookie", _on_verify_cookie, callback)
    def set_client_ca_list(self, certificate_authorities: _Sequence[_crypto.X509Name]) -> None:
        """Set the CA names (a list of :class:`crypto.X509Name`) a server
        sends when it asks for a client certificate, replacing those set
        before (an empty list sends none). The context keeps copies: changing
        the list or the names afterwards changes nothing. It does not make
        the CAs trusted."""
        names = _client_ca_names(certificate_authorities)
        self._call(self._ctx.set_client_ca_list, names)

    def add_client_ca(self, certificate_authority: _crypto.X509) -> None:
        """Add the subject of *certificate_authority* (a :class:`crypto.X509`)
        to the CA names a server sends when it asks for a client
        certificate, after those set before."""
        if not isinstance(certificate_authority, _crypto.X509):
            raise TypeError("certificate_authority must be an X509 instance")
        self._call(self._ctx.add_client_ca, certificate_authority._gx509)

    def set_tlsext_use_srtp(self, profiles: bytes) -> None:
        """Enable the negotiation of SRTP keying material (DTLS-SRTP) with
        *profiles*, OpenSSL's colon-separated profile names as ``bytes``
        (``b"SRTP_AES128_CM_SHA1_80"``). An unknown profile raises
        :exc:`Error`."""
        if not isinstance(profiles, bytes):
            raise TypeError("profiles must be a byte string.")
        if b"\0" in profiles:
            raise ValueError("profiles must not contain NUL")
        self._call(self._ctx.set_tlsext_use_srtp, profiles.decode("ascii", "replace"))

    def set_tmp_ecdh(self, curve: "_crypto._EllipticCurve") -> None:
        """Use *curve* (from :func:`OpenSSL.crypto.get_elliptic_curve` or
        :func:`~OpenSSL.crypto.get_elliptic_curves`) for the ECDHE key
        exchange of connections made afterwards: the one group offered or
        accepted. As with pyOpenSSL on OpenSSL 3, a curve that has no TLS
        group (``secp112r1``, the binary-field curves...) leaves the context
        unchanged."""
        if not isinstance(curve, _crypto._EllipticCurve):
            raise TypeError("curve must be an elliptic curve from get_elliptic_curves()")
        try:
            self._ctx.set_ecdh_curve(curve.name)
        except _GError as e:
            if e.domain == _SSL_DOMAIN and e.code == _NOT_SUPPORTED:
                return
            raise _translate(e) from None


def _client_ca_names(names):
    """*names* (a sequence of :class:`crypto.X509Name`) as Gossl names."""
    if isinstance(names, (str, bytes)):
        raise TypeError("certificate_authorities must be a list of X509Name")
    result = []
    for name in names:
        if not isinstance(name, _crypto.X509Name):
            raise TypeError(
                "client CAs must be X509Name objects, not %s objects" % type(name).__name__
            )
        result.append(name._gx509name)
    return result


ContextType = Context


# Signal handlers. Module-level functions holding no reference to the
# Context, so that no cycle runs through the GObject's closures.

def _on_verify(gctx, gconn, gcert, errnum, depth, ok, callback):
    conn = _connections.get(gconn)
    try:
        # errnum comes as a Gossl.VerifyResult (and _on_info's where as a
        # Gossl.InfoWhere): pyOpenSSL passes plain ints.
        return bool(callback(conn if conn is not None else gconn,
                             _wrap_x509(gcert), int(errnum), depth, int(ok)))
    except BaseException as e:  # noqa: B036 -- re-raised after the C call
        _stash(gconn, e)
        return False


def _openssl_decides(conn, cert, errnum, depth, ok):
    return ok


def _on_connection_verify(gconn, gcert, errnum, depth, ok, callback):
    return _on_verify(None, gconn, gcert, errnum, depth, ok, callback)


def _on_info(gctx, gconn, where, ret, callback):
    conn = _connections.get(gconn)
    try:
        callback(conn if conn is not None else gconn, int(where), ret)
    except BaseException as e:  # noqa: B036 -- re-raised after the C call
        _stash(gconn, e)


def _on_servername(gctx, gconn, callback):
    conn = _connections.get(gconn)
    try:
        callback(conn if conn is not None else gconn)
        return True
    except BaseException as e:  # noqa: B036 -- re-raised after the C call
        _stash(gconn, e)
        return False


def _on_alpn_select(gctx, gconn, offered, callback):
    conn = _connections.get(gconn)
    try:
        protos = [p.encode("utf-8") for p in offered]
        chosen = callback(conn if conn is not None else gconn, protos)
        if chosen is NO_OVERLAPPING_PROTOCOLS:
            return None
        if not isinstance(chosen, bytes):
            raise TypeError(
                "ALPN callback must return a bytestring or the special "
                "NO_OVERLAPPING_PROTOCOLS sentinel value."
            )
        # Not one offered (b"" included): the C side fails the handshake.
        return chosen.decode("utf-8", "replace")
    except BaseException as e:  # noqa: B036 -- re-raised after the C call
        _stash(gconn, e)
        return ""


def _alpn_list(protos):
    """*protos* (a list of ``bytes``) as the strings Gossl takes."""
    if isinstance(protos, (bytes, str)):
        raise TypeError("protos must be a list of bytes")
    protos = list(protos)
    if not protos:
        raise ValueError("at least one protocol must be specified")
    names = []
    for p in protos:
        if not isinstance(p, bytes):
            raise TypeError("each protocol must be bytes, not %s" % type(p).__name__)
        if b"\0" in p:
            raise ValueError("a protocol name must not contain NUL")
        try:
            names.append(p.decode("utf-8"))
        except UnicodeDecodeError:
            raise ValueError("gossl takes only UTF-8 protocol names: %r" % p) from None
    return names


# --- Session -----------------------------------------------------------------

class Session:
    """Session() -> an empty TLS session.

    Sessions come from :meth:`Connection.get_session` after a handshake and
    go to :meth:`Connection.set_session` before another one with the same
    server, which may then resume it (:meth:`Connection.session_reused`)
    instead of doing a full handshake. With TLS 1.3 the server sends the
    session after the handshake: read from the connection before taking it.
    A connection closed without :meth:`Connection.shutdown` spoils its
    session."""

    def __init__(self):
        self._session = Gossl.Session.new()

    @classmethod
    def _wrap(cls, gsession):
        obj = cls.__new__(cls)
        obj._session = gsession
        return obj


def _on_passwd(gctx, repeat, maxlen, ctxref):
    ctx = ctxref()
    if ctx is None or ctx._passwd_callback is None:
        return None
    try:
        if ctx._passwd_arity == 3:
            result = ctx._passwd_callback(maxlen, bool(repeat), ctx._passwd_userdata)
        else:
            result = ctx._passwd_callback(bool(repeat), ctx._passwd_userdata)
        if not result:
            return None
        if isinstance(result, str):
            result = result.encode("utf-8")
        elif isinstance(result, (bytearray, memoryview)):
            result = bytes(result)
        elif not isinstance(result, bytes):
            raise ValueError("Bytes expected")
        if len(result) > maxlen:
            result = result[:maxlen]
        return GLib.Bytes.new(result)
    except BaseException as e:  # noqa: B036 -- re-raised after the C call
        if ctx._passwd_exc is None:
            ctx._passwd_exc = e
        return None


# --- Connection --------------------------------------------------------------

def _fileno_getter(sock):
    """What tells the I/O calls whether *sock* still holds the descriptor
    the Connection was given: its ``fileno()`` (-1 once closed), or None
    for a bare descriptor number and for no socket."""
    if sock is None or isinstance(sock, int):
        return None
    if isinstance(sock, _socket.socket):
        return sock.fileno  # never raises: -1 once closed or detached
    meth = sock.fileno

    def fileno():
        # A closed file object raises instead (ValueError).
        try:
            return meth()
        except (OSError, ValueError):
            return -1

    return fileno


def _fileno(sock):
    if isinstance(sock, int) and not isinstance(sock, bool):
        fd = sock
    else:
        meth = getattr(sock, "fileno", None)
        if meth is None:
            raise TypeError("socket must be an int, or have a fileno() method")
        fd = meth()
        if not isinstance(fd, int):
            raise TypeError("fileno() must return an integer")
    if fd < 0:
        raise ValueError("file descriptor cannot be a negative integer (%i)" % fd)
    return fd


_NO_ARG = object()


def _io(conn, call, arg=_NO_ARG):
    """``call(arg)`` (or ``call()``), a Gossl I/O method of the
    :class:`Connection` *conn*, as every I/O method makes it: not once the
    socket was closed behind the Connection's back (SysCallError EBADF), a
    GError raised as its SSL exception, and an exception a callback raised
    during the call raised in preference to either.

    A function rather than a method: Connection's ``__getattr__`` keeps
    Python from specializing attribute lookups on its instances, so a
    method costs about twice the instructions per call (one argument at
    most, for the same reason: ``*args`` costs more)."""
    fileno = conn._sock_fileno
    if fileno is not None and fileno() != conn._fd:
        conn._socket_gone()
    try:
        result = call() if arg is _NO_ARG else call(arg)
    except _GError as e:
        raise conn._io_error(e) from None
    except RuntimeError as e:
        raise _interrupted(e) from None
    if conn._cb_exc is not None:
        conn._raise_pending()
    return result


class Connection:
    """Connection(context, socket) -> a new SSL connection.

    *context* is a :class:`Context`; *socket* is a socket object (anything
    with a ``fileno()`` method giving a descriptor usable with read and
    write works). The Connection does SSL over the socket's descriptor,
    which it borrows: closing stays the socket's job. Once the socket is
    closed (``sock.close()``), the I/O methods raise :exc:`SysCallError`
    ``EBADF``, whatever file gets the descriptor number next. Socket
    methods the Connection does not define (``settimeout``, ``family``,
    ...) are looked up on the socket.

    Set the role with :meth:`set_connect_state`/:meth:`set_accept_state`, or
    use :meth:`connect`/:meth:`accept`, which do it; the first I/O call then
    runs the handshake if :meth:`do_handshake` was not called.

    With None for *socket* the Connection has a memory transport instead
    (pyOpenSSL's later API): the TLS bytes it writes are taken with
    :meth:`bio_read` and those from the peer given with :meth:`bio_write`,
    so that any transport can carry them; its I/O calls raise
    :exc:`WantReadError` when they need bytes from the peer.
    """

    def __init__(self, context, socket=None):
        if not isinstance(context, Context):
            raise TypeError("context must be a Context instance")
        fd = None if socket is None else _fileno(socket)
        try:
            if socket is None:
                # The memory transport: bio_write() / bio_read().
                ssl = Gossl.Connection.new_memory(context._ctx)
            else:
                ssl = Gossl.Connection.new(context._ctx, fd)
        except _GError as e:
            raise _translate(e) from None
        self._context = context
        self._socket = socket
        # Gossl borrows the number: once the socket is closed behind our
        # back (sock.close()) the next open() may get it. The I/O calls
        # compare the socket's fileno() with it first.
        self._fd = fd
        self._sock_fileno = _fileno_getter(socket)
        self._ssl = ssl
        self._app_data = None
        self._cb_exc = None
        # Bound once: the I/O paths do no attribute lookups on the GObject.
        self._gi_send = ssl.send
        self._gi_send_all = ssl.send_all
        self._gi_recv = ssl.recv
        self._gi_handshake = ssl.do_handshake
        self._gi_shutdown = ssl.shutdown
        _connections[ssl] = self
        # As OpenSSL's SSL_new() (and so pyOpenSSL): a connection keeps the
        # verify callback its context had when it was made; a later
        # Context.set_verify() is for connections made after it.
        callback = context._verify_callback
        if callback is not None:
            self._verify_callback = callback
            self._verify_handler = ssl.connect("verify", _on_connection_verify, callback)

    def __getattr__(self, name):
        """Look up attributes the Connection does not define on the socket."""
        try:
            sock = self.__dict__["_socket"]
        except KeyError:
            raise AttributeError(
                "'%s' object has no attribute '%s'" % (type(self).__name__, name)
            ) from None
        return getattr(sock, name)

    def _io_error(self, gerror):
        exc = _translate(gerror)
        pending = self._cb_exc
        if pending is not None:
            self._cb_exc = None
            return pending
        return exc

    def _raise_pending(self):
        pending, self._cb_exc = self._cb_exc, None
        raise pending

    def _detach(self):
        """No SSL I/O from now on: the socket is closed, and its descriptor
        number may be another file's."""
        try:
            self._ssl.set_fd(-1)
        except _GError:
            pass  # from inside a callback: the Python side stops all the same
        self._gi_send = self._gi_send_all = self._gi_recv = _ebadf
        self._gi_handshake = self._gi_shutdown = _ebadf

    def _socket_gone(self):
        self._detach()
        _ebadf()

    def _set_role(self, method):
        try:
            method()
        except _GError as e:
            raise _translate(e) from None

    # --- SSL I/O ---

    def do_handshake(self):
        """Perform an SSL handshake (usually called after :meth:`renegotiate`
        or one of :meth:`set_accept_state` or :meth:`set_connect_state`).
        This can raise the same exceptions as :meth:`send` and :meth:`recv`;
        a certificate refused by the verify callback raises :exc:`Error`."""
        _io(self, self._gi_handshake)

    def send(self, buf, flags=0):
        """Send the *buf* data (bytes, bytearray or memoryview) to the
        Connection; returns the number of bytes sent, which may be less than
        ``len(buf)``. *flags* is accepted for socket compatibility and
        ignored. After a Want*Error, call again with the same data."""
        if buf.__class__ is not bytes:
            buf = _buffer(buf)
        if len(buf) > 0x7FFFFFFF:
            # pyOpenSSL's limit (SSL_write takes an int); Gossl has none.
            raise ValueError("Cannot send more than 2**31-1 bytes at once.")
        return _io(self, self._gi_send, buf)

    write = send

    def sendall(self, buf, flags=0):
        """Send all of the *buf* data (bytes, bytearray or memoryview) to the
        Connection, calling send repeatedly until all data is sent. If an
        error occurs, it's impossible to tell how much data has been sent.
        Returns the number of bytes sent, as pyOpenSSL does."""
        if buf.__class__ is not bytes:
            buf = _buffer(buf)
        _io(self, self._gi_send_all, buf)
        return len(buf)

    def recv(self, bufsize, flags=None):
        """Receive data from the Connection: returns at most *bufsize* bytes
        (``bytes``). Raises :exc:`ZeroReturnError` once the peer has closed
        the SSL session cleanly, :exc:`SysCallError` ``(-1, 'Unexpected
        EOF')`` when it vanished without doing so. With ``MSG_PEEK`` in
        *flags* the bytes stay to be received again; other flags are
        ignored."""
        if bufsize.__class__ is not int and not isinstance(bufsize, int):
            # PyGObject would truncate a float silently.
            raise TypeError("bufsize must be an integer")
        if bufsize < 0:
            # As socket.recv(); PyGObject would say OverflowError.
            raise ValueError("negative buffersize in recv")
        if flags is not None and flags & _MSG_PEEK:
            return _io(self, self._ssl.peek, bufsize)
        return _io(self, self._gi_recv, bufsize)

    read = recv

    def recv_into(self, buffer, nbytes=None, flags=None):
        """Receive data into *buffer* (a writable bytes-like object), at most
        *nbytes* (default: its length) bytes; returns the number received."""
        if nbytes is not None and nbytes < 0:
            raise ValueError("negative buffersize in recv_into")
        with memoryview(buffer) as view, view.cast("B") as target:
            if target.readonly:
                # Checked before reading: the data would be lost after.
                raise TypeError("recv_into() needs a writable buffer")
            if nbytes is None or nbytes > target.nbytes:
                nbytes = target.nbytes
            data = self.recv(nbytes, flags)
            n = len(data)
            target[:n] = data
        return n

    def pending(self):
        """Retrieve the number of bytes that can be safely read from the SSL
        buffer (not the socket's): a :meth:`recv` of that many returns at
        once."""
        return self._ssl.pending()

    def renegotiate(self):
        """Renegotiate the SSL session (call this if you wish to change
        cipher suites or anything like that); the next I/O call or
        :meth:`do_handshake` carries it out. Returns True when it was
        started, False when one is already pending. TLS 1.3 has no
        renegotiation: :exc:`Error` there."""
        ssl = self._ssl
        if ssl.renegotiate_pending():
            return False
        _io(self, ssl.renegotiate)
        return True

    def shutdown(self):
        """Send the shutdown message (close_notify) to the Connection.
        Returns True if the shutdown message exchange is completed and False
        otherwise (in which case you call :meth:`recv` or :meth:`send` when
        the connection becomes readable/writeable). The socket stays open."""
        _io(self, self._gi_shutdown)
        # Both close_notify alerts exchanged: OpenSSL's 1.
        return self._ssl.get_peer_closed()

    # --- SSL state ---

    def set_accept_state(self):
        """Set the connection to work in server mode. The handshake will be
        handled automatically by read/write."""
        self._set_role(self._ssl.set_accept_state)

    def set_connect_state(self):
        """Set the connection to work in client mode. The handshake will be
        handled automatically by read/write."""
        self._set_role(self._ssl.set_connect_state)

    def state_string(self):
        """Retrieve a verbose string (``str``) detailing the state of the
        Connection, e.g. 'SSL negotiation finished successfully'."""
        return self._ssl.state_string()

    def get_state_string(self):
        """The state string of :meth:`state_string`, as ``bytes``
        (pyOpenSSL's later name)."""
        return self._ssl.state_string().encode("ascii", "replace")

    def get_shutdown(self):
        """Which close_notify alerts were sent and received: an OR of
        ``SENT_SHUTDOWN`` and ``RECEIVED_SHUTDOWN`` (0 for none)."""
        return int(self._ssl.get_shutdown())

    def set_shutdown(self, state):
        """Record close_notify alerts as sent and/or received (an OR of
        ``SENT_SHUTDOWN`` and ``RECEIVED_SHUTDOWN``) without sending or
        reading any."""
        _check_int(state, "state")
        if state < 0:
            raise ValueError("state must not be negative")
        self._ssl.set_shutdown(Gossl.ShutdownState(state))

    def want_read(self):
        """Checks if more data has to be read from the transport layer to
        complete an operation. Returns a bool."""
        return self._ssl.want_read()

    def want_write(self):
        """Checks if there is data to write to the transport layer to
        complete an operation. Returns a bool."""
        return self._ssl.want_write()

    def get_app_data(self):
        """Retrieve application data as set by :meth:`set_app_data`."""
        return self._app_data

    def set_app_data(self, data):
        """Associate *data* with this Connection object; it can be retrieved
        later using :meth:`get_app_data`."""
        self._app_data = data

    def get_cipher_list(self):
        """Retrieve the list of ciphers (OpenSSL names, ``str``) this
        Connection may use, in order of preference."""
        return list(self._ssl.get_cipher_list())

    def get_cipher_name(self):
        """The name of the cipher in use, or None before the handshake."""
        return self._ssl.get_cipher_name()

    def get_protocol_version_name(self):
        """The protocol version in use, e.g. 'TLSv1.3', or None before the
        handshake."""
        return self._ssl.get_protocol_version_name()

    def get_context(self):
        """Retrieve the :class:`Context` object associated with this
        Connection (the very object it was made with)."""
        return self._context

    def get_peer_certificate(self):
        """Retrieve the other side's certificate (a :class:`crypto.X509`),
        or None if it sent none (or before the handshake)."""
        return _wrap_x509(self._ssl.get_peer_certificate())

    def get_peer_cert_chain(self):
        """The certificates the peer sent (a list of :class:`crypto.X509`,
        its own first on a client; a server's list leaves the client's own
        out), or None before the handshake or when it sent none."""
        chain = self._ssl.get_peer_cert_chain()
        # PyGObject gives [] for Gossl's NULL.
        if not chain:
            return None
        return [_wrap_x509(cert) for cert in chain]

    def get_verified_chain(self):
        """The chain verification built from the peer's certificate to a
        trusted root (a list of :class:`crypto.X509`), or None when the
        peer was not verified."""
        chain = self._ssl.get_verified_chain()
        if not chain:  # PyGObject gives [] for Gossl's NULL
            return None
        return [_wrap_x509(cert) for cert in chain]

    def get_protocol_version(self):
        """The protocol version in use as a number (``TLS1_3_VERSION``
        ...), or 0 before the handshake."""
        return self._ssl.get_protocol_version()

    def get_cipher_bits(self):
        """The number of secret bits of the cipher in use, or None before
        the handshake."""
        bits = self._ssl.get_cipher_bits()
        return None if bits < 0 else bits

    def get_cipher_version(self):
        """The protocol version that introduced the cipher in use, e.g.
        'TLSv1.3', or None before the handshake."""
        return self._ssl.get_cipher_version()

    def set_context(self, context):
        """Switch this Connection to another :class:`Context`, typically from
        a server name callback, to serve its certificate and key."""
        if not isinstance(context, Context):
            raise TypeError("context must be a Context instance")
        try:
            self._ssl.set_context(context._ctx)
        except _GError as e:
            raise _translate(e) from None
        self._context = context

    def set_tlsext_host_name(self, name):
        """Set the server name (``bytes``) a client asks for in its hello
        (SNI). It does not check the server's certificate against it: see
        :meth:`set_verify_hostname`. What is not a DNS name (empty, a
        leading or trailing dot, a wildcard, a space) or is an IP address
        raises ValueError."""
        if not isinstance(name, bytes):
            raise TypeError("name must be a byte string")
        if b"\0" in name:
            raise TypeError("name must not contain NUL byte")
        try:
            text = name.decode("utf-8")
        except UnicodeDecodeError:
            raise ValueError("gossl takes only UTF-8 server names: %r" % name) from None
        try:
            self._ssl.set_tlsext_host_name(text)
        except _GError as e:
            raise _translate(e) from None

    def get_servername(self):
        """The server name of the handshake (``bytes``): on a server the one
        the client asked for, on a client the one it set; None when there
        is none."""
        name = self._ssl.get_servername()
        return None if name is None else name.encode("utf-8")

    def set_verify_hostname(self, hostname):
        """Make verification of the peer's certificate (with
        ``VERIFY_PEER``) check that it is for *hostname* (``str`` or
        ``bytes``): a DNS name or an IP address, as RFC 6125 says. A
        certificate for another name fails the handshake with :exc:`Error`,
        'hostname mismatch' in its list. None checks no name; what is
        neither a DNS name nor an IP address (``""``, ``".example.com"``,
        ``"*.example.com"``, a space) raises ValueError, as the stdlib's
        ``server_hostname`` does, and the check set before stays. (A gossl
        addition: pyOpenSSL leaves this to the service_identity package.)"""
        if isinstance(hostname, (bytes, bytearray)):
            hostname = bytes(hostname).decode("ascii")
        elif hostname is not None and not isinstance(hostname, str):
            raise TypeError("hostname must be str, bytes or None")
        if hostname is not None and "\0" in hostname:
            raise ValueError("hostname must not contain NUL")
        try:
            self._ssl.set_verify_hostname(hostname)
        except _GError as e:
            raise _translate(e) from None

    def set_alpn_protos(self, protos):
        """Set the application protocols (ALPN) this client offers, a list
        of ``bytes`` in order of preference, instead of the Context's."""
        try:
            self._ssl.set_alpn_protos(_alpn_list(protos))
        except _GError as e:
            raise _translate(e) from None

    def get_alpn_proto_negotiated(self):
        """The application protocol the handshake agreed on (``bytes``), or
        ``b''`` when none was."""
        proto = self._ssl.get_alpn_proto_negotiated()
        return b"" if proto is None else proto.encode("utf-8")

    def get_session(self):
        """The :class:`Session` of this connection, to resume it from
        another, or None before the handshake."""
        session = self._ssl.get_session()
        return None if session is None else Session._wrap(session)

    def set_session(self, session):
        """Offer *session* (a :class:`Session` of an earlier connection to
        the same server) in the handshake, to resume it. Call it before the
        handshake."""
        if not isinstance(session, Session):
            raise TypeError("session must be a Session instance")
        try:
            self._ssl.set_session(session._session)
        except _GError as e:
            raise _translate(e) from None

    def session_reused(self):
        """Whether the handshake resumed the session given to
        :meth:`set_session` (as the stdlib's ``SSLSocket.session_reused``)."""
        return bool(self._ssl.session_reused())

    # --- Memory transport (Connection(context, None)) ---

    def _memory_only(self):
        if self._socket is not None:
            raise TypeError("Connection sock was not None")

    def bio_write(self, buf):
        """Hand the Connection bytes that came from the peer (a memory
        Connection, made with ``Connection(context, None)``, only); the next
        I/O call reads them. Returns the number of bytes taken (all)."""
        self._memory_only()
        if buf.__class__ is not bytes:
            buf = _buffer(buf)
        return _io(self, self._ssl.bio_write, buf)

    def bio_read(self, bufsiz):
        """Take up to *bufsiz* bytes the Connection wrote for the peer (a
        memory Connection only), to send them by any means. Raises
        :exc:`WantReadError` when there is nothing to take."""
        self._memory_only()
        if not isinstance(bufsiz, int):
            raise TypeError("bufsiz must be an integer")
        if bufsiz < 0:
            raise ValueError("bufsiz must not be negative")
        return _io(self, self._ssl.bio_read, bufsiz)

    def bio_shutdown(self):
        """Tell the Connection that the peer sends nothing more (a memory
        Connection only): reads then end with :exc:`ZeroReturnError` after
        the peer's close_notify, :exc:`SysCallError` without one."""
        self._memory_only()
        _io(self, self._ssl.bio_shutdown)

    # --- Socket methods ---

    def accept(self):
        """Call the accept method of the underlying socket and set up SSL on
        the returned socket, using the Context object supplied to this
        Connection object at creation. Returns a pair ``(conn, address)``,
        where *conn* is the new Connection object (in server mode) and
        *address* is as returned by the socket's accept."""
        client, addr = self._socket.accept()
        conn = Connection(self._context, client)
        conn.set_accept_state()
        return conn, addr

    def bind(self, address):
        """Call the bind method of the underlying socket."""
        return self._socket.bind(address)

    def close(self):
        """Call the close method of the underlying socket. Note: If you want
        correct SSL closure, you need to call the :meth:`shutdown` method
        first. The Connection does no SSL I/O after this (SysCallError
        EBADF)."""
        self._detach()
        return self._socket.close()

    def connect(self, address):
        """Call the connect method of the underlying socket and set up SSL on
        the socket (client mode), using the Context object supplied to this
        Connection object at creation."""
        self._set_role(self._ssl.set_connect_state)
        return self._socket.connect(address)

    def connect_ex(self, address):
        """Call the connect_ex method of the underlying socket and set up SSL
        on the socket (client mode), using the Context object supplied to
        this Connection object at creation. Returns what connect_ex returns
        (0, or an errno such as EINPROGRESS on a non-blocking socket)."""
        connect_ex = self._socket.connect_ex
        self._set_role(self._ssl.set_connect_state)
        return connect_ex(address)

    def fileno(self):
        """Retrieve the file descriptor number for the underlying socket."""
        return self._socket.fileno()

    def listen(self, backlog):
        """Call the listen method of the underlying socket."""
        return self._socket.listen(backlog)

    def getpeername(self):
        """Call the getpeername method of the underlying socket."""
        return self._socket.getpeername()

    def getsockname(self):
        """Call the getsockname method of the underlying socket."""
        return self._socket.getsockname()

    def getsockopt(self, level, optname, *buflen):
        """Call the getsockopt method of the underlying socket
        (``getsockopt(level, optname[, buflen])``)."""
        return self._socket.getsockopt(level, optname, *buflen)

    def setsockopt(self, level, optname, value, *optlen):
        """Call the setsockopt method of the underlying socket."""
        return self._socket.setsockopt(level, optname, value, *optlen)

    def setblocking(self, flag):
        """Call the setblocking method of the underlying socket. On a
        non-blocking socket the I/O methods raise WantReadError and
        WantWriteError instead of waiting."""
        return self._socket.setblocking(flag)

    def sock_shutdown(self, *args, **kwargs):
        """Call the shutdown method of the underlying socket
        (``sock_shutdown(how)``)."""
        return self._socket.shutdown(*args, **kwargs)

    def makefile(self, *args, **kwargs):
        """Not implemented: a file object over the socket would bypass SSL
        (as in pyOpenSSL)."""
        raise NotImplementedError("Cannot make file object of OpenSSL.SSL.Connection")

    # --- OCSP, exported keys, handshake secrets, DTLS (pyOpenSSL 23) ---

    def request_ocsp(self) -> None:
        """Ask the server, in the handshake to come, to staple the status of
        its certificate (OCSP); judge it with
        :meth:`Context.set_ocsp_client_callback`."""
        try:
            self._ssl.request_ocsp()
        except _GError as e:
            raise _translate(e) from None

    def export_keying_material(
        self, label: bytes, olen: int, context: _typing.Optional[bytes] = None
    ) -> bytes:
        """Derive *olen* bytes of keying material from the connection's
        secrets (RFC 5705), for *label* (``bytes``) and an optional
        *context* (``bytes``; None is not the same as ``b""``). Both ends get
        the same bytes. Raises :exc:`Error` before the handshake is done."""
        if not isinstance(label, bytes):
            raise TypeError("label must be bytes")
        _check_int(olen, "olen")
        if olen < 0:
            raise ValueError("olen must not be negative")
        if b"\0" in label:
            raise ValueError("label must not contain NUL")
        try:
            text = label.decode("utf-8")
        except UnicodeDecodeError:
            raise ValueError("gossl takes only UTF-8 labels: %r" % label) from None
        if isinstance(context, str):
            raise TypeError("context must be bytes or None")
        gcontext = None if context is None else GLib.Bytes.new(_buffer(context))
        try:
            result = self._ssl.export_keying_material(text, olen, gcontext)
        except _GError as e:
            raise _translate(e) from None
        return _bytes_of(result)

    def client_random(self) -> _typing.Optional[bytes]:
        """The random value of the client's hello, or None before the
        handshake."""
        return _bytes_of(self._ssl.get_client_random())

    def server_random(self) -> _typing.Optional[bytes]:
        """The random value of the server's hello, or None before the
        handshake."""
        return _bytes_of(self._ssl.get_server_random())

    def master_key(self) -> _typing.Optional[bytes]:
        """The master secret of the session, or None before the handshake
        (for TLS 1.3, the resumption master secret, which a client has only
        once it read the server's session ticket: None until then, where
        pyOpenSSL raises :exc:`Error`)."""
        return _bytes_of(self._ssl.get_master_key())

    def DTLSv1_listen(self) -> None:
        """Wait, on a DTLS server, for a client's hello with a valid cookie
        (see :meth:`Context.set_cookie_generate_callback`), answering the
        others statelessly; then go on with :meth:`do_handshake`. Raises
        :exc:`WantReadError` until such a hello came."""
        _io(self, self._ssl.dtls_listen)

    def set_ciphertext_mtu(self, mtu: int) -> None:
        """Set the largest UDP payload a DTLS connection sends (without the
        IP and UDP headers); it also sets the connection's
        :data:`OP_NO_QUERY_MTU`, so that OpenSSL keeps it. Raises :exc:`ValueError` for a TLS connection or an MTU
        below DTLS's minimum (pyOpenSSL ignores those)."""
        _check_int(mtu, "mtu")
        if not 0 <= mtu <= 0xFFFFFFFF:
            raise ValueError("%d is not a usable DTLS MTU" % mtu)
        try:
            self._ssl.set_ciphertext_mtu(mtu)
        except _GError as e:
            raise _translate(e) from None

    def get_finished(self) -> _typing.Optional[bytes]:
        """The verify data of the last Finished message this end sent, or
        None before any was."""
        return _bytes_of(self._ssl.get_finished())

    def get_peer_finished(self) -> _typing.Optional[bytes]:
        """The verify data of the last Finished message the peer sent, or
        None before any came."""
        return _bytes_of(self._ssl.get_peer_finished())

    def get_cleartext_mtu(self) -> int:
        """How many bytes of data one :meth:`send` of a DTLS connection can
        carry in one datagram of the MTU (:meth:`set_ciphertext_mtu`)."""
        return int(self._ssl.get_cleartext_mtu())
    # --- Per-connection settings (pyOpenSSL's later API) ---

    def set_client_ca_list(self, certificate_authorities: _Sequence[_crypto.X509Name]) -> None:
        """Set the CA names (a list of :class:`crypto.X509Name`) this server
        sends when it asks for a client certificate, instead of its
        Context's (see :meth:`Context.set_client_ca_list`)."""
        names = _client_ca_names(certificate_authorities)
        try:
            self._ssl.set_client_ca_list(names)
        except _GError as e:
            raise _translate(e) from None

    def get_client_ca_list(self) -> _List[_crypto.X509Name]:
        """The CA names of client certificate requests, a list of
        :class:`crypto.X509Name`: on a server those it sends (its own or its
        Context's), on a client those the server sent once it asked for a
        certificate (``[]`` before)."""
        return [_crypto.X509Name._wrap(name) for name in self._ssl.get_client_ca_list()]

    def use_certificate(self, cert: _crypto.X509) -> None:
        """Use the certificate *cert* (a :class:`crypto.X509`) on this
        Connection instead of its Context's."""
        if not isinstance(cert, _crypto.X509):
            raise TypeError("cert must be an X509 instance")
        try:
            self._ssl.use_certificate(cert._gx509)
        except _GError as e:
            raise _translate(e) from None

    def use_privatekey(self, pkey: _crypto.PKey) -> None:
        """Use the private key *pkey* (a :class:`crypto.PKey`) on this
        Connection instead of its Context's. A key that does not match the
        certificate raises :exc:`Error` (``key values mismatch``)."""
        if not isinstance(pkey, _crypto.PKey):
            raise TypeError("pkey must be a PKey instance")
        try:
            self._ssl.use_privatekey(pkey._gpkey)
        except _GError as e:
            raise _translate(e) from None

    def get_certificate(self) -> _Optional[_crypto.X509]:
        """This side's own certificate (a :class:`crypto.X509`: the one
        given to :meth:`use_certificate`, or else the Context's), or None."""
        return _wrap_x509(self._ssl.get_certificate())

    def set_verify(self, mode: int, callback: _Optional[_Callable] = None) -> None:
        """Set how this Connection verifies its peer, an OR of the
        ``VERIFY_*`` constants, and with *callback* its own verify callback,
        in place of the one it took from its Context when it was made (see
        :meth:`Context.set_verify`, which says what the callback takes and
        returns). Without *callback*, OpenSSL's own verification decides,
        as in pyOpenSSL."""
        _check_int(mode, "mode")
        if callback is not None and not callable(callback):
            raise TypeError("callback must be callable")
        if not -0x80000000 <= mode <= 0x7FFFFFFF:
            raise OverflowError("mode %d does not fit a C int" % mode)
        gmode = Gossl.VerifyMode(mode)
        handler = self.__dict__.get("_verify_handler")
        if handler:
            self._ssl.disconnect(handler)
            self._verify_handler = 0
        self._verify_callback = callback
        self._ssl.set_verify(gmode)
        # A handler even without a callback: the context's must no longer
        # decide for this connection.
        self._verify_handler = self._ssl.connect(
            "verify", _on_connection_verify, callback or _openssl_decides
        )

    def get_verify_mode(self) -> int:
        """How this Connection verifies its peer: the mode given to
        :meth:`set_verify`, or else its Context's when it was made."""
        return int(self._ssl.get_verify_mode())

    def renegotiate_pending(self) -> bool:
        """Whether a renegotiation started with :meth:`renegotiate` is still
        to be completed."""
        return bool(self._ssl.renegotiate_pending())

    def total_renegotiations(self) -> int:
        """How many renegotiations this Connection started or accepted
        (TLS 1.2 and earlier)."""
        return self._ssl.get_total_renegotiations()


ConnectionType = Connection


# --- OCSP stapling, key logging, DTLS (pyOpenSSL 23) -------------------------

DTLS_METHOD = int(Gossl.Method.DTLS)
DTLS_SERVER_METHOD = int(Gossl.Method.DTLS_SERVER)
DTLS_CLIENT_METHOD = int(Gossl.Method.DTLS_CLIENT)
_METHODS = _METHODS | {DTLS_METHOD, DTLS_SERVER_METHOD, DTLS_CLIENT_METHOD}
__all__ += ["DTLS_METHOD", "DTLS_SERVER_METHOD", "DTLS_CLIENT_METHOD"]


def _make_requires(flag, error):
    """A decorator for a function that needs an optional OpenSSL feature:
    with *flag* false the function is replaced by one that raises
    ``NotImplementedError(error)``. (pyOpenSSL's helper; every feature
    gossl wraps is in OpenSSL 3, so gossl's own functions need none.)"""
    def _requires_decorator(func):
        if flag:
            return func

        @_functools.wraps(func)
        def explode(*args, **kwargs):
            raise NotImplementedError(error)

        return explode

    return _requires_decorator


def _bytes_of(gbytes):
    """A ``GLib.Bytes`` (or None) as ``bytes`` (or None)."""
    if gbytes is None:
        return None
    return gbytes.get_data() or b""


def _on_ocsp_request(gctx, gconn, callback, data):
    conn = _connections.get(gconn)
    try:
        response = callback(conn if conn is not None else gconn, data)
        if not isinstance(response, bytes):
            raise TypeError("OCSP callback must return a bytestring.")
        return GLib.Bytes.new(response)
    except BaseException as e:  # noqa: B036 -- re-raised after the C call
        _stash(gconn, e)
        return None


def _on_ocsp_response(gctx, gconn, response, callback, data):
    conn = _connections.get(gconn)
    try:
        return bool(callback(conn if conn is not None else gconn,
                             _bytes_of(response), data))
    except BaseException as e:  # noqa: B036 -- re-raised after the C call
        _stash(gconn, e)
        return False


def _on_keylog(gctx, gconn, line, callback):
    conn = _connections.get(gconn)
    try:
        callback(conn if conn is not None else gconn, line.encode("ascii"))
    except BaseException as e:  # noqa: B036 -- re-raised after the C call
        _stash(gconn, e)


def _on_generate_cookie(gctx, gconn, callback):
    conn = _connections.get(gconn)
    try:
        cookie = callback(conn if conn is not None else gconn)
        if not isinstance(cookie, bytes):
            raise TypeError("cookie callback must return bytes")
        if not 1 <= len(cookie) <= 255:
            raise ValueError("a DTLS cookie is 1 to 255 bytes, not %d" % len(cookie))
        return GLib.Bytes.new(cookie)
    except BaseException as e:  # noqa: B036 -- re-raised after the C call
        _stash(gconn, e)
        return None


def _on_verify_cookie(gctx, gconn, cookie, callback):
    conn = _connections.get(gconn)
    try:
        return bool(callback(conn if conn is not None else gconn, _bytes_of(cookie)))
    except BaseException as e:  # noqa: B036 -- re-raised after the C call
        _stash(gconn, e)
        return False
