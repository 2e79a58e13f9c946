"""Another state's protocol builds this whole site with no code change, and the data-driven
tests hold for it as they do for protocol.yaml: each folder under tests/fixtures/jurisdictions/
(a made-up state's protocol.yaml, and a translation if it has one) is the protocol the tests
read and the site they build (HT_PROTOCOL_DIR, tests/conftest.py). Tests that need a file the
jurisdiction lacks (its translation, its published text: the `needs` mark) skip, saying why."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import FIXTURES, ROOT

JURISDICTIONS = sorted(p for p in (FIXTURES / "jurisdictions").iterdir() if (p / "protocol.yaml").is_file())
# The test files whose expectations come from the protocol under test (the `protocol`, `page` and
# `site` fixtures); the others test the checker and the tooling with fixtures of their own, the
# same whatever protocol.yaml says, and run once, in the main suite.
DATA_DRIVEN = [f"tests/{name}" for name in (
    "test_decision_paths.py", "test_every_door.py", "test_reference_pages.py", "test_card_and_print.py",
    "test_privacy_and_safety.py", "test_exports.py", "test_version_and_changelog.py", "test_internal_links.py",
    "test_change_review.py", "test_search.py", "test_phone_and_accessibility.py", "test_offline_copy.py")]
# Besides every test without a browser (every route's result in the widget's data and on its
# no-JS page, every contact's links, the order rules, the card's estimate): the prints, printed
# by Chromium, fit their paper with every number, and the widget shows every route's result
# whatever the shape of the questions (the danger question second, a TTY button).
BROWSER_FILES = ["tests/test_prints.py", "tests/test_decision_widget.py"]


def run_suite(folder, site_dir, marks: str, *files: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, HT_PROTOCOL_DIR=str(folder), HT_TEST_SITE_DIR=str(site_dir))
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist",
                           "-m", marks, *files],
                          cwd=ROOT, env=env, capture_output=True, text=True)


@pytest.mark.parametrize("folder", JURISDICTIONS, ids=[p.name for p in JURISDICTIONS])
def test_another_jurisdictions_site_builds_and_passes_the_data_driven_tests(folder, tmp_path):
    quick = run_suite(folder, tmp_path, "not browser and not slow", *DATA_DRIVEN)
    assert quick.returncode == 0, quick.stdout[-6000:] + quick.stderr[-2000:]
    assert " passed" in quick.stdout.splitlines()[-1], quick.stdout[-500:]
    # The same site, built once above, in Chromium.
    browser = run_suite(folder, tmp_path, "browser", *BROWSER_FILES)
    assert browser.returncode == 0, browser.stdout[-6000:] + browser.stderr[-2000:]
    assert " passed" in browser.stdout.splitlines()[-1], browser.stdout[-500:]
