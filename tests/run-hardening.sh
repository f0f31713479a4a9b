#!/bin/bash
# The long hardening passes, beyond what CI (tests/run-all.sh) runs:
#
#   1. fuzzing: every libFuzzer target for 10 minutes (build-fuzz/);
#   2. valgrind memcheck over every C test program and over a Python run of
#      the TLS tests (tests/python/test_ssl*.py), in a plain build
#      (build-valgrind/): no memory error, and no "definitely lost" block
#      left once the one-time allocations of Python, GLib and PyGObject in
#      tests/valgrind.supp are set aside;
#   3. the thread stress tests at full scale (8 threads x 200 connections x
#      1 MiB, in C and from Python) under ASan and UBSan (build-asan/).
#
# Usage: tests/run-hardening.sh [fuzz|valgrind|stress]...   (default: all)
# Environment: GOSSL_FUZZ_SECONDS (per target, 600), GOSSL_FUZZ_BUILD,
# GOSSL_VALGRIND_BUILD, GOSSL_ASAN_BUILD. It takes about 90 minutes on 2
# cores and prints, per pass, the figures: executions and coverage per fuzz
# target, definitely lost bytes per program, connections completed.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

passes=("$@")
[ ${#passes[@]} -eq 0 ] && passes=(fuzz valgrind stress)
want () { [[ " ${passes[*]} " == *" $1 "* ]]; }

bash tests/install-deps.sh || exit 1
status=0

setup () {
  local dir=$1
  shift
  if [ -d "$dir" ]; then
    meson setup --reconfigure "$dir" "$@"
  else
    meson setup "$dir" "$@"
  fi
}

# --- 1. fuzzing ---------------------------------------------------------------------
if want fuzz; then
  seconds=${GOSSL_FUZZ_SECONDS:-600}
  echo "=== fuzzing: $seconds s per target"
  bash tests/fuzz/run-fuzzers.sh "$seconds" </dev/null || status=1
fi

# --- 2. valgrind ------------------------------------------------------------------
if want valgrind; then
  vg=${GOSSL_VALGRIND_BUILD:-build-valgrind}
  logs="$top/$vg/valgrind-logs"
  echo "=== valgrind memcheck ($vg)"
  setup "$vg" -Dbuildtype=debug -Ddocs=false >/dev/null || exit 1
  meson compile -C "$vg" >/dev/null || { meson compile -C "$vg"; exit 1; }
  rm -rf "$logs"
  mkdir -p "$logs"

  valgrind=(valgrind --tool=memcheck --leak-check=full --show-leak-kinds=definite
            --errors-for-leak-kinds=definite --track-origins=yes --num-callers=40
            --error-exitcode=99 --suppressions="$top/tests/valgrind.supp"
            --gen-suppressions=all)
  # GLib's slice allocator off, OpenSSL's and Python's allocators are plain
  # malloc already or made so: valgrind sees every block. The stress test
  # runs scaled down (valgrind is ~50 times slower); the full scale is pass 3.
  vgenv=(env G_SLICE=always-malloc G_DEBUG=gc-friendly PYTHONMALLOC=malloc
         GOSSL_STRESS_CONNECTIONS=3 GOSSL_STRESS_PY_CONNECTIONS=2 GOSSL_STRESS_BYTES=65536)

  # The C tests (GTests and the fuzz-input replays), one log per process.
  "${vgenv[@]}" meson test -C "$vg" --suite c --num-processes 1 --timeout-multiplier 20 \
    --print-errorlogs --wrapper "${valgrind[*]} --log-file=$logs/c-%p.log" </dev/null || status=1

  # The TLS tests through Python: OpenSSL.SSL (test_ssl*), TLS over GIO
  # streams (test_gio), the fault and (scaled) thread tests. Left out: the
  # one test that measures main-loop latency (200 ms), which valgrind's
  # slowness fails by itself.
  echo "--- Python TLS tests under valgrind"
  "${vgenv[@]}" GI_TYPELIB_PATH="$top/$vg/introspection" LD_LIBRARY_PATH="$top/$vg/gossl" \
  PYTHONPATH="$top/introspection/python" GOSSL_TEST_FILES="$top/tests/files" \
  GOSSL_SOURCE_ROOT="$top" GOSSL_BUILD_ROOT="$top/$vg" \
    "${valgrind[@]}" --log-file="$logs/python-%p.log" \
    /usr/bin/python3 -m pytest -q -p no:cacheprovider \
      --junitxml="$top/$vg/valgrind-python-junit.xml" tests/python/test_ssl*.py \
      tests/python/test_gio.py tests/python/test_faults.py tests/python/test_threads.py \
      --deselect tests/python/test_gio.py::test_client_against_openssl_www </dev/null ||
    status=1

  /usr/bin/python3 tests/valgrind-report.py "$logs" || status=1
fi

# --- 3. full-scale stress under the sanitizers --------------------------------
if want stress; then
  asan=${GOSSL_ASAN_BUILD:-build-asan}
  echo "=== thread stress at full scale under ASan and UBSan ($asan)"
  setup "$asan" -Db_sanitize=address,undefined -Db_lundef=false -Ddocs=false >/dev/null || exit 1
  # The build runs instrumented programs (g-ir-scanner's dumper): no leak
  # check there, it is no test.
  ASAN_OPTIONS=detect_leaks=0 meson compile -C "$asan" >/dev/null ||
    { ASAN_OPTIONS=detect_leaks=0 meson compile -C "$asan"; exit 1; }
  export GOSSL_STRESS_THREADS=8 GOSSL_STRESS_CONNECTIONS=200 GOSSL_STRESS_PY_CONNECTIONS=200 \
    GOSSL_STRESS_BYTES=1048576
  G_TEST_SRCDIR="$top/tests" GOSSL_TEST_FILES="$top/tests/files" \
    tests/sanitizer-wrapper.sh "$asan/tests/test-threads" --tap </dev/null || status=1
  GI_TYPELIB_PATH="$top/$asan/introspection" LD_LIBRARY_PATH="$top/$asan/gossl" \
  PYTHONPATH="$top/introspection/python" GOSSL_TEST_FILES="$top/tests/files" \
    tests/sanitizer-wrapper.sh /usr/bin/python3 -m pytest -q -s -p no:cacheprovider \
      tests/python/test_threads.py </dev/null || status=1
fi

exit $status
