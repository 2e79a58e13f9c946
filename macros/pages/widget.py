"""The /decide/ page: the decision widget's data (JSON embedded in the page) and its no-JS tree.

Every route's result is computed here, once, by macros/decision/paths.py (the rule lives in Python
only); the browser walks the questions and shows the precomputed result of the route.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Callable, Optional

from ..decision.flowchart import flowchart_rows, node_numbers, node_slugs
from ..decision.paths import Choice, Result, all_paths, result_sources, route_key, route_results, steps_of
from ..languages.interface import language as interface_language
from ..languages.overlay import SiteLabel
from ..protocol.model import Contact, Outcome, Protocol, Question, Situation, Step
from .render import audience_condition, render, situation_url, translated_name

# Inside <script type="application/json"> the HTML parser ends the element at "</script";
# escaping these three keeps any YAML text ("</script>", "<!--", "&amp;") inert.
_HTML_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def embed_json(data) -> str:
    """JSON that is safe as the text of a <script type="application/json"> element."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_HTML_SAFE)


def anchor(key: str) -> str:
    """The outline's anchor for a route or a route's prefix: 'decide-start', 'decide-2-1-3'."""
    return "decide-" + (key.replace(".", "-") if key else "start")


def entry_routes(protocol: Protocol) -> dict[str, str]:
    """For each question and outcome, the route the flowchart uses to reach it when the
    person's own answers do not pass through it: the one assuming least (fewest included
    blocks), then the shortest, then the first in YAML order."""
    best: dict[str, tuple] = {}
    for order, path in enumerate(all_paths(protocol)):
        stops = [(c.question.id, path.choices[:i]) for i, c in enumerate(path.choices)]
        stops.append((path.outcome.id, path.choices))
        for node_id, choices in stops:
            rank = (sum(len(c.answer.include) for c in choices), len(choices), order)
            if node_id not in best or rank < best[node_id][0]:
                best[node_id] = (rank, route_key(choices))
    return {node_id: route for node_id, (_, route) in best.items()}


@dataclass(frozen=True)
class TreeNode:
    """One screen of the decision for one set of answers so far: a question or a result."""
    key: str
    choices: tuple[Choice, ...]
    question: Optional[Question] = None
    outcome: Optional[Outcome] = None
    result: Optional[Result] = None

    @property
    def anchor(self) -> str:
        return anchor(self.key)


def decision_tree(protocol: Protocol) -> list[TreeNode]:
    """Every screen a person can reach, in route order: each question once per set of
    answers that leads to it, each route's result once."""
    nodes: dict[str, TreeNode] = {}
    for path, result in route_results(protocol):
        for i, choice in enumerate(path.choices):
            key = route_key(path.choices[:i])
            nodes.setdefault(key, TreeNode(key, path.choices[:i], question=choice.question))
        key = route_key(path.choices)
        nodes[key] = TreeNode(key, path.choices, outcome=path.outcome, result=result)
    return list(nodes.values())


def urgent_steps(protocol: Protocol, choices) -> tuple[Step, ...]:
    """Emergency steps the answers so far have added: shown above every later question."""
    found: list[Step] = []
    for choice in choices:
        for block_id in choice.answer.include:
            found += [s for s in steps_of(protocol.block(block_id)) if s.kind == "emergency"]
    return tuple(dict.fromkeys(found))


class _Numbered:
    """Steps and situations numbered once, for compact references in the embedded data."""

    def __init__(self):
        self.steps: dict[Step, int] = {}
        self.situations: dict[Situation, int] = {}

    def step(self, step: Step) -> int:
        return self.steps.setdefault(step, len(self.steps))

    def situation(self, situation: Situation) -> int:
        return self.situations.setdefault(situation, len(self.situations))


def _contact(contact: Contact, link: Callable[[str], str]) -> dict:
    # An official English name with its translation, or the site's own English label after its
    # translation: the widget marks the English part lang="en".
    gloss, official = translated_name(contact.name)
    label = ({"site_label": contact.name.english, "gloss": contact.name.other}
             if isinstance(contact.name, SiteLabel) else {})
    return {
        "name": contact.name, "hours": contact.hours, "kind": contact.kind,
        **({"official": official, "gloss": gloss} if official else label),
        "phone": contact.phone_display, "tel": contact.tel_href,
        "email": contact.email, "mailto": contact.mailto_href,
        "url": link(f"contacts/#{contact.id}"),
    }


def widget_data(protocol: Protocol, link: Callable[[str], str]) -> dict:
    """Everything the widget shows. `routes` holds each route's finished result (ordered
    step numbers and the sections they come from); the browser applies no rule of its own."""
    decision = protocol.decision
    lang = interface_language(protocol.language)
    numbered = _Numbered()
    routes = {}
    for path, result in route_results(protocol):
        routes[path.key] = {
            "steps": [numbered.step(s) for s in result.steps],
            "sources": [numbered.situation(s) for s in result_sources(protocol, result)],
            # No answer said who the person is: steps for some callers show their condition.
            **({"conditional": True} if result.caller is None else {}),
            # The person at risk: the result starts with how to browse safely, and offers no print.
            **({"atRisk": True} if result.caller and result.caller.at_risk else {}),
        }
    slugs = node_slugs(decision)
    return {
        "start": decision.start,
        "questions": {q.id: {
            "text": q.text, "hint": q.hint, "slug": slugs[q.id],
            "answers": [{"label": a.label, "hint": a.hint, "next": a.next, "outcome": a.outcome,
                         "urgent": [numbered.step(s) for s in urgent_steps(protocol, [Choice(q, i)])]}
                        for i, a in enumerate(q.answers)],
        } for q in decision.questions},
        "outcomes": {o.id: {"title": o.title, "summary": o.summary, "slug": slugs[o.id]}
                     for o in decision.outcomes},
        "routes": routes,
        "steps": [{"text": s.text, "kind": s.kind, "label": lang.text(s.label) if s.label else None, "quote": s.quote,
                   "condition": audience_condition(protocol, s.audience, lang),
                   "items": list(s.items), "contacts": [c.id for c in s.contacts]} for s in numbered.steps],
        "situations": [{"title": s.title, "url": link(situation_url(s))} for s in numbered.situations],
        "contacts": {c.id: _contact(c, link) for c in protocol.contacts},
        "entryRoutes": entry_routes(protocol),
        # Shown first on a result for the person at risk (templates/safety_first.html in words).
        "safety": {"lead": lang.text("If someone may check this phone or computer:"),
                   "text": lang.text("calls and emails stay in its lists, and the pages you open stay in its history."),
                   "link": lang.text("How to browse safely"), "url": link("safety/")},
    }


def decide_page(protocol: Protocol, link: Callable[[str], str]) -> str:
    """The whole /decide/ page body: widget root, embedded data, no-JS tree, flowchart."""
    tree = decision_tree(protocol)
    return render(
        "decide.html", protocol.language, protocol=protocol, link=link, decision=protocol.decision,
        slugs=node_slugs(protocol.decision), numbers=node_numbers(protocol.decision),
        rows=flowchart_rows(protocol), tree=tree, anchor=anchor, entry=entry_routes(protocol),
        urgent_steps=lambda choices: urgent_steps(protocol, choices),
        sources=lambda result: result_sources(protocol, result),
        data_json=embed_json(widget_data(protocol, link)),
    )
