"""The version of the OpenSSL package: which pyOpenSSL API it implements.

``__version__`` is the pyOpenSSL release whose API this package follows
(pyOpenSSL 23.0.0, the one Debian 12 ships), so that programs that compare
``OpenSSL.__version__`` or ``OpenSSL.version.__version__`` take their code
paths for a current pyOpenSSL. The behaviours of the 0.5.1 manual that later
pyOpenSSL changed stay as the manual says (``docs/manual-notes.md``).
``__gossl_version__`` is the version of the gossl library underneath.
"""

from OpenSSL._gossl import Gossl as _Gossl

__all__ = [
    "__author__",
    "__copyright__",
    "__email__",
    "__gossl_version__",
    "__license__",
    "__summary__",
    "__title__",
    "__uri__",
    "__version__",
]

__version__ = "23.0.0"
__gossl_version__ = _Gossl.VERSION_S

__title__ = "gossl OpenSSL"
__uri__ = "https://pyopenssl.org/"
__summary__ = "pyOpenSSL's API over gossl (OpenSSL 3 through GObject introspection)"
__author__ = "The gossl developers"
__email__ = ""
__license__ = "Apache License, Version 2.0"
__copyright__ = "Copyright the gossl developers"
