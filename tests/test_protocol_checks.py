"""A maintainer's mistake in protocol.yaml stops everything with one clear message."""
from __future__ import annotations

import datetime

import pytest
from conftest import FIXTURES, ROOT, copy_project, run_mkdocs_build

from macros.__main__ import main as cli_main
from macros.load import build_protocol, load_protocol
from macros.protocol.errors import MAX_REPORTED, ProtocolError

# fixture file -> the whole message, line numbers included: every mistake the check finds,
# one per line in file order (a mistake that makes another one is named too).
EXPECTED = {
    "yaml_syntax_error": ["4: YAML syntax error: expected ',' or ']', but got ':'; check indentation, "
                          "colons and quotes on this line or the one before"],
    "unknown_key": ["28: contact 'emergency_911': unknown key 'phon' in contact; expected one of: checked, "
                    "confirmed, email, ext, hours, id, kind, name, name_is_site_label, organisation, phone, purpose, "
                    "search_terms, source, tty, vanity"],
    "missing_required_key": ["31: contact 'tip_line': missing required key 'name'"],
    "wrong_type": ["54: situation 'tip' > steps: expected a list (lines starting with '- '), "
                   "got the value 'Call the tip line.'"],
    "duplicate_id": ["50: duplicate id 'tip_line': already used by the contact on line 31; ids must be unique",
                     "69: question 'in_danger' answer 'No' include: situation or step 'tip' does not exist "
                     "(known: emergency)"],
    "bad_id": ["50: situation id 'Tip-Situation' must be snake_case: lower-case letters, digits and "
               "underscores, starting with a letter",
               "69: question 'in_danger' answer 'No' include: situation or step 'tip' does not exist "
               "(known: Tip-Situation, emergency)"],
    "dangling_contact": ["57: situation 'tip' step: contact 'tip_lien' does not exist (known: emergency_911, tip_line)"],
    "dangling_next": ["68: question 'in_danger' answer 'No': question 'tip_question' does not exist (known: in_danger)"],
    "answer_with_next_and_outcome": ["67: question 'in_danger' answer 'No': give exactly one of "
                                     "'next: <question id>' or 'outcome: <outcome id>'"],
    "unreachable_question": ["70: question 'forgotten_question' is never reached from decision > start "
                             "'in_danger'; point an answer at it or remove it"],
    "cycle": ["68: the decision loops back on itself: in_danger -> in_danger; every route must end in an outcome",
              "74: outcome 'tip_result' is never reached from decision > start 'in_danger'; point an answer "
              "at it or remove it"],
    "path_without_contact": ["31: contact 'tip_line' is never used; name it in a step's contacts or remove it",
                             "73: outcome 'tip_result' gives no one to contact on the route in_danger: No; "
                             "include a situation with a contact"],
    "invalid_phone": ["36: contact 'tip_line': phone '1-888-827-463' is not a valid number; use 911 or a "
                      "10-digit US number such as \"205-555-0100\" or \"1-800-555-0100\"",
                      "37: contact 'tip_line': vanity '1-888-8CRIMES' spells 18888274637, but phone "
                      "'1-888-827-463' is 1888827463; fix one so they match"],
    "vanity_mismatch": ["37: contact 'tip_line': vanity '1-888-8CRIMEZ' spells 18888274639, but phone "
                        "'1-888-827-4637' is 18888274637; fix one so they match"],
    "invalid_email": ["38: contact 'tip_line': email 'tips(at)example.gov' is not a valid address; "
                      "write it like name@example.gov"],
    "invalid_date": ["30: contact 'emergency_911' checked 'last week' is not a date; write it as "
                     "YYYY-MM-DD, e.g. \"2026-01-31\""],
    "contact_never_used": ["41: contact 'unused_line' is never used; name it in a step's contacts or remove it"],
    "situation_not_on_route": ["50: situation 'tip' is not on any route of the decision; add it to an "
                               "answer's or outcome's include"],
    "three_mistakes": [
        "34: contact 'tip_line' kind 'tipline' is not one of: emergency (emergency services (911)); "
        "law_enforcement (a law enforcement agency or unit); tip_line (a hotline or tip line that passes what "
        "you tell it on to law enforcement or other agencies); child_protection (child protection services); "
        "victim_services (services for victims, such as shelter, advocacy or counseling, that pass nothing on to "
        "law enforcement); other_agency (another agency, such as labor, health or immigration)",
        "36: contact 'tip_line': phone '601-987-1671 ext. 2' is not a valid number; use 911 or a 10-digit US "
        "number such as \"205-555-0100\" or \"1-800-555-0100\" (put an extension under 'ext:', e.g. ext: \"2\")",
        "39: contact 'tip_line' checked '2062-01-01' is in the future (today is 2026-11-29); write the day it "
        "actually happened"],
    "editions_out_of_order": [
        "22: changes: version '2' (2099-01-01) is newer than version '1' above it; list editions newest "
        "first, the current one at the top",
        "23: changes > version 2 date '2099-01-01' is in the future (today is 2026-11-29); write the day it "
        "actually happened"],
    "release_form_after_the_call": [
        "74: on the route in_danger: No: 'Get a signed release form first.' (line 63) is to be done before "
        "contacting law enforcement, but this route would show it after 'Call the tip line.' (line 55), which "
        "contacts law enforcement or a tip line that passes information on to it; include its situation or step "
        "at an earlier question, or move the step above the contact in its situation"],
    "emergency_not_first": [
        "71: on the route in_danger: Yes: the emergency step 'Call 911.' (line 47) would come after 'Call the "
        "tip line.' (line 55); an emergency step must be first on every route: include its situation at the "
        "first question"],
    "audience_nobody_reaches": [
        "27: caller 'victim' is never set by an answer (caller: victim), so no route reaches it; set it on "
        "the answer that says who the person is, or remove it",
        "65: the step 'You may stay anonymous.' is for caller 'public', but no route that includes it is for "
        "'public' (they are for: staff); remove 'public' from its audience, or include the step on a route "
        "of that caller"],
    "release_form_after_the_call_on_the_page": [
        "64: 'Get a signed release form first.' (line 64) is to be done before contacting law enforcement, "
        "but the page of situation 'tip' would show it after 'Call the tip line.' (line 60), which contacts "
        "law enforcement or a tip line that passes information on to it; move the step above the contact in "
        "its situation (its page shows every caller's steps, in the order of protocol.yaml)"],
}
TODAY = datetime.date(2026, 11, 29)  # fixtures' dates are judged against a fixed day


def expected(path, name: str) -> str:
    return "\n".join(f"{path}:{message}" for message in EXPECTED[name])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_mistake_names_the_file_line_and_fix(name):
    path = str(FIXTURES / f"{name}.yaml")
    with pytest.raises(ProtocolError) as caught:
        load_protocol(path, today=TODAY)
    assert str(caught.value) == expected(path, name)


def test_the_minimal_fixture_and_the_real_protocol_pass():
    load_protocol(str(FIXTURES / "valid_minimal.yaml"), today=TODAY)
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
    text = text.replace('checked: "2026-01-01"', "checked: 2026-01-01")
    unquoted = tmp_path / "protocol.yaml"
    unquoted.write_text(text)
    protocol = load_protocol(str(unquoted))
    assert protocol.contact("tip_line").phone == "18888274637"
    assert protocol.contact("tip_line").tel_href == "tel:+18888274637"


def test_check_command_prints_the_error_and_fails(capsys):
    assert cli_main(["check", str(FIXTURES / "dangling_contact.yaml")]) == 1
    err = capsys.readouterr().err
    assert err.strip() == expected(FIXTURES / "dangling_contact.yaml", "dangling_contact")


def test_check_command_accepts_the_real_protocol(capsys):
    assert cli_main(["check", str(ROOT / "protocol.yaml")]) == 0
    assert "OK" in capsys.readouterr().out


def test_a_broken_protocol_stops_mkdocs_build_with_one_message_and_no_site(tmp_path):
    broken = (FIXTURES / "dangling_contact.yaml").read_text()
    project = copy_project(tmp_path / "project", broken) if (tmp_path / "project").mkdir() is None else None
    site_dir = tmp_path / "site"
    result = run_mkdocs_build(project, site_dir)
    assert result.returncode != 0
    assert expected("protocol.yaml", "dangling_contact") in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not site_dir.exists()


def test_three_mistakes_give_three_messages_in_one_run(capsys):
    path = FIXTURES / "three_mistakes.yaml"
    assert cli_main(["check", str(path)]) == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 3
    assert all(line.startswith(f"{path}:") for line in lines)


def test_mistakes_are_capped_so_the_list_stays_readable(tmp_path):
    text = (FIXTURES / "valid_minimal.yaml").read_text()
    many = "".join(f"  bogus_{n}: x\n" for n in range(80))
    broken = tmp_path / "protocol.yaml"
    broken.write_text(text.replace("protocol:\n", "protocol:\n" + many, 1))
    with pytest.raises(ProtocolError) as caught:
        load_protocol(str(broken), today=TODAY)
    lines = str(caught.value).splitlines()
    assert len(lines) == MAX_REPORTED + 1
    assert lines[-1].endswith("... and 30 more mistakes; fix these and run the check again")


def test_a_phone_extension_is_dialled_and_shown(tmp_path):
    text = (FIXTURES / "valid_minimal.yaml").read_text().replace(
        '    phone: "1-888-827-4637"\n    vanity: "1-888-8CRIMES"\n', '    phone: "601-987-1671"\n    ext: "2"\n')
    path = tmp_path / "protocol.yaml"
    path.write_text(text)
    contact = load_protocol(str(path), today=TODAY).contact("tip_line")
    assert contact.tel_href == "tel:+16019871671;ext=2"
    assert contact.phone_display == "601-987-1671 ext. 2"


def test_every_step_and_contact_of_the_real_protocol_says_what_it_is(protocol):
    from macros.protocol.kinds import CONTACT_KINDS, STEP_KINDS
    assert {c.kind for c in protocol.contacts} <= set(CONTACT_KINDS)
    assert {s.kind for situation in protocol.situations for s in situation.steps} <= set(STEP_KINDS)


def test_a_route_whose_answers_name_two_callers_names_the_second(tmp_path):
    text = (FIXTURES / "audience_nobody_reaches.yaml").read_text()
    # The first question now leads on to a second whose answer names another caller.
    text = text.replace("          outcome: tip_result\n          caller: staff\n",
                        "          next: who\n          caller: staff\n", 1)
    text = text.replace("  outcomes:\n", "    - id: who\n      text: Who are you?\n      answers:\n"
                        "        - label: The public\n          outcome: tip_result\n          caller: public\n"
                        "  outcomes:\n", 1)
    path = tmp_path / "protocol.yaml"
    path.write_text(text)
    with pytest.raises(ProtocolError) as caught:
        load_protocol(str(path), today=TODAY)
    line = line_of(text, "        - label: The public\n")
    assert (f"{path}:{line}: on the route in_danger: No > who: The public: the answers say the person is "
            "'staff' and then 'public'; a route has one caller: remove one of the answers' caller:") in str(caught.value)


def test_an_audience_names_a_caller_that_exists(tmp_path):
    text = (FIXTURES / "audience_nobody_reaches.yaml").read_text().replace("audience: [public]", "audience: [pubic]")
    path = tmp_path / "protocol.yaml"
    path.write_text(text)
    with pytest.raises(ProtocolError) as caught:
        load_protocol(str(path), today=TODAY)
    assert (f"{path}:{line_of(text, '[pubic]')}: situation 'tip' step audience: caller 'pubic' does not exist "
            "(known: public, staff, victim)") in str(caught.value)


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


# --- search terms ---------------------------------------------------------------------------

def minimal_with(tmp_path, old: str, new: str):
    text = (FIXTURES / "valid_minimal.yaml").read_text().replace(old, new, 1)
    path = tmp_path / "protocol.yaml"
    path.write_text(text)
    return path, text


def test_an_empty_list_of_search_terms_is_an_error_naming_its_line(tmp_path):
    path, text = minimal_with(tmp_path, "    applies_when: You have a tip.\n", "    applies_when: You have a tip.\n    search_terms: []\n")
    with pytest.raises(ProtocolError) as caught:
        load_protocol(str(path), today=TODAY)
    assert f"{path}:{line_of(text, 'search_terms: []')}:" in str(caught.value)
    assert "search_terms" in str(caught.value) and "empty list" in str(caught.value)


def test_search_terms_for_a_page_the_site_does_not_have_name_the_pages_it_has(tmp_path):
    path, text = minimal_with(tmp_path, "decision:\n", "search_terms:\n  contact: [phone]\ndecision:\n")
    with pytest.raises(ProtocolError) as caught:
        load_protocol(str(path), today=TODAY)
    message = str(caught.value)
    assert f"{path}:{line_of(text, 'contact: [phone]')}:" in message
    assert "unknown key 'contact'" in message and "contacts" in message and "decide" in message


def test_a_search_term_on_two_situations_is_a_warning_of_make_check_not_an_error(tmp_path, capsys):
    path, text = minimal_with(tmp_path, "    applies_when: You have a tip.\n",
                              "    applies_when: You have a tip.\n    search_terms: [Danger, tipline]\n")
    path.write_text(text.replace("    applies_when: Someone is in danger.\n",
                                 "    applies_when: Someone is in danger.\n    search_terms: [danger, gun]\n"))
    text = path.read_text()
    assert cli_main(["check", str(path)]) == 0
    err = capsys.readouterr().err
    tip, emergency = line_of(text, "- id: tip\n"), line_of(text, "- id: emergency\n")
    assert (f"{path}:{tip}: the search term 'danger' is on situation 'tip' and on 'emergency' (line {emergency})") in err
    assert "tipline" not in err and "gun" not in err


def test_a_section_listed_under_the_statute_that_does_not_exist_is_named_with_its_line():
    text = (FIXTURES / "valid_minimal.yaml").read_text(encoding="utf-8")
    text = text.replace("    text: Report it.\n", "    text: Report it.\n    situations: [tip, tipp]\n", 1)
    line = text.splitlines().index("    situations: [tip, tipp]") + 1
    with pytest.raises(ProtocolError) as err:
        build_protocol("protocol.yaml", text)
    assert str(err.value).splitlines() == [
        f"protocol.yaml:{line}: protocol > statute > situations: situation 'tipp' does not exist (known: emergency, tip)"]
