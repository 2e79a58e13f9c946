"""The decision's facts, worked out once for each protocol: every route and its result, the
sections every result shows, the distinct screens, each situation's page sequence and what
else applies there, the card's order and whom each situation contacts first, the flowchart's
rows and the routes it enters by, and each caller's handout. Checks and renderers read them
here, and nothing walks the decision again: each fact is worked out the first time it is
read, from the facts before it, by the module named beside it.

A translated protocol is another object with its own facts (its results hold its words).
"""
from __future__ import annotations

from functools import cached_property
from typing import Iterator

from ..protocol.model import Protocol, Situation
from .flowchart import Node, entry_routes_of, layout_rows
from .handouts import Handout, build_handouts, handout_order_errors
from .paths import Path, Result, all_paths, count_closing, path_result, sections_on_every_route
from .related import Related, related_by_situation
from .screens import Screens, build_screens
from .sequence import (
    FirstContact,
    LeadsInto,
    PageSequence,
    build_card_order,
    build_first_contacts,
    build_page_sequences,
    find_leads_into,
    sequence_order_errors,
)


class DecisionFacts:
    """One protocol's decision, worked out: read-only, each fact computed once."""

    def __init__(self, protocol: Protocol):
        self.protocol = protocol

    @cached_property
    def paths(self) -> tuple[Path, ...]:  # paths.py
        return tuple(all_paths(self.protocol))

    @cached_property
    def routes(self) -> tuple[tuple[Path, Result], ...]:  # paths.py: each route with its result
        return tuple((path, path_result(self.protocol, path)) for path in self.paths)

    @cached_property
    def on_every_route(self) -> tuple[Situation, ...]:  # paths.py
        return sections_on_every_route(self.protocol, self.routes)

    @cached_property
    def screens(self) -> Screens:  # screens.py
        return build_screens(self.protocol, self.routes)

    @cached_property
    def page_sequences(self) -> dict[Situation, PageSequence]:  # sequence.py
        return build_page_sequences(self.protocol, self.routes, self.on_every_route)

    @cached_property
    def card_order(self) -> tuple[Situation, ...]:  # sequence.py; ValueError names a loop
        return build_card_order(self.protocol, self.page_sequences)

    @cached_property
    def first_contacts(self) -> tuple[FirstContact, ...]:  # sequence.py
        return build_first_contacts(self.card_order, self.page_sequences)

    @cached_property
    def related(self) -> dict[Situation, tuple[Related, ...]]:  # related.py
        return related_by_situation(self.protocol, self.routes)

    @cached_property
    def flowchart_rows(self) -> list[list[Node]]:  # flowchart.py
        return layout_rows(self.protocol, self.paths)

    @cached_property
    def entry_routes(self) -> dict[str, str]:  # flowchart.py
        return entry_routes_of(self.paths)

    @cached_property
    def handouts(self) -> tuple[Handout, ...]:  # handouts.py
        return build_handouts(self.protocol, self.routes, self.card_order)

    def closing_count(self, result: Result) -> int:
        return count_closing(self.protocol, result, self.on_every_route)

    def leads_into(self, owner: Situation) -> LeadsInto:
        return find_leads_into(self.page_sequences, owner)

    def page_order_errors(self) -> Iterator[tuple[int, str]]:
        """The ordering rules broken on a page, the card or a handout (every route: route_checks.py)."""
        yield from sequence_order_errors(self.protocol, self.page_sequences)
        yield from handout_order_errors(self.protocol, self.handouts, self.routes)


_KEPT = 8  # protocols whose facts are kept: a build's English and Spanish, a test's few
_facts: dict[int, DecisionFacts] = {}


def facts_of(protocol: Protocol) -> DecisionFacts:
    """The protocol's facts, the same object each time it is asked (by identity: kept with the
    protocol, which they hold, so its id cannot be reused while they are kept)."""
    found = _facts.get(id(protocol))
    if found is None or found.protocol is not protocol:
        while len(_facts) >= _KEPT:
            del _facts[next(iter(_facts))]
        found = _facts[id(protocol)] = DecisionFacts(protocol)
    return found


# The facts by name, for a caller that holds a protocol.
def route_results(protocol: Protocol) -> tuple[tuple[Path, Result], ...]:
    return facts_of(protocol).routes


def on_every_route(protocol: Protocol) -> tuple[Situation, ...]:
    return facts_of(protocol).on_every_route


def decision_screens(protocol: Protocol) -> Screens:
    return facts_of(protocol).screens


def page_sequences(protocol: Protocol) -> dict[Situation, PageSequence]:
    return facts_of(protocol).page_sequences


def card_order(protocol: Protocol) -> tuple[Situation, ...]:
    return facts_of(protocol).card_order


def first_contacts(protocol: Protocol) -> tuple[FirstContact, ...]:
    return facts_of(protocol).first_contacts


def related_situations(protocol: Protocol, situation: Situation) -> tuple[Related, ...]:
    return facts_of(protocol).related[situation]


def flowchart_rows(protocol: Protocol) -> list[list[Node]]:
    return facts_of(protocol).flowchart_rows


def entry_routes(protocol: Protocol) -> dict[str, str]:
    return facts_of(protocol).entry_routes


def handouts(protocol: Protocol) -> tuple[Handout, ...]:
    return facts_of(protocol).handouts


def closing_count(protocol: Protocol, result: Result) -> int:
    return facts_of(protocol).closing_count(result)


def leads_into(protocol: Protocol, owner: Situation) -> LeadsInto:
    return facts_of(protocol).leads_into(owner)


def page_order_errors(protocol: Protocol) -> Iterator[tuple[int, str]]:
    return facts_of(protocol).page_order_errors()
