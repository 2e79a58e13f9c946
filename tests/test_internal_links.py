"""Every link inside the built site goes somewhere: the page or file exists, and so does the #anchor."""
from __future__ import annotations

import functools
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup
from conftest import ROOT, built_site_url, every_print, protocol_under_test

SKIPPED_SCHEMES = {"tel", "mailto", "data"}
# Files `make build` adds after `mkdocs build` (the tests build with mkdocs alone):
# file -> the command in the Makefile's build recipe that writes it.
# scripts/print_pdfs.py prints every print of every language (macros/pages/print_set.py).
MADE_AFTER_MKDOCS = {f"{folder}{page}{pdf}": "-m scripts.print_pdfs site"
                     for print_, page in every_print(protocol_under_test())
                     for pdf in (print_.pdf, print_.wall_pdf) if pdf for folder in ("", "es/")}


def build_recipe() -> str:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    start = makefile.index("\nbuild:")
    end = makefile.find("\n\n", start + 1)
    return makefile[start:end]


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "offline" not in p.relative_to(site).parts[:1])


@functools.lru_cache(maxsize=None)
def parsed(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@functools.lru_cache(maxsize=None)
def site_address(site: Path):
    """The site's own address, read once (every link is judged against it)."""
    return urlsplit(built_site_url(site))


@functools.lru_cache(maxsize=None)
def ids(path: Path) -> set[str]:
    soup = parsed(path)
    return {t["id"] for t in soup.find_all(id=True)} | {t["name"] for t in soup.find_all("a", attrs={"name": True})}


def target_file(site: Path, page: Path, url: str) -> tuple[Path | None, str]:
    """(the file a link opens, its #anchor); None when the link leaves the site."""
    own = site_address(site)
    parts = urlsplit(url)
    if parts.scheme in SKIPPED_SCHEMES:
        return None, ""
    if parts.scheme or parts.netloc:
        if parts.netloc != own.netloc or not parts.path.startswith(own.path):
            return None, ""  # another host: the quick-exit link, Material's credit
        path = parts.path[len(own.path):]
        target = site / unquote(path)
    elif parts.path.startswith("/"):  # Material's 404 page links from the site's root
        target = site / unquote(parts.path[len(own.path):] if parts.path.startswith(own.path) else parts.path[1:])
    elif parts.path == "":
        target = page
    else:
        base = page.parent.relative_to(site).as_posix()
        target = site / posixpath.normpath(posixpath.join(base, unquote(parts.path)))
    if target.is_dir():
        target = target / "index.html"
    return target, parts.fragment


def links_of(page: Path):
    soup = parsed(page)
    for tag in soup.find_all(["a", "link", "area"], href=True):
        yield tag["href"]
    for tag in soup.find_all(["script", "img", "source", "iframe"], src=True):
        yield tag["src"]


def test_the_site_has_pages_to_check(site):
    assert len(html_pages(site)) >= 10


def test_every_internal_link_opens_an_existing_page_or_file(site):
    broken = []
    for page in html_pages(site):
        for url in links_of(page):
            target, _ = target_file(site, page, url)
            if target is None or target.is_file():
                continue
            later = MADE_AFTER_MKDOCS.get(target.relative_to(site).as_posix()) if target.is_relative_to(site) else None
            if later and later in build_recipe():
                continue
            broken.append(f"{page.relative_to(site)}: {url}")
    assert broken == []


def test_every_anchor_exists_on_the_page_it_points_to(site):
    broken = []
    for page in html_pages(site):
        for url in links_of(page):
            target, anchor = target_file(site, page, url)
            if target is None or not anchor or target.suffix != ".html" or not target.is_file():
                continue
            if unquote(anchor) not in ids(target):
                broken.append(f"{page.relative_to(site)}: {url}")
    assert broken == []


def test_no_link_runs_javascript(site):
    found = [f"{page.relative_to(site)}: {url}" for page in html_pages(site) for url in links_of(page)
             if url.strip().lower().startswith(("javascript:", "vbscript:"))]
    assert found == []
