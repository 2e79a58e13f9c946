"""A YAML mistake made in a web editor is named in plain words, with the fix to type: a tab,
a colon inside text, a line indented a space off, curly quotes. Fixtures: tests/fixtures/yaml/."""
from __future__ import annotations

import pytest
from conftest import FIXTURES, mistake_file

from macros.__main__ import main as cli_main
from macros.load import build_protocol, load_protocol
from macros.protocol.errors import ProtocolError

YAML_FIXTURES = FIXTURES / "yaml"
TIP_PHONE = next(c.phone for c in load_protocol(str(FIXTURES / "valid_minimal.yaml")).contacts if c.id == "tip_line")

# fixture file -> the whole message after "protocol.yaml:", line number included.
EXPECTED = {
    "tab": "4: YAML syntax error: this line has a tab; replace the tab with spaces (YAML indents with spaces only)",
    "colon_in_text": "35: YAML syntax error: a colon followed by a space inside text; put the text in double "
                     'quotes: purpose: "Tips: any time."',
    "colon_in_step": "55: YAML syntax error: a colon followed by a space inside text; put the text in double "
                     'quotes: - text: "Call the tip line: now."',
    "indent_one_less": "32: YAML syntax error: 'name:' is indented 3 spaces but belongs with 'id:' on line 31; "
                       "indent it 4 spaces, like that line",
    "indent_one_more": "35: YAML syntax error: 'purpose:' is indented 5 spaces but belongs with 'kind:' "
                       "on line 34; indent it 4 spaces, like that line",
    "top_level_indented": "41: YAML syntax error: 'situations:' is indented 1 space but belongs with 'contacts:' "
                          "on line 22; start it at the beginning of the line, like that line",
    # The fixture's curly-quoted number is valid_minimal.yaml's tip line number.
    "curly_quotes": '36: the value is in curly quotes (“ ”), which YAML keeps as part of the text; use straight '
                    f'quotes: phone: "{TIP_PHONE}"',
}


def test_every_yaml_fixture_has_its_expected_message():
    assert sorted(p.stem for p in YAML_FIXTURES.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_yaml_mistake_gets_plain_advice_on_its_line(name):
    text = (YAML_FIXTURES / f"{name}.yaml").read_text(encoding="utf-8")
    with pytest.raises(ProtocolError) as err:
        build_protocol("protocol.yaml", text)
    assert str(err.value) == f"protocol.yaml:{EXPECTED[name]}"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_advice_is_right_the_fixed_file_is_valid(name):
    """Doing what the message says gives the valid protocol the fixture was made from."""
    text = (YAML_FIXTURES / f"{name}.yaml").read_text(encoding="utf-8")
    line = int(EXPECTED[name].split(":", 1)[0])
    lines = text.splitlines(keepends=True)
    advice = EXPECTED[name]
    bad = lines[line - 1]
    if "replace the tab" in advice:
        lines[line - 1] = bad.replace("\t", "  ")
    elif "double quotes: " in advice or "straight quotes: " in advice:
        fixed = advice.split("quotes: ", 1)[1]
        lines[line - 1] = bad[:len(bad) - len(bad.lstrip(" "))] + fixed + "\n"
    elif "start it at the beginning" in advice:
        lines[line - 1] = bad.lstrip(" ")
    else:
        spaces = int(advice.split("indent it ", 1)[1].split(" ")[0])
        lines[line - 1] = " " * spaces + bad.lstrip(" ")
    assert build_protocol("protocol.yaml", "".join(lines)).contacts  # no ProtocolError


def test_other_syntax_errors_keep_the_general_advice(tmp_path):
    with pytest.raises(ProtocolError) as err:
        load_protocol(str(mistake_file("yaml_syntax_error", tmp_path)))
    assert str(err.value).endswith(": YAML syntax error: expected ',' or ']', but got ':'; check indentation, "
                                   "colons and quotes on this line or the one before")


def test_curly_quotes_inside_straight_quotes_are_text_and_fine():
    text = (FIXTURES / "valid_minimal.yaml").read_text(encoding="utf-8")
    text = text.replace("summary: Call now.", 'summary: "“Call now,” they said."')
    assert build_protocol("protocol.yaml", text).decision.outcomes[0].summary == "“Call now,” they said."


def test_check_command_prints_the_advice(capsys):
    path = YAML_FIXTURES / "tab.yaml"
    assert cli_main(["check", str(path)]) == 1
    assert capsys.readouterr().err.strip() == f"{path}:{EXPECTED['tab']}"
