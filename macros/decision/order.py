"""The protocol's ordering rules for a route's combined result, checked on every route.

1. A step of kind `emergency` (call 911 now) comes before everything else.
2. A step of kind `before_law_enforcement` (agency guidelines, release form, immigration
   attorney) comes before the first step that contacts law enforcement or a tip line that
   passes information on to law enforcement.

The result keeps the order the YAML gives (answers' includes in the order they are met,
then the outcome's); these rules refuse an order that would change what the protocol says.
The same rules hold for every page a reader can land on: a situation page's complete
sequence and the card's (macros/decision/sequence.py) are checked with `sequence_mistakes` too.
"""
from __future__ import annotations

from typing import Iterator, NamedTuple

from ..protocol.model import Protocol, Step
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


def short(text: str) -> str:
    """A step's words on one line, cut at 60 characters: how a message names a step."""
    text = " ".join(text.split())
    return text[:60] + ("..." if len(text) > 60 else "")


def _name(step: Step) -> str:
    return f"'{short(step.text)}' (line {step.line})"


class Mistake(NamedTuple):
    rule: str  # "emergency" or "before"
    step: Step  # the step shown too late
    after: Step  # the step it would come after


def sequence_mistakes(steps: tuple[Step, ...]) -> Iterator[Mistake]:
    """The ordering rules, on any sequence of steps a reader follows top to bottom."""
    first_other = next((i for i, s in enumerate(steps) if s.kind != "emergency"), None)
    for index, step in enumerate(steps):
        if step.kind == "emergency" and first_other is not None and index > first_other:
            yield Mistake("emergency", step, steps[first_other])
    first_contact = next((i for i, s in enumerate(steps) if s.reaches_law_enforcement), None)
    if first_contact is None:
        return
    for step in steps[first_contact + 1:]:
        if step.kind == "before_law_enforcement":
            yield Mistake("before", step, steps[first_contact])


def describe(mistake: Mistake, where: str, every: str) -> str:
    """The rule broken, in words: `where` shows the steps ("this route"), `every` is what the
    rule holds on ("every route")."""
    if mistake.rule == "emergency":
        return (f"the emergency step {_name(mistake.step)} would come after {_name(mistake.after)}; "
                f"an emergency step must be first on {every}")
    return (f"{_name(mistake.step)} is to be done before contacting law enforcement, but {where} would "
            f"show it after {_name(mistake.after)}, which contacts law enforcement or a tip line "
            "that passes information on to it")


def route_order_errors(protocol: Protocol, path: Path, result: Result) -> Iterator[OrderError]:
    added_at = _included_at(protocol, path)
    for mistake in sequence_mistakes(result.steps):
        fix = ("include its situation at the first question" if mistake.rule == "emergency" else
               "include its situation or step at an earlier question, or move the step above the "
               "contact in its situation")
        yield OrderError((mistake.rule, mistake.step, mistake.after), added_at.get(mistake.step, mistake.step.line),
                         f"{describe(mistake, 'this route', 'every route')}{':' if mistake.rule == 'emergency' else ';'} {fix}")
