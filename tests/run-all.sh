#!/bin/bash
# Every test of gossl, from a fresh Debian 12 machine: installs what is
# needed, then
#   1. builds in build-tests/ and runs `meson test` (C GTests, pytest,
#      bindings and examples);
#   2. builds in build-asan/ with AddressSanitizer and UBSan
#      (-Db_sanitize=address,undefined) and runs the C and Python suites
#      there: any sanitizer report fails them (tests/sanitizer-wrapper.sh);
#   3. builds the libFuzzer targets in build-fuzz/ (clang) and runs each for
#      a short time (tests/fuzz/run-fuzzers.sh);
# and ends with one line "N passed, N failed, N skipped" over all three.
#
# Arguments are passed to the first `meson test` (a test name, --suite c).
# Environment: GOSSL_TEST_BUILD, GOSSL_ASAN_BUILD, GOSSL_FUZZ_BUILD (build
# directories); GOSSL_SANITIZE=0 skips step 2; GOSSL_FUZZ_SECONDS (per
# target, 20; 0 skips step 3). The long passes (10-minute fuzzing, valgrind)
# are tests/run-hardening.sh.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

bash tests/install-deps.sh || exit 1

setup () {
  local dir=$1
  shift
  if [ -d "$dir" ]; then
    meson setup --reconfigure "$dir" "$@"
  else
    meson setup "$dir" "$@"
  fi
}

status=0
sources=()

# --- 1. the regular build ------------------------------------------------------
build=${GOSSL_TEST_BUILD:-build-tests}
setup "$build" || exit 1
meson compile -C "$build" || exit 1
# No stdin: nothing may ever prompt (a passphrase prompt would hang here).
meson test -C "$build" --print-errorlogs --num-processes 1 "$@" </dev/null || status=1
sources+=("$build")

# --- 2. AddressSanitizer and UBSan ------------------------------------------------
if [ "${GOSSL_SANITIZE:-1}" != 0 ]; then
  asan=${GOSSL_ASAN_BUILD:-build-asan}
  echo "=== sanitizer build ($asan): C and Python suites under ASan and UBSan"
  # The build runs instrumented programs (g-ir-scanner's dumper): no leak
  # check there, it is no test.
  if setup "$asan" -Db_sanitize=address,undefined -Db_lundef=false -Ddocs=false \
       >"$top/$asan.setup.log" 2>&1 && ASAN_OPTIONS=detect_leaks=0 meson compile -C "$asan"; then
    meson test -C "$asan" --suite c --suite python --print-errorlogs --num-processes 1 \
      --wrapper "$top/tests/sanitizer-wrapper.sh" </dev/null || status=1
    sources+=("$asan")
  else
    cat "$top/$asan.setup.log"
    echo "sanitizer build failed"
    status=1
    sources+=("$asan")
  fi
  rm -f "$top/$asan.setup.log"
fi

# --- 3. a short fuzz pass ------------------------------------------------------
fuzz_seconds=${GOSSL_FUZZ_SECONDS:-20}
if [ "$fuzz_seconds" != 0 ]; then
  fuzz=${GOSSL_FUZZ_BUILD:-build-fuzz}
  echo "=== fuzz pass ($fuzz): ${fuzz_seconds} s per target"
  rm -f "$fuzz/fuzz-junit.xml"
  GOSSL_FUZZ_BUILD=$fuzz bash tests/fuzz/run-fuzzers.sh "$fuzz_seconds" </dev/null || status=1
  sources+=("$fuzz/fuzz-junit.xml")
fi

/usr/bin/python3 tests/summarize.py "${sources[@]}" || status=1
exit $status
