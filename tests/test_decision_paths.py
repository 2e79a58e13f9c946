"""Every route through the decision, from the model, and the /decide/ page built from it
(the embedded data, the no-JS outline and the flowchart), parsed without a browser."""
from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, content
from macros.flowchart import flowchart_rows
from macros.load import build_protocol
from macros.paths import all_paths, path_result
from macros.render import Pages
from macros.widget import decide_page, embed_json, widget_data

DECIDE = "decide/"


def routes_where(protocol, **answers: str):
    """Every route on which each named question got the named answer label."""
    found = []
    for path in all_paths(protocol):
        given = {c.question.id: c.answer.label for c in path.choices}
        if all(given.get(q) == label for q, label in answers.items()):
            found.append(path)
    assert found, f"no route answers {answers}"
    return found


def contact_ids(result) -> set[str]:
    return {c.id for c in result.contacts}


def step_ids(result) -> set[str]:
    return {s.id for s in result.steps if s.id}


def texts(node) -> str:
    return " ".join(node.get_text(" ").split())


# --- the routes, from the model -------------------------------------------------------------

def test_every_answer_of_every_question_is_on_some_route(protocol):
    taken = {(c.question.id, c.answer_index) for path in all_paths(protocol) for c in path.choices}
    for question in protocol.decision.questions:
        for index, answer in enumerate(question.answers):
            assert (question.id, index) in taken, f"{question.id}: answer {answer.label!r} is on no route"


def test_every_result_is_reached_by_some_route(protocol):
    reached = {path.outcome.id for path in all_paths(protocol)}
    assert reached == {o.id for o in protocol.decision.outcomes}


def test_every_route_has_a_unique_neutral_address(protocol):
    keys = [path.key for path in all_paths(protocol)]
    assert len(keys) == len(set(keys))
    assert all(re.fullmatch(r"\d+(\.\d+)*", key) for key in keys)


def test_every_route_ends_with_someone_to_contact_and_steps_in_order(protocol):
    for path in all_paths(protocol):
        result = path_result(protocol, path)
        assert result.contacts, path.key
        assert len(result.steps) == len(set(result.steps)), path.key


def test_every_situation_is_in_the_result_of_some_route(protocol):
    shown = {b for path in all_paths(protocol) for b in path_result(protocol, path).blocks}
    for situation in protocol.situations:
        assert situation in shown, situation.id


def test_someone_in_danger_is_told_to_call_911_and_nothing_else_first(protocol):
    (path,) = routes_where(protocol, in_danger_now="Yes")
    result = path_result(protocol, path)
    assert path.choices[0].question.id == protocol.decision.start
    assert [c.id for c in result.contacts] == ["emergency_911"]


def test_a_child_victim_who_wants_to_report_now_gets_intake_and_the_mbi_unit(protocol):
    for path in routes_where(protocol, victim_under_18="Yes", what_victim_will_do="Make a police report now"):
        assert {"mci_mdcps", "mbi_ht_unit"} <= contact_ids(path_result(protocol, path)), path.key


def test_a_child_victim_always_gets_centralized_intake_first(protocol):
    for path in routes_where(protocol, victim_under_18="Yes"):
        assert path_result(protocol, path).contacts[0].id == "mci_mdcps", path.key


def test_a_non_citizen_victim_gets_the_immigration_attorney_step(protocol):
    for path in routes_where(protocol, victim_us_citizen="No, or I am not sure"):
        assert "consult_immigration_attorney" in step_ids(path_result(protocol, path)), path.key


def test_the_immigration_step_is_shown_once_when_its_situation_is_included(protocol):
    for path in routes_where(protocol, what_victim_will_do="Talk to law enforcement later, by appointment",
                             victim_us_citizen="No, or I am not sure"):
        steps = [s.id for s in path_result(protocol, path).steps]
        assert steps.count("consult_immigration_attorney") == 1, path.key


def test_an_agency_worker_gets_the_informed_consent_and_release_form_steps(protocol):
    consent = protocol.situation("informed_consent")
    for path in routes_where(protocol, sharing_under_confidentiality_policy="Yes"):
        result = path_result(protocol, path)
        assert consent in result.blocks, path.key
        assert any(s.caution and "release form" in s.text for s in result.cautions), path.key


def test_an_officer_reports_the_investigation_and_can_call_mbi(protocol):
    for path in routes_where(protocol, are_you_law_enforcement="Yes, I am law enforcement"):
        assert {"ht_case_reports", "mbi_officer_assistance"} <= contact_ids(path_result(protocol, path))


def test_an_anonymous_tip_goes_to_the_hotline_or_crime_stoppers(protocol):
    for path in routes_where(protocol, what_victim_will_do="Only pass on an anonymous tip"):
        assert {"polaris_hotline", "ms_crime_stoppers"} <= contact_ids(path_result(protocol, path))


def test_a_victim_not_ready_yet_still_gets_911_and_the_hotline(protocol):
    for path in routes_where(protocol, what_victim_will_do="Not ready to share anything yet"):
        assert {"emergency_911", "polaris_hotline"} <= contact_ids(path_result(protocol, path)), path.key


def test_talking_later_warns_not_to_leave_details_on_voicemail(protocol):
    for path in routes_where(protocol, what_victim_will_do="Talk to law enforcement later, by appointment"):
        assert "no_details_on_voicemail" in {s.id for s in path_result(protocol, path).cautions}


# --- the embedded data ----------------------------------------------------------------------

def embedded(soup) -> dict:
    (script,) = soup.select('script[type="application/json"][data-decision-data]')
    return json.loads(script.string)


def test_the_page_embeds_the_widget_data_built_from_the_model(protocol, page):
    assert embedded(page(DECIDE)) == widget_data(protocol, Pages(protocol, DECIDE).link)


def test_embedded_json_escapes_markup_so_yaml_text_cannot_end_the_script():
    hostile = {"text": "</script><script>alert(1)</script> <!-- & \u2028"}
    text = embed_json(hostile)
    assert not set("<>&") & set(text)
    assert json.loads(text) == hostile


def test_hostile_yaml_text_stays_text_on_the_decide_page():
    fixture = (ROOT / "tests" / "fixtures" / "injection.yaml").read_text(encoding="utf-8")
    hostile = '</script><img src=x onerror=alert(3)><script>alert(4)</script>'
    fixture = fixture.replace("text: Is someone in danger?", f"text: '{hostile}'")
    fixture = fixture.replace('label: "No"', "label: '</script>&amp;<b>No</b>'")
    protocol = build_protocol("injection.yaml", fixture)
    soup = BeautifulSoup(decide_page(protocol, Pages(protocol, DECIDE).link), "html.parser")
    data = embedded(soup)
    assert data["questions"]["in_danger"]["text"] == hostile
    assert data["questions"]["in_danger"]["answers"][1]["label"] == "</script>&amp;<b>No</b>"
    assert soup.select("img") == [] and soup.select("b") == []
    assert [s.get("type") for s in soup.select("script")] == ["application/json"]
    assert hostile in texts(soup.select_one("[data-decide-outline]"))
    assert hostile in texts(soup.select_one(".ht-flowchart"))


# --- the page without JavaScript: the outline -----------------------------------------------

def test_the_outline_shows_every_question_hint_answer_and_result(protocol, page):
    outline = content(page(DECIDE)).select_one("[data-decide-outline]")
    body = texts(outline)
    for question in protocol.decision.questions:
        section = outline.select_one(f'[data-outline-node="{question.id}"]')
        assert question.text in texts(section.find("h2"))
        if question.hint:
            assert question.hint in texts(section)
        labels = [texts(li.select_one(".ht-outline-label")) for li in section.select("[data-outline-answer]")]
        assert labels == [a.label for a in question.answers]
    for outcome in protocol.decision.outcomes:
        section = outline.select_one(f'[data-outline-node="{outcome.id}"]')
        assert outcome.title in texts(section.find("h2"))
        assert outcome.summary in body


def test_every_outline_answer_links_to_the_question_or_result_it_leads_to(protocol, page):
    outline = content(page(DECIDE)).select_one("[data-decide-outline]")
    for question in protocol.decision.questions:
        for index, answer in enumerate(question.answers):
            item = outline.select_one(f'[data-outline-answer="{question.id}:{index}"]')
            href = item.select_one("a.ht-outline-next")["href"]
            target = outline.select_one(f'[id="{href[1:]}"]')
            assert target is not None and target["data-outline-node"] == answer.target


def test_every_contact_on_any_route_has_a_tap_to_call_or_email_link_in_the_outline(protocol, page):
    outline = content(page(DECIDE)).select_one("[data-decide-outline]")
    hrefs = {a["href"] for a in outline.select('a[href^="tel:"], a[href^="mailto:"]')}
    for path in all_paths(protocol):
        for contact in path_result(protocol, path).contacts:
            assert {contact.tel_href, contact.mailto_href} - {None} <= hrefs, (path.key, contact.id)


def test_page_addresses_never_carry_answer_words(page):
    soup = content(page(DECIDE))
    for a in soup.select('a[href^="#"]'):
        assert re.fullmatch(r"#(decide|flow)-[qr]\d+|#route=[\d.]*", a["href"]), a["href"]
    for node in soup.select("[id]"):
        if node.find_parent(class_="ht-decide"):
            assert re.fullmatch(r"(decide|flow)-[qr]\d+|ht-[a-z-]+", node["id"]), node["id"]


# --- the flowchart --------------------------------------------------------------------------

def test_the_flowchart_has_one_box_per_question_and_result_with_real_text(protocol, page):
    chart = content(page(DECIDE)).select_one(".ht-flowchart")
    decision = protocol.decision
    boxes = {box["data-flow-node"]: box for box in chart.select("[data-flow-node]")}
    assert set(boxes) == {q.id for q in decision.questions} | {o.id for o in decision.outcomes}
    for question in decision.questions:
        assert question.text in texts(boxes[question.id].select_one(".ht-flow-title"))
        answers = boxes[question.id].select("[data-flow-answer] strong")
        assert [texts(a) for a in answers] == [a.label for a in question.answers]
    for outcome in decision.outcomes:
        assert outcome.title in texts(boxes[outcome.id])


def test_every_flowchart_arrow_points_down_to_a_box_that_exists(protocol, page):
    chart = content(page(DECIDE)).select_one(".ht-flowchart")
    row_of = {box["data-flow-node"]: n for n, row in enumerate(chart.select(".ht-flow-row"))
              for box in row.select("[data-flow-node]")}
    assert len(chart.select(".ht-flow-row")) == len(flowchart_rows(protocol))
    outline = content(page(DECIDE)).select_one("[data-decide-outline]")
    for question in protocol.decision.questions:
        for index, answer in enumerate(question.answers):
            assert row_of[answer.target] > row_of[question.id], (question.id, answer.label)
            link = chart.select_one(f'[data-flow-answer="{question.id}:{index}"] a')
            assert outline.select_one(f'[id="{link["href"][1:]}"]')["data-outline-node"] == answer.target


def test_the_decide_script_holds_no_protocol_text(protocol):
    script = (ROOT / "docs" / "assets" / "decide.js").read_text(encoding="utf-8")
    words = [q.text for q in protocol.decision.questions]
    words += [a.label for q in protocol.decision.questions for a in q.answers if len(a.label) > 3]
    words += [o.title for o in protocol.decision.outcomes]
    words += [c.name for c in protocol.contacts] + [c.phone for c in protocol.contacts if c.phone]
    words += [c.email for c in protocol.contacts if c.email]
    for word in words:
        assert word not in script, word
    assert not re.search(r"\d{3}-\d{4}|911", script)


def test_the_menu_offers_what_should_i_do_right_after_home(page):
    titles = [texts(a) for a in page("").select(".md-nav--primary > .md-nav__list > .md-nav__item > a, "
                                                 ".md-nav--primary > .md-nav__list > .md-nav__item > label")]
    assert titles[:2] == ["Home", "What should I do?"], titles


@pytest.mark.parametrize("url", ["", DECIDE])
def test_the_decide_page_loads_its_own_script_and_styles_as_files(page, url):
    soup = page(url)
    assert soup.select_one('script[src$="assets/decide.js"]') is not None
    assert soup.select_one('link[href$="assets/decide.css"]') is not None


def test_the_home_page_leads_to_the_questions_near_the_top(page):
    home = content(page(""))
    first_links = [a["href"] for a in home.select("a")[:3]]
    assert "decide/" in first_links, first_links
