"""Every route through the decision, from the model, and the /decide/ page built from it
(the embedded data, the no-JS outline and the flowchart), parsed without a browser."""
from __future__ import annotations

import json
import re

from bs4 import BeautifulSoup
from conftest import ROOT, content

from macros.decision.flowchart import flowchart_rows
from macros.decision.paths import all_paths, path_result
from macros.load import build_protocol
from macros.pages.render import Pages
from macros.pages.widget import anchor, decide_page, embed_json, widget_data
from macros.protocol.model import Situation

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


def chosen(path) -> dict:
    """question id -> the answer given on this route."""
    return {c.question.id: c.answer for c in path.choices}


def adds(protocol, answer, situation_id: str) -> bool:
    """Does this answer add the situation (or one of its steps) to the result?"""
    situation = protocol.situation(situation_id)
    return any(b == situation or (not isinstance(b, Situation) and protocol.situation_of(b) == situation)
               for b in map(protocol.block, answer.include))


def test_every_route_keeps_the_protocols_order(protocol):
    """Emergency steps first; what the protocol says to do before contacting law enforcement
    (agency guidelines, release form, immigration attorney) before the first such contact."""
    for path in all_paths(protocol):
        steps = path_result(protocol, path).steps
        kinds = [s.kind for s in steps]
        if "emergency" in kinds:
            assert kinds[:kinds.count("emergency")] == ["emergency"] * kinds.count("emergency"), path.key
        first_call = next((i for i, s in enumerate(steps) if s.reaches_law_enforcement), len(steps))
        late = [s.text for s in steps[first_call:] if s.kind == "before_law_enforcement"]
        assert late == [], (path.key, late)


def test_in_an_emergency_911_comes_first_and_the_follow_up_is_not_lost(protocol):
    emergency = [p for p in all_paths(protocol) if any(s.kind == "emergency" for s in path_result(protocol, p).steps)]
    assert emergency, "no route gives an emergency step"
    calm = {tuple(c.answer_index for c in p.choices[1:]): p for p in all_paths(protocol)
            if not any(s.kind == "emergency" for s in path_result(protocol, p).steps)}
    for path in emergency:
        steps = path_result(protocol, path).steps
        assert steps[0].kind == "emergency" and protocol.info.emergency_contact in steps[0].contacts, path.key
        # The same answers without the danger give the same follow-up, after the 911 step.
        twin = calm.get(tuple(c.answer_index for c in path.choices[1:]))
        if twin:
            assert [s for s in steps if s.kind != "emergency"] == list(path_result(protocol, twin).steps), path.key


def test_the_age_question_takes_not_sure_as_possibly_a_child(protocol):
    age = protocol.decision.question("victim_may_be_child")
    adding = [a for a in age.answers if adds(protocol, a, "child_victim")]
    assert len(age.answers) >= 3 and len(adding) == len(age.answers) - 1


def test_every_route_where_the_victim_may_be_a_child_gives_centralized_intake(protocol):
    child_contacts = {c for c in protocol.contacts if c.kind == "child_protection"}
    assert child_contacts
    for path in all_paths(protocol):
        if any(adds(protocol, c.answer, "child_victim") for c in path.choices):
            assert child_contacts <= set(path_result(protocol, path).contacts), path.key


def test_every_route_where_the_caller_is_law_enforcement_gives_the_report_email(protocol):
    email_step = next(s for s in protocol.situation("mandatory_reporting").steps if s.id == "email_every_investigation")
    officer_routes = [p for p in all_paths(protocol) if any(adds(protocol, c.answer, "mandatory_reporting") for c in p.choices)]
    assert officer_routes
    for path in officer_routes:
        result = path_result(protocol, path)
        assert email_step in result.steps and email_step.contacts[0].email, path.key


def test_every_caller_the_protocol_serves_has_an_answer_to_who_they_are(protocol):
    who = protocol.decision.question("who_is_asking")
    ends = {a.outcome for a in who.answers if a.outcome}
    assert any(adds(protocol, a, "mandatory_reporting") for a in who.answers)  # law enforcement
    assert any(adds(protocol, a, "informed_consent") for a in who.answers)  # working with a victim
    assert {"public_result", "victim_result"} <= ends  # the public, the victim themself


def test_everyone_working_with_a_victim_gets_informed_consent_before_any_call(protocol):
    release = next(s for s in protocol.situation("informed_consent").steps if s.id == "release_form_first")
    for path in all_paths(protocol):
        if any(adds(protocol, c.answer, "informed_consent") for c in path.choices):
            steps = path_result(protocol, path).steps
            calls = [i for i, s in enumerate(steps) if s.reaches_law_enforcement]
            assert release in steps and all(steps.index(release) < i for i in calls), path.key


def test_every_result_ends_with_the_protocols_closing_note_in_its_own_words(protocol):
    note = protocol.situation("please_note")
    for path in all_paths(protocol):
        last = path_result(protocol, path).steps[-1]
        assert last in note.steps and last.quote, path.key


def test_no_result_puts_words_in_the_protocols_mouth(protocol):
    """Where the protocol is silent the site says so in its own voice; it never says "the
    protocol says" or "the protocol's general note applies" about a route."""
    for outcome in protocol.decision.outcomes:
        assert "protocol's general note applies" not in outcome.summary
        assert "applies in every situation" not in outcome.summary


def test_talking_later_warns_not_to_leave_details_on_voicemail(protocol):
    for path in all_paths(protocol):
        if any(adds(protocol, c.answer, "talk_later") for c in path.choices):
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

def outline_of(page):
    return content(page(DECIDE)).select_one("[data-decide-outline]")


def outline_section(outline, key: str):
    return outline.select_one(f'[id="{anchor(key)}"]')


def step_texts(section) -> list[str]:
    return [texts(li.select_one("blockquote p") or li.find("p")) for li in section.select("ol.ht-steps > li")]


def expected_step_text(step) -> str:
    text = " ".join(step.text.split())
    return f"{step.label}: {text}" if step.label and not step.quote else text


def test_the_outline_asks_every_question_on_every_route_with_its_hints(protocol, page):
    outline = outline_of(page)
    for path in all_paths(protocol):
        for i, choice in enumerate(path.choices):
            section = outline_section(outline, path.key.rsplit(".", len(path.choices) - i)[0] if i else "")
            question = choice.question
            assert section["data-outline-node"] == question.id
            assert question.text in texts(section.find("h2"))
            if question.hint:
                assert question.hint in texts(section)
            labels = [texts(li.select_one("a")) for li in section.select("[data-outline-answer]")]
            assert labels == [a.label for a in question.answers]


def test_without_javascript_every_route_has_its_whole_result_in_order(protocol, page):
    """The no-JS result of each route is the model's result: every step, in order, with its
    checklist and its contacts' links."""
    outline = outline_of(page)
    for path in all_paths(protocol):
        result = path_result(protocol, path)
        section = outline_section(outline, path.key)
        assert section is not None and section["data-outline-node"] == path.outcome.id, path.key
        assert result.outcome.title in texts(section.find("h2"))
        assert " ".join(result.outcome.summary.split()) in texts(section)
        assert step_texts(section) == [expected_step_text(s) for s in result.steps], path.key
        for li, step in zip(section.select("ol.ht-steps > li"), result.steps):
            assert [texts(x) for x in li.select(".ht-checklist > li")] == list(step.items)
            hrefs = [a["href"] for a in li.select('a[href^="tel:"], a[href^="mailto:"]')]
            assert hrefs == [h for c in step.contacts for h in (c.tel_href, c.mailto_href) if h], path.key


def test_without_javascript_what_comes_before_law_enforcement_is_above_its_number(protocol, page):
    outline = outline_of(page)
    for path in all_paths(protocol):
        items = outline_section(outline, path.key).select("ol.ht-steps > li")
        kinds = [li["data-step-kind"] for li in items]
        calls = [i for i, li in enumerate(items)
                 for a in li.select('a[href^="tel:"], a[href^="mailto:"]')
                 if any(c.reaches_law_enforcement and a["href"] in (c.tel_href, c.mailto_href) for c in protocol.contacts)]
        if calls and "before_law_enforcement" in kinds:
            assert max(i for i, k in enumerate(kinds) if k == "before_law_enforcement") < min(calls), path.key


def test_every_outline_answer_links_to_the_question_or_result_it_leads_to(protocol, page):
    outline = outline_of(page)
    for section in outline.select("[data-outline-node]"):
        question = protocol.decision.question(section["data-outline-node"])
        if question is None:
            continue
        for index, answer in enumerate(question.answers):
            link = section.select_one(f'[data-outline-answer="{question.id}:{index}"] a.ht-outline-next')
            target = outline.select_one(f'[id="{link["href"][1:]}"]')
            assert target is not None and target["data-outline-node"] == answer.target, link["href"]


def test_every_contact_on_any_route_has_a_tap_to_call_or_email_link_in_the_outline(protocol, page):
    outline = outline_of(page)
    hrefs = {a["href"] for a in outline.select('a[href^="tel:"], a[href^="mailto:"]')}
    for path in all_paths(protocol):
        for contact in path_result(protocol, path).contacts:
            assert {contact.tel_href, contact.mailto_href} - {None} <= hrefs, (path.key, contact.id)


def test_page_addresses_never_carry_answer_words(page):
    soup = content(page(DECIDE))
    for a in soup.select('a[href^="#"]'):
        assert re.fullmatch(r"#decide-(start|\d+(-\d+)*)|#route=[\d.]*", a["href"]), a["href"]
    for node in soup.select("[id]"):
        if node.find_parent(class_="ht-decide"):
            assert re.fullmatch(r"decide-(start|\d+(-\d+)*)|flow-[qr]\d+|ht-[a-z-]+", node["id"]), node["id"]


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


def test_the_decide_page_loads_its_own_script_and_styles_as_files_and_the_home_page_does_not(page):
    soup = page(DECIDE)
    assert soup.select_one('script[src$="assets/decide.js"]') is not None
    assert soup.select_one('link[href$="assets/decide.css"]') is not None
    home = page("")
    assert home.select_one('script[src$="assets/decide.js"]') is None


def test_the_home_page_leads_to_the_questions_near_the_top(page):
    home = content(page(""))
    first_links = [a["href"] for a in home.select("a")[:3]]
    assert "decide/" in first_links, first_links
