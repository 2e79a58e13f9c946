"""The protocol's ordering rules for a route's combined result, checked on every route.

1. A step of kind `emergency` (call 911 now) comes before everything else.
2. A step of kind `before_law_enforcement` (agency guidelines, release form, immigration
   attorney) comes before the first step that contacts law enforcement or a tip line that
   passes information on to law enforcement.

The result keeps the order the YAML gives (answers' includes in the order they are met,
then the outcome's); these rules refuse an order that would change what the protocol says.
"""
from __future__ import annotations

from typing import Iterator, NamedTuple

from .model import Protocol, Step
from .paths import Path, Result, steps_of


class OrderError(NamedTuple):
    key: tuple  # the same mistake on many routes is reported once
    line: int
    message: str


def _included_at(protocol: Protocol, path: Path) -> dict[Step, int]:
    """Each step of the route -> the line of the answer or outcome that added it."""
    lines: dict[Step, int] = {}
    adders = [(c.answer.include, c.answer.line) for c in path.choices]
    adders.append((path.outcome.include, path.outcome.line))
    for ids, line in adders:
        for block_id in ids:
            for step in steps_of(protocol.block(block_id)):
                lines.setdefault(step, line)
    return lines


def _name(step: Step) -> str:
    text = " ".join(step.text.split())
    return f"'{text[:60]}{'...' if len(text) > 60 else ''}' (line {step.line})"


def route_order_errors(protocol: Protocol, path: Path, result: Result) -> Iterator[OrderError]:
    steps = result.steps
    added_at = _included_at(protocol, path)
    first_other = next((i for i, s in enumerate(steps) if s.kind != "emergency"), None)
    for index, step in enumerate(steps):
        if step.kind == "emergency" and first_other is not None and index > first_other:
            yield OrderError(
                ("emergency", step, steps[first_other]), added_at.get(step, step.line),
                f"the emergency step {_name(step)} would come after {_name(steps[first_other])}; "
                "an emergency step must be first on every route: include its situation at the first question")
    first_contact = next((i for i, s in enumerate(steps) if s.reaches_law_enforcement), None)
    if first_contact is None:
        return
    for step in steps[first_contact + 1:]:
        if step.kind == "before_law_enforcement":
            yield OrderError(
                ("before", step, steps[first_contact]), added_at.get(step, step.line),
                f"{_name(step)} is to be done before contacting law enforcement, but this route would "
                f"show it after {_name(steps[first_contact])}, which contacts law enforcement or a tip line "
                "that passes information on to it; include its situation or step at an "
                "earlier question, or move the step above the contact in its situation")
