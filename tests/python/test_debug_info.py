"""OpenSSL.debug: what the package runs on, told honestly."""

import subprocess
import sys

import gi

from OpenSSL import version
from OpenSSL._gossl import Gossl

from child_process import run_python


def test_env_info_names_what_is_underneath():
    from OpenSSL.debug import _env_info

    assert version.__version__ in _env_info
    assert "gossl: %d.%d.%d" % (Gossl.get_major_version(), Gossl.get_minor_version(),
                                Gossl.get_micro_version()) in _env_info
    assert "gossl's linked OpenSSL: " + Gossl.get_openssl_version() in _env_info
    assert "PyGObject: " + ".".join(map(str, gi.version_info)) in _env_info
    assert "not pyOpenSSL" in _env_info
    assert "cffi: not used" in _env_info


def test_module_prints_it():
    out = run_python("import runpy; runpy.run_module('OpenSSL.debug', run_name='__main__')",
                     capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert out.returncode == 0, out.stderr
    from OpenSSL.debug import _env_info

    # sys.path differs in the child (-c puts '' first); the rest is the same.
    assert out.stdout.split("sys.path:")[0] == _env_info.split("sys.path:")[0]
    assert "Python executable: " + sys.executable in out.stdout
