"""What else applies where a situation applies: worked out from every route of the decision
(the same results the widget shows), for the "Also applies" list on each situation page."""
from __future__ import annotations

from dataclasses import dataclass

from ..protocol.model import Answer, Protocol, Question, Situation
from .paths import Path, result_sources


@dataclass(frozen=True)
class Related:
    situation: Situation
    # The answers that add it, by question; empty when it comes on every such route.
    when: tuple[tuple[Question, tuple[Answer, ...]], ...]
    before: bool  # its steps come before this situation's steps on those routes


def answers_adding(protocol: Protocol, path: Path, situation: Situation) -> list[tuple[Question, Answer]]:
    """The answers on the route that include the situation or one of its steps."""
    found = []
    for choice in path.choices:
        for block_id in choice.answer.include:
            block = protocol.block(block_id)
            owner = block if isinstance(block, Situation) else protocol.situation_of(block)
            if owner == situation:
                found.append((choice.question, choice.answer))
    return found


def related_by_situation(protocol: Protocol, routes) -> dict[Situation, tuple[Related, ...]]:
    """For each situation, what else applies where it applies (macros/decision/facts.py)."""
    sources = tuple((path, result_sources(protocol, result)) for path, result in routes)
    return {situation: _related(protocol, sources, situation) for situation in protocol.situations}


def _related(protocol: Protocol, routes, situation: Situation) -> tuple[Related, ...]:
    mine = [(p, found) for p, found in routes if situation in found]
    others: dict[Situation, list] = {}
    for path, found in mine:
        for other in found:
            if other != situation:
                others.setdefault(other, []).append((path, found))
    related = []
    for other, together in others.items():
        when: dict[Question, dict[Answer, None]] = {}
        if len(together) < len(mine):  # not on every route: name the answers that add it
            for path, _ in together:
                for question, answer in answers_adding(protocol, path, other):
                    when.setdefault(question, {})[answer] = None
        before = sum(found.index(other) < found.index(situation) for _, found in together) * 2 > len(together)
        related.append(Related(other, tuple((q, tuple(a)) for q, a in when.items()), before))
    order = {s: n for n, s in enumerate(protocol.situations)}
    return tuple(sorted(related, key=lambda r: (not r.before, order[r.situation])))
