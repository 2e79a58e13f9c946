"""A one-page handout for each caller the protocol names (not the person at risk, who gets no
print), as the decision gives it: the questions that caller answers, where their answers end,
then the sections their routes show, in the order the routes show them (911 first, a section
that comes first before the ones it leads into, the closing note last), each with the answers
that add it and its steps for that caller. Rendered and printed by macros/pages/ (handout.html)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from ..protocol.model import Answer, Caller, Outcome, Protocol, Question, Situation, Step
from .order import Mistake, describe, sequence_mistakes
from .paths import opening_emergency_calls, result_sources
from .related import answers_adding


@dataclass(frozen=True)
class HandoutSection:
    situation: Situation
    steps: tuple[Step, ...]  # its steps for this caller, in the protocol's order
    # The answers that add it, by question; empty when every route of the caller shows it.
    when: tuple[tuple[Question, tuple[Answer, ...]], ...]


@dataclass(frozen=True)
class Handout:
    caller: Caller
    # The questions on the caller's routes, each with the answers given on them.
    questions: tuple[tuple[Question, tuple[Answer, ...]], ...]
    sections: tuple[HandoutSection, ...]
    # Where the routes end: each outcome with the answers that lead to it (empty: every route),
    # whose summary says what the protocol says, or that it is silent, for those answers.
    outcomes: tuple[tuple[Outcome, tuple[tuple[Question, tuple[Answer, ...]], ...]], ...] = ()

    @property
    def steps(self) -> tuple[Step, ...]:
        return tuple(step for section in self.sections for step in section.steps)


def build_handouts(protocol: Protocol, routes_of_all, card_order) -> tuple[Handout, ...]:
    """One for each caller some route is for, but the person at risk, in the protocol's order
    (once per protocol: macros/decision/facts.py)."""
    found = []
    for caller in protocol.callers:
        routes = [(path, result) for path, result in routes_of_all if result.caller == caller]
        if caller.at_risk or not routes:
            continue
        asked: dict[Question, dict[Answer, None]] = {}
        for path, _result in routes:
            for choice in path.choices:
                asked.setdefault(choice.question, {})[choice.answer] = None
        shown = {s for _path, result in routes for s in result_sources(protocol, result)}
        # In the order the caller's routes show them (911 first, the closing note last): where
        # each section's first step stands on them, on average; the card's order breaks ties.
        place = {}
        for situation in shown:
            # Its own steps after an opening "For emergencies call 911", which every route puts
            # up front: a child victim's section comes before a section it leads into.
            opening = set(opening_emergency_calls(situation.steps)) if len(situation.steps) > 1 else set()
            spots = []
            for _path, result in routes:
                mine = [i for i, step in enumerate(result.steps) if protocol.situation_of(step) == situation]
                if mine:
                    spots.append(min((i for i in mine if result.steps[i] not in opening), default=mine[0]))
            place[situation] = sum(spots) / len(spots)
        card = {s: n for n, s in enumerate(card_order)}
        results = [result for _path, result in routes]
        sections = []
        for situation in lawful_order(protocol, sorted(shown, key=lambda s: (place[s], card[s])), caller, results):
            on = [path for path, result in routes if situation in result_sources(protocol, result)]
            when: dict[Question, dict[Answer, None]] = {}
            if len(on) < len(routes):
                for path in on:
                    for question, answer in answers_adding(protocol, path, situation):
                        when.setdefault(question, {})[answer] = None
            steps = tuple(step for step in situation.steps if step.is_for(caller))
            sections.append(HandoutSection(situation, steps, tuple((q, tuple(a)) for q, a in when.items())))
        ends: dict[Outcome, dict[Question, dict[Answer, None]]] = {}
        for path, _result in routes:
            last = path.choices[-1]
            ends.setdefault(path.outcome, {}).setdefault(last.question, {})[last.answer] = None
        outcomes = tuple((outcome, () if len(ends) == 1 else tuple((q, tuple(a)) for q, a in by.items()))
                         for outcome, by in ends.items())
        found.append(Handout(caller, tuple((q, tuple(a)) for q, a in asked.items()), tuple(sections), outcomes))
    return tuple(found)


def lawful_order(protocol: Protocol, order: list[Situation], caller: Caller, results) -> list[Situation]:
    """The sections in `order`, where a section with a step to do before contacting law
    enforcement (or a 911 call) is moved up before the section it must come before on some
    route of the caller: places on average can put it after. A mistake moving cannot mend
    (two routes that want the two sections each way round) stays, for the checker to name."""
    order = list(order)
    for _ in range(len(order) ** 2):
        mistake = next(_mistakes(protocol, order, caller, results), None)
        if mistake is None:
            break
        moving, ahead = protocol.situation_of(mistake.step), protocol.situation_of(mistake.after)
        if moving == ahead or order.index(moving) < order.index(ahead):
            break
        order.remove(moving)
        order.insert(order.index(ahead), moving)
    return order


def _mistakes(protocol: Protocol, order, caller: Caller, results) -> Iterator[Mistake]:
    """The ordering rules broken by a reader who follows the handout's steps of one route."""
    steps = [step for situation in order for step in situation.steps if step.is_for(caller)]
    for result in results:
        yield from sequence_mistakes(tuple(step for step in steps if step in result.steps))


def handout_order_errors(protocol: Protocol, handouts: tuple[Handout, ...], routes) -> Iterator[tuple[int, str]]:
    """(line, message) for a handout no order of its sections can keep lawful (macros/decision/route_checks.py)."""
    for handout in handouts:
        results = [result for _path, result in routes if result.caller == handout.caller]
        order = [section.situation for section in handout.sections]
        named = set()
        for mistake in _mistakes(protocol, order, handout.caller, results):
            if (mistake.step, mistake.after) not in named:
                named.add((mistake.step, mistake.after))
                where = f"the handout for caller '{handout.caller.id}'"
                yield mistake.step.line, (
                    f"{describe(mistake, where, 'every handout')}; the caller's routes need the two "
                    "situations each way round, and a handout lists each once: make them come in one "
                    "order on every route of this caller (the answers' include:)")
