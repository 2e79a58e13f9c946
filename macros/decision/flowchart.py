"""The decision as a layered flowchart, laid out at build time: one row per depth."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Union

from ..protocol.model import Decision, Outcome, Protocol, Question
from .paths import all_paths


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


def flowchart_rows(protocol: Protocol) -> list[list[Node]]:
    """Each node sits one row below the deepest node that leads to it (the longest route
    to it), so every arrow points down; within a row, nodes keep the order routes meet them."""
    depth: dict[str, int] = {}
    for path in all_paths(protocol):
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
