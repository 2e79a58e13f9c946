"""How a print's text is laid out over its pages before Chromium prints it (card_budget.py): one
page (or side) while the text fits in 8 pt type, and more, cut between whole blocks where the
pages come out most even, when a long protocol cannot. A correct edit that lengthens the
protocol, or its translation, then prints on more paper: it never stops the build."""
from __future__ import annotations

import re

import pytest
from conftest import PROTOCOL_DIR

from macros.decision.facts import card_order, handouts
from macros.load import build_protocol
from macros.pages.card_budget import (
    HANDOUT_COLUMN_LINES,
    SIDE_2_LINES,
    SMALLEST,
    balanced_parts,
    estimate,
    handout_blocks,
    handout_layout,
    print_estimate,
)

# A step's own words written on one line, unquoted: `- text: ...`, `text: ...` or `card: ...`.
STEP_WORDS = re.compile(r"^(      - text: |        text: |        card: )(?![\"'>|])(.+)$", re.M)


def lengthened_text(times: int) -> str:
    """protocol.yaml under test with every step's words `times` sentences longer: a protocol
    that grew evenly, every section a little, as a new edition's does."""
    text = (PROTOCOL_DIR / "protocol.yaml").read_text(encoding="utf-8")
    return STEP_WORDS.sub(lambda m: m.group(1) + m.group(2) + " And more words that take room on paper." * times, text)


def lengthened(times: int):
    return build_protocol("protocol.yaml", lengthened_text(times))


@pytest.mark.parametrize("sizes, capacity, expected", [
    ([10, 10, 10], 40, ((0, 1, 2),)),  # all fit: one page
    ([10, 10, 10, 10, 10], 40, ((0, 1, 2), (3, 4))),  # two even pages, not 40 and 10
    ([30, 5, 5, 5, 5], 32, ((0,), (1, 2, 3, 4))),  # a big block first
    ([5, 5, 5, 5, 30], 32, ((0, 1, 2, 3), (4,))),
    ([10, 40, 10], 30, ((0,), (1,), (2,))),  # a block larger than a page is a page of its own
])
def test_a_prints_blocks_go_in_order_onto_the_fewest_even_pages(sizes, capacity, expected):
    assert balanced_parts(sizes, capacity) == expected


def test_the_card_is_one_sheet_while_its_situations_fit_one_side_in_8_point_type(protocol):
    fit = estimate(protocol)
    assert (fit.pages == 2) == (fit.side_2_lines <= SIDE_2_LINES * .95 / SMALLEST ** 2)
    assert [i for part in fit.back_parts for i in part] == list(range(len(card_order(protocol))))


def test_a_longer_protocols_card_takes_more_sides_each_in_type_of_8_points_or_more():
    longer = next(p for p in (lengthened(n) for n in range(4, 200, 4)) if estimate(p).pages > 2)
    fit = estimate(longer)
    # Every situation, once, in the card's order, over the sides after side 1.
    assert [i for part in fit.back_parts for i in part] == list(range(len(card_order(longer))))
    assert len(fit.back_scales) == fit.pages - 1 and min(fit.back_scales) >= SMALLEST
    assert all(lines <= SIDE_2_LINES * .95 / SMALLEST ** 2 or len(part) == 1
               for part, lines in zip(fit.back_parts, fit.back_part_lines))
    assert any(f"prints on {fit.pages} pages" in w for w in fit.warnings("protocol.yaml"))


def test_a_handout_too_long_for_one_page_goes_on_overleaf_with_its_header_on_the_first(protocol):
    if not handouts(protocol):
        pytest.skip("this protocol names no caller to make a handout for")
    longer = next(p for p in (lengthened(n) for n in range(4, 200, 4))
                  if any(handout_layout(h).pages > 1 for h in handouts(p)))
    handout = next(h for h in handouts(longer) if handout_layout(h).pages > 1)
    layout = handout_layout(handout)
    assert layout.parts[0][0] == 0  # the header and the questions lead the first page
    shown = [i for part in range(len(layout.parts)) for i in layout.sections(part)]
    assert shown == list(range(len(handout.sections))) and len(handout_blocks(handout)) == len(shown) + 1
    assert layout.scale >= SMALLEST
    caller = handout.caller.id
    full = sum(handout_blocks(handout)) / (2 * HANDOUT_COLUMN_LINES)
    assert (caller, pytest.approx(full), layout.pages) in print_estimate(longer).handouts
