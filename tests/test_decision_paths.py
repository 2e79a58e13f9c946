"""Every route through the decision, from the model, and the /decide/ page built from it
(the embedded data, the screens without JavaScript and the flowchart), parsed without a browser."""
from __future__ import annotations

import json
import posixpath
import re

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, content, drawn_steps, on_every_result, squash, widget_result

from macros.decision.facts import decision_screens, flowchart_rows, route_results
from macros.decision.paths import Choice, all_paths, path_result, result_sources, steps_of
from macros.decision.rules import applies
from macros.decision.screens import urgent_steps
from macros.load import build_protocol
from macros.pages.render import Pages
from macros.pages.widget import decide_page, embed_json, screen_url, widget_data
from macros.protocol.model import Situation

DECIDE = "decide/"


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
    routes = dict((tuple(c.answer_index for c in p.choices), r) for p, r in route_results(protocol))
    emergency = [(p, r) for p, r in route_results(protocol) if any(s.kind == "emergency" for s in r.steps)]
    if not emergency:
        pytest.skip("this protocol's decision gives no emergency step")
    for path, result in emergency:
        steps = result.steps
        assert steps[0].kind == "emergency" and protocol.info.emergency_contact in steps[0].contacts, path.key
        # The same answers without the danger (wherever the question about it is) give the same
        # follow-up, after the 911 step.
        for i, choice in enumerate(path.choices):
            if not any(s.kind == "emergency" for b in choice.answer.include for s in steps_of(protocol.block(b))):
                continue
            for j, other in enumerate(choice.question.answers):
                twin = routes.get(tuple(c.answer_index if k != i else j for k, c in enumerate(path.choices)))
                if other.target == choice.answer.target and twin and not any(s.kind == "emergency" for s in twin.steps):
                    assert [s for s in steps if s.kind != "emergency"] == list(twin.steps), path.key


def test_no_result_puts_words_in_the_protocols_mouth(protocol):
    """Where the protocol is silent the site says so in its own voice; it never says "the
    protocol says" or "the protocol's general note applies" about a route."""
    for outcome in protocol.decision.outcomes:
        assert "protocol's general note applies" not in outcome.summary
        assert "applies in every situation" not in outcome.summary


# --- the embedded data ----------------------------------------------------------------------

def embedded(soup) -> dict:
    (script,) = soup.select('script[type="application/json"][data-decision-data]')
    return json.loads(script.string)


def test_the_page_embeds_the_widget_data_built_from_the_model(protocol, page):
    assert embedded(page(DECIDE)) == widget_data(protocol, Pages(protocol, DECIDE).link)


def test_the_widgets_data_holds_each_step_and_each_result_once(protocol, page):
    """The data grows with the protocol's text: a step is written once however many routes show
    it, a result once however many routes lead to it, a screen once however many sets of answers
    reach it; no route is written out."""
    data = embedded(page(DECIDE))
    shown = {s for _, result in route_results(protocol) for s in result.steps}
    shown |= {s for q in protocol.decision.questions for i in range(len(q.answers))
              for s in urgent_steps(protocol, [Choice(q, i)])}
    drawn = drawn_steps(page(DECIDE))
    assert len(drawn) == len(shown)
    results = [json.dumps(r, sort_keys=True) for r in data["results"]]
    assert len(results) == len(set(results))
    screens = decision_screens(protocol)
    assert len(data["screens"]) == len(screens.screens) and len(data["results"]) == len(screens.results)
    assert "routes" not in data
    for path, result in route_results(protocol):
        shown = widget_result(data, path.key)
        assert [drawn[n] for n in shown["steps"]] == [squash(s.text) for s in result.steps], path.key


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


# --- without JavaScript: the first question on /decide/, each later screen its own page -------

def screen_section(soup):
    """The screen a page shows without JavaScript: /decide/'s first question, or a screen page's."""
    return content(soup).select_one(".ht-decide-outline [data-outline-node]")


def follow(page, choices):
    """Follow the answer links of `choices` from /decide/, as a browser without JavaScript does:
    each screen's section on the way, with its page's address, ending with the screen after them."""
    url, section = DECIDE, screen_section(page(DECIDE))
    seen = [(url, section)]
    for choice in choices:
        assert section["data-outline-node"] == choice.question.id, (url, choice.question.id)
        link = section.select_one(f'[data-outline-answer="{choice.question.id}:{choice.answer_index}"] a.ht-outline-next')
        url = posixpath.normpath(posixpath.join(url, link["href"])) + "/"
        section = screen_section(page(url))
        assert section is not None, f"{link['href']} from {seen[-1][0]} leads to no screen"
        assert section["data-outline-node"] == choice.answer.target, url
        seen.append((url, section))
    return seen


def step_texts(section) -> list[str]:
    return [texts(li.select_one("blockquote p") or li.find("p")) for li in section.select("ol.ht-steps > li")]


def expected_step_text(step, after_emergency: bool = False) -> str:
    text = " ".join(step.text.split())
    label = step.label_on(after_emergency)
    return f"{label}: {text}" if label and not step.quote else text


def test_decide_holds_only_the_first_question_and_each_screen_is_written_once(protocol, page, site):
    """/decide/ does not grow with the routes: its no-JS part is the first question; every later
    screen is one small page, shared by every set of answers that leads to the same screen."""
    outline = content(page(DECIDE)).select_one("[data-decide-outline]")
    assert [s["data-outline-node"] for s in outline.select("[data-outline-node]")] == [protocol.decision.start]
    screens = decision_screens(protocol)
    built = sorted(p.parent.relative_to(site / "decide").as_posix() for p in (site / "decide").rglob("index.html")
                   if p.parent.name.isdigit())
    assert built == sorted(screen_url(s.key)[len(DECIDE):-1] for s in screens.screens if s.key)
    assert len(screens.results) == len({(r.outcome, r.steps, r.caller is None) for _, r in route_results(protocol)})


def test_without_javascript_every_route_asks_every_question_with_its_hints_by_following_links(protocol, page):
    for path in all_paths(protocol):
        for (url, section), choice in zip(follow(page, path.choices), path.choices):
            question = choice.question
            assert question.text in texts(section.find("h2")), url
            if question.hint:
                assert question.hint in texts(section)
            labels = [texts(li.select_one("a")) for li in section.select("[data-outline-answer]")]
            assert labels == [a.label for a in question.answers]


def test_without_javascript_every_screen_names_the_answers_that_lead_to_it(protocol, page):
    """Each screen's page says which answers it is for, in order (a page shared by several sets of
    answers names each; one entered from the flowchart so says what it assumes)."""
    for path in all_paths(protocol):
        for i, (url, section) in enumerate(follow(page, path.choices)):
            line = section.select_one(".ht-outline-so-far")
            if i == 0:
                assert line is None, url
                continue
            ways = [[[texts(q) for q in step.select(".ht-outline-given")] for step in way.find_all("span", recursive=False)]
                    for way in line.select(".ht-outline-way")]
            # One way here is the route's: as many steps as its answers, each answer among its step's.
            assert any(len(way) == i and all(c.answer.label in step for step, c in zip(way, path.choices))
                       for way in ways), (url, ways)


def test_without_javascript_every_question_after_an_emergency_answer_shows_the_emergency_step(protocol, page):
    for path in all_paths(protocol):
        for i, (url, section) in enumerate(follow(page, path.choices)[:-1]):
            urgent = section.select_one(".ht-urgent")
            expected = [expected_step_text(s) for s in urgent_steps(protocol, path.choices[:i])]
            assert (step_texts(urgent) if urgent else []) == expected, url


def test_without_javascript_every_route_has_its_whole_result_in_order(protocol, page):
    """The no-JS result of each route, reached by following links from /decide/, is the model's
    result: every step, in order, with its checklist and its contacts' links."""
    for path in all_paths(protocol):
        result = path_result(protocol, path)
        url, section = follow(page, path.choices)[-1]
        assert section["data-outline-node"] == path.outcome.id, path.key
        assert result.outcome.title in texts(section.find("h2"))
        assert " ".join(result.outcome.summary.split()) in texts(section)
        # The order of the sections is this website's, and the result says so.
        assert section.select_one(".ht-order-note") is not None, path.key
        assert step_texts(section) == [expected_step_text(s, result.after_emergency) for s in result.steps], \
            (path.key, url)
        for li, step in zip(section.select("ol.ht-steps > li"), result.steps):
            assert [texts(x) for x in li.select(".ht-checklist > li")] == list(step.items)
            hrefs = [a["href"] for a in li.select('a[href^="tel:"], a[href^="mailto:"]')]
            assert hrefs == [h for c in step.contacts for h in c.hrefs], path.key
        at_risk = bool(result.caller and result.caller.at_risk)
        assert bool(section.select_one(".ht-safety-first")) == at_risk, path.key


def steps_named(protocol, name: str, caller) -> list:
    """The steps a rule's name stands for, for this caller: a contact's (any one shows it), a
    situation's or a single step's (all of them)."""
    if name in {c.id for c in protocol.contacts}:
        return [s for sit in protocol.situations for s in sit.steps if any(c.id == name for c in s.contacts)]
    block = protocol.block(name)
    return [s for s in (block.steps if isinstance(block, Situation) else [block]) if s.is_for(caller)]


def test_without_javascript_every_route_keeps_the_protocols_own_rules(protocol, page):
    """Each rule protocol.yaml states (rules:, checked by make check on the model) holds on the
    page a reader reaches by following links: what it must show is there, in its order, and the
    result ends as it says."""
    for rule in protocol.rules:
        for path, result in route_results(protocol):
            if not applies(protocol, rule, path, result):
                continue
            shown = step_texts(follow(page, path.choices)[-1][1])

            def places(name):
                return [shown.index(t) for t in (expected_step_text(s, result.after_emergency)
                                                 for s in steps_named(protocol, name, result.caller))
                        if t in shown]
            for name in rule.must_show:
                wanted = steps_named(protocol, name, result.caller)
                found = places(name)
                assert found and (name in {c.id for c in protocol.contacts} or len(found) == len(wanted)), (rule.id, path.key)
            orders = [places(name) for name in rule.must_order]
            orders = [p for p in orders if p]
            assert all(max(a) < min(b) for a, b in zip(orders, orders[1:])), (rule.id, path.key)
            if rule.must_end_with:
                assert len(shown) - 1 in places(rule.must_end_with), (rule.id, path.key)


def test_without_javascript_a_closing_note_every_result_ends_with_is_set_apart_not_numbered(protocol, page):
    """The protocol's "Please note", which ends every result, is shown under its own title after
    the numbered steps, never as the route's last to-do."""
    everywhere = on_every_result(protocol)
    for path, result in route_results(protocol):
        trailing = 0
        for step in reversed(result.steps):
            if step.kind != "note" or protocol.situation_of(step) not in everywhere:
                break
            trailing += 1
        trailing = trailing if trailing < len(result.steps) else 0
        section = follow(page, path.choices)[-1][1]
        apart = section.select_one(".ht-result-closing")
        assert (apart is not None) == bool(trailing), path.key
        numbered = section.find("ol", class_="ht-steps", recursive=False)
        assert len(numbered.find_all("li", recursive=False)) == len(result.steps) - trailing, path.key
        if trailing:
            assert texts(apart.find("h3")) == protocol.situation_of(result.steps[-1]).title
            assert step_texts(apart) == [expected_step_text(s, result.after_emergency) for s in result.steps[-trailing:]], \
                path.key


def only_calls_911(step) -> bool:
    return step.kind != "emergency" and bool(step.contacts) and all(c.kind == "emergency" for c in step.contacts)


def test_without_javascript_nothing_comes_before_a_sections_opening_call_to_911(protocol, page):
    """A section that opens with "For emergencies call 911." keeps it before anything another
    section adds first (a child victim's call to child protection), on every route's page."""
    checked = 0
    for path, result in route_results(protocol):
        shown = step_texts(follow(page, path.choices)[-1][1])
        for situation in {protocol.situation_of(s) for s in result.steps}:
            if not situation.steps or not only_calls_911(situation.steps[0]) or situation.steps[0] not in result.steps:
                continue
            at = shown.index(expected_step_text(situation.steps[0], result.after_emergency))
            before = [s for s in result.steps[:at] if s.kind != "emergency" and not only_calls_911(s)]
            assert before == [], (path.key, situation.id, [s.text for s in before])
            checked += 1
    if not checked:
        pytest.skip("no section of this protocol opens with a call to emergency services only")


def expected_examples(protocol, result) -> list[str]:
    return [f"{' '.join(e.split())} ({s.title})" for s in result_sources(protocol, result) for e in s.examples]


def test_without_javascript_every_result_gives_the_examples_of_the_sections_it_comes_from(protocol, page):
    """The sections' examples say whom they are for ("whether or not they are willing to
    testify"): a result shows each, after where its advice comes from."""
    for path, result in route_results(protocol):
        section = follow(page, path.choices)[-1][1]
        assert [texts(li) for li in section.select(".ht-source-examples > li")] == expected_examples(protocol, result)


def test_without_javascript_what_comes_before_law_enforcement_is_above_its_number(protocol, page):
    for path in all_paths(protocol):
        items = follow(page, path.choices)[-1][1].select("ol.ht-steps > li")
        kinds = [li["data-step-kind"] for li in items]
        calls = [i for i, li in enumerate(items)
                 for a in li.select('a[href^="tel:"], a[href^="mailto:"]')
                 if any(c.reaches_law_enforcement and a["href"] in c.hrefs for c in protocol.contacts)]
        if calls and "before_law_enforcement" in kinds:
            assert max(i for i, k in enumerate(kinds) if k == "before_law_enforcement") < min(calls), path.key


def test_every_screen_page_is_titled_like_decide_kept_out_of_search_engines_and_leads_back(protocol, page, site):
    """A tab or the history list never says what a person answered; a screen is no landing page,
    in the site's search as on the web."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not [d["location"] for d in index["docs"] if re.match(r"decide/\d", d["location"])]
    title = page(DECIDE).title.get_text()
    for screen in decision_screens(protocol).screens[1:]:
        soup = page(screen_url(screen.key))
        assert soup.title.get_text() == title, screen.key
        assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
        restart = content(soup).select_one("a.ht-outline-restart")
        assert posixpath.normpath(posixpath.join(screen_url(screen.key), restart["href"])) + "/" == DECIDE


def test_page_addresses_never_carry_answer_words(protocol, page):
    soup = content(page(DECIDE))
    for a in soup.select('a[href^="#"]'):
        assert re.fullmatch(r"#decide-(start|\d+(-\d+)*)|#route=[\d.]*", a["href"]), a["href"]
    for screen in decision_screens(protocol).screens:
        for a in screen_section(page(screen_url(screen.key))).select("a.ht-outline-next, a.ht-outline-restart"):
            assert re.fullmatch(r"(\.\./)*(\d+/)*", a["href"]), a["href"]
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
    for question in protocol.decision.questions:
        for index, answer in enumerate(question.answers):
            assert row_of[answer.target] > row_of[question.id], (question.id, answer.label)
            # Without JavaScript, the arrow is a link to the page of the screen it leads to.
            link = chart.select_one(f'[data-flow-answer="{question.id}:{index}"] a')
            target = screen_section(page(posixpath.normpath(posixpath.join(DECIDE, link["href"])) + "/"))
            assert target["data-outline-node"] == answer.target


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
