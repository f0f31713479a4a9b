#!/bin/bash
# Runs every libFuzzer target of gossl for a bounded time and reports, per
# target, the executions and the coverage reached.
#
#   tests/fuzz/run-fuzzers.sh SECONDS [TARGET...]
#
# SECONDS is the time per target (CI: 20; the hardening pass: 600). It
# configures and builds the fuzzing build directory itself (clang, ASan and
# UBSan, the library instrumented for coverage): build-fuzz, or
# $GOSSL_FUZZ_BUILD. Each target starts from its committed seed corpus
# (tests/fuzz/corpus/<name>, made by make-corpora.sh) and the regression
# inputs (tests/fuzz/regressions/<name>); what it finds goes to a corpus of
# its own in the build directory, never into the source tree, and is reused
# by the next run. A crash, a leak, a sanitizer report or an input slower
# than 25 s fails the target: the input that did it is saved as
# <build>/fuzz-artifacts/<name>-crash-... (see the log next to it).
#
# Coverage is libFuzzer's: "edges" are the branches of the instrumented code
# (gossl and the fuzzer; OpenSSL and GLib are not instrumented) reached, out
# of all that exist; "features" counts finer distinctions (edge hit counts).
#
# Writes <build>/fuzz-junit.xml (one case per target) for tests/summarize.py.
# Exit status: 0 when no target failed.
#
# SPDX-License-Identifier: Apache-2.0

set -uo pipefail

if [ $# -lt 1 ] || ! [[ $1 =~ ^[0-9]+$ ]]; then
  echo "usage: $0 SECONDS [TARGET...]" >&2
  exit 2
fi
seconds=$1
shift

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cd "$top"
build=${GOSSL_FUZZ_BUILD:-build-fuzz}
all_targets=(x509 x509-req pkey pkcs7 pkcs12 tls-server tls-client)
targets=("${@:-${all_targets[@]}}")

if ! command -v clang >/dev/null; then
  echo "run-fuzzers.sh: clang is missing (apt-get install clang libclang-rt-14-dev)" >&2
  exit 1
fi

setup_args=(-Dfuzzing=true -Dintrospection=false -Dvapi=false -Ddocs=false
            -Db_sanitize=address,undefined -Db_lundef=false
            -Dc_args=-fsanitize=fuzzer-no-link -Dbuildtype=debugoptimized)
if [ -d "$build" ]; then
  meson setup --reconfigure "$build" "${setup_args[@]}" >"$build.setup.log" 2>&1
else
  CC=clang meson setup "$build" "${setup_args[@]}" >"$build.setup.log" 2>&1
fi || { cat "$build.setup.log"; exit 1; }
rm -f "$build.setup.log"
ninja -C "$build" $(printf 'tests/fuzz/fuzz-%s ' "${targets[@]}") >/dev/null ||
  { ninja -C "$build" $(printf 'tests/fuzz/fuzz-%s ' "${targets[@]}"); exit 1; }

export ASAN_OPTIONS=halt_on_error=1:abort_on_error=1:detect_leaks=1:symbolize=1
export UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1
export GOSSL_TEST_FILES="$top/tests/files"

mkdir -p "$build/fuzz-corpus" "$build/fuzz-artifacts" "$build/fuzz-logs"
failed=0
results=()
printf '%-11s %6s %12s %8s %15s %9s %8s  %s\n' \
  target seconds executions exec/s "edges" features corpus result
for t in "${targets[@]}"; do
  exe="$build/tests/fuzz/fuzz-$t"
  log="$build/fuzz-logs/$t.log"
  corpus="$build/fuzz-corpus/$t"
  mkdir -p "$corpus"
  dirs=("$corpus")
  [ -d "tests/fuzz/corpus/$t" ] && dirs+=("tests/fuzz/corpus/$t")
  [ -d "tests/fuzz/regressions/$t" ] && dirs+=("tests/fuzz/regressions/$t")

  start=$(date +%s)
  # -max_total_time does not count the loading of the corpus; the watchdog
  # (timeout) allows for it.
  timeout --kill-after=30 $((seconds + 300)) "$exe" \
    -max_total_time="$seconds" -timeout=25 -rss_limit_mb=2048 -max_len=16384 \
    -print_final_stats=1 -artifact_prefix="$build/fuzz-artifacts/$t-" \
    "${dirs[@]}" >"$log" 2>&1
  status=$?
  elapsed=$(( $(date +%s) - start ))

  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  total=$(sed -n 's/^INFO: Loaded [0-9]* modules *(\([0-9]*\) inline 8-bit counters).*/\1/p' "$log" | head -1)
  last=$(grep -E '^#[0-9]+' "$log" | grep -E ' cov: ' | tail -1)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  corp=$(sed -n 's/.* corp: \([0-9]*\)\/.*/\1/p' <<<"$last")
  edges="${cov:-?}"
  if [ -n "$cov" ] && [ -n "$total" ] && [ "$total" -gt 0 ]; then
    edges="$cov/$total ($(( cov * 100 / total ))%)"
  fi
  if [ $status -eq 0 ]; then
    result=ok
  else
    result="FAILED (exit $status, see $log)"
    failed=$((failed + 1))
  fi
  printf '%-11s %6s %12s %8s %15s %9s %8s  %s\n' \
    "$t" "$elapsed" "${execs:-?}" "${rate:-?}" "$edges" "${ft:-?}" "${corp:-?}" "$result"
  results+=("$t|$elapsed|${execs:-0}|$edges|$status|$log")
done

# JUnit, one test case per target, for tests/summarize.py.
{
  echo '<?xml version="1.0" encoding="utf-8"?>'
  echo "<testsuites><testsuite name=\"fuzz\" tests=\"${#results[@]}\" failures=\"$failed\">"
  for r in "${results[@]}"; do
    IFS='|' read -r t elapsed execs edges status log <<<"$r"
    echo "<testcase classname=\"fuzz\" name=\"fuzz-$t\" time=\"$elapsed\">"
    echo "<system-out>$execs executions, coverage $edges</system-out>"
    if [ "$status" != 0 ]; then
      echo "<failure message=\"exit status $status\">$(tail -40 "$log" | sed 's/&/\&amp;/g; s/</\&lt;/g; s/>/\&gt;/g')</failure>"
    fi
    echo "</testcase>"
  done
  echo "</testsuite></testsuites>"
} >"$build/fuzz-junit.xml"

if [ $failed -ne 0 ]; then
  echo "$failed fuzz target(s) failed; inputs in $build/fuzz-artifacts/" >&2
  for r in "${results[@]}"; do
    IFS='|' read -r t elapsed execs edges status log <<<"$r"
    [ "$status" != 0 ] && { echo "--- $t ---" >&2; grep -E -A12 'ERROR|ERROR:|runtime error|Test unit written|deadly signal|timeout' "$log" | head -40 >&2; }
  done
  exit 1
fi
exit 0
