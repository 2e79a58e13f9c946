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
from conftest import FIXTURES, ROOT, mistake_text

from macros.decision.paths import all_paths
from macros.decision.review import MARKER
from macros.load import build_protocol

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
    assert "make build" in script
    # The README's test command, on Debian with Python 3.11, through .ci/run (tested below).
    assert step_named(ci, "test", "Run every test")["run"].strip() == ".ci/run"
    assert ci["jobs"]["test"]["container"] == "python:3.11-bookworm"
    assert ci["jobs"]["test"]["defaults"]["run"]["shell"] == "bash"
    assert "playwright install" not in script  # Debian's Chromium, as the README says
    preview = next(s for s in steps(ci, "test") if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert preview["with"]["path"].rstrip("/") == "site"
    assert "if" not in preview  # every pull request gets its preview


def test_readme_names_the_test_command_ci_runs_and_where_chromium_comes_from():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci_run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in readme and ci_run.rstrip().splitlines()[-1] == "make test"
    assert "`.ci/run`" in readme and "Debian's Chromium" in readme


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
        shutil.copy(ROOT / "interface.es.yaml", folder / "interface.es.yaml")  # the listing's labels in Spanish
    if protocol_text is not None:
        (folder / "protocol.yaml").write_text(protocol_text, encoding="utf-8")
    return folder


def fake_commands(folder: Path, **scripts: str) -> Path:
    """A bin folder whose commands (e.g. make="...") are these shell scripts."""
    folder.mkdir()
    for name, body in scripts.items():
        (folder / name.replace("_", "-")).write_text(f"#!/bin/sh\n{body}\n")
        (folder / name.replace("_", "-")).chmod(0o755)
    return folder


def run_step(script: str, cwd: Path, extra_path: Path | None = None, shell: str = "bash -e",
             env: dict | None = None) -> subprocess.CompletedProcess:
    """A `run:` script as the runner runs it: `bash -e` by default, `bash --noprofile --norc
    -eo pipefail` for a job whose default shell is bash."""
    bin_dir = Path(sys.executable).parent
    path = os.pathsep.join(str(p) for p in (extra_path, bin_dir) if p) + os.pathsep + os.environ["PATH"]
    env = dict(os.environ, PATH=path, GITHUB_STEP_SUMMARY=str(cwd / "summary.md"),
               GITHUB_ENV=str(cwd / "github_env"), **(env or {}))
    command = ["bash", "--noprofile", "--norc", "-eo", "pipefail"] if shell == "bash" else shell.split()
    return subprocess.run(command + ["-c", script], cwd=cwd, env=env, capture_output=True, text=True)


BASE = (FIXTURES / "review_base.yaml").read_text(encoding="utf-8")
BASE_ROUTES = len(all_paths(build_protocol("protocol.yaml", BASE)))
LISTING_STEP = step_named(load("advice-diff.yml"), "advice-diff", "List the advice before and after")["run"]
CHECK_STEP = step_named(load("ci.yml"), "test", "Check protocol.yaml")["run"]
ADDRESS_STEP = step_named(load("ci.yml"), "test", "Choose the published address")


def test_advice_diff_step_shows_a_changed_number_on_the_routes_that_give_it(tmp_path):
    make_checkout(tmp_path / "base", BASE)
    tip = next(c for c in build_protocol("protocol.yaml", BASE).contacts if c.id == "tip_line")
    other = tip.phone[:-1] + str((int(tip.phone[-1]) + 1) % 10)
    changed = BASE.replace(f'"{tip.phone}"\n    vanity: "{tip.vanity}"', f'"{other}"')
    assert changed != BASE
    make_checkout(tmp_path / "pr", changed)
    result = run_step(LISTING_STEP, tmp_path)
    assert result.returncode == 0, result.stderr
    comment = (tmp_path / "comment.md").read_text(encoding="utf-8")
    assert comment.startswith(MARKER)
    new_tip = next(c for c in build_protocol("protocol.yaml", changed).contacts if c.id == "tip_line")
    assert f"+     - {new_tip.name}: {new_tip.phone_display} / {new_tip.email}" in comment
    assert (tmp_path / "summary.md").read_text(encoding="utf-8") == comment


@pytest.mark.parametrize("base", ["no protocol", "no code", "empty"])
def test_advice_diff_step_handles_a_base_branch_without_the_protocol_or_its_code(tmp_path, base):
    make_checkout(tmp_path / "base", None if base != "no code" else BASE, with_code=base != "no protocol")
    make_checkout(tmp_path / "pr", BASE)
    result = run_step(LISTING_STEP, tmp_path)
    assert result.returncode == 0, result.stderr
    comment = (tmp_path / "comment.md").read_text(encoding="utf-8")
    if base == "no code":  # the PR's code still reads the base's protocol: nothing changed
        assert "No route's advice changes" in comment
    else:
        assert f"{BASE_ROUTES} new, 0 removed" in comment


def test_advice_diff_step_fails_when_the_pull_request_breaks_the_protocol(tmp_path):
    make_checkout(tmp_path / "base", BASE)
    make_checkout(tmp_path / "pr", mistake_text("dangling_contact"))
    result = run_step(LISTING_STEP, tmp_path)
    assert result.returncode != 0
    assert "protocol.yaml:57: situation 'tip' step: contact 'tip_lien' does not exist" in result.stderr


def test_check_step_puts_the_error_on_its_line_of_protocol_yaml(tmp_path):
    project = make_checkout(tmp_path / "project", mistake_text("dangling_contact"))
    fake_bin = fake_commands(tmp_path / "bin", make=f"exec {sys.executable} -m macros check protocol.yaml")
    result = run_step(CHECK_STEP, project, extra_path=fake_bin, shell="bash")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "::error file=protocol.yaml,line=57,title=protocol.yaml::situation 'tip' step: "
        "contact 'tip_lien' does not exist (known: emergency_911, tip_line)"]
    summary = (project / "summary.md").read_text(encoding="utf-8")
    assert ("protocol.yaml:57: situation 'tip' step: contact 'tip_lien' does not exist "
            "(known: emergency_911, tip_line)") in summary.splitlines()


def test_check_step_annotates_every_error_line_and_lists_them_in_the_summary(tmp_path):
    errors = ["protocol.yaml:3: first mistake; fix it", "protocol.yaml:40: 100% wrong: second",
              "protocol.yaml:41: third"]
    stderr = "\n".join(["some other output"] + errors + ["make: *** [Makefile:42: check] Error 1"])
    fake_bin = fake_commands(tmp_path / "bin", make=f"cat >&2 <<'EOF'\n{stderr}\nEOF\nexit 2")
    project = make_checkout(tmp_path / "project", None, with_code=False)
    result = run_step(CHECK_STEP, project, extra_path=fake_bin, shell="bash")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "::error file=protocol.yaml,line=3,title=protocol.yaml::first mistake; fix it",
        "::error file=protocol.yaml,line=40,title=protocol.yaml::100%25 wrong: second",
        "::error file=protocol.yaml,line=41,title=protocol.yaml::third",
    ]
    assert stderr in result.stderr  # the whole output stays in the log
    summary = (project / "summary.md").read_text(encoding="utf-8").splitlines()
    assert summary[0] == "### protocol.yaml: 3 mistakes to fix"
    assert summary[summary.index("````text") + 1:summary.index("````")] == errors


def test_check_step_passes_a_good_protocol_without_annotations(tmp_path):
    project = make_checkout(tmp_path / "project", BASE)
    fake_bin = fake_commands(tmp_path / "bin", make=f"exec {sys.executable} -m macros check protocol.yaml")
    result = run_step(CHECK_STEP, project, extra_path=fake_bin, shell="bash")
    assert result.returncode == 0, result.stderr
    assert "::error" not in result.stdout and not (project / "summary.md").exists()


@pytest.mark.parametrize("repository, variable, expected", [
    ("Some-Owner/ht-protocol", "", "https://some-owner.github.io/ht-protocol/"),
    ("Some-Owner/Some-Owner.github.io", "", "https://some-owner.github.io/"),
    ("some-owner/some-owner.github.io", "", "https://some-owner.github.io/"),
    ("some-owner/ht-protocol", "https://protocol.example.org/", "https://protocol.example.org/"),
])
def test_the_site_address_is_the_pages_address_or_the_repository_variable(tmp_path, repository, variable, expected):
    assert ADDRESS_STEP["env"]["SITE_URL_VARIABLE"] == "${{ vars.SITE_URL }}"
    result = run_step(ADDRESS_STEP["run"], tmp_path, shell="bash",
                      env={"GITHUB_REPOSITORY": repository, "SITE_URL_VARIABLE": variable})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "github_env").read_text(encoding="utf-8").splitlines() == [f"SITE_URL={expected}"]


@pytest.mark.parametrize("installed", [True, False])
def test_ci_run_installs_debian_chromium_when_missing_then_runs_the_readme_test_command(tmp_path, installed):
    project = tmp_path / "project"
    (project / ".ci").mkdir(parents=True)
    shutil.copy(ROOT / ".ci" / "run", project / ".ci" / "run")
    log = tmp_path / "calls.log"
    fake_bin = fake_commands(
        tmp_path / "bin",
        dpkg="exit 0" if installed else "exit 1",
        apt_get=f'echo "apt-get $*" >> "{log}"',
        make=f'echo "make $* in $(pwd)" >> "{log}"')
    result = run_step("bash .ci/run", project, extra_path=fake_bin)
    assert result.returncode == 0, result.stderr
    calls = log.read_text(encoding="utf-8").splitlines()
    install = [] if installed else ["apt-get update -qq",
                                    "apt-get install -y -qq chromium fonts-liberation fonts-dejavu-core"]
    assert calls == install + [f"make test in {project}"]


# --- the Spanish edition in the workflows -------------------------------------------------------

def with_translation(folder: Path, change: dict | None = None) -> Path:
    """A checkout's protocol.es.yaml: a stand-in translation of its protocol.yaml."""
    from test_translation_checks import translation_text
    protocol = build_protocol("protocol.yaml", (folder / "protocol.yaml").read_text(encoding="utf-8"))
    (folder / "protocol.es.yaml").write_text(translation_text(protocol, change), encoding="utf-8")
    return folder


def test_check_step_puts_a_number_typed_in_the_translation_on_its_line_of_protocol_es_yaml(tmp_path):
    from macros.languages.translation import english_texts, fingerprint
    project = make_checkout(tmp_path / "project", BASE)
    source = next(s for s in english_texts(build_protocol("protocol.yaml", BASE)) if s.key.startswith("step."))
    with_translation(project, {source.key: (fingerprint(source.text), "Llame al 601-555-0100.")})
    line = next(n for n, text in enumerate((project / "protocol.es.yaml").read_text().splitlines(), 1)
                if "601-555-0100" in text)
    fake_bin = fake_commands(tmp_path / "bin", make=f"exec {sys.executable} -m macros check protocol.yaml")
    result = run_step(CHECK_STEP, project, extra_path=fake_bin, shell="bash")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"::error file=protocol.es.yaml,line={line},title=protocol.es.yaml::'{source.key}': contains the phone "
        "number 601-555-0100; numbers live only in protocol.yaml. Write {phone:<contact id>} instead"]


def test_check_step_passes_a_stale_translation_with_a_warning_on_its_line(tmp_path):
    from macros.languages.translation import english_texts
    project = make_checkout(tmp_path / "project", BASE)
    source = next(s for s in english_texts(build_protocol("protocol.yaml", BASE)) if s.key.startswith("step."))
    with_translation(project, {source.key: ("0000000000", "Una traducción antigua.")})
    line = next(n for n, text in enumerate((project / "protocol.es.yaml").read_text().splitlines(), 1)
                if f"key: {source.key}" in text)
    fake_bin = fake_commands(tmp_path / "bin", make=f"exec {sys.executable} -m macros check protocol.yaml")
    result = run_step(CHECK_STEP, project, extra_path=fake_bin, shell="bash")
    assert result.returncode == 0, result.stderr
    warnings = [w for w in result.stdout.splitlines() if w.startswith("::warning file=protocol.es.yaml,")]
    assert len(warnings) == 1 and warnings[0].startswith(
        f"::warning file=protocol.es.yaml,line={line},title=protocol.es.yaml::'{source.key}' is stale")


def test_advice_diff_step_also_shows_what_changes_for_a_spanish_reader(tmp_path):
    from macros.languages.translation import english_texts, fingerprint
    with_translation(make_checkout(tmp_path / "base", BASE))
    source = next(s for s in english_texts(build_protocol("protocol.yaml", BASE)) if s.key.startswith("step."))
    with_translation(make_checkout(tmp_path / "pr", BASE), {source.key: (fingerprint(source.text), "Texto nuevo.")})
    result = run_step(LISTING_STEP, tmp_path)
    assert result.returncode == 0, result.stderr
    comment = (tmp_path / "comment.md").read_text(encoding="utf-8")
    english, spanish = comment.split("### In the Spanish edition (/es/)")
    assert "No route's advice changes" in english
    assert "Texto nuevo." in spanish and "No route's advice changes" not in spanish
