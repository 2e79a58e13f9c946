"""Print the built quick-reference cards to <site>/card/card.pdf and <site>/es/card/card.pdf (US Letter, both sides of one sheet) with Chromium.

    python -m scripts.card_pdf [SITE_DIR]      # default: site

`mkdocs build` makes /card/; this makes the PDF its "Download PDF" link points at, so run
it after every build that is published (`make build` does both)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pypdf import PdfReader

from macros.pages.card import PDF_NAME  # the file the card page's "Download PDF" link names
from scripts.browser import launch_chromium, serve

CARD_URL = "card/"
CARD_SIDES = 2  # one sheet, printed on both sides: side 1 the contacts, side 2 the situations


def card_urls(site: Path) -> list[str]:
    """The card of every language the site has: card/, then es/card/ (a language's folder
    holds its own card)."""
    found = [CARD_URL] if (site / CARD_URL / "index.html").is_file() else []
    for folder in sorted(p.parent.parent for p in site.glob(f"*/{CARD_URL}index.html")):
        found.append(f"{folder.name}/{CARD_URL}")
    return found


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
    urls = card_urls(site)
    if not urls:
        print(f"{site}: no {CARD_URL}index.html; run `mkdocs build` first", file=sys.stderr)
        return 1

    from playwright.sync_api import sync_playwright
    printed = {}
    with serve(site) as base_url, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            for url in urls:
                printed[url] = print_page(browser.new_page(), base_url + url, args.paper)
        finally:
            browser.close()

    failed = 0
    for url, pdf in printed.items():
        out = site / url / PDF_NAME
        out.write_bytes(pdf)
        pages = len(PdfReader(out).pages)
        if pages != CARD_SIDES:
            source = "protocol.yaml" if url == CARD_URL else f"protocol.{url.split('/')[0]}.yaml"
            print(f"{out}: the card printed on {pages} pages, not the {CARD_SIDES} sides of one sheet; shorten "
                  f'its text in {source} (see CONTRIBUTING.md, "The quick-reference card")', file=sys.stderr)
            failed = 1
        else:
            print(f"{out}: one sheet, {CARD_SIDES} sides, {args.paper}")
    return failed


if __name__ == "__main__":
    sys.exit(main())
