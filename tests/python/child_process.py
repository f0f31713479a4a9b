"""The one way the Python tests run code in a child interpreter (a crash in
the child fails one test, not the suite).

Under the sanitizer build (tests/sanitizer-wrapper.sh) the gossl library is
built with ASan, and a Python interpreter can only load it with the ASan
runtime preloaded: the wrapper says where it is in GOSSL_CHILD_PRELOAD. The
child gets it as LD_PRELOAD and drops it from its own environment again at
once, as the wrapper does for the suite's interpreter, so that the programs
the child starts (openssl, curl) run without it.
"""

import os
import subprocess
import sys

_DROP_PRELOAD = "import os as _os\n_os.environ.pop('LD_PRELOAD', None)\ndel _os\n"


def run_python(code, *argv, **kwargs):
    """``subprocess.run([python, "-c", code, *argv], **kwargs)`` with the
    environment the child needs."""
    env = dict(kwargs.pop("env", None) or os.environ)
    preload = env.get("GOSSL_CHILD_PRELOAD")
    if preload:
        env["LD_PRELOAD"] = preload
        code = _DROP_PRELOAD + code
    return subprocess.run([sys.executable, "-c", code, *argv], env=env, **kwargs)
