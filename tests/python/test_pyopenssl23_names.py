"""Every public name of pyOpenSSL 23.0.0's ``OpenSSL``, ``crypto``, ``SSL``,
``rand`` and ``version`` modules exists in this package: the list of the ones
it lacks is empty.

"Public" is what a program can import from pyOpenSSL's module and mean
pyOpenSSL's thing: names without a leading underscore, minus what the module
merely imported from elsewhere (``typing`` helpers, ``socket``, ``os``,
``cryptography``'s modules, ``errno.errorcode``, ``sys.platform``).
"""

import importlib
import json
import subprocess

import pytest

from ssl_helpers import python_without_our_package

MODULES = ["OpenSSL", "OpenSSL.crypto", "OpenSSL.SSL", "OpenSSL.rand", "OpenSSL.version"]

_LISTER = r'''
import errno, importlib, json, sys, types, warnings
warnings.simplefilter("ignore")
out = {}
for m in %r:
    mod = importlib.import_module(m)
    names = []
    for n in dir(mod):
        if n.startswith("_"):
            continue
        v = getattr(mod, n)
        if isinstance(v, types.ModuleType):
            if v.__name__.startswith("OpenSSL."):
                names.append(n)
            continue
        if v is errno.errorcode or v is sys.platform:
            continue
        owner = getattr(v, "__module__", None) or ""
        if (callable(v) or isinstance(v, type)) and not owner.startswith("OpenSSL"):
            continue
        if owner == "typing" or type(v).__module__ == "typing":
            continue
        names.append(n)
    out[m] = sorted(names)
print(json.dumps(out))
''' % (MODULES,)


def public_names(argv):
    out = subprocess.run(argv + ["-c", _LISTER], capture_output=True, text=True, timeout=120,
                         stdin=subprocess.DEVNULL, cwd="/")
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_no_public_name_of_pyopenssl23_is_missing():
    reference = public_names(python_without_our_package())
    if not reference["OpenSSL.crypto"]:
        pytest.skip("Debian's pyOpenSSL 23 is not installed")
    ours = {}
    exec(compile(_LISTER.replace("print(json.dumps(out))", "result = out"), "<lister>", "exec"),
         {"__name__": "lister"}, ours)
    missing = {m: sorted(set(reference[m]) - set(ours["result"][m])) for m in MODULES}
    assert missing == {m: [] for m in MODULES}
    # The measure measures something: pyOpenSSL's SSL module has its ~100 names.
    assert len(reference["OpenSSL.SSL"]) > 90 and len(reference["OpenSSL.crypto"]) > 30
