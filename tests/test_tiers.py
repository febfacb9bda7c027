"""The two tiers: `make test-fast` leaves out exactly the tests that need a browser, Java or Node,
and the markers that decide it cannot lie (tests/conftest.py)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

from conftest import ROOT

SAMPLE = '''
import subprocess, pytest

def test_unmarked_starts_node():
    subprocess.run(["node", "--version"], capture_output=True)

@pytest.mark.node
def test_marked_starts_node():
    subprocess.run(["node", "--version"], capture_output=True)

@pytest.mark.browser
def test_marked_and_skipped():
    pytest.skip("no browser here")

def test_plain():
    assert True
'''


def _run_sample(tmp_path, *args: str, ci: bool) -> subprocess.CompletedProcess:
    shutil.copy(ROOT / "tests/conftest.py", tmp_path / "conftest.py")
    (tmp_path / "pytest.ini").write_text((ROOT / "pytest.ini").read_text(encoding="utf-8")
                                         .replace("testpaths = tests", "testpaths = .")
                                         .replace("pythonpath = tests scripts", f"pythonpath = . {ROOT / 'scripts'}"))
    (tmp_path / "test_sample.py").write_text(SAMPLE, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "CI"} | ({"CI": "true"} if ci else {})
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *args], cwd=tmp_path,
                          env=env, capture_output=True, text=True, timeout=120)


def test_a_test_that_starts_node_without_its_marker_fails(tmp_path):
    result = _run_sample(tmp_path, "-k", "starts_node", ci=False)
    assert "test_unmarked_starts_node runs node but is not marked @pytest.mark.node" in result.stdout, result.stdout
    assert re.search(r"1 failed, 1 passed", result.stdout), result.stdout


def test_under_ci_a_skipped_browser_test_fails(tmp_path):
    local = _run_sample(tmp_path, "-k", "skipped", ci=False)
    assert "1 skipped" in local.stdout and local.returncode == 0, local.stdout
    ci = _run_sample(tmp_path, "-k", "skipped", ci=True)
    assert "1 failed" in ci.stdout and ci.returncode == 1, ci.stdout


def test_the_fast_tier_leaves_out_the_marked_tests_and_no_others(tmp_path):
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    tools = re.search(r"^NEEDS_TOOLS = (.+)$", makefile, re.M).group(1)
    markers = re.search(r"^markers =\n((?:    .+\n)+)", (ROOT / "pytest.ini").read_text(encoding="utf-8"), re.M).group(1)
    assert set(re.findall(r"\w+", tools)) - {"or"} == set(re.findall(r"^    (\w+):", markers, re.M))
    result = _run_sample(tmp_path, "--collect-only", "-m", f"not ({tools})", ci=False)
    assert "test_plain" in result.stdout and "test_unmarked_starts_node" in result.stdout
    assert "test_marked_starts_node" not in result.stdout and "test_marked_and_skipped" not in result.stdout


def test_make_test_runs_every_test_on_every_cpu_and_ci_runs_make_test():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    full = re.search(r"^test: .*\n\t(.+)$", makefile, re.M).group(1)
    assert " -m \"" not in full and " -k " not in full and "-n $(JOBS)" in full
    fast = re.search(r"^test-fast: .*\n\t(.+)$", makefile, re.M).group(1)
    assert "-m \"not ($(NEEDS_TOOLS))\"" in fast
    # Only the quick tier draws fewer damaged data files (tests/conftest.py); the whole suite and
    # CI draw the thorough number.
    assert "--hypothesis-profile=quick" in fast and "hypothesis-profile" not in full
    from hypothesis import settings
    assert settings.get_profile("quick").max_examples < settings.get_profile("thorough").max_examples
    ci = (ROOT / ".ci/run").read_text(encoding="utf-8")
    assert "export CI=true" in ci and re.search(r"^make test$", ci, re.M) and "set -euo pipefail" in ci
