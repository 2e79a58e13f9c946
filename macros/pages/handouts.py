"""Where each caller's one-page handout is (macros/decision/handouts.py works it out): a page
of the site in every language (card/handouts/<caller>/) with its PDF, printed and checked like
the card (templates/handout.html, macros/pages/prints.py)."""
from __future__ import annotations

from ..protocol.model import Caller
from .print_set import HANDOUT


def handout_url(caller: Caller) -> str:
    """Its page, from a language's home: 'card/handouts/law_enforcement/'."""
    return f"{HANDOUT.url}{caller.id}/"
