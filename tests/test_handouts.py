"""A one-page handout for each caller the protocol names, but the person at risk (trainers
print one for officers, one for hospital and school staff, one for the public): the questions
that caller answers, then every section their routes show with that caller's steps only, in
an order that keeps the protocol's ordering rules, both languages, listed on /card/. Every
expectation comes from the loaded protocol; the prints themselves are tested in test_prints.py."""
from __future__ import annotations

import pytest
from conftest import LANGUAGE_FOLDERS, protocol_under_test, squash

from macros.decision.facts import handouts, route_results
from macros.decision.order import sequence_mistakes
from macros.decision.paths import result_sources
from macros.pages.handouts import handout_url

PROTOCOL = protocol_under_test()
HANDOUTS = handouts(PROTOCOL)


def test_a_handout_names_every_outcome_of_its_callers_routes_and_the_answers_that_lead_there():
    for handout in HANDOUTS:
        ends = {path.outcome for path, r in route_results(PROTOCOL) if r.caller == handout.caller}
        assert {o for o, _ in handout.outcomes} == ends, handout.caller.id
        assert all(bool(when) == (len(ends) > 1) for _, when in handout.outcomes), handout.caller.id


def test_every_caller_but_the_person_at_risk_has_a_handout():
    with_routes = {r.caller for _, r in route_results(PROTOCOL) if r.caller}
    assert [h.caller for h in HANDOUTS] == [c for c in PROTOCOL.callers if c in with_routes and not c.at_risk]


@pytest.mark.parametrize("handout", HANDOUTS, ids=[h.caller.id for h in HANDOUTS])
def test_a_handout_shows_every_section_of_its_callers_routes_with_that_callers_steps_in_a_lawful_order(handout):
    routes = [r for _, r in route_results(PROTOCOL) if r.caller == handout.caller]
    assert {s.situation for s in handout.sections} == {s for r in routes for s in result_sources(PROTOCOL, r)}
    for section in handout.sections:
        assert section.steps == tuple(s for s in section.situation.steps if s.is_for(handout.caller))
    # Every step a route of this caller shows is on it, and nothing that is not for them.
    assert {s for r in routes for s in r.steps} <= set(handout.steps)
    # A reader follows the sections their answers add: on each route, the handout's order of that
    # route's steps keeps the protocol's ordering rules (911 first; what to do before contacting
    # law enforcement before that contact), as the route itself and the card do.
    for result in routes:
        followed = tuple(step for step in handout.steps if step in result.steps)
        assert list(sequence_mistakes(followed)) == [], result.outcome.id


@pytest.mark.parametrize("folder", LANGUAGE_FOLDERS)
@pytest.mark.parametrize("handout", HANDOUTS, ids=[h.caller.id for h in HANDOUTS])
def test_a_handouts_page_prints_its_questions_sections_steps_and_numbers(page, protocol_of_page, folder, handout):
    protocol = protocol_of_page(folder)
    mine = next(h for h in handouts(protocol) if h.caller.id == handout.caller.id)
    sheet = page(folder + handout_url(handout.caller)).select_one(f'.ht-handout[data-caller="{handout.caller.id}"]')
    assert sheet is not None
    text = squash(sheet.get_text(" "))
    for question, answers in mine.questions:
        assert squash(question.text) in text and all(squash(a.label) in text for a in answers)
    # Where the answers end, in the results' own words: what the protocol says, or that it is silent.
    assert [o["data-outcome"] for o in sheet.select("[data-outcome]")] == [o.id for o, _ in mine.outcomes]
    for outcome, _when in mine.outcomes:
        assert squash(outcome.summary) in text, outcome.id
    shown = [s["data-situation"] for s in sheet.select("[data-situation]")]
    assert shown == [s.situation.id for s in mine.sections]
    for section in mine.sections:
        block = sheet.select_one(f'[data-situation="{section.situation.id}"]')
        lines = block.select(".ht-card-steps > li")
        assert len(lines) == len(section.steps), section.situation.id
        for step, line in zip(section.steps, lines):
            words = squash(line.get_text(" "))
            assert squash(step.text if step.quote else step.card_text) in words, (section.situation.id, words)
            hrefs = {a["href"] for a in line.select("a[href]")}
            assert {h for c in step.contacts for h in c.hrefs} <= hrefs, (section.situation.id, step.text)


@pytest.mark.parametrize("folder", LANGUAGE_FOLDERS)
def test_the_card_page_lists_each_handout_and_its_pdf(page, folder):
    links = {a["href"] for a in page(folder + "card/").select(".ht-print-set a")}
    for handout in HANDOUTS:
        assert "../" + handout_url(handout.caller) in links or handout_url(handout.caller)[len("card/"):] in links
        assert handout_url(handout.caller)[len("card/"):] + "handout.pdf" in links
