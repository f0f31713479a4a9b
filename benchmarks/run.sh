#!/bin/bash
# gossl's benchmarks, the one command: builds a release tree (build-bench/,
# -Dbuildtype=release -Dbenchmarks=true), runs every benchmark (C: gossl vs
# plain OpenSSL; Python: gossl's OpenSSL package vs pyOpenSSL 23 vs the
# stdlib ssl module; memory over 10,000 handshakes), prints the table and
# saves benchmarks/results/results.{json,csv}, table.md, ratios.svg (and
# scale.svg after a scale run).
#
#   bash benchmarks/run.sh [--quick] [--runs N] [--bulk-mib N] [--only c,python,crypto,mem,scale]
#                          [--pin one|split|none] [--cpu N] [--instructions | --instructions-only]
#                          [--scale-ns LIST] [--scale-timeout S] [--echo-seconds S] [--update-docs]
#
# --update-docs also copies the table and the chart into docs/benchmarks.md
# and docs/benchmarks.svg. Run it on an otherwise idle machine: it waits
# (a bounded time) for the CPUs to be quiet before each sample and takes a
# disturbed sample again, but cannot make a busy machine quiet. The full run
# takes about 7 minutes on 2 idle CPUs; --bulk-mib 64 shortens the bulk tests.
# Exit status 1 when gossl's memory grows over the 10,000 handshakes.
# The scale benchmark (up to 10,000 concurrent connections, gossl next to
# glib-networking, asyncio and uvloop) runs only when asked for:
# `--only scale` (about 25 minutes; with --quick N = 100 and 1,000 only).
# --echo-seconds S makes its echo phase longer than 2 s, to see whether a
# server's memory stays bounded (e.g. --only scale --quick --echo-seconds 20).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

update_docs=0
args=()
for a in "$@"; do
  case "$a" in
    --update-docs) update_docs=1 ;;
    *) args+=("$a") ;;
  esac
done

# What the build and the contenders need, from Debian 12's packages.
packages=(build-essential meson ninja-build pkg-config libglib2.0-dev libssl-dev openssl
          gobject-introspection libgirepository1.0-dev gir1.2-glib-2.0
          python3 python3-gi python3-openssl
          glib-networking gjs python3-uvloop)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing: ${missing[*]}"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

build=${GOSSL_BENCH_BUILD:-build-bench}
opts=(-Dbuildtype=release -Dbenchmarks=true -Dtests=false -Dvapi=false -Ddocs=false
      -Dgir_fatal_warnings=false)
if [ -d "$build" ]; then
  meson setup --reconfigure "$build" "${opts[@]}" >/dev/null
else
  meson setup "$build" "${opts[@]}" >/dev/null
fi
echo "Building $build (release)..."
ninja -C "$build" >/dev/null
# Nothing else of ours may run while measuring: the build is finished here.

# The scale benchmark holds up to 10,000 connections in each of two
# processes: every descriptor the hard limit allows.
ulimit -n "$(ulimit -Hn)"

# Debian's interpreter: the one with gi and pyOpenSSL 23, whatever PATH says.
python=/usr/bin/python3
out=benchmarks/results
status=0
"$python" benchmarks/run.py --build-dir "$build" --out "$out" ${args[@]+"${args[@]}"} || status=$?
if [ -f "$out/results.json" ]; then
  # Instruction counts of a separate --instructions-only run join the table.
  ir=()
  if [ -f "$out/instructions.json" ] && ! grep -q '"instructions"' "$out/results.json"; then
    ir=(--instructions "$out/instructions.json")
  fi
  "$python" benchmarks/chart.py "$out/results.json" ${ir[@]+"${ir[@]}"} \
    --svg "$out/ratios.svg" --scale-svg "$out/scale.svg" --markdown "$out/table.md"
  echo "charts: $out/ratios.svg, $out/scale.svg (scale runs); Markdown table: $out/table.md"
  if [ $update_docs -eq 1 ]; then
    # Each chart and each section of the page only from a run that has it.
    "$python" benchmarks/chart.py "$out/results.json" ${ir[@]+"${ir[@]}"} \
      --svg docs/benchmarks.svg --scale-svg docs/benchmarks-scale.svg \
      --update-doc docs/benchmarks.md
    echo "docs/benchmarks.md and its charts updated"
  fi
fi
exit $status
