"""What this OpenSSL package runs on, for bug reports:
``python3 -m OpenSSL.debug`` prints it.

pyOpenSSL's module of the same name lists pyOpenSSL, cryptography, cffi and
the OpenSSL behind them; this one lists what is really underneath here: the
pyOpenSSL API version the package follows, the gossl library, the OpenSSL
gossl is linked against, PyGObject, and cryptography (optional, and not
used by this package except for the ``to_cryptography`` conversions).
"""

import ssl as _ssl
import sys as _sys

from OpenSSL import version as _version
from OpenSSL._gossl import Gossl as _Gossl

__all__ = []


def _module_version(name):
    try:
        module = __import__(name)
    except ImportError:
        return "not installed"
    return getattr(module, "__version__", "unknown")


def _gi_version():
    import gi

    return ".".join(str(part) for part in gi.version_info)


def _gossl_runtime_version():
    return "%d.%d.%d" % (
        _Gossl.get_major_version(),
        _Gossl.get_minor_version(),
        _Gossl.get_micro_version(),
    )


_env_info = """\
pyOpenSSL API: {pyopenssl} (gossl's OpenSSL package, not pyOpenSSL)
gossl: {gossl} (built as {gossl_built})
gossl's linked OpenSSL: {gossl_openssl}
PyGObject: {gi}
cryptography: {cryptography}
cffi: not used
Python's OpenSSL: {python_openssl}
Python executable: {python}
Python version: {python_version}
Platform: {platform}
sys.path: {sys_path}""".format(
    pyopenssl=_version.__version__,
    gossl=_gossl_runtime_version(),
    gossl_built=_version.__gossl_version__,
    gossl_openssl=_Gossl.get_openssl_version(),
    gi=_gi_version(),
    cryptography=_module_version("cryptography"),
    python_openssl=_ssl.OPENSSL_VERSION,
    python=_sys.executable,
    python_version=_sys.version,
    platform=_sys.platform,
    sys_path=_sys.path,
)


if __name__ == "__main__":
    print(_env_info)
