"""A maintainer's correct pull request passes: the CONTRIBUTING walkthroughs, done to a copy of
the repository exactly as the GitHub web editor would (only protocol.yaml changes), leave
the data-driven tests green. Tests of the real site ask protocol.yaml for every expectation,
so a changed number, a reworded question, a new situation and answer, or a new edition
must never need a programmer."""
from __future__ import annotations

import datetime
import os
import re
import shutil
import subprocess
import sys

from conftest import OTHER_JURISDICTION, PROTOCOL_DIR, ROOT

from macros.__main__ import main as cli_main
from macros.load import build_protocol
from macros.pages.card_budget import estimate, print_estimate

# The tests that read the real protocol and the built pages (no browser: kept quick).
DATA_DRIVEN = ["test_reference_pages.py", "test_decision_paths.py", "test_version_and_changelog.py",
               "test_exports.py", "test_protocol_words.py", "test_protocol_checks.py", "test_internal_links.py",
               # The Spanish edition after an English edit: new texts shown in English, marked.
               "test_spanish_edition.py"]
SKIP = shutil.ignore_patterns(".git", ".venv", "site", "site-offline", "__pycache__", ".pytest_cache",
                              ".hypothesis", "node_modules")

NEW_CONTACT = """  - id: dol_wage_hour
    name: U.S. Department of Labor, Wage and Hour Division
    organisation: U.S. Department of Labor
    kind: law_enforcement
    purpose: Reporting workers who are not paid or cannot leave a job.
    phone: "1-866-487-9243"
    source: Human Trafficking Case Reporting Protocol, next edition, page 2
    checked: "{today}"

"""
NEW_SITUATION = """  - id: labor_trafficking_worksite
    title: Labor trafficking at a worksite
    audience: I saw signs of forced labor at a worksite
    applies_when: You see signs that workers are forced to work and cannot leave.
    examples:
      - Workers live at the worksite and their documents are held by the employer.
    steps:
      - text: If anyone is in danger now, call 911.
        kind: contact
        contacts: [{emergency}]
      - text: Report what you saw to the Wage and Hour Division.
        kind: contact
        contacts: [dol_wage_hour]
        items:
          - Name and address of the worksite
          - What you saw, and when
      - text: Do not confront the employer.
        kind: caution

"""
NEW_ANSWER = """        - label: The victim is being forced to work
          outcome: {outcome}
          include: [labor_trafficking_worksite]
"""


def with_a_new_situation(text: str, protocol, today: datetime.date) -> str:
    """"Add a new situation": the contact, the situation, an answer that includes it."""
    text = text.replace("\nsituations:\n", "\n" + NEW_CONTACT.format(today=today.isoformat()).rstrip("\n")
                        + "\n\nsituations:\n", 1)
    situation = NEW_SITUATION.replace("{emergency}", protocol.info.emergency_contact.id)
    text = text.replace("\ndecision:\n", "\n" + situation.rstrip("\n") + "\n\ndecision:\n", 1)
    # The answer goes last, under the last question, and ends where that question's first
    # answer with an outcome ends (any protocol's: the walkthrough names no id of its own).
    last = protocol.decision.questions[-1]
    outcome = next((a.outcome for a in last.answers if a.outcome), protocol.decision.outcomes[0].id)
    answers_end = text.index("\n\n", text.index(f"    - id: {last.id}\n"))
    return text[:answers_end] + "\n" + NEW_ANSWER.format(outcome=outcome).rstrip("\n") + text[answers_end:]


def edited_protocol(text: str, today: datetime.date) -> str:
    """Both walkthroughs at once: a contact's number changes, a situation with a new contact
    and a new answer is added, a question is reworded, and a new edition is recorded."""
    protocol = build_protocol("protocol.yaml", text)
    # "A phone number changed": the first 10-digit number gets another last digit. Its contact's
    # own, written nowhere else: words quoted from the published protocol keep the number it gave.
    contact = next(c for c in protocol.contacts
                   if len(c.phone_digits) >= 10 and not c.vanity and text.count(c.phone) == 1)
    start = text.index(f"  - id: {contact.id}\n")
    block_end = text.index("\n\n", start)
    block = text[start:block_end]
    new_number = contact.phone[:-1] + str((int(contact.phone[-1]) + 1) % 10)
    block = block.replace(f'phone: "{contact.phone}"', f'phone: "{new_number}"')
    block = re.sub(r'checked: "[\d-]+"', f'checked: "{today.isoformat()}"', block)
    text = with_a_new_situation(text[:start] + block + text[block_end:], protocol, today)
    # A question reworded.
    first = protocol.decision.question(protocol.decision.start)
    text = text.replace(f"      text: {first.text}\n", f"      text: {first.text[:-1]}, or about to be?\n", 1)
    # A new edition, recorded on top of `changes:`.
    text = text.replace("changes:\n", f'changes:\n  - version: "{protocol.edition.version}.1"\n'
                                      f'    date: "{today.isoformat()}"\n'
                                      "    summary: A new number, and labor trafficking at a worksite.\n", 1)
    return text


def test_the_walkthrough_edits_are_what_they_say(tmp_path):
    today = datetime.date.today()
    real = (PROTOCOL_DIR / "protocol.yaml").read_text(encoding="utf-8")
    before, after = build_protocol("protocol.yaml", real), build_protocol("protocol.yaml", edited_protocol(real, today))
    assert len(after.contacts) == len(before.contacts) + 1
    assert len(after.situations) == len(before.situations) + 1
    assert after.edition.version != before.edition.version
    assert [c.phone for c in after.contacts][:len(before.contacts)] != [c.phone for c in before.contacts]
    assert after.decision.questions[0].text != before.decision.questions[0].text
    assert estimate(after).warnings("protocol.yaml") == []  # the card still fits


def test_a_maintainers_correct_edits_pass_the_data_driven_tests(tmp_path):
    copy = shutil.copytree(ROOT, tmp_path / "repo", ignore=SKIP)
    if OTHER_JURISDICTION:  # the copy is of this repository with the jurisdiction's protocol files
        for old in copy.glob("protocol*.yaml"):
            old.unlink()
        for new in PROTOCOL_DIR.glob("protocol*.yaml"):
            shutil.copy(new, copy / new.name)
        # And its published text, if it has one: this repository's is another protocol's.
        shutil.rmtree(copy / "reference", ignore_errors=True)
        if (PROTOCOL_DIR / "reference").is_dir():
            shutil.copytree(PROTOCOL_DIR / "reference", copy / "reference")
    protocol = copy / "protocol.yaml"
    protocol.write_text(edited_protocol(protocol.read_text(encoding="utf-8"), datetime.date.today()), encoding="utf-8")
    assert cli_main(["check", str(protocol)]) == 0
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("HT_TEST_SITE_DIR", None)  # the copy builds its own site, from the edited protocol
    env.pop("HT_PROTOCOL_DIR", None)  # and its tests read that protocol, not the jurisdiction's unedited one
    # Without the browser: the browser tests walk the same pages these check (they are data-driven too).
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x", "-m", "not browser",
                             *[f"tests/{name}" for name in DATA_DRIVEN]],
                            cwd=copy, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert re.search(r"\d+ passed", result.stdout)


def test_check_warns_in_yaml_terms_when_the_card_would_not_fit(tmp_path, capsys):
    real = (PROTOCOL_DIR / "protocol.yaml").read_text(encoding="utf-8")
    long_item = "          - " + "A very long thing to have ready before the call " * 3 + "\n"
    # As many long items as it takes to overflow one side of this protocol's card even in its
    # smallest type (a short protocol takes more): the card then takes another page.
    count = next(n for n in range(12, 400, 12)
                 if estimate(build_protocol("p", real.replace("        items:\n", "        items:\n" + long_item * n)))
                 .pages > 2)
    text = real.replace("        items:\n", "        items:\n" + long_item * count)
    path = tmp_path / "protocol.yaml"
    path.write_text(text, encoding="utf-8")
    assert cli_main(["check", str(path)]) == 0  # a warning: the build measures the real card
    err = capsys.readouterr().err
    assert "the quick-reference card's side 2 (the situations) is about" in err
    assert f"so the card prints on {estimate(build_protocol('p', text)).pages} pages" in err
    longest = max(((s, situation) for situation in build_protocol("p", text).situations for s in situation.steps),
                  key=lambda pair: len(pair[0].items))
    assert f"line {longest[0].line} (situation '{longest[1].id}'" in err


def test_check_warns_in_yaml_terms_when_a_contact_name_is_too_long_for_the_card_side_1_and_the_pocket_card(
        tmp_path, capsys):
    real = (PROTOCOL_DIR / "protocol.yaml").read_text(encoding="utf-8")
    contact = build_protocol("p", real).contacts[-1]
    # As long as it takes to overflow this protocol's side 1 and the pocket card's front.
    long_name = (contact.name + ", ") * next(
        n for n in range(40, 2000, 40)
        if estimate(build_protocol("p", real.replace(f"    name: {contact.name}\n", f"    name: {(contact.name + ', ') * n}\n", 1)))
        .side_1_full > 1 and print_estimate(build_protocol("p", real.replace(
            f"    name: {contact.name}\n", f"    name: {(contact.name + ', ') * n}\n", 1))).pocket_front > 1)
    text = real.replace(f"    name: {contact.name}\n", f"    name: {long_name}\n", 1)
    assert text != real
    path = tmp_path / "protocol.yaml"
    path.write_text(text, encoding="utf-8")
    assert cli_main(["check", str(path)]) == 0  # a warning: the build prints and measures the real prints
    err = capsys.readouterr().err
    assert "the quick-reference card's side 1 (every contact, and whom each situation contacts first) is about" in err
    assert "the pocket card's front (the 911 line and every contact) is about" in err
    assert "shorten the longest contact names first" in err
