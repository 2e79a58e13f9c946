"""Will the quick-reference card still fit? An estimate from protocol.yaml alone (no browser),
for `python -m macros check`: it names, in YAML terms, what to shorten before the printed
card (two sides of one sheet, measured for real by `make build` and the tests) spills over.

The estimate counts printed lines the way the card lays them out: side 2 has two columns
of about COLUMN_CHARS characters; side 1 lists the contacts in two columns. The budgets
leave room for the columns' uneven ends (a situation never splits across columns)."""
from __future__ import annotations

import math
from dataclasses import dataclass

from ..decision.sequence import leads_into
from ..protocol.model import Protocol, Situation, Step

COLUMN_CHARS = 56  # characters per line in one column of side 2, at the card's 9 pt (measured: 56-60)
SIDE_2_LINES = 120  # two columns of ~63 lines (measured), less room for the columns' uneven ends
SIDE_1_CONTACTS = 16  # contacts on side 1 (two per row) before its header and the law no longer fit


def _lines(text: str, indent: int = 2) -> int:
    return max(1, math.ceil(len(" ".join(text.split())) / (COLUMN_CHARS - indent)))


def step_lines(step: Step) -> int:
    label = f"{step.label}: " if step.label else ""
    text = step.text if step.quote else step.card_text
    lines = _lines(label + text) + (1 if step.audience else 0)  # + its condition ("If you are ...")
    lines += sum(_lines(f"{c.name}: {c.phone_display or ''} {c.email or ''}", 4) for c in step.contacts)
    lines += sum(_lines(item, 4) for item in step.items)
    return lines


def situation_lines(situation: Situation) -> int:
    return _lines(situation.title, 0) + sum(step_lines(s) for s in situation.steps) + 1  # + the gap below


@dataclass(frozen=True)
class CardEstimate:
    side_2_lines: int
    contacts: int
    longest: tuple[tuple[Step, Situation, int], ...]  # the steps that take most lines, longest first

    @property
    def side_2_full(self) -> float:
        return self.side_2_lines / SIDE_2_LINES

    def warnings(self, path: str) -> list[str]:
        found = []
        if self.side_2_lines > SIDE_2_LINES:
            steps = "; ".join(
                f"line {step.line} (situation '{situation.id}', {lines} lines: "
                f"{'shorten its text' if step.quote else 'add or shorten its card:'})"
                for step, situation, lines in self.longest[:3])
            found.append(f"{path}: the quick-reference card's side 2 (the situations) is about "
                         f"{self.side_2_full:.0%} full and will not fit on its side of the sheet; "
                         f"shorten the longest steps first: {steps}. See CONTRIBUTING.md, "
                         "\"The quick-reference card\"")
        if self.contacts > SIDE_1_CONTACTS:
            found.append(f"{path}: the quick-reference card's side 1 holds about {SIDE_1_CONTACTS} contacts; "
                         f"this protocol has {self.contacts}. See CONTRIBUTING.md, \"The quick-reference card\"")
        return found


def estimate(protocol: Protocol) -> CardEstimate:
    steps = [(step, situation, step_lines(step)) for situation in protocol.situations for step in situation.steps]
    # A section that comes first in others names them: about two lines.
    lead_in_lines = 2 * sum(1 for s in protocol.situations if leads_into(protocol, s).situations)
    return CardEstimate(
        side_2_lines=sum(situation_lines(s) for s in protocol.situations) + lead_in_lines,
        contacts=len(protocol.contacts),
        longest=tuple(sorted(steps, key=lambda t: -t[2])),
    )
