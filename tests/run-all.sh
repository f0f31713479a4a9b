#!/bin/bash
# Every test of gossl, from a fresh Debian 12 machine: installs what is
# needed, builds in build-tests/, runs `meson test` (C GTests, pytest,
# bindings and examples), and ends with one line "N passed, N failed".
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

bash tests/install-deps.sh || exit 1

build=${GOSSL_TEST_BUILD:-build-tests}
if [ -d "$build" ]; then
  meson setup --reconfigure "$build" || exit 1
else
  meson setup "$build" || exit 1
fi
meson compile -C "$build" || exit 1

# No stdin: nothing may ever prompt (a passphrase prompt would hang here).
meson test -C "$build" --print-errorlogs --num-processes 1 "$@" </dev/null
status=$?

/usr/bin/python3 tests/summarize.py "$build" || status=1
exit $status
