#!/usr/bin/env python3
"""Sum up the valgrind memcheck logs of tests/run-hardening.sh.

Usage: valgrind-report.py LOG_DIR

For every log (one per process valgrind followed): the program, its error
count (memory errors, and definitely lost records, which the pass counts as
errors), and the "definitely lost" bytes and blocks left after the
suppressions of tests/valgrind.supp. A loss record whose allocation stack
passes through gossl (a gossl_* function, or libgossl) is attributable to
gossl. Exit status 1 when any process had a memory error or lost a block
attributable to gossl; definite losses elsewhere are listed for a look (a
new one-time allocation of Python or GLib belongs in valgrind.supp, with
its reason).
"""
import glob
import os
import re
import sys

_COMMAND = re.compile(r"^==\d+== Command: (.*)$", re.M)
_ERRORS = re.compile(r"ERROR SUMMARY: (\d+) errors from (\d+) contexts")
_RECORD = re.compile(
    r"^==\d+== ([\d,]+) (?:\(([\d,]+) direct, [\d,]+ indirect\) )?bytes in ([\d,]+) blocks "
    r"are definitely lost in loss record [\d,]+ of [\d,]+\n((?:==\d+==\s+(?:at|by) .*\n)+)",
    re.M,
)
_SUPPRESSED = re.compile(r"^==\d+==\s+suppressed: ([\d,]+) bytes in ([\d,]+) blocks", re.M)
_GOSSL_FRAME = re.compile(r"\b(gossl_\w+|libgossl-\d|/gossl/gossl-[\w-]+\.c|LLVMFuzzer)")


def num(text):
    return int(text.replace(",", ""))


def analyse(path):
    with open(path, errors="replace") as f:
        text = f.read()
    command = _COMMAND.search(text)
    errors = _ERRORS.findall(text)
    report = {
        "command": command.group(1) if command else "?",
        "errors": num(errors[-1][0]) if errors else 0,
        "complete": bool(errors),
        "lost_bytes": 0,
        "lost_blocks": 0,
        "gossl_bytes": 0,
        "gossl_blocks": 0,
        "suppressed_bytes": sum(num(b) for b, _n in _SUPPRESSED.findall(text)),
        "gossl_stacks": [],
        "other_stacks": [],
    }
    for total, direct, blocks, stack in _RECORD.findall(text):
        size = num(direct or total)
        count = num(blocks)
        report["lost_bytes"] += size
        report["lost_blocks"] += count
        if _GOSSL_FRAME.search(stack):
            report["gossl_bytes"] += size
            report["gossl_blocks"] += count
            report["gossl_stacks"].append(stack)
        else:
            report["other_stacks"].append(stack)
    return report


def short(command):
    words = command.split()
    for i, w in enumerate(words):
        if w.endswith("pytest"):
            return "python -m pytest " + " ".join(os.path.basename(x) for x in words[i + 1:]
                                                  if x.endswith(".py"))[:60]
    return os.path.basename(words[0]) if words else "?"


def main(log_dir):
    logs = sorted(glob.glob(os.path.join(log_dir, "*.log")))
    if not logs:
        print("no valgrind logs in %s" % log_dir)
        return 1
    totals = {"errors": 0, "lost_bytes": 0, "lost_blocks": 0, "gossl_bytes": 0, "gossl_blocks": 0,
              "suppressed_bytes": 0}
    print("%-44s %7s %14s %14s %11s" % ("program", "errors", "def. lost", "of it gossl",
                                        "suppressed"))
    failed = False
    unfollowed = 0
    for path in logs:
        r = analyse(path)
        # A child forked to exec another program (openssl, curl) leaves a
        # log of a few lines: valgrind does not follow the exec.
        if r["command"] == "?" or not r["complete"]:
            unfollowed += 1
            continue
        for key in totals:
            totals[key] += r[key]
        print("%-44s %7d %8d B/%3d %8d B/%3d %9d B" % (
            short(r["command"])[:44], r["errors"], r["lost_bytes"], r["lost_blocks"],
            r["gossl_bytes"], r["gossl_blocks"], r["suppressed_bytes"]))
        if r["errors"] or r["gossl_blocks"]:
            failed = True
        for stack in r["gossl_stacks"]:
            print("  lost through gossl (%s):\n%s" % (os.path.basename(path), stack))
        for stack in r["other_stacks"]:
            print("  lost outside gossl (%s), not in valgrind.supp:\n%s" % (
                os.path.basename(path), stack))
    if unfollowed:
        print("(%d child processes that exec'd another program, not followed)" % unfollowed)
    print("total: %d errors; definitely lost %d bytes in %d blocks, of which "
          "%d bytes in %d blocks through gossl; %d bytes suppressed (valgrind.supp)" % (
              totals["errors"], totals["lost_bytes"], totals["lost_blocks"],
              totals["gossl_bytes"], totals["gossl_blocks"], totals["suppressed_bytes"]))
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
