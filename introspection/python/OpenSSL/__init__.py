"""OpenSSL: a Python interface to OpenSSL, over the gossl library.

This package reproduces the API of pyOpenSSL 0.5.1 (and the parts of later
pyOpenSSL versions that come cheap) on top of gossl, a GObject library
wrapping OpenSSL 3, reached through GObject introspection (PyGObject).

Modules:

- ``crypto``: generic cryptographic module (certificates, keys, requests,
  PKCS #7, PKCS #12);
- ``rand``: an interface to the OpenSSL pseudo random number generator;
- ``version``: which pyOpenSSL API the package implements (``__version__``);
- ``SSL``: an interface to the SSL-specific parts of OpenSSL, imported on
  first use (``from OpenSSL import SSL`` or ``OpenSSL.SSL``).
"""

import importlib as _importlib
import importlib.util as _importlib_util

from OpenSSL import crypto, rand, version
from OpenSSL.version import (
    __author__,
    __copyright__,
    __email__,
    __license__,
    __summary__,
    __title__,
    __uri__,
    __version__,
)

__all__ = [
    "crypto",
    "rand",
    "version",
    "__author__",
    "__copyright__",
    "__email__",
    "__license__",
    "__summary__",
    "__title__",
    "__uri__",
    "__version__",
]
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
