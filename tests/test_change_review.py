"""A reviewer sees what a change to protocol.yaml does to the advice, route by route."""
from __future__ import annotations

from conftest import ROOT
from macros.__main__ import main as cli_main
from macros.load import build_protocol
from macros.paths import all_paths
from macros.review import MARKER, advice_diff, listing

REAL = (ROOT / "protocol.yaml").read_text(encoding="utf-8")


def paths_of(text: str) -> str:
    return listing(build_protocol("protocol.yaml", text))


def test_paths_lists_every_route_by_its_questions_and_answers(protocol):
    text = listing(protocol)
    blocks = text.strip().split("\n\n")
    assert len(blocks) == len(all_paths(protocol))
    for block, path in zip(blocks, all_paths(protocol)):
        for choice in path.choices:
            assert f"  {choice.question.text} -> {choice.answer.label}" in block
        assert "Route 2." not in block  # no positional keys that renumber when a question is added


def test_paths_shows_every_contact_number_and_email_a_route_gives(protocol):
    from macros.paths import path_result
    blocks = listing(protocol).strip().split("\n\n")
    for block, path in zip(blocks, all_paths(protocol)):
        for contact in path_result(protocol, path).contacts:
            for way in (contact.phone_display, contact.email):
                if way:
                    assert way in block


def test_paths_command_prints_the_listing(capsys, protocol):
    assert cli_main(["paths", str(ROOT / "protocol.yaml")]) == 0
    assert capsys.readouterr().out == listing(protocol)


def test_a_changed_number_shows_as_changed_advice_on_the_routes_that_give_it():
    new = paths_of(REAL.replace('"601-987-1530"', '"601-987-1531"'))
    diff = advice_diff(paths_of(REAL), new)
    assert diff.startswith(MARKER)
    assert "-     - MBI Human Trafficking Unit: 601-987-1530" in diff
    assert "+     - MBI Human Trafficking Unit: 601-987-1531" in diff
    # Every route through "Make a police report now" or "Talk to law enforcement later" changes.
    assert "16 of 29 routes get different advice; 0 new, 0 removed" in diff
    assert "Only pass on an anonymous tip" not in diff


def test_a_child_victim_who_will_only_give_a_tip_gets_the_new_step():
    changed = REAL.replace(
        "        - Credit or debit cards or bank accounts used, or other financial details\n",
        "        - Credit or debit cards or bank accounts used, or other financial details\n"
        "      - text: Write down what you passed on, and when.\n")
    diff = advice_diff(paths_of(REAL), paths_of(changed))
    assert "+  3. Write down what you passed on, and when." in diff
    assert "Is the victim a child (under the age of 18)? -> Yes" in diff
    assert "What is the victim willing to do? -> Only pass on an anonymous tip" in diff


def test_no_change_in_advice_says_so():
    assert "No route's advice changes (29 routes checked)." in advice_diff(paths_of(REAL), paths_of(REAL))


def test_a_base_branch_without_a_listing_shows_every_route_as_new():
    diff = advice_diff("", paths_of(REAL))
    assert "0 of 29 routes get different advice; 29 new, 0 removed" in diff
    assert diff.count("#### New route") == 29


def test_yaml_text_cannot_close_the_comment_code_block():
    changed = REAL.replace("- text: Call 911.\n", "- text: Call 911 ```` now.\n")
    diff = advice_diff(paths_of(REAL), paths_of(changed))
    assert "`````diff" in diff


def test_a_huge_diff_is_cut_to_fit_a_comment():
    diff = advice_diff("", paths_of(REAL), limit=5000)
    assert len(diff) < 5200
    assert "advice-listings" in diff


def test_diff_command_reads_two_listings(tmp_path, capsys):
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text(paths_of(REAL))
    new.write_text(paths_of(REAL.replace('"601-987-1530"', '"601-987-1531"')))
    assert cli_main(["diff", str(old), str(new)]) == 0
    assert "+     - MBI Human Trafficking Unit: 601-987-1531" in capsys.readouterr().out
