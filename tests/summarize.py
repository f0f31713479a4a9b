#!/usr/bin/env python3
"""Print one closing line, "N passed, N failed", for a meson test run.

meson counts test programs; CI wants test cases. Cases come from meson's
JUnit log (GTest's TAP subtests) and from pytest's own JUnit file; a program
that failed without a failing case (a crash, a bail-out, a timeout) counts
as one failure more, so a crash can never read as a pass.

Usage: summarize.py BUILD_DIR
"""
import json
import os
import sys
import xml.etree.ElementTree as ET


def junit_counts(path):
    passed = failed = skipped = 0
    for case in ET.parse(path).getroot().iter('testcase'):
        if case.find('failure') is not None or case.find('error') is not None:
            failed += 1
        elif case.find('skipped') is not None:
            skipped += 1
        else:
            passed += 1
    return passed, failed, skipped


def main(build_dir):
    logs = os.path.join(build_dir, 'meson-logs')
    results = {}
    with open(os.path.join(logs, 'testlog.json')) as f:
        for line in f:
            if line.strip():
                entry = json.loads(line)
                results[entry['name'].split(' / ', 1)[-1]] = entry['result']

    per_suite = {}
    junit = os.path.join(logs, 'testlog.junit.xml')
    if os.path.exists(junit):
        for suite in ET.parse(junit).getroot().iter('testsuite'):
            name = suite.get('name').split(' / ', 1)[-1]
            p = f = s = 0
            for case in suite.iter('testcase'):
                if case.find('failure') is not None or case.find('error') is not None:
                    f += 1
                elif case.find('skipped') is not None:
                    s += 1
                else:
                    p += 1
            per_suite[name] = (p, f, s)

    pytest_files = {}
    for root, _dirs, files in os.walk(build_dir):
        for fn in files:
            if fn.endswith('-junit.xml'):
                pytest_files[fn[:-len('-junit.xml')]] = os.path.join(root, fn)

    passed = failed = skipped = 0
    for name, result in sorted(results.items()):
        if name in pytest_files:
            p, f, s = junit_counts(pytest_files[name])
        else:
            p, f, s = per_suite.get(name, (0, 0, 0))
        ok = result in ('OK', 'EXPECTEDFAIL', 'SKIP')
        if result == 'SKIP' and p + f + s == 0:
            s += 1
        elif not ok and f == 0:
            f += 1
        elif ok and p + f + s == 0:
            p += 1
        passed, failed, skipped = passed + p, failed + f, skipped + s
        print(f'  {name}: {result} ({p} passed, {f} failed, {s} skipped)')

    print(f'{passed} passed, {failed} failed, {skipped} skipped')
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1]))
