"""Changes to the search index Material writes (search/search_index.json), made after the
build and before Material's offline plugin inlines it (at priority -100)."""
from __future__ import annotations

import json
import os
import unicodedata
from typing import Callable

from ..protocol.model import Protocol
from .render import situation_url

# Where each of the site's own pages (schema.SITE_PAGES) is, in its language's folder.
PAGE_LOCATIONS = {
    "home": "", "decide": "decide/", "situations": "situations/",
    "mandatory_reporting": "mandatory-reporting/", "contacts": "contacts/", "card": "card/",
    "safety": "safety/", "changelog": "changelog/",
}
# The search index's own field for them (mkdocs.yml `plugins: search: fields:`): searched,
# never displayed, since Material's results show only a document's title and text.
TERMS_FIELD = "terms"


def update_search_index(site_dir: str, change: Callable[[dict], None]) -> None:
    """Apply `change` to every document of the index, if the build wrote one."""
    path = os.path.join(site_dir, "search", "search_index.json")
    if not os.path.isfile(path):
        return
    with open(path, encoding="utf-8") as f:
        index = json.load(f)
    for doc in index.get("docs", []):
        change(doc)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(index, f, ensure_ascii=False, separators=(",", ":"))


def unaccented(text: str) -> str:
    """'niño' -> 'nino': many people type Spanish on a phone without accents."""
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def terms_by_location(protocol: Protocol) -> dict[str, str]:
    """Each page's search terms as the index holds them: the page's own, its situation's, and
    on the contacts page every contact's; each also without accents."""
    found: dict[str, list[str]] = {}
    for page, terms in protocol.page_terms:
        found.setdefault(PAGE_LOCATIONS[page], []).extend(terms)
    for situation in protocol.situations:
        found.setdefault(situation_url(situation), []).extend(situation.search_terms)
    for contact in protocol.contacts:
        found.setdefault(PAGE_LOCATIONS["contacts"], []).extend(contact.search_terms)
    return {location: " ".join(dict.fromkeys(w for t in terms for w in (t, unaccented(t))))
            for location, terms in found.items() if terms}


def add_search_terms(site_dir: str, protocol: Protocol) -> list[str]:
    """Put each page's terms in its entry of the index (the page itself, not its sections);
    returns the locations that had terms and no entry (a page renamed or left out)."""
    terms = terms_by_location(protocol)
    placed: set[str] = set()

    def add(doc: dict) -> None:
        if doc["location"] in terms:
            doc[TERMS_FIELD] = terms[doc["location"]]
            placed.add(doc["location"])
    update_search_index(site_dir, add)
    if not os.path.isfile(os.path.join(site_dir, "search", "search_index.json")):
        return []
    return sorted(set(terms) - placed)
