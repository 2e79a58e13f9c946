"""The /decide/ page: the decision widget's data (JSON embedded in the page) and its no-JS outline."""
from __future__ import annotations

import json
from typing import Callable

from .flowchart import flowchart_rows, node_numbers, node_slugs
from .model import Contact, Protocol, Situation, Step
from .paths import all_paths
from .render import render, situation_url

# Inside <script type="application/json"> the HTML parser ends the element at "</script";
# escaping these three keeps any YAML text ("</script>", "<!--", "&amp;") inert.
_HTML_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def embed_json(data) -> str:
    """JSON that is safe as the text of a <script type="application/json"> element."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_HTML_SAFE)


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
                best[node_id] = (rank, ".".join(str(c.answer_index + 1) for c in choices))
    return {node_id: route for node_id, (_, route) in best.items()}


class _Steps:
    """Steps numbered once: two equal steps share a number, as they do in paths.Result."""

    def __init__(self):
        self._numbers: dict[Step, int] = {}

    @property
    def steps(self) -> list[Step]:
        return list(self._numbers)

    def number(self, step: Step) -> int:
        return self._numbers.setdefault(step, len(self._numbers))


def _contact(contact: Contact, link: Callable[[str], str]) -> dict:
    return {
        "name": contact.name, "hours": contact.hours,
        "phone": contact.phone_display, "tel": contact.tel_href,
        "email": contact.email, "mailto": contact.mailto_href,
        "url": link(f"contacts/#{contact.id}"),
    }


def widget_data(protocol: Protocol, link: Callable[[str], str]) -> dict:
    """Everything the widget shows, by id. The browser combines a route's blocks with the
    same rule as paths.result_for; the browser tests prove both agree on every route."""
    decision = protocol.decision
    numbered = _Steps()
    block_ids = {i for q in decision.questions for a in q.answers for i in a.include}
    block_ids |= {i for o in decision.outcomes for i in o.include}
    blocks = {}
    for block_id in sorted(block_ids):
        block = protocol.block(block_id)
        situation = block if isinstance(block, Situation) else protocol.situation_of(block)
        steps = block.steps if isinstance(block, Situation) else (block,)
        blocks[block_id] = {
            "situation": isinstance(block, Situation),
            "source": situation.title, "url": link(situation_url(situation)),
            "steps": [numbered.number(s) for s in steps],
        }
    slugs = node_slugs(decision)
    return {
        "start": decision.start,
        "questions": {q.id: {
            "text": q.text, "hint": q.hint, "slug": slugs[q.id],
            "answers": [{"label": a.label, "next": a.next, "outcome": a.outcome, "include": list(a.include)}
                        for a in q.answers],
        } for q in decision.questions},
        "outcomes": {o.id: {"title": o.title, "summary": o.summary, "slug": slugs[o.id], "include": list(o.include)}
                     for o in decision.outcomes},
        "blocks": blocks,
        "steps": [{"text": s.text, "caution": s.caution, "items": list(s.items),
                   "contacts": [c.id for c in s.contacts]} for s in numbered.steps],
        "contacts": {c.id: _contact(c, link) for c in protocol.contacts},
        "entryRoutes": entry_routes(protocol),
    }


def decide_page(protocol: Protocol, link: Callable[[str], str]) -> str:
    """The whole /decide/ page body: widget root, embedded data, no-JS outline, flowchart."""
    return render(
        "decide.html", protocol=protocol, link=link, decision=protocol.decision,
        slugs=node_slugs(protocol.decision), numbers=node_numbers(protocol.decision),
        rows=flowchart_rows(protocol),
        data_json=embed_json(widget_data(protocol, link)),
    )
