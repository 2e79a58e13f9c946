"""Every door keeps the protocol's order and audience: a situation page opened from the home
page or from search, the printed card, and every route of the decision.

Every expectation comes from protocol.yaml and its routes (macros/decision/paths.py): what must come
before a call to law enforcement, who each step is for. Nothing here names a situation,
contact or step of the real protocol, so the tests hold after any correct edit.
"""
from __future__ import annotations

import re

import pytest
from conftest import LANGUAGE_FOLDERS, content, drawn, drawn_steps, on_every_result, squash, widget_result

from macros.decision.facts import card_order, decision_screens, route_results
from macros.pages.render import situation_url
from macros.pages.widget import screen_url
from scripts import print_pdfs

LANGUAGES = LANGUAGE_FOLDERS


def prepares_contact(situation) -> bool:
    """A section of steps to do before contacting law enforcement that contacts none itself
    (informed consent): it applies wherever it comes first on a route."""
    return (any(s.kind == "before_law_enforcement" for s in situation.steps)
            and not any(s.reaches_law_enforcement for s in situation.steps))


def must_come_first(protocol, situation) -> list:
    """The before_law_enforcement steps that, on some route, come before this situation's first
    call to law enforcement or a tip line: its own, and those of a section that prepares the
    contact. Worked out from the routes, not from the page code."""
    found = {}
    for _, result in route_results(protocol):
        steps = result.steps
        first = next((i for i, s in enumerate(steps)
                      if s.reaches_law_enforcement and protocol.situation_of(s) == situation), None)
        if first is None:
            continue
        for step in steps[:first]:
            owner = protocol.situation_of(step)
            if step.kind == "before_law_enforcement" and (owner == situation or prepares_contact(owner)):
                found[step] = None
    return list(found)


def law_enforcement_tels(protocol) -> set[str]:
    return {c.tel_href for c in protocol.contacts if c.reaches_law_enforcement and c.tel_href}


def reading_order(soup) -> dict[int, int]:
    """id(element) -> its place in the page, top to bottom."""
    return {id(node): n for n, node in enumerate(soup.descendants)}


def step_position(soup, order, step) -> int | None:
    """Where a before_law_enforcement step is shown (the first place), by its own words."""
    words = squash(step.text)
    for li in soup.select('li[data-step-kind="before_law_enforcement"]'):
        if words in squash(li.get_text(" ")):
            return order[id(li)]
    return None


def skip_without_steps_before_law_enforcement(protocol) -> None:
    if not any(s.kind == "before_law_enforcement" for situation in protocol.situations for s in situation.steps):
        pytest.skip("this protocol has no step to do before contacting law enforcement")


def skip_without_steps_for_some_callers(protocol) -> None:
    if not any(s.audience for situation in protocol.situations for s in situation.steps):
        pytest.skip("no step of this protocol is for some callers only (audience:)")


def test_situation_pages_show_what_comes_first_above_any_law_enforcement_number(protocol_of_page, page):
    skip_without_steps_before_law_enforcement(protocol_of_page(""))
    checked = 0
    for lang in LANGUAGES:
        protocol = protocol_of_page(lang)
        tels = law_enforcement_tels(protocol)
        everywhere = on_every_result(protocol)
        for situation in protocol.situations:
            url = lang + situation_url(situation)
            soup = content(page(url))
            order = reading_order(soup)
            calls = [order[id(a)] for a in soup.select("a[href^='tel:']") if a["href"] in tels]
            # The list of related sections below the steps is navigation, not a call.
            steps_end = order[id(soup.select_one("section.ht-situation > ol.ht-steps"))]
            calls = [n for n in calls if n > steps_end]
            if situation in everywhere:
                # The closing note every result ends with ("Please call 911 and ..."): nothing is
                # put before its call to 911; "What else applies" names what comes first, and when.
                before = {li["data-related"] for li in soup.select(".ht-also-applies li[data-related]")}
                owners = {protocol.situation_of(step).id for step in must_come_first(protocol, situation)}
                assert owners - {situation.id} <= before, (url, owners, before)
                continue
            for step in must_come_first(protocol, situation):
                at = step_position(soup, order, step)
                assert at is not None, (url, step.text)
                assert not calls or at < min(calls), (url, step.text)
                checked += 1
    assert checked, "no situation page has a step to do before contacting law enforcement"


def test_the_card_prints_what_comes_first_above_each_situations_law_enforcement_number(protocol_of_page, page):
    skip_without_steps_before_law_enforcement(protocol_of_page(""))
    checked = 0
    for lang in LANGUAGES:
        protocol = protocol_of_page(lang)
        tels = law_enforcement_tels(protocol)
        card = page(lang + print_pdfs.CARD_URL).select_one(".ht-card-back")
        order = reading_order(card)
        for situation in protocol.situations:
            section = card.select_one(f'[data-situation="{situation.id}"]')
            calls = [order[id(a)] for a in section.select("a[href^='tel:']") if a["href"] in tels]
            if not calls:
                continue
            for step in must_come_first(protocol, situation):
                owner = card.select_one(f'[data-situation="{protocol.situation_of(step).id}"]')
                lines = owner.select(".ht-card-steps > li")
                line = lines[protocol.situation_of(step).steps.index(step)]
                assert order[id(line)] < min(calls), (lang, situation.id, step.text)
                checked += 1
    assert checked


def test_a_situation_pages_opening_call_to_911_comes_before_any_section_put_first(protocol_of_page, page):
    for lang in LANGUAGES:
        protocol = protocol_of_page(lang)
        for situation in protocol.situations:
            top = content(page(lang + situation_url(situation))).select_one("section.ht-situation > ol.ht-steps")
            items = top.find_all("li", recursive=False)
            lead_ins = [n for n, li in enumerate(items) if "ht-lead-in" in li["class"]]
            first = situation.steps[0]
            if lead_ins and first.contacts and all(c.kind == "emergency" for c in first.contacts):
                assert squash(first.text) in squash(items[0].get_text(" ")), (lang, situation.id)
                assert min(lead_ins) > 0, (lang, situation.id)


def test_a_section_that_comes_first_says_when_it_applies(protocol_of_page, page):
    """A lead-in names its condition: the caller it is for, its section's own plain condition
    ("If the victim is or may be under 18"), or the answers that add it."""
    for lang in LANGUAGES:
        protocol = protocol_of_page(lang)
        for situation in protocol.situations:
            soup = content(page(lang + situation_url(situation)))
            for lead_in in soup.select(".ht-lead-in"):
                when = squash(lead_in.select_one(".ht-lead-in-when").get_text(" "))
                owner = protocol.situation(lead_in["data-lead-in"])
                assert owner.title in when, (lang, situation.id)
                callers = [c for c in protocol.callers if c.who in when]
                answers = [a for q in protocol.decision.questions for a in q.answers if f"“{a.label}”" in when]
                plain = bool(owner.condition) and squash(owner.condition) in when
                assert callers or answers or plain or len(when) < len(owner.title) + 40, (lang, situation.id, when)


def test_no_route_shows_a_step_to_a_caller_it_is_not_for(protocol):
    """A route whose answers say who the person is never shows a step for someone else; and
    the widget's data and the no-JS outline show exactly the route's steps."""
    skip_without_steps_for_some_callers(protocol)
    checked = 0
    for path, result in route_results(protocol):
        if result.caller is None:
            continue
        for step in result.steps:
            assert not step.audience or result.caller in step.audience, (path.describe(), step.text)
        dropped = [s for block in result.blocks for s in (block.steps if hasattr(block, "steps") else (block,))
                   if s.audience and result.caller not in s.audience]
        checked += len(dropped)
        for step in dropped:
            assert step not in result.steps
    assert checked, "no route leaves out a step: the audience rule is not exercised"


def test_the_widget_shows_each_route_exactly_the_steps_for_its_caller(protocol, page):
    """In the built /decide/ data: each route lists its result's steps (none for another caller);
    conditions show only where no answer said who the person is; the person at risk is marked."""
    import json
    data = json.loads(page("decide/").select_one("script[data-decision-data]").string)
    by_key = {path.key: result for path, result in route_results(protocol)}
    for key, result in by_key.items():
        route = widget_result(data, key)
        drawn = drawn_steps(page("decide/"))
        assert [drawn[n] for n in route["steps"]] == [squash(s.text) for s in result.steps], key
        assert bool(route.get("conditional")) == (result.caller is None), key
        assert bool(route.get("atRisk")) == bool(result.caller and result.caller.at_risk), key


def test_every_step_with_an_audience_says_for_whom_on_its_page_and_the_card(protocol_of_page, page):
    skip_without_steps_for_some_callers(protocol_of_page(""))
    checked = 0
    for lang in LANGUAGES:
        protocol = protocol_of_page(lang)
        card = page(lang + print_pdfs.CARD_URL)
        for situation in protocol.situations:
            soup = content(page(lang + situation_url(situation)))
            top = soup.select_one("section.ht-situation > ol.ht-steps")
            own = [li for li in top.find_all("li", recursive=False) if "ht-lead-in" not in li["class"]]
            lines = card.select_one(f'[data-situation="{situation.id}"]').select(".ht-card-steps > li")
            for step, li, line in zip(situation.steps, own, lines):
                condition = li.select_one(".ht-step-condition")
                printed = line.select_one(".ht-card-condition")
                assert (condition is not None) == bool(step.audience), (lang, situation.id, step.text)
                assert (printed is not None) == bool(step.audience), (lang, situation.id, step.text)
                if step.audience:
                    words = squash(condition.get_text(" "))
                    named = [c for c in protocol.callers if c.who in words]
                    assert named, words
                    # "If you are X" names those it is for; "If you are not X" those it is not for.
                    negative = all(c not in step.audience for c in named)
                    assert negative or all(c in step.audience for c in named), words
                    checked += 1
    assert checked


def test_result_summaries_claim_no_order_of_their_own(protocol_of_page):
    """What comes first is the steps' order, checked by the ordering rules on every route; a
    summary that says what comes first was wrong once (child intake comes before it)."""
    order_words = re.compile(r"\b(first|before|in order|primero|antes|en orden)\b", re.I)
    for lang in LANGUAGES:
        for outcome in protocol_of_page(lang).decision.outcomes:
            assert not order_words.search(outcome.summary), (lang, outcome.id, outcome.summary)


def test_the_home_page_and_the_victims_result_lead_to_safety(protocol_of_page, page):
    for lang in LANGUAGES:
        home = content(page(lang))
        assert home.select_one('.ht-safety-first a[href="safety/"]'), lang
        decide = page(lang + "decide/")
        assert drawn(decide, "template[data-safety]").select_one('.ht-safety-first a[href="../safety/"]'), lang
        protocol = protocol_of_page(lang)
        at_risk = {path.key for path, result in route_results(protocol) if result.caller and result.caller.at_risk}
        # A protocol that names the person at risk among its callers has routes for them.
        assert bool(at_risk) == any(c.at_risk for c in protocol.callers), "no route is for the person at risk"
        screens = decision_screens(protocol)
        for key in at_risk:
            # Without JavaScript, the route's result is the page of its screen.
            screen_page = page(lang + screen_url(screens.of_prefix[key]))
            first = content(screen_page).select_one(".ht-outline-result").select_one(".ht-safety-first, ol.ht-steps")
            assert "ht-safety-first" in first.get("class", []), (lang, key)


def test_every_contacts_vcf_link_has_its_caution_beside_it(site, page):
    for lang in LANGUAGES:
        from conftest import html_pages
        for url in html_pages(site):
            if not url.startswith(lang) or (not lang and url.startswith("es/")):
                continue
            soup = page(url)
            for link in soup.select('a[href$="contacts.vcf"]'):
                paragraph = link.find_parent("p")
                caution = paragraph.find_next_sibling("p")
                assert caution is not None and "ht-vcf-caution" in caution.get("class", []), url
                assert caution.select_one('a[href$="safety/"]'), url


def test_the_home_pages_ways_in_put_a_911_emergency_first_as_the_card_does(protocol_of_page, page):
    """'Find your situation' lists the sections in the card's order (an emergency section first,
    then a section that comes first in others), then each caller's own way into the questions."""
    for lang in LANGUAGES:
        protocol = protocol_of_page(lang)
        shown = [squash(a.get_text(" ")) for a in content(page(lang)).select(".ht-entry-points > li > a")]
        assert shown == [squash(s.audience) for s in card_order(protocol)] + \
            [squash(c.entry) for c in protocol.callers if c.entry], lang
        urgent = [s for s in protocol.situations if s.steps[0].kind == "emergency"]
        if urgent:
            assert shown[0] == squash(urgent[0].audience), lang
