"""What a person reading the reference pages sees: every situation, step, checklist and contact."""
from __future__ import annotations

import re

import pytest
from conftest import ROOT, a_situation_page, content, on_every_result

from macros.pages.render import situation_url

NAV_PAGES = ["", "contacts/", "mandatory-reporting/", "situations/"]


def texts(soup) -> str:
    return " ".join(soup.get_text(" ").split())


def links(soup, scheme: str) -> dict[str, str]:
    return {a["href"]: " ".join(a.get_text(" ").split()) for a in soup.select(f'a[href^="{scheme}"]')}


def assert_contact_links(soup, contact):
    if contact.phone:
        assert links(soup, "tel:").get(contact.tel_href) == contact.phone_display, contact.id
    if contact.email:
        assert links(soup, "mailto:").get(contact.mailto_href) == contact.email, contact.id


def test_every_contact_has_tap_to_call_and_email_links_on_the_contacts_page(protocol, page):
    soup = page("contacts/")
    for contact in protocol.contacts:
        card = soup.select_one(f"article#{contact.id}")
        assert card is not None, contact.id
        assert contact.name in texts(card)
        assert contact.purpose in texts(card)
        assert_contact_links(card, contact)
        if contact.hours:
            assert contact.hours in texts(card)


def test_contacts_page_says_when_each_contact_was_checked_and_where_it_is_used(protocol, page):
    soup = page("contacts/")
    for contact in protocol.contacts:
        card = soup.select_one(f"article#{contact.id}")
        assert card.select_one(f'time[datetime="{contact.checked.isoformat()}"]') is not None
        assert "Checked against the published protocol" in texts(card)
        assert "verified" not in texts(card).lower()  # nobody called the number unless it says so
        confirmed = card.select_one(".ht-confirmed")
        assert (confirmed is not None) == (contact.confirmed is not None), contact.id
        assert contact.source in texts(card)
        used = {a.get_text(strip=True) for a in card.select(".ht-used-in a")}
        assert used == {s.title for s in protocol.situations_using(contact)}


def test_phone_links_are_e164_and_short_codes_stay_short(protocol, page):
    hrefs = set(links(page("contacts/"), "tel:"))
    for contact in protocol.contacts:
        if contact.phone:
            digits = contact.phone_digits
            expected = f"tel:{digits}" if len(digits) == 3 else f"tel:+1{digits[-10:]}"
            assert contact.tel_href.split(";")[0] == expected and contact.tel_href in hrefs, contact.id
    assert all(re.fullmatch(r"tel:(\d{3}|\+1\d{10}(;ext=\d+)?)", h) for h in hrefs)


def test_a_lettered_number_shows_as_the_protocol_writes_it_with_its_digits(protocol, page):
    body = texts(page("contacts/"))
    for contact in protocol.contacts:
        if contact.vanity:
            assert f"{contact.vanity} ({contact.phone})" in body


def test_every_situation_page_shows_every_step_example_checklist_item_and_contact(protocol, page):
    for situation in protocol.situations:
        soup = content(page(situation_url(situation)))
        body = texts(soup)
        assert soup.find("h1").get_text(strip=True) == situation.title
        assert " ".join(situation.applies_when.split()) in body
        for example in situation.examples:
            assert " ".join(example.split()) in body
        # The situation's own steps; another section's steps shown first (.ht-lead-in) are
        # checked in tests/test_every_door.py.
        sequence = soup.select_one("section.ht-situation > ol.ht-steps")
        rendered_steps = [li for li in sequence.find_all("li", recursive=False) if "ht-lead-in" not in li["class"]]
        assert len(rendered_steps) == len(situation.steps)
        for step, li in zip(situation.steps, rendered_steps):
            assert " ".join(step.text.split()) in texts(li)
            assert [texts(x) for x in li.select(".ht-checklist > li")] == list(step.items)
            for contact in step.contacts:
                assert_contact_links(li, contact)


def test_every_condition_and_lead_in_the_website_words_says_it_is_the_websites_reading(protocol, page):
    """A section put first on a page ("If the victim is or may be under 18, do these first") and
    a related section's plain condition are this website's reading of the protocol, and say so."""
    unmarked = []
    for situation in protocol.situations:
        soup = page(situation_url(situation))
        # A related section named by its condition (not by the answers that add it).
        related = [li for li in soup.select("[data-related]")
                   if (condition := protocol.situation(li["data-related"]).condition)
                   and condition[1:] in li.get_text() and "“" not in li.get_text()]
        for block in soup.select(".ht-lead-in-when") + related:
            if block.select_one(".ht-site-reading") is None:
                unmarked.append(f"{situation.id}: {' '.join(block.get_text(' ').split())[:80]}")
    assert unmarked == []


def test_caution_steps_are_marked_as_cautions(protocol, page):
    for situation in protocol.situations:
        soup = content(page(situation_url(situation)))
        marked = [texts(li.select_one("p:not(.ht-step-condition)")) for li in soup.select("ol.ht-steps > li.ht-caution")]
        expected = [f"Caution: {' '.join(s.text.split())}" for s in situation.steps if s.caution]
        assert marked == expected


def test_home_page_offers_an_entry_point_for_every_situation(protocol, page):
    """Each section's audience leads to its page, except a section every result shows (the
    closing note, "I am not sure which situation fits"): that one leads to the questions."""
    soup = content(page(""))
    entry = {a.get_text(" ", strip=True): a["href"] for a in soup.select(".ht-entry-points a")}
    everywhere = on_every_result(protocol)
    for situation in protocol.situations:
        expected = "decide/" if situation in everywhere else situation_url(situation)
        assert entry.get(situation.audience) == expected, situation.id
    for caller in protocol.callers:
        if caller.entry:
            assert entry.get(caller.entry) == "decide/", caller.id


def test_home_page_cites_the_statute_and_the_partnership(protocol, page):
    body = texts(content(page("")))
    assert protocol.info.statute.citation in body
    assert " ".join(protocol.info.statute.text.split()) in body
    assert " ".join(protocol.info.partnership.split()) in body


@pytest.mark.parametrize("url", NAV_PAGES + [a_situation_page()])
def test_every_page_shows_the_call_911_notice(protocol, page, url):
    notice = page(url).select_one(".md-banner .ht-emergency a")
    assert notice["href"] == protocol.info.emergency_contact.tel_href
    assert notice.get_text(strip=True) == protocol.info.emergency_text


def test_mandatory_reporting_page_has_the_statute_and_the_sections_listed_under_it(protocol, page):
    soup = content(page("mandatory-reporting/"))
    body = texts(soup)
    assert protocol.info.statute.citation in body
    shown = [s["id"] for s in soup.select("section.ht-situation[id]")]
    assert [i for i in shown if i in {s.id for s in protocol.situations}] == list(protocol.info.statute.situations)
    for situation_id in protocol.info.statute.situations:
        for contact in protocol.situation(situation_id).contacts:
            assert_contact_links(soup, contact)
        for step in protocol.situation(situation_id).steps:
            for item in step.items:
                assert item in body


def test_navigation_lists_every_situation_in_protocol_order(protocol, page):
    nav = page("").select_one("nav.md-nav--primary")
    titles = [" ".join(a.get_text(" ").split()) for a in nav.select("a.md-nav__link")]
    positions = [titles.index(s.title) for s in protocol.situations]
    assert positions == sorted(positions)


def test_docs_hold_no_hard_coded_phone_numbers_or_emails():
    phone = re.compile(r"\b\d{3}[-. ]\d{3}[-. ]\d{4}\b|\b911\b|\b\d-\d{3}-")
    email = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
    offenders = []
    for folder in ("docs", "overrides", "macros/pages/templates"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in {".md", ".html", ".js", ".css"}:
                text = path.read_text(encoding="utf-8")
                if phone.search(text) or email.search(text):
                    offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_pages_load_nothing_from_another_host(site):
    """Static check of what a page would fetch (the browser tests record real requests)."""
    from bs4 import BeautifulSoup
    fetched = {"script": "src", "img": "src", "iframe": "src", "source": "src", "audio": "src", "video": "src"}
    offenders = []
    for path in site.rglob("*.html"):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        urls = [tag.get(attr, "") for name, attr in fetched.items() for tag in soup.find_all(name)]
        urls += [tag.get("href", "") for tag in soup.find_all("link") if not {"canonical", "alternate"} & set(tag.get("rel", []))]
        offenders += [f"{path.relative_to(site)}: {u}" for u in urls if re.match(r"(https?:)?//", u)]
    assert offenders == []
