"""Fixtures of the Python tests of gossl's OpenSSL package.

The tests import ``OpenSSL``: it must be ours (introspection/python), never
Debian's pyOpenSSL, or the whole suite would silently test the wrong
package. Debian's pyOpenSSL 23 is still used, in a separate process, as the
reference some tests compare with (``pyopenssl23``).
"""

import ast
import os
import subprocess
import sys
import textwrap

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_ROOT = os.environ.get("GOSSL_SOURCE_ROOT") or os.path.dirname(os.path.dirname(HERE))
PACKAGE_DIR = os.path.join(SOURCE_ROOT, "introspection", "python", "OpenSSL")

import OpenSSL  # noqa: E402

if os.path.realpath(os.path.dirname(OpenSSL.__file__)) != os.path.realpath(PACKAGE_DIR):
    raise pytest.UsageError(
        "the OpenSSL package imported is %s, not gossl's %s: put "
        "introspection/python first on PYTHONPATH" % (OpenSSL.__file__, PACKAGE_DIR)
    )
assert hasattr(OpenSSL.version, "__gossl_version__"), "Debian's pyOpenSSL was imported"

FILES = os.environ.get("GOSSL_TEST_FILES") or os.path.join(SOURCE_ROOT, "tests", "files")


def _read(name):
    with open(os.path.join(FILES, name), "rb") as f:
        return f.read()


@pytest.fixture(scope="session")
def files_dir():
    """The directory of the test fixtures (tests/files)."""
    return FILES


@pytest.fixture(scope="session")
def read_file():
    """read_file(name) -> the bytes of fixture *name* in tests/files."""
    return _read


# Debian's pyOpenSSL, run in its own interpreter: -I drops PYTHONPATH and the
# current directory from sys.path, so "OpenSSL" there is pyOpenSSL 23.
_REFERENCE_PYTHON = "/usr/bin/python3"
_reference_ok = None


def _run_reference(code, **values):
    global _reference_ok
    if _reference_ok is None:
        try:
            out = subprocess.run(
                [_REFERENCE_PYTHON, "-I", "-c",
                 "import OpenSSL.version, OpenSSL.crypto; print(OpenSSL.version.__version__)"],
                capture_output=True, text=True, timeout=60, cwd="/",
            )
            _reference_ok = out.returncode == 0 and out.stdout.startswith("2")
        except OSError:
            _reference_ok = False
    if not _reference_ok:
        pytest.skip("Debian's pyOpenSSL is not available for comparison")
    prelude = "import warnings\nwarnings.simplefilter('ignore')\nfrom OpenSSL import crypto\n"
    prelude += "".join("%s = %r\n" % item for item in values.items())
    script = prelude + textwrap.dedent(code)
    out = subprocess.run(
        [_REFERENCE_PYTHON, "-I", "-c", script],
        capture_output=True, text=True, timeout=120, cwd="/",
        stdin=subprocess.DEVNULL,
    )
    if out.returncode != 0:
        raise AssertionError("pyOpenSSL 23 reference script failed:\n" + out.stderr)
    return ast.literal_eval(out.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="session")
def pyopenssl23():
    """pyopenssl23(code, **values) runs *code* with Debian's pyOpenSSL 23
    (``crypto`` imported, *values* bound as globals) in another process and
    returns the Python literal its last output line prints."""
    return _run_reference
