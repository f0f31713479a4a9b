"""OpenSSL: a Python interface to OpenSSL, over the gossl library.

This package reproduces the API of pyOpenSSL 0.5.1 (and the parts of later
pyOpenSSL versions that come cheap) on top of gossl, a GObject library
wrapping OpenSSL 3, reached through GObject introspection (PyGObject).

Modules:

- ``crypto``: generic cryptographic module (certificates, keys, requests,
  PKCS #7, PKCS #12);
- ``rand``: an interface to the OpenSSL pseudo random number generator;
- ``SSL``: an interface to the SSL-specific parts of OpenSSL, imported on
  first use (``from OpenSSL import SSL`` or ``OpenSSL.SSL``).
"""

import importlib as _importlib
import importlib.util as _importlib_util

from OpenSSL import crypto, rand
from OpenSSL._gossl import Gossl as _Gossl

__version__ = _Gossl.VERSION_S
__title__ = "gossl OpenSSL"
__summary__ = "pyOpenSSL 0.5.1's API over gossl (OpenSSL 3 through GObject introspection)"
__license__ = "Apache License, Version 2.0"

__all__ = ["crypto", "rand", "__version__"]
if _importlib_util.find_spec(__name__ + ".SSL") is not None:
    __all__.insert(0, "SSL")


def __getattr__(name):
    # SSL is imported lazily: "import OpenSSL" must not pay for (or fail
    # on) the TLS part, and "OpenSSL.SSL" still works without an explicit
    # import, as with pyOpenSSL, which imports it eagerly.
    if name == "SSL":
        try:
            return _importlib.import_module(__name__ + ".SSL")
        except ModuleNotFoundError as e:
            if e.name != __name__ + ".SSL":
                raise
            raise AttributeError("module %r has no attribute 'SSL' (not built yet)" % __name__) from e
    raise AttributeError("module %r has no attribute %r" % (__name__, name))
