"""The site's editions (`changes:` in protocol.yaml) as a reader of an old print meets them:
a small page for each edition (editions/2-3/), where the QR code of every print of that
edition leads, saying whether it is current and, if not, what changed since, newest first,
with every number and email that changed, old and new; and an Atom feed of the editions, so an
agency's feed reader says when to reprint. Static pages: nothing records who opened them."""
from __future__ import annotations

import datetime
from typing import Callable
from xml.etree import ElementTree

from ..languages.interface import language as interface_language
from ..protocol.model import Change, Contact, NumberChange, Protocol, same_value

FEED = "feed.xml"  # in each language's folder
ATOM = "http://www.w3.org/2005/Atom"


def edition_url(change: Change) -> str:
    """Its page, from a language's home: 'editions/2-3/'."""
    return f"editions/{change.slug}/"


def newer_than(protocol: Protocol, change: Change) -> tuple[Change, ...]:
    """The editions after this one, newest first."""
    return protocol.changes[: protocol.changes.index(change)]


def changed_since(protocol: Protocol, change: Change) -> tuple[NumberChange, ...]:
    """Every number and email a print of this edition shows that is different now, in the
    order of the contacts: what the print says (the oldest later edition's `was`) and what
    the site says today."""
    was: dict[tuple[str, str], tuple[Contact, str]] = {}
    for newer in newer_than(protocol, change):  # newest first: the last one read is the oldest
        for number in newer.numbers:
            was[number.contact.id, number.field] = (number.contact, number.was)
    order = {c.id: n for n, c in enumerate(protocol.contacts)}
    found = [NumberChange(contact, field, old, getattr(contact, field)) for (_, field), (contact, old) in was.items()
             if not same_value(old, str(getattr(contact, field) or ""))]
    return tuple(sorted(found, key=lambda c: (order[c.contact.id], c.field)))


def edition_values(protocol: Protocol, version: str, link: Callable[[str], str]) -> dict:
    change = next(c for c in protocol.changes if c.version == version)
    return {"change": change, "current": change is protocol.edition, "newer": newer_than(protocol, change),
            "changed": changed_since(protocol, change), "feed": link(FEED), "card": link("card/"),
            "contacts": link("contacts/"), "changelog": link("changelog/"), "home": link("")}


def feed(protocol: Protocol, site_url: str) -> str:
    """The editions as an Atom feed, newest first: one entry per edition, its summary and the
    numbers it changed, linked to its page (absolute addresses, as feed readers need)."""
    lang = interface_language(protocol.language)
    ElementTree.register_namespace("", ATOM)

    def add(parent, tag: str, text: str | None = None, **attributes) -> ElementTree.Element:
        element = ElementTree.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
        if text is not None:
            element.text = text
        return element

    root = ElementTree.Element(f"{{{ATOM}}}feed", {"xml:lang": protocol.language})
    add(root, "title", lang.text("%(title)s: website editions") % {"title": protocol.info.title})
    add(root, "id", site_url + FEED)
    add(root, "link", href=site_url + FEED, rel="self", type="application/atom+xml")
    add(root, "link", href=site_url + "changelog/", rel="alternate", type="text/html")
    add(root, "updated", _stamp(protocol.edition.date))
    author = add(root, "author")
    add(author, "name", str(protocol.info.publisher))
    for change in protocol.changes:
        entry = add(root, "entry")
        add(entry, "title", lang.text("Website edition %(version)s") % {"version": change.version})
        add(entry, "id", site_url + edition_url(change))
        add(entry, "link", href=site_url + edition_url(change), rel="alternate", type="text/html")
        add(entry, "updated", _stamp(change.date))
        lines = [str(change.summary)] + [
            lang.text("%(name)s, %(field)s: %(was)s → %(now)s") % {
                "name": number.contact.name, "field": lang.text(FIELD_NAMES[number.field]),
                "was": number.was, "now": number.now}
            for number in change.numbers]
        add(entry, "summary", "\n".join(lines), type="text")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(root, encoding="unicode") + "\n"


FIELD_NAMES = {"phone": "phone", "tty": "TTY", "email": "email"}


def _stamp(day: datetime.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"
