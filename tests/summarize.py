#!/usr/bin/env python3
"""Print one closing line, "N passed, N failed, N skipped", for the test runs
of tests/run-all.sh.

meson counts test programs; CI wants test cases. Cases come from meson's
JUnit log (GTest's TAP subtests) and from pytest's own JUnit file; a program
that failed without a failing case (a crash, a bail-out, a timeout) counts
as one failure more, so a crash can never read as a pass.

Usage: summarize.py SOURCE [SOURCE...]

Each SOURCE is a meson build directory (its last `meson test` run: the
newest meson-logs/testlog*.json, since `meson test --wrapper X` writes
testlog-X.json), or a JUnit XML file (the fuzz pass's fuzz-junit.xml).
With several sources each line names its source, and the closing line adds
them all up. A source that does not exist counts as one failure.
"""
import glob
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

# Characters XML 1.0 does not allow: test output (colour escapes) sometimes
# holds them, and meson copies it into its JUnit file as is.
_XML_INVALID = re.compile('[\x00-\x08\x0b\x0c\x0e-\x1f]')


def parse_xml(path):
    with open(path, encoding='utf-8', errors='replace') as f:
        text = f.read()
    return ET.fromstring(_XML_INVALID.sub('', text))


def case_counts(element):
    passed = failed = skipped = 0
    for case in element.iter('testcase'):
        if case.find('failure') is not None or case.find('error') is not None:
            failed += 1
        elif case.find('skipped') is not None:
            skipped += 1
        else:
            passed += 1
    return passed, failed, skipped


def meson_results(build_dir):
    """[(test name, result, (passed, failed, skipped))] of the last run."""
    logs = os.path.join(build_dir, 'meson-logs')
    candidates = glob.glob(os.path.join(logs, 'testlog*.json'))
    if not candidates:
        raise FileNotFoundError('no meson test log in %s' % logs)
    log = max(candidates, key=os.path.getmtime)
    results = {}
    started = {}
    with open(log) as f:
        for line in f:
            if line.strip():
                entry = json.loads(line)
                name = entry['name'].split(' / ', 1)[-1]
                results[name] = entry['result']
                started[name] = entry.get('starttime', 0)

    per_suite = {}
    junit = log[:-len('.json')] + '.junit.xml'
    if os.path.exists(junit):
        for suite in parse_xml(junit).iter('testsuite'):
            per_suite[suite.get('name').split(' / ', 1)[-1]] = case_counts(suite)

    pytest_files = {}
    for root, _dirs, files in os.walk(build_dir):
        for fn in files:
            if fn.endswith('-junit.xml'):
                pytest_files[fn[:-len('-junit.xml')]] = os.path.join(root, fn)

    out = []
    for name, result in sorted(results.items()):
        # A pytest that crashed left the file of an earlier run, if any.
        if name in pytest_files and os.path.getmtime(pytest_files[name]) >= started[name]:
            p, f, s = case_counts(parse_xml(pytest_files[name]))
        else:
            p, f, s = per_suite.get(name, (0, 0, 0))
        ok = result in ('OK', 'EXPECTEDFAIL', 'SKIP')
        if result == 'SKIP' and p + f + s == 0:
            s += 1
        elif not ok and f == 0:
            f += 1
        elif ok and p + f + s == 0:
            p += 1
        out.append((name, result, (p, f, s)))
    return out


def junit_results(path):
    out = []
    for case in parse_xml(path).iter('testcase'):
        counts = case_counts(case)
        out.append((case.get('name'), 'OK' if counts[1] == 0 else 'FAIL', counts))
    return out


def main(sources):
    passed = failed = skipped = 0
    for source in sources:
        label = '%s: ' % source if len(sources) > 1 else ''
        try:
            if os.path.isdir(source):
                results = meson_results(source)
            else:
                results = junit_results(source)
        except (OSError, ET.ParseError, ValueError) as e:
            print('  %s(no results: %s)' % (label, e))
            failed += 1
            continue
        for name, result, (p, f, s) in results:
            passed, failed, skipped = passed + p, failed + f, skipped + s
            print(f'  {label}{name}: {result} ({p} passed, {f} failed, {s} skipped)')

    print(f'{passed} passed, {failed} failed, {skipped} skipped')
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == '__main__':
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1:]))
