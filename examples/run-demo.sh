#!/bin/bash
# gossl's demo from a fresh Debian 12 machine: installs what is needed, builds
# in build-demo/, then runs examples/demo.py with the uninstalled library:
# a CA and a server certificate made by OpenSSL.crypto, and a TLS echo
# server and client through OpenSSL.SSL that verify against that CA.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

bash tests/install-deps.sh
build=build-demo
if [ -d "$build" ]; then meson setup --reconfigure "$build" >/dev/null; else meson setup "$build" >/dev/null; fi
meson compile -C "$build" >/dev/null

# The interpreter that can import gi (Debian's), whatever PATH says.
python=$(for p in python3 /usr/bin/python3; do command -v "$p" >/dev/null && "$p" -c 'import gi' 2>/dev/null && { command -v "$p"; break; }; done)
[ -n "$python" ] || { echo "no Python with gi found" >&2; exit 1; }

export GI_TYPELIB_PATH="$top/$build/introspection${GI_TYPELIB_PATH:+:$GI_TYPELIB_PATH}"
export LD_LIBRARY_PATH="$top/$build/gossl${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export PYTHONPATH="$top/introspection/python${PYTHONPATH:+:$PYTHONPATH}"
exec "$python" examples/demo.py "$top/$build/demo-output"
