"""What programs import from pyOpenSSL's private ``OpenSSL._util``.

pyOpenSSL's ``_util`` hands out its cffi bindings (``lib``, ``ffi``). This
package has none: it reaches OpenSSL through gossl. Some programs import
``lib`` only to probe for an OpenSSL function (Twisted does for
``SSL_CTX_set_ecdh_auto``, which OpenSSL 1.1.0 and later no longer need), so
``lib`` exists and answers every probe truthfully: it has no OpenSSL
function, ``hasattr(lib, name)`` is false and ``getattr`` raises an
``AttributeError`` that says why. ``ffi`` is deliberately absent: code that
needs cffi pointers fails on import, at once, rather than later.
"""

__all__ = ["lib"]


class _NoBindings:
    """Stands for pyOpenSSL's cffi ``lib``; has no OpenSSL functions."""

    __slots__ = ()

    def __getattr__(self, name):
        raise AttributeError(
            "OpenSSL._util.lib.%s is not available: gossl's OpenSSL package "
            "has no cffi bindings to OpenSSL" % name
        )

    def __dir__(self):
        return []

    def __repr__(self):
        return "<OpenSSL._util.lib: no cffi bindings (gossl)>"


lib = _NoBindings()
