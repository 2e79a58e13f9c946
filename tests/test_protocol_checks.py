"""A maintainer's mistake in protocol.yaml stops everything with one clear message."""
from __future__ import annotations

import datetime

import pytest
from conftest import FIXTURES, MISTAKES, ROOT, copy_project, mistake_file, mistake_text, run_mkdocs_build

from macros.__main__ import main as cli_main
from macros.load import build_protocol, load_protocol
from macros.protocol.errors import MAX_REPORTED, ProtocolError

# Each mistake's whole message, line numbers included: every mistake the check finds, one per
# line in file order (a mistake that makes another one is named too): tests/fixtures/mistakes.yaml.
EXPECTED = {name: mistake["expected"] for name, mistake in MISTAKES.items()}
TODAY = datetime.date(2026, 11, 29)  # fixtures' dates are judged against a fixed day


def expected(path, name: str) -> str:
    return "\n".join(f"{path}:{message}" for message in EXPECTED[name])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_mistake_names_the_file_line_and_fix(name, tmp_path):
    path = str(mistake_file(name, tmp_path))
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


def test_check_command_prints_the_error_and_fails(capsys, tmp_path):
    path = mistake_file("dangling_contact", tmp_path)
    assert cli_main(["check", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.strip() == expected(path, "dangling_contact")


def test_check_command_accepts_the_real_protocol(capsys):
    assert cli_main(["check", str(ROOT / "protocol.yaml")]) == 0
    assert "OK" in capsys.readouterr().out


def test_a_broken_protocol_stops_mkdocs_build_with_one_message_and_no_site(tmp_path):
    broken = mistake_text("dangling_contact")
    project = copy_project(tmp_path / "project", broken) if (tmp_path / "project").mkdir() is None else None
    site_dir = tmp_path / "site"
    result = run_mkdocs_build(project, site_dir)
    assert result.returncode != 0
    assert expected("protocol.yaml", "dangling_contact") in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not site_dir.exists()


def test_three_mistakes_give_three_messages_in_one_run(capsys, tmp_path):
    path = mistake_file("three_mistakes", tmp_path)
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
    text = mistake_text("audience_nobody_reaches")
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
    text = mistake_text("audience_nobody_reaches").replace("audience: [public]", "audience: [pubic]")
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
