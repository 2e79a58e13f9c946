"""A maintainer's mistake in protocol.yaml stops everything with one clear message."""
from __future__ import annotations

import pytest

from conftest import FIXTURES, ROOT, copy_project, run_mkdocs_build
from macros.__main__ import main as cli_main
from macros.errors import ProtocolError
from macros.load import load_protocol

# fixture file -> the whole message, line number included.
EXPECTED = {
    "yaml_syntax_error": "4: YAML syntax error: expected ',' or ']', but got ':'; check indentation, "
                         "colons and quotes on this line or the one before",
    "unknown_key": "25: contact 'emergency_911': unknown key 'phon' in contact; expected one of: email, "
                   "hours, id, name, organisation, phone, purpose, source, vanity, verified",
    "missing_required_key": "28: contact 'tip_line': missing required key 'name'",
    "wrong_type": "49: situation 'tip' > steps: expected a list (lines starting with '- '), "
                  "got the value 'Call the tip line.'",
    "duplicate_id": "45: duplicate id 'tip_line': already used by the contact on line 28; ids must be unique",
    "bad_id": "45: situation id 'Tip-Situation' must be snake_case: lower-case letters, digits and "
              "underscores, starting with a letter",
    "dangling_contact": "51: situation 'tip' step: contact 'tip_lien' does not exist (known: emergency_911, tip_line)",
    "dangling_next": "62: question 'in_danger' answer 'No': question 'tip_question' does not exist (known: in_danger)",
    "answer_with_next_and_outcome": "61: question 'in_danger' answer 'No': give exactly one of "
                                    "'next: <question id>' or 'outcome: <outcome id>'",
    "unreachable_question": "64: question 'forgotten_question' is never reached from decision > start "
                            "'in_danger'; point an answer at it or remove it",
    "cycle": "62: the decision loops back on itself: in_danger -> in_danger; every route must end in an outcome",
    "path_without_contact": "67: outcome 'tip_result' gives no one to contact on the route in_danger: No; "
                            "include a situation with a contact",
    "invalid_phone": "32: contact 'tip_line': phone '1-888-827-463' is not a valid number; use 911 or a "
                     "10-digit US number such as \"601-987-1530\" or \"1-888-373-7888\"",
    "vanity_mismatch": "33: contact 'tip_line': vanity '1-888-8CRIMEZ' spells 18888274639, but phone "
                       "'1-888-827-4637' is 18888274637; fix one so they match",
    "invalid_email": "34: contact 'tip_line': email 'tips(at)example.gov' is not a valid address; "
                     "write it like name@example.gov",
    "invalid_date": "27: contact 'emergency_911' verified 'last week' is not a date; write it as "
                    "YYYY-MM-DD, e.g. \"2026-01-31\"",
    "contact_never_used": "37: contact 'unused_line' is never used; name it in a step's contacts or remove it",
    "situation_not_on_route": "45: situation 'tip' is not on any route of the decision; add it to an "
                              "answer's or outcome's include",
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_mistake_names_the_file_line_and_fix(name):
    path = str(FIXTURES / f"{name}.yaml")
    with pytest.raises(ProtocolError) as caught:
        load_protocol(path)
    assert str(caught.value) == f"{path}:{EXPECTED[name]}"


def test_the_minimal_fixture_and_the_real_protocol_pass():
    load_protocol(str(FIXTURES / "valid_minimal.yaml"))
    load_protocol(str(ROOT / "protocol.yaml"))


def test_a_file_that_is_not_utf8_names_its_line(tmp_path):
    bad = tmp_path / "protocol.yaml"
    bad.write_bytes((FIXTURES / "valid_minimal.yaml").read_bytes().replace(b"Test agency", b"Test \xff agency"))
    with pytest.raises(ProtocolError) as caught:
        load_protocol(str(bad))
    assert str(caught.value) == f"{bad}:6: the file is not valid UTF-8 text; save it as UTF-8"


def test_an_empty_file_says_what_it_must_hold(tmp_path):
    empty = tmp_path / "protocol.yaml"
    empty.write_text("# nothing yet\n")
    with pytest.raises(ProtocolError) as caught:
        load_protocol(str(empty))
    assert str(caught.value) == (f"{empty}:1: the file is empty; it must hold protocol, contacts, "
                                 "situations and decision")


def test_phone_numbers_and_dates_stay_text_even_unquoted(tmp_path):
    text = (FIXTURES / "valid_minimal.yaml").read_text().replace('phone: "1-888-827-4637"', "phone: 18888274637")
    text = text.replace('verified: "2026-01-01"', "verified: 2026-01-01")
    unquoted = tmp_path / "protocol.yaml"
    unquoted.write_text(text)
    protocol = load_protocol(str(unquoted))
    assert protocol.contact("tip_line").phone == "18888274637"
    assert protocol.contact("tip_line").tel_href == "tel:+18888274637"


def test_check_command_prints_the_error_and_fails(capsys):
    assert cli_main(["check", str(FIXTURES / "dangling_contact.yaml")]) == 1
    err = capsys.readouterr().err
    assert err.strip() == f"{FIXTURES / 'dangling_contact.yaml'}:{EXPECTED['dangling_contact']}"


def test_check_command_accepts_the_real_protocol(capsys):
    assert cli_main(["check", str(ROOT / "protocol.yaml")]) == 0
    assert "OK" in capsys.readouterr().out


def test_a_broken_protocol_stops_mkdocs_build_with_one_message_and_no_site(tmp_path):
    broken = (FIXTURES / "dangling_contact.yaml").read_text()
    project = copy_project(tmp_path / "project", broken) if (tmp_path / "project").mkdir() is None else None
    site_dir = tmp_path / "site"
    result = run_mkdocs_build(project, site_dir)
    assert result.returncode != 0
    assert f"protocol.yaml:{EXPECTED['dangling_contact']}" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not site_dir.exists()
