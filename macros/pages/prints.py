"""The prints for trainers, beside the quick-reference card (card.py): pocket cards, four to a
sheet, and the decision as a one-page poster. Each is a page of the site in every language,
rendered from the model (templates/pocket_cards.html, templates/poster.html), with its QR code
and edition; scripts/print_pdfs.py prints every one to its PDF and checks it fits its paper."""
from __future__ import annotations

from ..decision.facts import flowchart_rows, handouts
from ..decision.flowchart import node_numbers
from ..protocol.model import Protocol
from .card import print_basics
from .card_budget import handout_layout, print_estimate
from .handouts import handout_audience, handout_title
from .print_set import HANDOUT, POCKET, POSTER
from .render import render

POCKET_COPIES = 4  # a quarter of the sheet each: 4.25 x 5.5 in on Letter, A6 on A4


def pocket_cards(protocol: Protocol, site_url: str) -> str:
    return render("pocket_cards.html", protocol.language, **print_basics(protocol, site_url, POCKET.name),
                  copies=POCKET_COPIES, print_=POCKET)


def poster(protocol: Protocol, site_url: str) -> str:
    decision = protocol.decision
    return render("poster.html", protocol.language, **print_basics(protocol, site_url, POSTER.name),
                  decision=decision, rows=flowchart_rows(protocol), numbers=node_numbers(decision),
                  print_=POSTER, scales=print_estimate(protocol).poster_scales)


def handout_page(protocol: Protocol, caller_id: str, site_url: str) -> str:
    """A caller's handout (macros/pages/handouts.py), sized like the card: one page, or as many
    as its sections need in 8 pt type (card_budget.handout_layout)."""
    handout = next(h for h in handouts(protocol) if h.caller.id == caller_id)
    layout = handout_layout(handout)
    return render("handout.html", protocol.language, **print_basics(protocol, site_url, HANDOUT.name),
                  handout=handout, print_=HANDOUT, scale=layout.scale, pages=layout.pages,
                  # Each part's sections and the side it starts on (a section too long for a page runs on).
                  sections_on=[([handout.sections[i] for i in layout.sections(n)], side)
                               for n, side in enumerate(layout.first_sides)],
                  title=handout_title(protocol, handout.caller), audience=handout_audience(protocol, handout.caller))
