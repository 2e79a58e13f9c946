"""The decision's screens, each distinct one once: what the widget and the pages without
JavaScript are built from, so that their size follows the protocol's text, not its routes.

A screen is a question with the emergency steps the answers so far have added, or a route's
finished result. Two sets of answers that lead to the same screen, with the same screens
behind each answer, share it: routes multiply with every question, distinct screens do not
(unless the answers add different steps, when the results really differ). Each screen is
addressed by the first route (in YAML order) that reaches it, e.g. '2.1'; '' is the start.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from math import prod
from typing import Optional

from ..protocol.model import Protocol, Question, Step
from .paths import Choice, Result, route_key, steps_of


@dataclass(frozen=True)
class Screen:
    key: str                       # the first route reaching it: '' (the start), '2.1', '2.1.3'
    depth: int                     # answers given before it: its question is number depth + 1
    question: Optional[Question] = None
    urgent: tuple[Step, ...] = ()  # emergency steps the answers so far have added
    leads_to: tuple[str, ...] = ()  # per answer, the key of the screen it leads to
    result: Optional[Result] = None
    # The answers that reach it. Each way here is a list of (question, the labels given to it):
    # 'Yes' or 'Not sure'. A page shared by several sets of answers names them all; one entered
    # from the flowchart says what it assumes.
    via: tuple[tuple[tuple[Question, tuple[str, ...]], ...], ...] = ()

    @property
    def is_result(self) -> bool:
        return self.result is not None


@dataclass(frozen=True)
class Screens:
    """Every distinct screen (start first, then in route order) and where each set of answers
    so far leads."""
    screens: tuple[Screen, ...]
    of_prefix: dict[str, str]  # any set of answers so far ('2.1') -> the key of its screen
    results: tuple[str, ...]   # keys of the result screens, in route order
    by_key: dict[str, Screen]

    def screen(self, key: str) -> Screen:
        return self.by_key[key]


def urgent_steps(protocol: Protocol, choices) -> tuple[Step, ...]:
    """Emergency steps the answers so far have added: shown above every later question."""
    found: list[Step] = []
    for choice in choices:
        for block_id in choice.answer.include:
            found += [s for s in steps_of(protocol.block(block_id)) if s.kind == "emergency"]
    return tuple(dict.fromkeys(found))


def _via(prefixes) -> tuple:
    """The ways here, exactly: sets of answers to the same questions are written as one way,
    'Yes or Not sure' at a question, when every combination of them leads here; otherwise each
    set of answers is a way of its own. In route order."""
    groups: dict[tuple, list[tuple[int, ...]]] = {}
    for choices in dict.fromkeys(prefixes):
        groups.setdefault(tuple(c.question for c in choices), []).append(tuple(c.answer_index for c in choices))
    ways = []
    for questions, answers in groups.items():
        per_step = [sorted({a[i] for a in answers}) for i in range(len(questions))]
        if len(set(answers)) == prod(len(s) for s in per_step):
            ways.append(tuple(zip(questions, per_step)))
        else:
            ways += [tuple((q, [n]) for q, n in zip(questions, a)) for a in answers]
    return tuple(tuple((q, tuple(q.answers[n].label for n in ns)) for q, ns in way) for way in ways)


def _result_sign(result: Result) -> tuple:
    # What a result screen shows: its outcome, its steps (already chosen for the caller), whether
    # steps keep their "if you are" condition, and whether it opens with how to browse safely.
    return ("result", result.outcome.id, result.steps, result.conditional, result.at_risk)


def build_screens(protocol: Protocol, routes) -> Screens:
    """The routes' results merged bottom-up, so a question screen is shared only when
    everything behind it is the same (once per protocol: macros/decision/facts.py)."""
    results = {path.key: result for path, result in routes}
    decision = protocol.decision
    by_sign: dict[tuple, Screen] = {}
    of_prefix: dict[str, str] = {}

    def visit(question: Question, taken: tuple[Choice, ...]) -> str:
        leads_to = []
        for index, answer in enumerate(question.answers):
            route = taken + (Choice(question, index),)
            if answer.outcome:
                result = results[route_key(route)]
                screen = by_sign.setdefault(_result_sign(result), Screen(route_key(route), len(route), result=result))
                of_prefix[route_key(route)] = screen.key
                leads_to.append(screen.key)
            else:
                leads_to.append(visit(decision.question(answer.next), route))
        urgent = urgent_steps(protocol, taken)
        sign = ("question", len(taken), question.id, urgent, tuple(leads_to))
        # The key is the route that reaches it first: this one unless an earlier route did.
        screen = by_sign.setdefault(sign, Screen(route_key(taken), len(taken), question, urgent, tuple(leads_to)))
        of_prefix[route_key(taken)] = screen.key
        return screen.key

    visit(decision.question(decision.start), ())
    reached: dict[str, list[tuple[Choice, ...]]] = {}
    for path, _result in routes:
        for i in range(len(path.choices) + 1):
            reached.setdefault(of_prefix[route_key(path.choices[:i])], []).append(path.choices[:i])
    by_sign = {sign: replace(screen, via=_via(reached[screen.key])) for sign, screen in by_sign.items()}
    # A screen made while visiting is keyed by its own route; children are visited first, so
    # order the screens as the routes meet them: by key, answer numbers compared as numbers.
    screens = sorted(by_sign.values(), key=lambda s: [int(n) for n in s.key.split(".") if n])
    result_keys = tuple(s.key for s in screens if s.is_result)
    return Screens(tuple(screens), of_prefix, result_keys, {s.key: s for s in screens})
