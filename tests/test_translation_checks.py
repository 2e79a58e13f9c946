"""The translation checks a maintainer meets: a missing or stale Spanish text is named with
both lines and shown in English, marked, never outdated; a number or email typed into a
translation stops the check and the build, naming its line. Fixture protocols only: the
valid minimal protocol and a Spanish translation of it written here."""
from __future__ import annotations

import json
import re
import shutil

import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURES, copy_project, run_mkdocs_build

from macros.__main__ import main as cli_main
from macros.languages.interface import language as interface_language
from macros.languages.overlay import translated_protocol
from macros.languages.translation import english_texts, fingerprint, load_translation
from macros.load import load_protocol
from macros.protocol.errors import ProtocolError

MINIMAL = FIXTURES / "valid_minimal.yaml"
STEP_KEY = "step.tip.1.text"  # the tip situation's only step, which has no id
STEP_TEXT = "Call the tip line."


def spanish_of(text: str, protocol=None) -> str:
    """A stand-in translation, naming each contact's number or email as a translator must."""
    for contact in protocol.contacts if protocol else ():
        for way, kind in ((contact.vanity, "phone"), (contact.phone, "phone"), (contact.email, "email")):
            if way:
                text = re.sub(rf"(?<![\w-]){re.escape(way)}(?![\w-])", f"{{{kind}:{contact.id}}}", text)
    return "ES " + text


def translation_text(protocol, change: dict | None = None, drop: tuple = (), extra: str = "") -> str:
    """A complete translation of `protocol`, with entries changed ({key: (from, text)}) or dropped."""
    change = change or {}
    lines = ["# A fixture translation", "language: es", "texts:"]
    for source in english_texts(protocol):
        if source.key in drop:
            continue
        made_from, text = change.get(source.key, (fingerprint(source.text), spanish_of(source.text, protocol)))
        lines += [f"  - key: {source.key}", f"    from: {made_from}", f"    text: {json.dumps(text, ensure_ascii=False)}"]
    return "\n".join(lines) + "\n" + extra


@pytest.fixture
def project(tmp_path):
    """protocol.yaml (the minimal fixture) and its complete Spanish translation."""
    shutil.copy(MINIMAL, tmp_path / "protocol.yaml")
    protocol = load_protocol(str(tmp_path / "protocol.yaml"))
    (tmp_path / "protocol.es.yaml").write_text(translation_text(protocol), encoding="utf-8")
    return tmp_path


def line_of(path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def run_check(project, capsys) -> tuple[int, str, str]:
    code = cli_main(["check", str(project / "protocol.yaml")])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_complete_translation_passes_and_says_it_is_not_reviewed_yet(project, capsys):
    code, out, err = run_check(project, capsys)
    assert code == 0
    assert "protocol.es.yaml: OK:" in out and "0 missing, 0 stale; not reviewed by anyone yet" in out
    assert err == ""


def test_a_missing_translation_is_named_with_its_english_line(project, capsys):
    protocol = load_protocol(str(project / "protocol.yaml"))
    (project / "protocol.es.yaml").write_text(translation_text(protocol, drop=(STEP_KEY,)), encoding="utf-8")
    code, out, err = run_check(project, capsys)
    assert code == 0  # an English fix never waits for a translator
    step_line = line_of(project / "protocol.yaml", STEP_TEXT)
    assert (f"WARNING: {project / 'protocol.yaml'}:{step_line}: '{STEP_KEY}' has no translation in "
            f"{project / 'protocol.es.yaml'}; add it (from: {fingerprint(STEP_TEXT)})") in err
    assert "1 missing, 0 stale" in out


def test_a_changed_english_step_makes_check_name_the_stale_spanish_with_both_lines(project, capsys):
    english = project / "protocol.yaml"
    english.write_text(english.read_text().replace(f"- text: {STEP_TEXT}", "- text: Call the tip line today."),
                       encoding="utf-8")
    code, out, err = run_check(project, capsys)
    assert code == 0
    es_line = line_of(project / "protocol.es.yaml", f"key: {STEP_KEY}")
    step_line = line_of(english, "Call the tip line today.")
    assert (f"WARNING: {project / 'protocol.es.yaml'}:{es_line}: '{STEP_KEY}' is stale: the English text at "
            f"{english}:{step_line} changed after it was translated. Translate the new text and set from: "
            f"{fingerprint('Call the tip line today.')}") in err
    assert "0 missing, 1 stale" in out


def test_translations_command_prints_the_entry_to_paste(project, capsys):
    english = project / "protocol.yaml"
    english.write_text(english.read_text().replace(f"- text: {STEP_TEXT}", "- text: Call the tip line today."),
                       encoding="utf-8")
    assert cli_main(["translations", str(english), "--lang", "es"]) == 0
    out = capsys.readouterr().out
    assert out == (f"  - key: {STEP_KEY}\n    # Call the tip line today.\n"
                   f"    from: {fingerprint('Call the tip line today.')}\n    text: TRANSLATE\n")


@pytest.mark.parametrize("typed, message", [
    ("Llame al 1-888-827-4637.", "contains the phone number 1-888-827-4637; numbers live only in protocol.yaml. "
                                 "Write {phone:tip_line} instead"),
    ("Llame al 1-888-8CRIMES.", "contains the phone number 1-888-8CRIMES; numbers live only in protocol.yaml. "
                                "Write {phone:tip_line} instead"),
    ("Llame al 911.", "contains the phone number 911; numbers live only in protocol.yaml. "
                      "Write {phone:emergency_911} instead"),
    ("Escriba a tips@example.gov.", "contains the email address tips@example.gov; emails live only in "
                                    "protocol.yaml. Write {email:tip_line} instead"),
])
def test_a_number_or_email_in_a_translation_stops_the_check_naming_its_line(project, capsys, typed, message):
    protocol = load_protocol(str(project / "protocol.yaml"))
    spanish = project / "protocol.es.yaml"
    spanish.write_text(translation_text(protocol, {STEP_KEY: (fingerprint(STEP_TEXT), typed)}), encoding="utf-8")
    code, out, err = run_check(project, capsys)
    assert code == 1
    line = line_of(spanish, typed)
    assert err.strip() == f"{spanish}:{line}: '{STEP_KEY}': {message}"


@pytest.mark.parametrize("typed, problem", [
    ("Llame al {phone:tip_lne}.", "{phone:tip_lne} names no contact of protocol.yaml (known: emergency_911, tip_line)"),
    ("Escriba a {email:emergency_911}.", "{email:emergency_911}: contact 'emergency_911' has no email in protocol.yaml"),
])
def test_a_placeholder_naming_no_contact_is_named_and_the_english_shown_meanwhile(project, capsys, typed, problem):
    """A contact renamed in protocol.yaml must not stop the site: the text shows in English
    until the translation names the new id."""
    protocol = load_protocol(str(project / "protocol.yaml"))
    spanish = project / "protocol.es.yaml"
    spanish.write_text(translation_text(protocol, {STEP_KEY: (fingerprint(STEP_TEXT), typed)}), encoding="utf-8")
    code, out, err = run_check(project, capsys)
    assert code == 0
    line = line_of(spanish, f"key: {STEP_KEY}")
    assert (f"WARNING: {spanish}:{line}: '{STEP_KEY}': {problem}. Until it is fixed the translated site shows "
            "the English text, marked as pending") in err
    shown = translated_protocol(protocol, load_translation(str(spanish), protocol, "es"))
    assert shown.situation("tip").steps[0].text == f"{STEP_TEXT} {interface_language('es').pending_mark}"


@pytest.mark.slow  # builds a whole copy of the site
def test_a_number_in_the_translation_stops_the_build_too(tmp_path):
    (tmp_path / "site-project").mkdir()
    site_project = copy_project(tmp_path / "site-project")
    protocol = load_protocol(str(site_project / "protocol.yaml"))
    source = next(s for s in english_texts(protocol) if s.key.startswith("step.") and s.key.endswith(".text"))
    contact = next(c for c in protocol.contacts if c.phone and len(c.phone_digits) == 10)
    spanish = site_project / "protocol.es.yaml"
    spanish.write_text(translation_text(protocol, {source.key: (fingerprint(source.text), f"Llame al {contact.phone}.")}),
                       encoding="utf-8")
    result = run_mkdocs_build(site_project, tmp_path / "site")
    assert result.returncode != 0
    line = line_of(spanish, f"Llame al {contact.phone}.")
    assert f"protocol.es.yaml:{line}: '{source.key}': contains the phone number {contact.phone}" in result.stderr
    assert not (tmp_path / "site" / "es").exists()


def test_a_placeholder_is_filled_with_the_number_from_protocol_yaml(project):
    protocol = load_protocol(str(project / "protocol.yaml"))
    spanish = project / "protocol.es.yaml"
    spanish.write_text(translation_text(protocol, {STEP_KEY: (fingerprint(STEP_TEXT), "Llame al {phone:tip_line}.")}),
                       encoding="utf-8")
    shown = translated_protocol(protocol, load_translation(str(spanish), protocol, "es"))
    tip_line = protocol.contact("tip_line")
    assert shown.situation("tip").steps[0].text == f"Llame al {tip_line.phone} ({tip_line.vanity})."


def test_an_entry_for_a_removed_text_is_a_warning_not_an_error(project, capsys):
    protocol = load_protocol(str(project / "protocol.yaml"))
    spanish = project / "protocol.es.yaml"
    spanish.write_text(translation_text(protocol, extra="  - key: step.gone.1.text\n    from: 0123456789\n"
                                                         "    text: Un paso que ya no existe.\n"), encoding="utf-8")
    code, out, err = run_check(project, capsys)
    assert code == 0
    line = line_of(spanish, "key: step.gone.1.text")
    assert (f"WARNING: {spanish}:{line}: 'step.gone.1.text' is not a text of {project / 'protocol.yaml'} any more "
            "(removed, or its id renamed); remove the entry, or correct its key") in err


def test_the_same_key_twice_is_an_error_naming_both_lines(project):
    protocol = load_protocol(str(project / "protocol.yaml"))
    spanish = project / "protocol.es.yaml"
    spanish.write_text(translation_text(protocol, extra=f"  - key: {STEP_KEY}\n    from: {fingerprint(STEP_TEXT)}\n"
                                                         "    text: Otra vez.\n"), encoding="utf-8")
    with pytest.raises(ProtocolError) as caught:
        load_translation(str(spanish), protocol, "es")
    first, second = (n for n, line in enumerate(spanish.read_text().splitlines(), 1) if f"key: {STEP_KEY}" in line)
    assert str(caught.value) == f"{spanish}:{second}: '{STEP_KEY}' is translated twice (also at line {first}); keep one"


def test_a_change_note_of_the_translation_naming_no_edition_is_a_warning_and_not_shown(project, capsys):
    protocol = load_protocol(str(project / "protocol.yaml"))
    spanish = project / "protocol.es.yaml"
    version = protocol.changes[0].version
    notes = ('changes:\n  - edition: "9.9"\n    text: Revisión de la traducción.\n'
             f'  - edition: "{version}"\n    text: Primera edición en español.\n')
    spanish.write_text(translation_text(protocol).replace("texts:\n", notes + "texts:\n", 1), encoding="utf-8")
    code, _out, err = run_check(project, capsys)
    assert code == 0  # another protocol.yaml, or a renamed edition, never stops the site
    editions = ", ".join(change.version for change in protocol.changes)
    line = line_of(spanish, 'edition: "9.9"')
    assert (f"WARNING: {spanish}:{line}: changes: edition '9.9' is not an edition "
            f"of {project / 'protocol.yaml'} (changes: {editions}); the note is not shown until it names the "
            "edition it came with") in err
    shown = translated_protocol(protocol, load_translation(str(spanish), protocol, "es"))
    assert [(note.edition, note.text) for note in shown.edition_notes] == [(version, "Primera edición en español.")]


@pytest.mark.slow  # builds a whole copy of the site
def test_a_stale_text_is_shown_in_english_marked_never_the_outdated_spanish(tmp_path):
    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project")
    protocol = load_protocol(str(project / "protocol.yaml"))
    source = next(s for s in english_texts(protocol) if s.key.startswith("step.") and s.key.endswith(".text"))
    situation = next(sit for sit in protocol.situations for step in sit.steps if step.text == source.text)
    outdated = "Texto de una traducción antigua."
    (project / "protocol.es.yaml").write_text(
        translation_text(protocol, {source.key: ("0000000000", outdated)}), encoding="utf-8")
    result = run_mkdocs_build(project, tmp_path / "site", "https://example.org/")
    assert result.returncode == 0, result.stderr
    assert "protocol.es.yaml: 1 texts are missing or stale" in result.stderr
    page = BeautifulSoup((tmp_path / "site" / "es" / "situations" / situation.id / "index.html").read_text(),
                         "html.parser")
    pending = page.select_one("li.ht-step .ht-pending")
    assert pending.get_text() == interface_language("es").pending_mark
    assert " ".join(pending.find_previous_sibling(attrs={"lang": "en"}).get_text().split()) == " ".join(source.text.split())
    assert outdated not in page.get_text()
    # Everything current is in the translation.
    assert spanish_of(situation.title, protocol) in page.select_one("h1").get_text()


def test_an_answer_inserted_before_others_leaves_their_translations_current():
    """Answers with ids are translated by id: a new first answer is the only text to translate."""
    from macros.load import build_protocol
    from macros.languages.translation import pending_texts, read_translation
    with_ids = MINIMAL.read_text(encoding="utf-8").replace(
        '        - label: "Yes"', '        - id: "yes"\n          label: "Yes"').replace(
        '        - label: "No"', '        - id: "no"\n          label: "No"')
    before = build_protocol("protocol.yaml", with_ids)
    spanish = translation_text(before)
    inserted = with_ids.replace('        - id: "yes"\n', '        - id: maybe\n          label: Maybe\n'
                                '          outcome: tip_result\n          include: [tip]\n        - id: "yes"\n', 1)
    after = build_protocol("protocol.yaml", inserted)
    pending = pending_texts(after, read_translation("protocol.es.yaml", spanish, after, "es"))
    assert [p.source.key for p in pending] == ["question.in_danger.answer.maybe.label"]


# --- a language's own ways, in its interface table -------------------------------------------

def test_a_languages_table_says_how_it_writes_a_date_and_a_mistake_in_it_names_its_line():
    import datetime

    from macros.languages.interface import read_interface
    from macros.protocol.errors import ProtocolError
    table = ('language: xx\ndate: "{day}. {month} {year}"\nmonths: [a, b, c, d, e, f, g, h, i, j, k, l]\n'
             'pending_mark: "(pending)"\nsearch_without_accents: true\nstrings:\n  - en: Phone\n    text: Fon\n')
    lang = read_interface("interface.xx.yaml", table, "xx")
    assert lang.format_date(datetime.date(2026, 12, 2)) == "2. l 2026"
    assert lang.pending_mark == "(pending)" and lang.search_without_accents
    with pytest.raises(ProtocolError) as caught:
        read_interface("interface.xx.yaml", table.replace("k, l]", "k]"), "xx")
    assert str(caught.value) == ("interface.xx.yaml:3: months lists 11 names; give the twelve, January to December")
    with pytest.raises(ProtocolError) as caught:
        read_interface("interface.xx.yaml", table.replace('"{day}. {month} {year}"', '"{day} {month}"'), "xx")
    assert str(caught.value).startswith("interface.xx.yaml:2: date must hold {day}, {month} and {year}")
