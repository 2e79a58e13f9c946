"""Print the built quick-reference card to <site>/card/card.pdf (US Letter, both sides of one sheet) with Chromium.

    python -m scripts.card_pdf [SITE_DIR]      # default: site

`mkdocs build` makes /card/; this makes the PDF its "Download PDF" link points at, so run
it after every build that is published (`make build` does both)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pypdf import PdfReader

from macros.card import PDF_NAME  # the file the card page's "Download PDF" link names
from scripts.browser import launch_chromium, serve

CARD_URL = "card/"
CARD_SIDES = 2  # one sheet, printed on both sides: side 1 the contacts, side 2 the situations


def print_page(page, url: str, paper: str = "Letter") -> bytes:
    """A page as Chromium prints it on `paper` (print media, the CSS @page margins): what a
    reader gets from the browser's Print dialog, saved as PDF."""
    page.goto(url)
    page.emulate_media(media="print")
    return page.pdf(format=paper, print_background=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default="site", help="the built site directory (default: site)")
    parser.add_argument("--paper", default="Letter", help="paper size, e.g. Letter or A4 (default: Letter)")
    args = parser.parse_args(argv)

    site = Path(args.site)
    if not (site / CARD_URL / "index.html").is_file():
        print(f"{site}: no {CARD_URL}index.html; run `mkdocs build` first", file=sys.stderr)
        return 1

    from playwright.sync_api import sync_playwright
    with serve(site) as base_url, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            pdf = print_page(browser.new_page(), base_url + CARD_URL, args.paper)
        finally:
            browser.close()

    out = site / CARD_URL / PDF_NAME
    out.write_bytes(pdf)
    pages = len(PdfReader(out).pages)
    if pages != CARD_SIDES:
        print(f"{out}: the card printed on {pages} pages, not the {CARD_SIDES} sides of one sheet; shorten "
              'its text in protocol.yaml (see CONTRIBUTING.md, "The quick-reference card")', file=sys.stderr)
        return 1
    print(f"{out}: one sheet, {CARD_SIDES} sides, {args.paper}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
