"""Print every print for trainers of a built site to its PDF with Chromium, in every language,
and check that each fits its paper: the quick-reference card (card/card.pdf, both sides of
one sheet), the pocket cards (card/pocket/pocket-cards.pdf, one sheet printed on both sides)
and the flowchart poster (decide/poster/flowchart-poster.pdf, one landscape page); the same
under es/. The prints are listed in macros/pages/prints.py.

    python -m scripts.print_pdfs [SITE_DIR] [--paper Letter|A4]    # default: site, Letter

`mkdocs build` makes the pages; this makes the PDFs their "Download PDF" links point at, so
run it after every build that is published (`make build` does both). It stops (exit 1) and
names the print and what spilled over when a print of the protocol's own language no longer
fits its paper. A translation's print that does not fit is a warning that names the texts to
translate or shorten: an English edit never waits for a translator."""
from __future__ import annotations

import argparse
import functools
import io
import re
import sys
from pathlib import Path

from pypdf import PdfReader

from macros.pages.card import PDF_NAME  # noqa: F401 (the card's PDF, for users of this module)
from macros.pages.print_set import CARD, PRINTS, WALL_PAPER, Print
from macros.pages.render import relative as relative_link  # noqa: F401 (how the card page links the prints)
from scripts.browser import launch_chromium, serve

CARD_URL = CARD.url


def print_urls(site: Path, print_: Print) -> list[str]:
    """The print's page in every language the site has: card/, then es/card/ (a language's
    folder holds its own)."""
    page = f"{print_.url}*/index.html" if print_.per_caller else f"{print_.url}index.html"
    found = [index.relative_to(site).as_posix()[: -len("index.html")] for index in sorted(site.glob(page))]
    for index in sorted(site.glob(f"*/{page}")):
        found.append(index.relative_to(site).as_posix()[: -len("index.html")])
    return found


PROMISE = re.compile(r'data-print-pages="(\d+)"')


def promised_pages(page_html: Path, print_: Print) -> int:
    """The pages a print's page says it prints on (data-print-pages, from the build's estimate:
    a long protocol's card, handout or poster takes more than the usual), else the usual."""
    found = PROMISE.search(page_html.read_text(encoding="utf-8"))
    return int(found.group(1)) if found else print_.pages


def print_page(page, url: str, paper: str = "Letter", landscape: bool = False) -> bytes:
    """A page as Chromium prints it on `paper` (print media, the CSS @page rules): what a
    reader gets from the browser's Print dialog, saved as PDF."""
    page.goto(url)
    page.emulate_media(media="print")
    return page.pdf(format=paper, landscape=landscape, print_background=False)


def source_file(url: str, print_: Print) -> str:
    folder = url[: url.index(print_.url)].strip("/")
    return f"protocol.{folder}.yaml" if folder else "protocol.yaml"


def overflow_message(url: str, print_: Print, reader: PdfReader, paper: str, promised: int) -> str:
    """Which print, in which language, and what went past its last page."""
    spilled = " ".join(reader.pages[promised].extract_text().split())[:80] if len(reader.pages) > promised else ""
    source = source_file(url, print_)
    message = (f"{url}: the {print_.name} printed on {len(reader.pages)} {paper} pages, not {promised}; "
               f"page {promised + 1} begins with \"{spilled}\". ")
    if source == "protocol.yaml":
        return message + f"Shorten its texts in {source} (see CONTRIBUTING.md, \"Prints for trainers\")"
    return (f"warning: {message}The {print_.name} in the protocol's own language is not affected. "
            f"{translation_advice(source, print_)} (see CONTRIBUTING.md, \"Prints for trainers\")")


# The translated texts each print shows, by how their keys start and end (macros/languages/texts.py).
PRINTED_KEYS = {
    "card": (("step.", "situation.", "contact.", "caller."), (".text", ".card", ".title", ".name", ".hours", ".who",
                                                               ".condition")),
    "pocket": (("situation.", "contact."), (".title", ".name", ".hours")),
    "handout": (("step.", "situation.", "contact.", "caller.", "question."), (".text", ".card", ".title", ".name",
                                                                            ".hours", ".who", ".label")),
    "poster": (("question.", "outcome.", "situation.", "contact."), (".text", ".label", ".title", ".name", ".hours")),
}


@functools.lru_cache(maxsize=None)
def _translation(source: str) -> tuple:
    """The translation file and what of it is still in English: read once however many of its
    prints spill over."""
    from macros.languages.translation import load_translation, pending_texts
    from macros.load import load_protocol
    english = load_protocol("protocol.yaml")
    translation = load_translation(source, english, source.split(".")[1])
    return translation, pending_texts(english, translation)


def translation_advice(source: str, print_: Print) -> str:
    """What a translator does about a translated print that is too long: the texts still in
    English (often longer), then the longest translated texts that print shows."""
    translation, pending = _translation(source)
    starts, ends = PRINTED_KEYS.get(print_.id, (("",), ("",)))
    shown = [e for e in translation.entries.values() if e not in translation.leftovers and e.key.startswith(starts)
             and (e.key.endswith(ends) or ".item." in e.key)
             # a step with a shorter wording for the card prints that one, not its text
             and not (e.key.endswith(".text") and e.key[:-len(".text")] + ".card" in translation.entries)]
    longest = sorted(shown, key=lambda e: -len(e.text))[:3]
    named = "; ".join(f"'{e.key}' (line {e.line}, {len(e.text)} characters)" for e in longest)
    first = (f"{len(pending)} of its texts are still in English: translate them (`make translations` lists "
             f"them), then, if it still does not fit, " if pending else "")
    return f"{first}shorten the longest texts of {source}: {named}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default="site", help="the built site directory (default: site)")
    parser.add_argument("--paper", default="Letter", help="paper size, e.g. Letter or A4 (default: Letter)")
    args = parser.parse_args(argv)

    site = Path(args.site)
    pages = [(url, print_) for print_ in PRINTS for url in print_urls(site, print_)]
    if not any(print_ is CARD for _url, print_ in pages):
        print(f"{site}: no {CARD_URL}index.html; run `mkdocs build` first", file=sys.stderr)
        return 1
    # Each print on the chosen paper, and on a wall-size sheet where it has one.
    jobs = [(url, print_, args.paper, print_.pdf) for url, print_ in pages]
    jobs += [(url, print_, WALL_PAPER, print_.wall_pdf) for url, print_ in pages if print_.wall_pdf]

    from playwright.sync_api import sync_playwright
    printed = {}
    with serve(site) as base_url, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            # One tab prints each print in turn: a page is printed as it loads, and a new tab
            # for each would start its own renderer.
            tab = browser.new_page()
            for url, print_, paper, pdf in jobs:
                printed[url, pdf] = print_page(tab, base_url + url, paper, print_.landscape)
        finally:
            browser.close()

    failed = 0
    for url, print_, paper, pdf in jobs:
        out = site / url / pdf
        out.write_bytes(printed[url, pdf])
        reader = PdfReader(io.BytesIO(printed[url, pdf]))
        promised = promised_pages(site / url / "index.html", print_)
        if len(reader.pages) != promised:
            print(overflow_message(url, print_, reader, paper, promised), file=sys.stderr)
            failed = failed or source_file(url, print_) == "protocol.yaml"
        else:
            print(f"{out}: the {print_.name}, {promised} {'page' if promised == 1 else 'pages'}, {paper}")
    return int(failed)


if __name__ == "__main__":
    sys.exit(main())
