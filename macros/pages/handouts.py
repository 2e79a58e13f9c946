"""Where each caller's one-page handout is (macros/decision/handouts.py works it out): a page
of the site in every language (card/handouts/<caller>/) with its PDF, printed and checked like
the card (templates/handout.html, macros/pages/prints.py)."""
from __future__ import annotations

from ..languages.interface import language
from ..protocol.model import Caller, Protocol
from .print_set import HANDOUT


def handout_url(caller: Caller) -> str:
    """Its page, from a language's home: 'card/handouts/law_enforcement/'."""
    return f"{HANDOUT.url}{caller.id}/"


def handout_audience(protocol: Protocol, caller: Caller) -> str:
    """Whom it is for, as its print's heading says it: 'If you are a law enforcement officer'."""
    return language(protocol.language).text("If you are %(who)s") % {"who": caller.who}


def handout_title(protocol: Protocol, caller: Caller) -> str:
    """Its one name, on its page, its tab and the card's list of prints."""
    return language(protocol.language).text("Handout: %(audience)s") % {"audience": handout_audience(protocol, caller)}
