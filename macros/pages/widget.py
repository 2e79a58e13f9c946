"""The /decide/ page and its screens: the decision widget's data (JSON embedded in the page),
and without JavaScript one small page per distinct screen (/decide/1/2/), linked answer to answer.

Every route's result is computed once per protocol by macros/decision/ (the rule lives in Python
only); the browser walks the questions and shows the precomputed result of the route. Each step
is drawn once, by the pages' own step template, into a <template> of /decide/ (the widget clones
it), and each distinct result is written once: the size follows the protocol's text, not its routes.
"""
from __future__ import annotations

import json
from typing import Callable

from ..decision.facts import closing_count, decision_screens, entry_routes, flowchart_rows
from ..decision.flowchart import node_numbers, node_slugs
from ..decision.paths import Choice, result_sources
from ..decision.screens import urgent_steps
from ..protocol.model import Protocol, Situation, Step
from .render import render, situation_url

# Inside <script type="application/json"> the HTML parser ends the element at "</script";
# escaping these three keeps any YAML text ("</script>", "<!--", "&amp;") inert.
_HTML_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def embed_json(data) -> str:
    """JSON that is safe as the text of a <script type="application/json"> element."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_HTML_SAFE)


def anchor(key: str) -> str:
    """The outline's anchor for a route or a route's prefix: 'decide-start', 'decide-2-1-3'."""
    return "decide-" + (key.replace(".", "-") if key else "start")


def screen_url(key: str) -> str:
    """A screen's page: the start is /decide/ itself, '2.1' is decide/2/1/."""
    return "decide/" + "".join(f"{n}/" for n in key.split(".") if n)


class _Numbered:
    """Steps and situations numbered once, for compact references in the embedded data."""

    def __init__(self):
        self.steps: dict[Step, int] = {}
        self.situations: dict[Situation, int] = {}

    def step(self, step: Step) -> int:
        return self.steps.setdefault(step, len(self.steps))

    def situation(self, situation: Situation) -> int:
        return self.situations.setdefault(situation, len(self.situations))


def _screen_links(screens) -> list[dict]:
    index = {screen.key: n for n, screen in enumerate(screens.screens)}
    results = {key: n for n, key in enumerate(screens.results)}
    return [{"result": results[s.key]} if s.is_result else {"next": [index[k] for k in s.leads_to]}
            for s in screens.screens]


def widget_data(protocol: Protocol, link: Callable[[str], str], numbered: "_Numbered | None" = None) -> dict:
    """Everything the widget shows. `results` holds each distinct finished result once (ordered
    step numbers and the sections they come from); `screens` each distinct screen once, the start
    first: a question's screen lists, per answer, the screen it leads to, a result's its number.
    The browser follows those numbers answer by answer and applies no rule of its own; nothing
    in the data is written once per route, so it grows with the protocol's text."""
    decision = protocol.decision
    numbered = numbered or _Numbered()
    screens = decision_screens(protocol)
    results = []
    for key in screens.results:
        result = screens.screen(key).result
        closing = closing_count(protocol, result)
        results.append({
            "steps": [numbered.step(s) for s in result.steps],
            # The last `closing` steps are a closing note, shown apart under its section's title.
            **({"closing": closing, "closingFrom": numbered.situation(protocol.situation_of(result.steps[-1]))}
               if closing else {}),
            "sources": [numbered.situation(s) for s in result_sources(protocol, result)],
            # No answer said who the person is: steps for some callers show their condition.
            **({"conditional": True} if result.conditional else {}),
            # It starts with calling 911: steps of some kinds carry the label for after that call.
            **({"afterEmergency": True} if result.after_emergency else {}),
            # The person at risk: the result starts with how to browse safely, and offers no print.
            **({"atRisk": True} if result.at_risk else {}),
        })
    slugs = node_slugs(decision)
    return {
        "start": decision.start,
        # A question's text and answers' labels are for "Your answers"; its screen is drawn by
        # the build (templates/decide.html).
        "questions": {q.id: {
            "text": q.text, "slug": slugs[q.id],
            "answers": [{"label": a.label, "next": a.next, "outcome": a.outcome,
                         "urgent": [numbered.step(s) for s in urgent_steps(protocol, [Choice(q, i)])]}
                        for i, a in enumerate(q.answers)],
        } for q in decision.questions},
        "outcomes": {o.id: {"title": o.title, "summary": o.summary, "slug": slugs[o.id]}
                     for o in decision.outcomes},
        "screens": _screen_links(screens),
        "results": results,
        "situations": [{"title": s.title, "url": link(situation_url(s)), "examples": list(s.examples)}
                       for s in numbered.situations],
        "entryRoutes": entry_routes(protocol),
    }


def _screen_values(protocol: Protocol, link: Callable[[str], str]) -> dict:
    return {"protocol": protocol, "link": link, "anchor": anchor, "screen_url": screen_url,
            "sources": lambda result: result_sources(protocol, result),
            "closing": lambda result: closing_count(protocol, result)}


def decide_page(protocol: Protocol, link: Callable[[str], str]) -> str:
    """The whole /decide/ page body: widget root, embedded data, the first question as a page
    without JavaScript shows it, flowchart."""
    screens = decision_screens(protocol)
    numbered = _Numbered()
    data = widget_data(protocol, link, numbered)
    return render(
        "decide.html", protocol.language, **_screen_values(protocol, link), decision=protocol.decision,
        slugs=node_slugs(protocol.decision), numbers=node_numbers(protocol.decision),
        rows=flowchart_rows(protocol), screens=screens, screen=screens.screen(""),
        # Without JavaScript, a box of the flowchart leads to its screen's page.
        entry={node_id: screens.of_prefix[key] for node_id, key in entry_routes(protocol).items()},
        data_json=embed_json(data),
        # Each step the widget shows, drawn once by the pages' own step template.
        drawn_steps=numbered.steps,
    )


def screen_page(protocol: Protocol, key: str, link: Callable[[str], str]) -> str:
    """One screen's page without JavaScript (decide/2/1/): a question, or a route's result."""
    return render("decide_page_screen.html", protocol.language, **_screen_values(protocol, link),
                  screen=decision_screens(protocol).screen(key))
