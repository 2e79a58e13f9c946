"""A print leads to its edition's page (editions/2-3/), which says whether the print is
current and, when it is not, what changed since, newest first, with every number and email
that changed, old and new; the editions are a feed an agency's reader can follow. The real
site's expectations come from `changes:`; the number changes are tried on the smallest protocol."""
from __future__ import annotations

import datetime
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from conftest import LANGUAGE_FOLDERS, VALID_MINIMAL, built_site_url, protocol_under_test, squash

from macros.load import build_protocol
from macros.pages.editions import ATOM, FEED, changed_since, edition_url, edition_values
from macros.pages.render import render
from macros.protocol.errors import ProtocolError

PROTOCOL = protocol_under_test()


@pytest.mark.parametrize("folder", LANGUAGE_FOLDERS)
def test_every_edition_has_its_page_saying_whether_a_print_of_it_is_current(page, folder):
    for change in PROTOCOL.changes:
        edition = page(folder + edition_url(change)).select_one(".ht-edition")
        assert edition is not None and edition["data-edition"] == change.version
        status = edition.select_one(".ht-edition-status")
        assert status["data-current"] == ("true" if change is PROTOCOL.edition else "false"), change.version
        if change is not PROTOCOL.edition:
            # What changed since, newest first: exactly the editions after it.
            later = [s["data-edition"] for s in edition.select("section.ht-change")]
            assert later == [c.version for c in PROTOCOL.changes[: PROTOCOL.changes.index(change)]]
            assert edition.select_one('a[href$="card/"]') is not None


@pytest.mark.parametrize("folder", LANGUAGE_FOLDERS)
def test_the_feed_has_one_entry_per_edition_newest_first_linking_its_page(site, folder):
    root = ElementTree.parse(site / folder / FEED).getroot()
    base = built_site_url(site) + folder
    entries = root.findall(f"{{{ATOM}}}entry")
    assert [e.find(f"{{{ATOM}}}id").text for e in entries] == [base + edition_url(c) for c in PROTOCOL.changes]
    assert [e.find(f"{{{ATOM}}}link").get("href") for e in entries] == [base + edition_url(c) for c in PROTOCOL.changes]
    assert [e.find(f"{{{ATOM}}}updated").text[:10] for e in entries] == [c.date.isoformat() for c in PROTOCOL.changes]
    assert root.find(f"{{{ATOM}}}updated").text[:10] == PROTOCOL.edition.date.isoformat()


@pytest.mark.parametrize("folder", LANGUAGE_FOLDERS)
def test_the_changelog_and_the_contacts_page_link_the_feed_and_each_editions_page(page, folder):
    for url in ("changelog/", "contacts/"):
        feeds = [a["href"] for a in page(folder + url).select('a[type="application/atom+xml"]')]
        assert feeds == ["../" + FEED], url
    # A feed reader finds it from the page itself.
    assert page(folder + "changelog/").select_one('link[rel="alternate"][type="application/atom+xml"]')["href"] \
        == "../" + FEED
    links = {a["href"] for a in page(folder + "changelog/").select(".ht-change h2 a")}
    assert links == {"../" + edition_url(c) for c in PROTOCOL.changes}


# --- numbers and emails an edition changed, on the smallest protocol -------------------------

TWO_EDITIONS = VALID_MINIMAL.read_text(encoding="utf-8").replace('''changes:
  - version: "1"''', '''changes:
  - version: "3"
    date: "2026-03-01"
    summary: The tip line's email changed again.
    numbers:
      - contact: tip_line
        field: email
        was: tips2@example.gov
  - version: "2"
    date: "2026-02-01"
    summary: The tip line has a new number and email.
    numbers:
      - contact: tip_line
        field: phone
        was: "1-888-555-0100"
      - contact: tip_line
        field: email
        was: tips1@example.gov
  - version: "1"''')
TODAY = datetime.date(2026, 11, 29)


def test_an_old_print_is_told_each_number_and_email_that_changed_old_to_new():
    protocol = build_protocol("protocol.yaml", TWO_EDITIONS, today=TODAY)
    first = protocol.changes[-1]
    changed = {(c.field, c.was, c.now) for c in changed_since(protocol, first)}
    assert changed == {("phone", "1-888-555-0100", "1-888-827-4637"), ("email", "tips1@example.gov", "tips@example.gov")}
    # Each edition says what it changed, as it stood then.
    assert [(n.field, n.was, n.now) for n in protocol.changes[1].numbers] == [
        ("phone", "1-888-555-0100", "1-888-827-4637"), ("email", "tips1@example.gov", "tips2@example.gov")]
    html = BeautifulSoup(render("edition.html", "en", protocol=protocol,
                                **edition_values(protocol, first.version, lambda url: url)), "html.parser")
    shown = squash(html.select_one(".ht-edition-numbers").get_text(" "))
    assert "1-888-555-0100 → now 1-888-827-4637" in shown and "tips1@example.gov → now tips@example.gov" in shown
    assert html.select_one('.ht-edition-numbers a[href="tel:+18888274637"]') is not None


@pytest.mark.parametrize("old, new, message", [
    ("contact: tip_line\n        field: email", "contact: tip_lien\n        field: email",
     "changes > version 3 numbers: contact 'tip_lien' does not exist (known: emergency_911, tip_line)"),
    ("field: email\n        was: tips2", "field: fax\n        was: tips2",
     "changes > version 3 numbers: field 'fax' must be one of: phone, tty, email"),
    ("was: tips2@example.gov", "was: tips@example.gov",
     "changes > version 3 numbers: contact 'tip_line' email was 'tips@example.gov', the same as it is after "
     "this edition; write what a print of the edition before showed"),
    ('was: "1-888-555-0100"', 'was: "1-888-555-010"', "phone '1-888-555-010' is not a valid number"),
])
def test_a_mistake_in_an_editions_numbers_names_its_line_and_the_fix(old, new, message):
    text = TWO_EDITIONS.replace(old, new, 1)
    with pytest.raises(ProtocolError) as caught:
        build_protocol("protocol.yaml", text, today=TODAY)
    assert message in str(caught.value)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if new.split("\n")[0].strip() in row)
    assert f"protocol.yaml:{line}:" in str(caught.value)
