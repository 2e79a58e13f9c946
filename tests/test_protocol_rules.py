"""A protocol's own rules (rules: in protocol.yaml) are checked on every route, and a rule that
is broken, or names something that is not there, stops the build with its line and the fix.
Each case is the smallest valid protocol (fixtures/valid_minimal.yaml) with one edit."""
from __future__ import annotations

import pytest
from conftest import FIXTURES

from macros.decision.review import listing
from macros.load import build_protocol
from macros.protocol.errors import ProtocolError

BASE = (FIXTURES / "valid_minimal.yaml").read_text(encoding="utf-8")
# The "Yes" answer also gives the tip line, so a route shows two situations in order.
BOTH = BASE.replace("include: [emergency]", "include: [emergency, tip]")


def with_rules(text: str, rules: str) -> str:
    return text + "rules:\n" + rules


def message(text: str) -> str:
    with pytest.raises(ProtocolError) as caught:
        build_protocol("protocol.yaml", text)
    return str(caught.value)


def rule_line(text: str) -> int:
    return text.splitlines().index("rules:") + 2


CASES = {
    "a required step is missing": (
        BASE, "  - id: tip_everywhere\n    says: Every result gives the tip line.\n    must_show: [tip]\n",
        "rule 'tip_everywhere' (Every result gives the tip line.) is broken on the route in_danger: Yes: "
        "the result does not show 'tip'; include it on that route, or change the rule if the protocol changed"),
    "two things in the wrong order": (
        BOTH, "  - id: tip_first\n    says: The tip line comes before 911.\n    must_order: [tip, emergency_911]\n",
        "rule 'tip_first' (The tip line comes before 911.) is broken on the route in_danger: Yes: the result "
        "shows 'emergency_911' before 'tip'; include it on that route, or change the rule if the protocol changed"),
    "a result that ends otherwise": (
        BOTH, "  - id: ends_with_911\n    says: Every result ends with 911.\n    must_end_with: emergency\n",
        "rule 'ends_with_911' (Every result ends with 911.) is broken on the route in_danger: Yes (and 1 other "
        "routes): the result ends with 'Call the tip line.' (line 55), not with 'emergency'; include it on that "
        "route, or change the rule if the protocol changed"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_broken_rule_names_its_line_the_route_and_the_fix(case):
    text, rules, expected = CASES[case]
    text = with_rules(text, rules)
    assert message(text) == f"protocol.yaml:{rule_line(text)}: {expected}"


NAMES = {
    "an unknown step": (
        "  - id: r\n    says: S.\n    must_show: [tip_lien]\n",
        ["3: rule 'r' must_show: situation or step or contact 'tip_lien' does not exist (known: emergency, "
         "emergency_911, tip, tip_line)"]),
    "an answer without an id": (
        "  - id: r\n    says: S.\n    when_answered: [in_danger.yes]\n    must_show: [tip]\n",
        ["3: rule 'r' when_answered: 'in_danger.yes' is not an answer; write question_id.answer_id, and give "
         "that answer an id: (known: none: no answer has an id yet)"]),
    "an unknown caller": (
        "  - id: r\n    says: S.\n    when_caller: [officer]\n    must_show: [tip]\n",
        ["3: rule 'r' when_caller: caller 'officer' does not exist (known: none)"]),
    "a rule that requires nothing": (
        "  - id: r\n    says: S.\n    when_shown: [tip]\n",
        ["1: rule 'r' requires nothing; add must_show, must_order or must_end_with"]),
    "an order of one": (
        "  - id: r\n    says: S.\n    must_order: [tip]\n",
        ["3: rule 'r' must_order names one thing; list at least two, in the order the result must show them"]),
    "two rules with one id": (
        "  - id: r\n    says: S.\n    must_show: [tip]\n  - id: r\n    says: T.\n    must_show: [tip]\n",
        ["4: duplicate rule id 'r': already used on line {1}; give each rule its own id"]),
}


@pytest.mark.parametrize("case", sorted(NAMES))
def test_a_rule_naming_what_is_not_there_names_the_line(case):
    rules, expected = NAMES[case]
    text = with_rules(BASE, rules)
    # Lines are counted from the rule's first line ("{1}" in a message is that line too).
    at = {str(n): rule_line(text) + n - 1 for n in range(1, 10)}
    lines = [f"protocol.yaml:{at[n]}:{rest.replace('{1}', str(at['1']))}" for n, rest in (e.split(":", 1) for e in expected)]
    assert message(text) == "\n".join(lines)


def test_rules_with_answer_ids_select_their_routes_and_are_listed_for_review():
    text = BOTH.replace('        - label: "Yes"', '        - id: "yes"\n          label: "Yes"')
    text = with_rules(text, "  - id: danger_gets_the_tip_line\n    says: In danger, the tip line too.\n"
                            "    when_answered: [in_danger.yes]\n    must_show: [tip_line]\n")
    protocol = build_protocol("protocol.yaml", text)
    assert "  [danger_gets_the_tip_line] In danger, the tip line too. (for: answered in_danger.yes; must: shows " \
           "tip_line)" in listing(protocol).splitlines()
    broken = text.replace("include: [emergency, tip]", "include: [emergency]")
    assert "is broken on the route in_danger: Yes:" in message(broken)


def test_two_answers_of_one_question_cannot_share_an_id():
    text = BASE.replace('        - label: "Yes"', '        - id: "yes"\n          label: "Yes"')
    text = text.replace('        - label: "No"', '        - id: "yes"\n          label: "No"')
    line = text.splitlines().index('        - id: "yes"', text.splitlines().index('        - id: "yes"') + 1) + 1
    assert message(text) == (f"protocol.yaml:{line}: question 'in_danger': answer id 'yes' is used twice (also on "
                             f"line {line - 4}); each answer of a question needs its own id")


def test_an_added_or_changed_rule_shows_in_the_advice_diff():
    from macros.decision.review import advice_diff
    rule = "  - id: tip_everywhere\n    says: Every result gives the tip line.\n    must_show: [tip_line]\n"
    before = listing(build_protocol("protocol.yaml", BOTH))
    after = listing(build_protocol("protocol.yaml", with_rules(BOTH, rule)))
    reworded = listing(build_protocol("protocol.yaml", with_rules(BOTH, rule.replace("Every result", "Each result"))))
    assert "+ New rule [tip_everywhere] Every result gives the tip line." in advice_diff(before, after)
    changed = advice_diff(after, reworded)
    assert "! Changed rule [tip_everywhere]" in changed and "+   Each result gives the tip line." in changed
