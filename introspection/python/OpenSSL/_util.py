"""What programs import from pyOpenSSL's private ``OpenSSL._util``.

pyOpenSSL's ``_util`` hands out its cffi bindings (``lib``, ``ffi``). This
package has none: it reaches OpenSSL through gossl. Some programs import
``lib`` only to probe for an OpenSSL function (Twisted does for
``SSL_CTX_set_ecdh_auto``, which OpenSSL 1.1.0 and later no longer need), so
``lib`` exists and answers every probe truthfully: it has no OpenSSL
function, ``hasattr(lib, name)`` is false and ``getattr`` raises an
``AttributeError`` that says why. ``ffi`` is importable for the same reason
(modules import both names together): its only attribute is ``NULL``, a
constant that equals nothing but itself (so ``x != ffi.NULL`` in a table of
arguments costs nothing); ``ffi.new``, ``ffi.cast`` and the rest raise the same
``AttributeError`` on first use, instead of a cffi type error deep inside the
caller.
"""

__all__ = ["ffi", "lib"]


class _Null:
    __slots__ = ()

    def __repr__(self):
        return "<OpenSSL._util.ffi.NULL (gossl)>"


class _NoBindings:
    """Stands for pyOpenSSL's cffi ``lib`` or ``ffi``; has no attributes."""

    __slots__ = ("_name", "NULL")

    def __init__(self, name, has_null=False):
        self._name = name
        if has_null:
            self.NULL = _Null()

    def __getattr__(self, name):
        raise AttributeError(
            "OpenSSL._util.%s.%s is not available: gossl's OpenSSL package "
            "has no cffi bindings to OpenSSL" % (self._name, name)
        )

    def __dir__(self):
        return []

    def __repr__(self):
        return "<OpenSSL._util.%s: no cffi bindings (gossl)>" % self._name


lib = _NoBindings("lib")
ffi = _NoBindings("ffi", has_null=True)
