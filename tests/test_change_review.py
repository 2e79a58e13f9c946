"""A reviewer sees what a change to protocol.yaml does to the advice, route by route."""
from __future__ import annotations

from conftest import FIXTURES, ROOT
from macros.__main__ import main as cli_main
from macros.load import build_protocol
from macros.paths import all_paths
from macros.review import MARKER, advice_diff, listing

# The diff is tested on a small fixture protocol: its facts are the test's own, so a
# maintainer's edit of the real protocol.yaml never turns these tests red.
REAL = (FIXTURES / "valid_minimal.yaml").read_text(encoding="utf-8")
ROUTES = len(all_paths(build_protocol("protocol.yaml", REAL)))


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
    new = paths_of(REAL.replace('"1-888-827-4637"', '"1-888-827-4638"').replace('"1-888-8CRIMES"', '"1-888-8CRIMET"'))
    diff = advice_diff(paths_of(REAL), new)
    assert diff.startswith(MARKER)
    assert "-     - Tip line: 1-888-8CRIMES (1-888-827-4637) / tips@example.gov" in diff
    assert "+     - Tip line: 1-888-8CRIMET (1-888-827-4638) / tips@example.gov" in diff
    assert f"1 of {ROUTES} routes get different advice; 0 new, 0 removed" in diff
    assert "Is someone in danger? -> Yes" not in diff


def test_a_new_step_shows_on_the_routes_that_get_it():
    changed = REAL.replace("        contacts: [tip_line]\n",
                           "        contacts: [tip_line]\n      - kind: note\n        text: Write down what you passed on.\n")
    diff = advice_diff(paths_of(REAL), paths_of(changed))
    assert "+  2. Write down what you passed on." in diff
    assert "Is someone in danger? -> No" in diff


def test_no_change_in_advice_says_so():
    assert f"No route's advice changes ({ROUTES} routes checked)." in advice_diff(paths_of(REAL), paths_of(REAL))


def test_a_base_branch_without_a_listing_shows_every_route_as_new():
    diff = advice_diff("", paths_of(REAL))
    assert f"0 of {ROUTES} routes get different advice; {ROUTES} new, 0 removed" in diff
    assert diff.count("#### New route") == ROUTES


def test_yaml_text_cannot_close_the_comment_code_block():
    changed = REAL.replace("text: Call 911.\n", "text: Call 911 ```` now.\n")
    diff = advice_diff(paths_of(REAL), paths_of(changed))
    assert "`````diff" in diff


def test_a_huge_diff_is_cut_to_fit_a_comment():
    diff = advice_diff("", paths_of(REAL), limit=5000)
    assert len(diff) < 5200
    assert "advice-listings" in diff


def test_diff_command_reads_two_listings(tmp_path, capsys):
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text(paths_of(REAL))
    new.write_text(paths_of(REAL.replace("tips@example.gov", "tipline@example.gov")))
    assert cli_main(["diff", str(old), str(new)]) == 0
    assert "+     - Tip line: 1-888-8CRIMES (1-888-827-4637) / tipline@example.gov" in capsys.readouterr().out
