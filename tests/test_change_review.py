"""A reviewer sees what a change to protocol.yaml does to the advice, route by route.

The diff tests edit a small fixture protocol (tests/fixtures/review_base.yaml), never the
real protocol.yaml, so a correct edit of the real file cannot break them."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from conftest import FIXTURES, PROTOCOL_DIR, ROOT, mistake_text

from macros.__main__ import main as cli_main
from macros.decision.paths import all_paths, path_result
from macros.decision.review import MARKER, advice_diff, listing
from macros.load import build_protocol

BASE = (FIXTURES / "review_base.yaml").read_text(encoding="utf-8")


def edited(old: str, new: str, text: str = BASE) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def contact(text: str, contact_id: str):
    return next(c for c in build_protocol("protocol.yaml", text).contacts if c.id == contact_id)


def as_listed(c) -> str:
    """A contact as the listing shows it: name, then its number and email."""
    return f"{c.name}: {' / '.join(w for w in (c.phone_display, c.email) if w)}"


# The tip line gets another number (its last digit changed), and loses its lettered form.
TIP = contact(BASE, "tip_line")
OTHER_NUMBER = TIP.phone[:-1] + str((int(TIP.phone[-1]) + 1) % 10)
NEW_NUMBER = edited(f'    phone: "{TIP.phone}"\n    vanity: "{TIP.vanity}"\n', f'    phone: "{OTHER_NUMBER}"\n')
TIP_LINE_BEFORE = as_listed(TIP)
TIP_LINE_AFTER = as_listed(contact(NEW_NUMBER, "tip_line"))


def paths_of(text: str) -> str:
    return listing(build_protocol("protocol.yaml", text))


def diff_of(new_text: str, old_text: str = BASE) -> str:
    return advice_diff(paths_of(old_text), paths_of(new_text))


def route_blocks(text: str) -> list[str]:
    return [b for b in text.strip().split("\n\n") if b.startswith("If:")]


# --- the listing (`python -m macros paths`), on the real protocol: expectations from the model ---

def test_paths_lists_every_route_by_its_question_ids_questions_and_answers(protocol):
    blocks = route_blocks(listing(protocol))
    assert len(blocks) == len(all_paths(protocol))
    for block, path in zip(blocks, all_paths(protocol)):
        for choice in path.choices:
            assert f"  [{choice.question.id}] {choice.question.text} -> {choice.answer.label}" in block.splitlines()
        assert f"[{path.outcome.id}]" in block.splitlines()[len(path.choices) + 1]


def test_paths_shows_every_contact_number_and_email_a_route_gives(protocol):
    for block, path in zip(route_blocks(listing(protocol)), all_paths(protocol)):
        for contact in path_result(protocol, path).contacts:
            for way in (contact.phone_display, contact.email):
                if way:
                    assert way in block


def test_paths_lists_every_contact_situation_question_answer_and_outcome_by_id(protocol):
    lines = listing(protocol).splitlines()
    for thing in (*protocol.contacts, *protocol.situations, *protocol.decision.questions, *protocol.decision.outcomes):
        assert any(line.startswith(f"  [{thing.id}] ") for line in lines), thing.id
    for question in protocol.decision.questions:
        at = lines.index(f"  [{question.id}] {question.text}")
        for number, answer in enumerate(question.answers, 1):
            assert lines[at + number].startswith(f"    {number}. {answer.label} -> ")


def test_paths_command_prints_the_listing(capsys, protocol):
    assert cli_main(["paths", str(PROTOCOL_DIR / "protocol.yaml")]) == 0
    assert capsys.readouterr().out == listing(protocol)


# --- the diff, on the fixture protocol --------------------------------------------------------

def test_a_changed_number_shows_once_as_a_changed_contact_and_once_for_all_its_routes():
    diff = diff_of(NEW_NUMBER)
    assert diff.startswith(MARKER)
    assert f"! Changed contact [tip_line]\n-   {TIP_LINE_BEFORE}\n+   {TIP_LINE_AFTER}\n" in diff
    assert "2 of 3 routes get different advice, in 1 distinct change; 0 new, 0 removed." in diff
    assert diff.count("#### Change ") == 1
    assert "#### Change 1, on 2 routes" in diff
    assert diff.count(f"-     - {TIP_LINE_BEFORE}") == 1 and diff.count(f"+     - {TIP_LINE_AFTER}") == 1
    routes = diff.split("<details>")[1].split("</details>")[0]
    assert "Is the victim under 18? -> Yes" in routes and "Is the victim under 18? -> No" in routes
    assert "Is someone in danger? -> Yes" not in routes


def test_rewording_a_question_is_one_reword_and_no_route_changes():
    diff = diff_of(edited("text: Is the victim under 18?", "text: Is the victim younger than 18?"))
    assert ("```diff\n! Reworded question [victim_is_child]\n-   Is the victim under 18?\n"
            "+   Is the victim younger than 18?\n```") in diff
    routes = len(all_paths(build_protocol("protocol.yaml", BASE)))
    assert f"No route's advice changes ({routes} routes checked); only the wording or entries below do." in diff
    assert diff.count("####") == 1 and "#### Change" not in diff and "#### New route" not in diff
    assert len(diff.splitlines()) < 15


def test_rewording_an_answer_is_one_reword_and_its_routes_stay_the_same_routes():
    changed = edited('        - label: "No"\n          next: victim_is_child',
                     '        - label: "No, nobody is"\n          next: victim_is_child')
    diff = diff_of(changed)
    assert '! Reworded answer 2 to [in_danger]\n-   No\n+   No, nobody is\n' in diff
    assert "No route's advice changes" in diff and "#### New route" not in diff


def test_a_new_contact_situation_and_answer_are_called_out_before_the_route_changes():
    changed = edited("situations:\n", f"""  - id: labour_line
    name: Labour line
    organisation: Test
    kind: tip_line
    purpose: Work.
    phone: "{OTHER_NUMBER}"
    source: Test
    checked: "2026-01-01"
situations:
""")
    changed = edited("decision:\n", """  - id: labour
    title: Forced labour
    audience: I saw forced labour
    applies_when: Workers cannot leave.
    steps:
      - text: Call the labour line.
        kind: contact
        contacts: [labour_line]
decision:
""", changed)
    changed = edited("""        - label: "No"
          outcome: tip_result
          include: [tip]
""", """        - label: "No"
          outcome: tip_result
          include: [tip]
        - label: Workers are forced to work
          outcome: tip_result
          include: [labour]
""", changed)
    diff = diff_of(changed)
    called_out = diff.split("#### Added, removed and reworded")[1].split("####")[0]
    assert called_out.splitlines()[3:6] == [
        f"+ New contact [labour_line] {as_listed(contact(changed, 'labour_line'))}",
        "+ New situation [labour] Forced labour",
        "+ New answer to [victim_is_child]: Workers are forced to work -> outcome tip_result, adds labour",
    ]
    assert diff.index("#### Added, removed and reworded") < diff.index("#### New route")
    assert diff.count("#### New route") == 1
    assert f"+     - {as_listed(contact(changed, 'labour_line'))}" in diff


def test_a_removed_answer_and_its_route_are_called_out():
    changed = edited("""        - label: "Yes"
          outcome: tip_result
          include: [tip, child]
""", "")
    changed = edited("""  - id: child
    title: A child victim
    audience: The victim is a child
    applies_when: The victim is under 18.
    steps:
      - text: Tell the tip line that the victim is a child.
        kind: tell
        items:
          - The child's age
""", "", changed)
    diff = diff_of(changed)
    assert "- Removed situation [child] A child victim" in diff
    assert '- Removed answer to [victim_is_child]: Yes' in diff
    assert "0 of 2 routes get different advice, in 0 distinct changes; 0 new, 1 removed." in diff
    assert "#### Removed route" in diff and "-  2. Tell the tip line that the victim is a child." in diff


def test_a_new_step_shows_on_the_one_route_that_gets_it():
    changed = edited("          - The child's age\n",
                     "          - The child's age\n      - text: Write down what you passed on, and when.\n"
                     "        kind: note\n")
    diff = diff_of(changed)
    assert "1 of 3 routes get different advice, in 1 distinct change" in diff
    assert "+  3. Write down what you passed on, and when." in diff


def test_no_change_in_advice_says_so():
    routes = len(all_paths(build_protocol("protocol.yaml", BASE)))
    assert f"No route's advice changes ({routes} routes checked)." in diff_of(BASE)


def test_a_base_branch_without_a_listing_shows_everything_as_new():
    routes = len(all_paths(build_protocol("protocol.yaml", BASE)))
    diff = advice_diff("", paths_of(BASE))
    assert f"0 of {routes} routes get different advice, in 0 distinct changes; {routes} new, 0 removed" in diff
    assert diff.count("#### New route") == routes
    assert "+ New contact [tip_line]" in diff


def test_yaml_text_cannot_close_the_comment_code_block():
    diff = diff_of(edited("- text: Call the tip line.\n", "- text: Call the tip line ```` now.\n"))
    assert "`````diff" in diff


def test_a_huge_diff_is_cut_to_fit_a_comment():
    diff = advice_diff("", paths_of(BASE), limit=1000)
    assert len(diff) < 1200
    assert "advice-listings" in diff


def test_diff_command_reads_two_listings(tmp_path, capsys):
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text(paths_of(BASE))
    new.write_text(paths_of(NEW_NUMBER))
    assert cli_main(["diff", str(old), str(new)]) == 0
    assert f"+     - {TIP_LINE_AFTER}" in capsys.readouterr().out


# --- `make diff` -------------------------------------------------------------------------------

@pytest.fixture
def repo(tmp_path):
    """A git repository holding the fixture protocol, with the code and Makefile of this one."""
    if shutil.which("git") is None or shutil.which("make") is None:
        pytest.skip("needs git and make")
    project = tmp_path / "repo"
    project.mkdir()
    shutil.copytree(ROOT / "macros", project / "macros", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("Makefile", "requirements.txt", "requirements-test.txt"):
        shutil.copy(ROOT / name, project / name)
    (project / "protocol.yaml").write_text(BASE, encoding="utf-8")
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false"]
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "base"]):
        subprocess.run(git + command, cwd=project, check=True, capture_output=True)
    return project


def this_venv(tmp_path, project) -> str:
    """A stand-in for the Makefile's .venv, already "installed": its python is this one."""
    venv = tmp_path / "venv"
    if not venv.exists():
        (venv / "bin").mkdir(parents=True)
        (venv / "bin" / "python").write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
        (venv / "bin" / "python").chmod(0o755)
        stamp = subprocess.run("cat requirements.txt requirements-test.txt | cksum | cut -d' ' -f1", shell=True,
                               cwd=project, capture_output=True, text=True, check=True).stdout.strip()
        (venv / f".installed-{stamp}").touch()
    return str(venv)


def make_diff(project, tmp_path) -> tuple[subprocess.CompletedProcess, list[str]]:
    scratch = tmp_path / "scratch"
    scratch.mkdir(exist_ok=True)
    # `make diff` as a maintainer types it, whatever make started this suite (`make -n test`
    # would pass its dry run down through MAKEFLAGS).
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    result = subprocess.run(["make", "--no-print-directory", "diff", f"VENV={this_venv(tmp_path, project)}"], cwd=project,
                            capture_output=True, text=True, env=dict(env, TMPDIR=str(scratch)))
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=project,
                            capture_output=True, text=True, check=True).stdout.splitlines()
    leftovers = [line for line in status if not line.endswith("__pycache__/") and "__pycache__" not in line]
    return result, leftovers + [f"tmp: {p.name}" for p in scratch.iterdir()]


def test_make_diff_shows_uncommitted_edits_and_leaves_no_file_behind(repo, tmp_path):
    (repo / "protocol.yaml").write_text(NEW_NUMBER, encoding="utf-8")
    result, leftovers = make_diff(repo, tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"+     - {TIP_LINE_AFTER}" in result.stdout
    assert leftovers == [" M protocol.yaml"]


def test_make_diff_of_a_broken_protocol_names_the_line_and_leaves_no_file_behind(repo, tmp_path):
    broken = mistake_text("dangling_contact")
    (repo / "protocol.yaml").write_text(broken, encoding="utf-8")
    result, leftovers = make_diff(repo, tmp_path)
    assert result.returncode != 0
    assert ("protocol.yaml:57: situation 'tip' step: contact 'tip_lien' does not exist "
            "(known: emergency_911, tip_line)") in result.stderr.splitlines()
    assert leftovers == [" M protocol.yaml"]
