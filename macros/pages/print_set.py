"""The prints for trainers, each a page of the site in every language with its PDF: what they
are called, where they are, and what each must fit. card.py and prints.py render them;
scripts/print_pdfs.py prints and checks them; the card page links them all."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Print:
    id: str
    name: str  # what the PDF script and its errors call it
    url: str  # its page, from a language's home ("card/pocket/")
    pdf: str  # its PDF, next to the page
    pages: int  # the pages it must print on (sides of one sheet)
    landscape: bool = False
    smallest_pt: float = 8  # no text smaller than this on paper
    used_share: float = 0  # each page carries ink on at least this share of its printable area
    margin_mm: float = 10  # its @page margin (print.css, pocket.css, poster.css)
    # The same print on a wall-size sheet (WALL_PAPER), read from a step or two away: its type
    # grows with the sheet (poster.css sizes it in vh), never under wall_pt.
    wall_pdf: str = ""
    wall_pt: float = 0
    # One page per caller under `url` (card/handouts/<caller>/), each with its `pdf`.
    per_caller: bool = False


WALL_PAPER = "Tabloid"  # 11 x 17 in, as Chromium names it


CARD = Print("card", "quick-reference card", "card/", "card.pdf", 2, smallest_pt=8, used_share=.75)
POCKET = Print("pocket", "pocket cards", "card/pocket/", "pocket-cards.pdf", 2, smallest_pt=7, used_share=.75,
               margin_mm=0)
POSTER = Print("poster", "flowchart poster", "decide/poster/", "flowchart-poster.pdf", 1, landscape=True,
               smallest_pt=8, used_share=.6, margin_mm=8, wall_pdf="flowchart-poster-11x17.pdf", wall_pt=10)
HANDOUT = Print("handout", "handout", "card/handouts/", "handout.pdf", 1, smallest_pt=8, used_share=.5,
                per_caller=True)
PRINTS = (CARD, POCKET, POSTER, HANDOUT)
