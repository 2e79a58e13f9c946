"""The GitHub workflows a maintainer relies on: a pull request is checked, tested, built and
previewed, its effect on the advice is posted, and only main is published."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, ROOT
from macros.review import MARKER

WORKFLOWS = ROOT / ".github" / "workflows"
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")


def load(name: str) -> dict:
    # BaseLoader: `on:` stays the string "on" (YAML 1.1 would make it True).
    return yaml.load((WORKFLOWS / name).read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def steps(workflow: dict, job: str) -> list[dict]:
    return workflow["jobs"][job]["steps"]


def runs(workflow: dict, job: str) -> str:
    return "\n".join(step.get("run", "") for step in steps(workflow, job))


def uses(workflow: dict, job: str) -> list[str]:
    return [step["uses"].split("@")[0] for step in steps(workflow, job) if "uses" in step]


def step_named(workflow: dict, job: str, name: str) -> dict:
    return next(step for step in steps(workflow, job) if step.get("name") == name)


def test_every_action_is_pinned_to_a_full_commit_sha_with_its_tag_noted():
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert {f.name for f in files} >= {"ci.yml", "advice-diff.yml"}
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            match = re.search(r"uses:\s*(\S+)(.*)", line)
            if match:
                assert PINNED.match(match.group(1)), f"{path.name}: {line.strip()}"
                assert re.search(r"# v\d+\.\d+\.\d+", match.group(2)), f"{path.name}: no version comment: {line.strip()}"


def test_pull_requests_check_the_protocol_run_every_test_build_and_attach_a_preview():
    ci = load("ci.yml")
    assert "pull_request" in ci["on"] and ci["on"]["push"]["branches"] == ["main"]
    script = runs(ci, "test")
    assert "make check" in script
    assert "make test" in script
    assert "make build" in script
    assert "playwright install --with-deps chromium" in script
    assert step_named(ci, "test", "Run every test")["run"].strip() == "make test"
    preview = next(s for s in steps(ci, "test") if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert preview["with"]["path"].rstrip("/") == "site"
    assert "if" not in preview  # every pull request gets its preview
    python = next(s for s in steps(ci, "test") if s.get("uses", "").startswith("actions/setup-python@"))
    assert python["with"]["python-version"] == "3.11"


def test_only_main_is_published_to_github_pages():
    ci = load("ci.yml")
    package = next(s for s in steps(ci, "test") if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert "refs/heads/main" in package["if"] and "pull_request" in package["if"]
    deploy = ci["jobs"]["deploy"]
    assert deploy["needs"] == "test"
    assert "refs/heads/main" in deploy["if"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert uses(ci, "deploy") == ["actions/configure-pages", "actions/deploy-pages"]
    assert ci["permissions"] == {"contents": "read"}  # nothing else may write


def test_advice_diff_posts_one_updatable_comment_with_write_access_only_for_comments():
    workflow = load("advice-diff.yml")
    assert "protocol.yaml" in workflow["on"]["pull_request"]["paths"]
    job = workflow["jobs"]["advice-diff"]
    assert job["permissions"] == {"contents": "read", "pull-requests": "write"}
    script = runs(workflow, "advice-diff")
    assert "python -m macros paths" in script and "python -m macros diff" in script
    post = next(s for s in steps(workflow, "advice-diff") if s.get("uses", "").startswith("actions/github-script@"))
    assert f"'{MARKER}'" in post["with"]["script"]
    assert "updateComment" in post["with"]["script"] and "createComment" in post["with"]["script"]
    for step in steps(workflow, "advice-diff"):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] == "false"


def test_dependabot_updates_python_packages_and_actions():
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    assert {u["package-ecosystem"] for u in config["updates"]} == {"pip", "github-actions"}


# --- the scripts in the workflows, run here ---------------------------------------------------

def make_checkout(folder: Path, protocol_text: str | None, with_code: bool = True) -> Path:
    folder.mkdir()
    if with_code:
        shutil.copytree(ROOT / "macros", folder / "macros", ignore=shutil.ignore_patterns("__pycache__"))
    if protocol_text is not None:
        (folder / "protocol.yaml").write_text(protocol_text, encoding="utf-8")
    return folder


def run_step(script: str, cwd: Path, extra_path: Path | None = None) -> subprocess.CompletedProcess:
    bin_dir = Path(sys.executable).parent
    path = os.pathsep.join(str(p) for p in (extra_path, bin_dir) if p) + os.pathsep + os.environ["PATH"]
    env = dict(os.environ, PATH=path, GITHUB_STEP_SUMMARY=str(cwd / "summary.md"))
    return subprocess.run(["bash", "-e", "-c", script], cwd=cwd, env=env, capture_output=True, text=True)


# The workflows' scripts run on a small fixture protocol, never on facts of the real one.
REAL = (FIXTURES / "valid_minimal.yaml").read_text(encoding="utf-8")
LISTING_STEP = step_named(load("advice-diff.yml"), "advice-diff", "List the advice before and after")["run"]


def test_advice_diff_step_shows_a_changed_number_on_the_routes_that_give_it(tmp_path):
    make_checkout(tmp_path / "base", REAL)
    make_checkout(tmp_path / "pr", REAL.replace("tips@example.gov", "tipline@example.gov"))
    result = run_step(LISTING_STEP, tmp_path)
    assert result.returncode == 0, result.stderr
    comment = (tmp_path / "comment.md").read_text(encoding="utf-8")
    assert comment.startswith(MARKER)
    assert "+     - Tip line: 1-888-8CRIMES (1-888-827-4637) / tipline@example.gov" in comment
    assert (tmp_path / "summary.md").read_text(encoding="utf-8") == comment


@pytest.mark.parametrize("base", ["no protocol", "no code", "empty"])
def test_advice_diff_step_handles_a_base_branch_without_the_protocol_or_its_code(tmp_path, base):
    make_checkout(tmp_path / "base", None if base != "no code" else REAL, with_code=base != "no protocol")
    make_checkout(tmp_path / "pr", REAL)
    result = run_step(LISTING_STEP, tmp_path)
    assert result.returncode == 0, result.stderr
    comment = (tmp_path / "comment.md").read_text(encoding="utf-8")
    if base == "no code":  # the PR's code still reads the base's protocol: nothing changed
        assert "No route's advice changes" in comment
    else:
        assert "0 of 2 routes get different advice; 2 new, 0 removed" in comment  # the fixture's 2 routes


def test_advice_diff_step_fails_when_the_pull_request_breaks_the_protocol(tmp_path):
    make_checkout(tmp_path / "base", REAL)
    make_checkout(tmp_path / "pr", (FIXTURES / "dangling_contact.yaml").read_text(encoding="utf-8"))
    result = run_step(LISTING_STEP, tmp_path)
    assert result.returncode != 0
    assert "protocol.yaml:57: situation 'tip' step: contact 'tip_lien' does not exist" in result.stderr


def test_check_step_puts_the_error_on_its_line_of_protocol_yaml(tmp_path):
    project = make_checkout(tmp_path / "project", (FIXTURES / "dangling_contact.yaml").read_text(encoding="utf-8"))
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    (fake_bin / "make").write_text(f"#!/bin/sh\nexec {sys.executable} -m macros check protocol.yaml\n")
    (fake_bin / "make").chmod(0o755)
    script = step_named(load("ci.yml"), "test", "Check protocol.yaml")["run"]
    result = run_step(script, project, extra_path=fake_bin)
    assert result.returncode == 1
    assert ("::error file=protocol.yaml,line=57,title=protocol.yaml::situation 'tip' step: "
            "contact 'tip_lien' does not exist (known: emergency_911, tip_line)") in result.stdout.splitlines()
