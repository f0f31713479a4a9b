"""pyOpenSSL 23.0.0's own test suite, run against this package.

The suite and the pytest plugin that runs it (``gossl_compat_shim``) are
reference material kept beside the project, in ``../shared/conformance``
(or where ``GOSSL_CONFORMANCE`` says); they are never copied into it. Every
test there must pass except the ones ``docs/manual-notes.md`` lists, each
with its reason, and every listed test must fail: the list is exactly what
fails, so a test that starts passing, or a new failure, fails this test.
"""

import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest

from child_process import run_python
from conftest import SOURCE_ROOT

NOTES = os.path.join(SOURCE_ROOT, "docs", "manual-notes.md")
LIST_HEADING = "## pyOpenSSL 23.0.0's own tests that fail here"


def _conformance_dir():
    candidates = [
        os.environ.get("GOSSL_CONFORMANCE"),
        os.path.join(SOURCE_ROOT, "..", "shared", "conformance"),
    ]
    for path in candidates:
        if path and os.path.isfile(os.path.join(path, "gossl_compat_shim.py")):
            return os.path.abspath(path)
    return None


def documented_failures():
    """``{test id: reason}`` from the table under LIST_HEADING. An id
    without ``[...]`` stands for every parametrization of the test."""
    with open(NOTES, encoding="utf-8") as f:
        text = f.read()
    start = text.index(LIST_HEADING) + len(LIST_HEADING)
    end = text.find("\n## ", start)
    section = text[start:] if end == -1 else text[start:end]
    rows = {}
    for line in section.splitlines():
        m = re.match(r"\|\s*`([^`]+)`\s*\|\s*(.+?)\s*\|\s*$", line)
        if m:
            rows[m.group(1)] = m.group(2)
    return rows


def _matches(test_id, documented):
    return test_id == documented or (
        "[" not in documented and test_id.startswith(documented + "[")
    )


def run_suite(tmp_path):
    material = _conformance_dir()
    if material is None:
        pytest.skip("pyOpenSSL 23.0.0's suite is not beside the project (../shared/conformance)")
    tests = tmp_path / "tests"
    shutil.copytree(os.path.join(material, "pyopenssl-23.0.0", "tests"), tests)
    junit = tmp_path / "junit.xml"
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [os.path.join(SOURCE_ROOT, "introspection", "python"), material, env.get("PYTHONPATH", "")]
    )
    env["GOSSL_SHIM_TESTS"] = str(tests)
    out = run_python(
        "import sys, pytest\n"
        "sys.exit(pytest.main(sys.argv[1:]))",
        "-q", "-p", "no:cacheprovider", "-o", "addopts=", "-p", "gossl_compat_shim",
        "-p", "no:flaky", "--junitxml", str(junit), str(tests),
        env=env, cwd=str(tmp_path), capture_output=True, text=True,
        stdin=subprocess.DEVNULL, timeout=1200,
    )
    assert junit.exists(), out.stdout[-3000:] + out.stderr[-3000:]
    outcomes = {}
    for case in ET.parse(junit).getroot().iter("testcase"):
        module = case.get("classname", "").split(".")
        # classname is "tests.test_ssl.TestContext" or "tests.test_util"
        file_part = next((p for p in module if p.startswith("test_")), "")
        classes = module[module.index(file_part) + 1:] if file_part else []
        test_id = "::".join([file_part + ".py"] + classes + [case.get("name")])
        if case.find("failure") is not None or case.find("error") is not None:
            outcomes[test_id] = "failed"
        elif case.find("skipped") is not None:
            outcomes[test_id] = "skipped"
        else:
            outcomes[test_id] = "passed"
    return outcomes, out


def test_documented_list_is_well_formed():
    rows = documented_failures()
    for test_id, reason in rows.items():
        assert re.match(r"test_\w+\.py::", test_id), test_id
        assert len(reason) > 10, "say why %s fails" % test_id


def test_exactly_the_documented_tests_fail(tmp_path):
    outcomes, out = run_suite(tmp_path)
    documented = documented_failures()
    passed = [t for t, o in outcomes.items() if o == "passed"]
    failed = sorted(t for t, o in outcomes.items() if o == "failed")
    # The suite really ran (pyOpenSSL 23 itself passes 534 of its 536).
    assert len(outcomes) > 500, out.stdout[-3000:]
    unexplained = [t for t in failed if not any(_matches(t, d) for d in documented)]
    now_passing = [d for d in documented if not any(_matches(t, d) for t in failed)]
    assert not unexplained, "failing, not in docs/manual-notes.md:\n" + "\n".join(unexplained)
    assert not now_passing, "listed in docs/manual-notes.md, but not failing:\n" + "\n".join(now_passing)
    assert len(passed) > len(outcomes) // 2
