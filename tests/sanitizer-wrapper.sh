#!/bin/bash
# meson test --wrapper for the sanitizer build (-Db_sanitize=address,undefined):
#
#   meson test -C build-asan --wrapper "$PWD/tests/sanitizer-wrapper.sh" ...
#
# Any sanitizer report fails the test: ASan and UBSan stop at the first
# one (UBSan would only print and go on by default). C tests run with
# LeakSanitizer on. Python is not built with ASan, so for it the runtime is
# preloaded (it must come first) and leak detection is off: the interpreter
# keeps memory until exit by design (valgrind's pass in run-hardening.sh
# checks gossl's leaks under Python). The preload is taken out of the
# environment again inside Python, so the programs the tests start
# (openssl, curl, another Python) run without it: curl, for one, hangs
# with ASan preloaded.
#
# SPDX-License-Identifier: Apache-2.0

set -euo pipefail

export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:abort_on_error=1:print_stacktrace=1}
asan_common=halt_on_error=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1

case "$(basename "$1")" in
  python*)
    py=$1
    shift
    libasan=$(gcc -print-file-name=libasan.so)
    export ASAN_OPTIONS=${ASAN_OPTIONS:-$asan_common:detect_leaks=0}
    export LD_PRELOAD="$libasan${LD_PRELOAD:+ $LD_PRELOAD}"
    # For the Python children the tests start (tests/python/child_process.py).
    export GOSSL_CHILD_PRELOAD="$libasan"
    exec "$py" -c '
import os, runpy, sys
os.environ.pop("LD_PRELOAD", None)
args = sys.argv[1:]
if args[:1] == ["-m"]:
    sys.argv = [args[1]] + args[2:]
    runpy.run_module(args[1], run_name="__main__", alter_sys=True)
else:
    sys.argv = args
    runpy.run_path(args[0], run_name="__main__")
' "$@"
    ;;
  *)
    export ASAN_OPTIONS=${ASAN_OPTIONS:-$asan_common:detect_leaks=1}
    exec "$@"
    ;;
esac
