"""The decision as a layered flowchart, laid out at build time: one row per depth."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Union

from ..protocol.model import Decision, Outcome, Protocol, Question
from .paths import Path, route_key


@dataclass(frozen=True)
class Node:
    item: Union[Question, Outcome]
    slug: str
    depth: int

    @property
    def id(self) -> str:
        return self.item.id

    @property
    def is_question(self) -> bool:
        return isinstance(self.item, Question)


def node_numbers(decision: Decision) -> dict[str, int]:
    """Question 1, 2, … and result 1, 2, … in YAML order, as the page names them."""
    numbers = {q.id: n for n, q in enumerate(decision.questions, 1)}
    numbers.update({o.id: n for n, o in enumerate(decision.outcomes, 1)})
    return numbers


def node_slugs(decision: Decision) -> dict[str, str]:
    """Neutral page anchors ('q2', 'r1'): an address bar must not say what a person answered."""
    return {node_id: ("q" if decision.question(node_id) else "r") + str(n)
            for node_id, n in node_numbers(decision).items()}


def layout_rows(protocol: Protocol, paths: tuple[Path, ...]) -> list[list[Node]]:
    """Each node sits one row below the deepest node that leads to it (the longest route
    to it), so every arrow points down; within a row, nodes keep the order routes meet them."""
    depth: dict[str, int] = {}
    for path in paths:
        stops = [c.question.id for c in path.choices] + [path.outcome.id]
        for level, node_id in enumerate(stops):
            depth[node_id] = max(depth.get(node_id, 0), level)
    decision = protocol.decision
    slugs = node_slugs(decision)
    rows: list[list[Node]] = [[] for _ in range(max(depth.values()) + 1)]
    for node_id, level in depth.items():
        item = decision.question(node_id) or decision.outcome(node_id)
        rows[level].append(Node(item, slugs[node_id], level))
    return rows


def entry_routes_of(paths: tuple[Path, ...]) -> dict[str, str]:
    """For each question and outcome, the route the flowchart uses to reach it when the
    person's own answers do not pass through it: the one assuming least (fewest included
    blocks), then the shortest, then the first in YAML order."""
    best: dict[str, tuple] = {}
    for order, path in enumerate(paths):
        stops = [(c.question.id, path.choices[:i]) for i, c in enumerate(path.choices)]
        stops.append((path.outcome.id, path.choices))
        for node_id, choices in stops:
            rank = (sum(len(c.answer.include) for c in choices), len(choices), order)
            if node_id not in best or rank < best[node_id][0]:
                best[node_id] = (rank, route_key(choices))
    return {node_id: route for node_id, (_, route) in best.items()}
