"""The /decide/ widget in a real browser: every route clicked through as a person would, the
address bar, Back and Change, keyboard only, the flowchart, print, no JavaScript, and axe."""
from __future__ import annotations

import re
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import LANGUAGE_FOLDERS, PROTOCOL_DIR, ROOT, squash

from macros.decision.paths import all_paths, path_result, steps_of
from macros.languages.interface import Language
from macros.load import load_protocol

PROTOCOL = load_protocol(str(PROTOCOL_DIR / "protocol.yaml"))
ENGLISH = Language("en")
PATHS = all_paths(PROTOCOL)
QUESTIONS = {q.id: q for q in PROTOCOL.decision.questions}


def edition(folder: str) -> tuple:
    """(the protocol in that folder's language, its interface words): English at the root, a
    translation laid over it in its folder (es/)."""
    if not folder:
        return PROTOCOL, ENGLISH
    from macros.languages.interface import language
    from macros.languages.overlay import translated_protocol
    from macros.languages.translation import load_translation
    code = folder.strip("/")
    return translated_protocol(PROTOCOL, load_translation(str(PROTOCOL_DIR / f"protocol.{code}.yaml"), PROTOCOL, code)), \
        language(code)


EDITIONS = {folder: edition(folder) for folder in LANGUAGE_FOLDERS}

# What the result screen shows, read in one round trip: each step in screen order with its
# label, text, checklist and contact links.
READ_RESULT = """() => {
  const text = (n) => n ? n.textContent.replace(/\\s+/g, ' ').trim() : null;
  const hrefs = (n) => [...n.querySelectorAll('a[href^="tel:"], a[href^="mailto:"]')].map((a) => a.getAttribute('href'));
  const panel = document.querySelector('[data-decide-panel]');
  return {
    title: text(panel.querySelector('h2.ht-result-title')),
    summary: text(panel.querySelector('.ht-result-summary')),
    steps: [...panel.querySelectorAll('.ht-result-steps ol.ht-steps > li, .ht-result-closing ol.ht-steps > li')].map((li) => ({
      kind: li.dataset.stepKind,
      text: text(li.querySelector('.ht-step-text, blockquote p')),
      items: [...li.querySelectorAll('.ht-checklist > li')].map(text),
      contacts: [...li.querySelectorAll('.ht-call')].map((c) => c.dataset.contact),
      links: hrefs(li),
      buttons: [...li.querySelectorAll('.ht-call-button')].map(text)})),
    answers: [...panel.querySelectorAll('.ht-summary-row')].map((row) => [
      text(row.querySelector('dt')), text(row.querySelector('.ht-summary-answer'))]),
    hash: location.hash,
  };
}"""


def shown_text(step, lang: Language = ENGLISH, after_emergency: bool = False) -> str:
    """A step as the widget writes it: 'Before you contact law enforcement: Follow ...' (after a
    911 call: 'After the emergency call, before you contact law enforcement again: ...')."""
    label = step.label_on(after_emergency)
    if label and not step.quote:
        return squash(lang.text("%(label)s:") % {"label": lang.text(label)} + " " + step.text)
    return squash(step.text)


def expected_result(path, protocol=PROTOCOL, lang: Language = ENGLISH) -> dict:
    """The same screen, from macros/decision/paths.py (in the language of `protocol` and `lang`)."""
    result = path_result(protocol, path)
    call, tty, email = lang.text("Call %(phone)s"), lang.text("TTY %(phone)s"), lang.text("Email %(email)s")
    return {
        "title": squash(result.outcome.title),
        "summary": squash(result.outcome.summary),
        "steps": [{
            "kind": s.kind, "text": shown_text(s, lang, result.after_emergency), "items": [squash(i) for i in s.items],
            "contacts": [c.id for c in s.contacts],
            "links": [h for c in s.contacts for h in c.hrefs],
            "buttons": [b for c in s.contacts for b in
                        [call % {"phone": c.phone_display}] * bool(c.phone) +
                        [tty % {"phone": c.tty}] * bool(c.tty) +
                        [email % {"email": c.email}] * bool(c.email)],
        } for s in result.steps],
        "answers": [[squash(c.question.text), squash(c.answer.label)] for c in path.choices],
        "hash": f"#route={path.key}",
    }


@pytest.fixture(scope="module")
def widget(browser):
    """One page for the whole module: walking every route stays fast."""
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.set_default_timeout(5000)
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    yield page
    context.close()
    assert errors == []


@pytest.fixture
def decide_url(base_url):
    return base_url + "decide/"


def heading(page) -> str:
    return squash(page.locator("[data-decide-panel] h2").inner_text())


def wait_shown(page, address: str):
    """Wait until the widget shows the screen of this address (it renders on hashchange,
    after a click or goto has returned): a state, never a time."""
    page.wait_for_function(
        "(a) => location.hash === a && document.querySelector('[data-module=\"decision-widget\"]').dataset.shown === a",
        arg=address)


def expect_heading(page, text: str):
    """Wait until the screen's heading says `text`, then check it."""
    page.wait_for_function(
        "(t) => { const h = document.querySelector('[data-decide-panel] h2');"
        " return h && h.textContent.replace(/\\s+/g, ' ').includes(t); }", arg=squash(text))
    assert squash(text) in heading(page)


def answer(page, label: str):
    """Click an answer as a person would, and wait for the next screen."""
    before = page.evaluate("location.hash")
    page.locator("[data-decide-panel] .ht-answer-button", has_text=re.compile(f"^{re.escape(label)}$")).click()
    page.wait_for_function("(before) => location.hash !== before && document.activeElement.tagName === 'H2'", arg=before)


def start_again(page, decide_url):
    """The first question with no answers; without a reload when the page is already open."""
    if not page.url.startswith(decide_url):
        page.goto(decide_url)
    page.evaluate("() => { location.hash = '#route='; }")
    page.wait_for_function("() => !document.querySelector('.ht-your-answers') && "
                           "document.querySelector('[data-decide-panel] .ht-answer-button')")


def assert_axe_clean(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


# --- every route -----------------------------------------------------------------------------

def clicking_sample(paths) -> list:
    """Routes a person clicks through answer by answer: the first to each outcome and the
    longest. Every route is also opened by its address (the widget draws a route the same
    way however it is reached), so clicking all of them would check nothing more."""
    sample = {}
    for path in paths:
        sample.setdefault(path.outcome.id, path)
    longest = max(paths, key=lambda p: len(p.choices))
    return list(dict.fromkeys([*sample.values(), longest]))


def show_route(page, decide_url, path):
    """Open a route by its address in the page already open, and wait for its screen."""
    if not page.url.startswith(decide_url):
        page.goto(decide_url)
    page.evaluate("(hash) => { location.hash = hash; }", f"#route={path.key}")
    wait_shown(page, f"#route={path.key}")


CLICKED = clicking_sample(PATHS)

# A result's steps as markup, links made absolute, white space between tags dropped: what two
# pages drew, comparable whichever page (and so whichever relative address) they are on.
STEP_MARKUP = """(selector) => [...document.querySelectorAll(selector)].map((li) => {
  const copy = li.cloneNode(true);
  copy.querySelectorAll('a[href]').forEach((a) => a.setAttribute('href', a.href));
  return copy.outerHTML.replace(/>\\s+</g, '><').replace(/\\s+/g, ' ');
})"""


@pytest.mark.parametrize("path", CLICKED, ids=[p.key for p in CLICKED])
def test_the_widget_draws_a_results_steps_exactly_as_its_page_without_javascript(widget, decide_url, base_url, path):
    """One renderer: the widget clones the steps the build drew; the same result's own page
    (for a browser without JavaScript) shows the same markup, condition and label included."""
    from macros.decision.facts import decision_screens
    from macros.pages.widget import screen_url
    show_route(widget, decide_url, path)
    shown = widget.evaluate(STEP_MARKUP, "[data-decide-panel] .ht-result-steps ol.ht-steps > li, "
                                         "[data-decide-panel] .ht-result-closing ol.ht-steps > li")
    key = decision_screens(PROTOCOL).of_prefix[path.key]
    page = widget.context.new_page()
    page.goto(base_url + screen_url(key))
    drawn = page.evaluate(STEP_MARKUP, ".ht-outline-result ol.ht-steps > li")
    page.close()
    assert shown and shown == drawn


# Every route in every language the site has: the same routes, each language's words.
IN_EACH_LANGUAGE = [(folder, path) for folder, (protocol, _) in EDITIONS.items() for path in all_paths(protocol)]
CLICKED_IN_EACH_LANGUAGE = [(folder, path) for folder, (protocol, _) in EDITIONS.items()
                            for path in clicking_sample(all_paths(protocol))]


def case_id(folder: str, path) -> str:
    return f"{folder.strip('/') or 'en'}-{path.key}"


@pytest.mark.parametrize("folder, path", CLICKED_IN_EACH_LANGUAGE, ids=[case_id(*c) for c in CLICKED_IN_EACH_LANGUAGE])
def test_routes_clicked_through_answer_by_answer_show_exactly_the_models_result(widget, base_url, folder, path):
    start_again(widget, base_url + folder + "decide/")
    for choice in path.choices:
        expect_heading(widget, choice.question.text)
        answer(widget, choice.answer.label)
    assert widget.evaluate(READ_RESULT) == expected_result(path, *EDITIONS[folder])


@pytest.mark.parametrize("folder, path", IN_EACH_LANGUAGE, ids=[case_id(*c) for c in IN_EACH_LANGUAGE])
def test_every_route_shows_the_models_result_with_what_comes_before_law_enforcement_above_its_first_number(
        widget, base_url, folder, path):
    """The route's result, exactly, in the page's language with the same contacts as the
    English; and in DOM order every step to do before contacting law enforcement sits above the
    first call or email link of a law enforcement contact or tip line."""
    protocol, lang = EDITIONS[folder]
    show_route(widget, base_url + folder + "decide/", path)
    shown = widget.evaluate(READ_RESULT)
    assert shown == expected_result(path, protocol, lang)
    assert [c for step in shown["steps"] for c in step["contacts"]] == \
        [c.id for step in path_result(PROTOCOL, path).steps for c in step.contacts]
    assert widget.locator("[data-decide-panel] .ht-nav-link.ht-start-again").inner_text().strip() == \
        lang.text("Start again")
    reaching = [h for c in PROTOCOL.contacts if c.reaches_law_enforcement for h in c.hrefs]
    order = widget.evaluate("""(reaching) => {
      const panel = document.querySelector('[data-decide-panel]');
      const nodes = [...panel.querySelectorAll('[data-step-kind="before_law_enforcement"], a[href]')];
      return nodes.map((n) => n.matches('a') ? (reaching.includes(n.getAttribute('href')) ? 'call' : 'other') : 'before');
    }""", reaching)
    if "call" in order and "before" in order:
        assert max(i for i, k in enumerate(order) if k == "before") < order.index("call"), path.key
    first = widget.locator(".ht-result-steps ol.ht-steps > li").first
    if path_result(PROTOCOL, path).steps[0].kind == "emergency":
        assert first.get_attribute("data-step-kind") == "emergency"
        assert first.locator(f'a[href="{PROTOCOL.info.emergency_contact.tel_href}"]').count() == 1


def gives_an_emergency_step(choice) -> bool:
    return any(s.kind == "emergency" for b in choice.answer.include for s in steps_of(PROTOCOL.block(b)))


def questions_after_an_emergency_answer(path) -> int:
    """How many questions the route asks after the answer that gives the emergency step."""
    given = next((i for i, choice in enumerate(path.choices) if gives_an_emergency_step(choice)), len(path.choices))
    return max(0, len(path.choices) - 1 - given)


def test_after_an_emergency_answer_every_later_question_shows_call_911_first(widget, decide_url):
    # The route that asks the most questions after its emergency answer.
    path = max(PATHS, key=questions_after_an_emergency_answer)
    if not questions_after_an_emergency_answer(path):
        pytest.skip("no answer of this protocol that gives the emergency step is followed by a question")
    start_again(widget, decide_url)
    given, checked = False, 0  # from the answer that gives the emergency step on, wherever its question is
    for choice in path.choices[:-1]:
        answer(widget, choice.answer.label)
        given = given or gives_an_emergency_step(choice)
        if not given:
            continue
        checked += 1
        urgent = widget.locator("[data-decide-panel] .ht-urgent")
        assert urgent.locator(f'a[href="{PROTOCOL.info.emergency_contact.tel_href}"]').is_visible()
        # The 911 box is above the question.
        assert widget.evaluate("""() => { const p = document.querySelector('[data-decide-panel]');
          return p.firstElementChild.classList.contains('ht-urgent'); }""")
    assert checked == questions_after_an_emergency_answer(path)


def test_the_widget_holds_no_combining_rule_it_shows_the_routes_from_the_build():
    script = (ROOT / "docs" / "assets" / "decide.js").read_text(encoding="utf-8")
    assert "include" not in script and "unique(" not in script


def test_reloading_a_result_address_shows_the_same_result(widget, decide_url):
    path = PATHS[len(PATHS) // 2]
    widget.goto(decide_url + f"#route={path.key}")
    wait_shown(widget, f"#route={path.key}")
    assert widget.evaluate(READ_RESULT) == expected_result(path)
    widget.reload()
    wait_shown(widget, f"#route={path.key}")
    assert widget.evaluate(READ_RESULT) == expected_result(path)


def test_reloading_a_question_address_shows_the_same_question(widget, decide_url):
    path = max(PATHS, key=lambda p: len(p.choices))
    asked = len(path.choices) - 1  # every answer but the last: its last question
    key = ".".join(path.key.split(".")[:asked])
    widget.goto(decide_url + f"#route={key}")
    wait_shown(widget, f"#route={key}")
    expect_heading(widget, path.choices[asked].question.text)
    widget.reload()
    wait_shown(widget, f"#route={key}")
    expect_heading(widget, path.choices[asked].question.text)
    assert [squash(t) for t in widget.locator(".ht-summary-answer").all_inner_texts()] == \
        [c.answer.label for c in path.choices[:asked]]


def stale_addresses():
    """Addresses that no longer match the questions, each with where it should land: a route
    one answer past its end, an answer number that does not exist, and words."""
    longest = max(PATHS, key=lambda p: len(p.choices))
    second = longest.choices[1].question
    return [
        (f"#route={longest.key}.1", f"#route={longest.key}"),
        (f"#route={longest.choices[0].answer_index + 1}.{len(second.answers) + 1}.1",
         f"#route={longest.choices[0].answer_index + 1}"),
        ("#route=child", "#route="),
        ("#route=0", "#route="),
    ]


@pytest.mark.parametrize("given, expected", stale_addresses())
def test_a_stale_address_falls_back_to_the_furthest_valid_step(widget, decide_url, given, expected):
    widget.goto(decide_url + given)
    wait_shown(widget, expected)
    widget.wait_for_function("() => document.querySelector('[data-decide-status]').textContent.length > 0")
    assert "furthest step" in widget.locator("[data-decide-status]").text_content()


def test_an_outline_anchor_opens_that_screen_in_the_widget(widget, decide_url):
    path = max(PATHS, key=lambda p: len(p.choices))
    prefix = path.key.rsplit(".", 1)[0]
    widget.goto(decide_url + "#decide-" + prefix.replace(".", "-"))
    wait_shown(widget, "#route=" + prefix)
    expect_heading(widget, path.choices[-1].question.text)
    widget.goto(decide_url + "#decide-start")
    wait_shown(widget, "#route=")
    expect_heading(widget, QUESTIONS[PROTOCOL.decision.start].text)


# --- moving around ----------------------------------------------------------------------------

def test_back_returns_to_the_previous_question_and_start_again_to_the_first(widget, decide_url):
    path = PATHS[-1]
    widget.goto(decide_url + f"#route={path.key}")
    wait_shown(widget, f"#route={path.key}")
    widget.get_by_role("link", name="Back", exact=True).click()
    expect_heading(widget, path.choices[-1].question.text)
    wait_shown(widget, "#route=" + path.key.rsplit(".", 1)[0])
    widget.get_by_role("link", name="Start again", exact=True).click()
    expect_heading(widget, QUESTIONS[PROTOCOL.decision.start].text)
    assert widget.locator(".ht-your-answers").count() == 0


def test_change_reopens_that_question_and_a_new_answer_gives_a_new_result(widget, decide_url):
    path = max(PATHS, key=lambda p: len(p.choices))
    widget.goto(decide_url + f"#route={path.key}")
    wait_shown(widget, f"#route={path.key}")
    second = path.choices[1]
    widget.get_by_role("link", name=f"Change your answer to: {second.question.text}").click()
    expect_heading(widget, second.question.text)
    first = str(path.choices[0].answer_index + 1)
    wait_shown(widget, "#route=" + first)
    other = (second.answer_index + 1) % len(second.question.answers)
    answer(widget, second.question.answers[other].label)
    wait_shown(widget, f"#route={first}.{other + 1}")


def test_the_widgets_back_link_moves_between_screens_which_add_no_browser_history(widget, decide_url):
    """Every screen replaces the last in the tab's history, so the browser's Back leaves the
    questions (and Back after "Leave this site" never shows answers): the widget's own Back
    link moves between them (tests/test_quick_exit_history.py)."""
    path = PATHS[1]
    widget.goto(decide_url)
    entries = widget.evaluate("history.length")
    for choice in path.choices:
        answer(widget, choice.answer.label)
    assert widget.locator("h2.ht-result-title").count() == 1
    widget.get_by_role("link", name="Back", exact=True).click()
    expect_heading(widget, path.choices[-1].question.text)
    widget.get_by_role("link", name="Back", exact=True).click()
    expect_heading(widget, path.choices[-2].question.text)
    assert widget.evaluate("history.length") == entries


def test_focus_moves_to_each_new_heading_which_is_announced_once(widget, decide_url):
    """The focused heading is what a screen reader reads; the live region stays quiet, so
    no screen is announced twice."""
    path = PATHS[-1]
    start_again(widget, decide_url)
    answer(widget, path.choices[0].answer.label)
    focused = widget.evaluate("document.activeElement.tagName + ' ' + document.activeElement.textContent")
    assert focused.startswith("H2") and path.choices[1].question.text in focused
    assert widget.locator("[data-decide-status]").text_content() == ""


def test_a_keyboard_only_person_reaches_a_result(browser, decide_url):
    path = max(PATHS, key=lambda p: len(p.choices))  # the most answers to reach by Tab
    context = browser.new_context()
    page = context.new_page()
    page.goto(decide_url)
    for choice in path.choices:
        for _ in range(80):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.textContent.trim()") == choice.answer.label \
                    and page.evaluate("document.activeElement.tagName") == "BUTTON":
                break
        else:
            pytest.fail(f"Tab never reached the answer {choice.answer.label!r}")
        assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
        before = page.evaluate("location.hash")
        page.keyboard.press("Enter")
        # Focus moves after the address changes (hashchange): wait for that state, not for time.
        page.wait_for_function("(before) => location.hash !== before && document.activeElement.tagName === 'H2'",
                               arg=before)
    assert page.evaluate(READ_RESULT) == expected_result(path)
    context.close()


# --- the flowchart ---------------------------------------------------------------------------

def test_the_flowchart_highlights_the_route_and_a_box_jumps_the_widget_there(widget, decide_url):
    path = max(PATHS, key=lambda p: len(p.choices))
    widget.goto(decide_url + f"#route={path.key}")
    wait_shown(widget, f"#route={path.key}")
    on_path = widget.eval_on_selector_all(".ht-flow-node.is-on-path", "els => els.map(e => e.dataset.flowNode)")
    assert set(on_path) == {c.question.id for c in path.choices} | {path.outcome.id}
    chosen = widget.eval_on_selector_all(".is-chosen", "els => els.map(e => e.dataset.flowAnswer)")
    assert chosen == [f"{c.question.id}:{c.answer_index}" for c in path.choices]
    # A question midway along the route: its box reopens it, the answers before it kept.
    asked = len(path.choices) // 2
    midway = path.choices[asked].question
    widget.locator(f'[data-flow-node="{midway.id}"] .ht-flow-title').click()
    expect_heading(widget, midway.text)
    wait_shown(widget, "#route=" + ".".join(path.key.split(".")[:asked]))
    assert widget.locator(f'[data-flow-node="{midway.id}"] .ht-flow-title').get_attribute("aria-current") == "step"


def test_a_flowchart_answer_jumps_to_what_it_leads_to(widget, decide_url):
    widget.goto(decide_url)
    start = PROTOCOL.decision.question(PROTOCOL.decision.start)
    widget.locator(f'[data-flow-answer="{start.id}:0"] a').click()
    wait_shown(widget, "#route=1")
    target = start.answers[0].target
    expected = QUESTIONS[target].text if target in QUESTIONS else PROTOCOL.decision.outcome(target).title
    expect_heading(widget, expected)


# --- print, no JavaScript, copies, accessibility ---------------------------------------------

def at_risk(path) -> bool:
    caller = path_result(PROTOCOL, path).caller
    return bool(caller and caller.at_risk)


def test_printing_a_result_shows_the_answers_and_result_without_buttons_or_chart(browser, decide_url):
    context = browser.new_context()
    page = context.new_page()
    printable = next(p for p in reversed(PATHS) if not at_risk(p))
    page.goto(decide_url + f"#route={printable.key}")
    wait_shown(page, f"#route={printable.key}")
    assert page.get_by_role("button", name="Print this result").is_visible()
    page.emulate_media(media="print")
    for hidden in (".ht-flowchart", ".ht-decide-nav", ".ht-summary-change"):
        assert not page.locator(hidden).first.is_visible(), hidden
    for shown in (".ht-result-title", ".ht-your-answers", ".ht-result-steps"):
        assert page.locator(shown).is_visible(), shown
    # On paper a contact's number is on its own line under its name, never run into it.
    name, button = (page.locator(f".ht-call {s}").first.bounding_box() for s in (".ht-call-name", ".ht-call-button"))
    assert button["y"] >= name["y"] + name["height"] - 1, (name, button)
    context.close()


def test_the_person_at_risk_reads_how_to_browse_safely_first_and_is_offered_no_print(browser, decide_url):
    if not any(caller.at_risk for caller in PROTOCOL.callers):
        pytest.skip("this protocol names no caller at risk")
    routes = [p for p in PATHS if at_risk(p)]
    assert routes, "no route is for the person at risk"
    context = browser.new_context()
    page = context.new_page()
    for path in routes:
        page.goto(decide_url + f"#route={path.key}")
        wait_shown(page, f"#route={path.key}")
        first = page.locator("[data-decide-panel] .ht-safety-first")
        assert first.is_visible(), path.key
        # Above every step: the first thing after the result's title and summary.
        assert first.evaluate("n => n.previousElementSibling.classList.contains('ht-result-summary')"), path.key
        assert first.get_by_role("link").get_attribute("href").endswith("safety/")
        assert page.get_by_role("button", name="Print this result").count() == 0, path.key
    context.close()


# Three routes walked link by link: the first, the last and, where the protocol has one, a route of
# the person at risk (whose result opens with how to browse safely).
AT_RISK_ROUTE = next((path for path in PATHS if at_risk(path)), None)
WALKED = {"first route": PATHS[0], "last route": PATHS[-1],
          **({"the person at risk": AT_RISK_ROUTE} if AT_RISK_ROUTE else {})}


@pytest.mark.parametrize("path", list(WALKED.values()), ids=list(WALKED))
def test_without_javascript_answer_links_lead_page_by_page_to_the_routes_result(browser, decide_url, path):
    """Clicking the answers, as a person with JavaScript turned off does, leads from /decide/ to
    the route's result, one small page per screen, with every contact's link on it. (Every
    route is followed link by link without a browser: test_decision_paths.py.)"""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(decide_url)
    assert page.locator("[data-decide-outline]").is_visible()
    for choice in path.choices:
        screen = page.locator(".ht-decide-outline [data-outline-node]")
        assert screen.get_attribute("data-outline-node") == choice.question.id
        link = screen.locator(f'[data-outline-answer="{choice.question.id}:{choice.answer_index}"] a')
        assert squash(link.inner_text()) == squash(choice.answer.label)
        before = page.url
        link.click()
        page.wait_for_url(lambda url: url != before)
    result = page.locator(".ht-outline-result")
    assert squash(path.outcome.title) in squash(result.locator("h2").inner_text())
    for contact in path_result(PROTOCOL, path).contacts:
        for href in (contact.tel_href, contact.mailto_href):
            if href:
                assert result.locator(f'a[href="{href}"]').first.is_visible(), href
    assert result.locator(".ht-safety-first").count() == (1 if at_risk(path) else 0)
    context.close()


def test_axe_finds_no_violations_in_the_outline_shown_without_the_widget_script(browser, decide_url):
    # axe itself needs JavaScript, so the no-JS screen is reproduced by not loading decide.js.
    context = browser.new_context()
    page = context.new_page()
    page.route("**/assets/decide.js", lambda route: route.abort())
    page.goto(decide_url)
    assert page.locator("[data-decide-outline]").is_visible()
    assert_axe_clean(page)
    context.close()


def test_the_widget_works_when_opened_from_a_copied_folder(browser, site, tmp_path):
    copy = shutil.copytree(site, tmp_path / "copy")
    context = browser.new_context()
    page = context.new_page()
    path = PATHS[-1]
    first = str(path.choices[0].answer_index + 1)
    page.goto((copy / "decide" / "index.html").as_uri() + "#route=" + first)
    expect_heading(page, path.choices[1].question.text)
    answer(page, path.choices[1].answer.label)
    wait_shown(page, f"#route={first}.{path.choices[1].answer_index + 1}")
    page.goto((copy / "decide" / "index.html").as_uri() + f"#route={path.key}")
    wait_shown(page, f"#route={path.key}")
    source = page.locator(".ht-result-sources a").first
    source.click()
    assert page.url.endswith("/index.html")
    context.close()


def test_the_widget_starts_only_once_even_if_its_script_runs_again(widget, decide_url):
    path = PATHS[-1]
    first = str(path.choices[0].answer_index + 1)
    widget.goto(decide_url + "#route=" + first)
    wait_shown(widget, "#route=" + first)
    widget.add_script_tag(url=decide_url + "../assets/decide.js")
    widget.add_script_tag(url=decide_url + "../assets/decide.js")
    assert widget.locator("[data-decide-panel] h2").count() == 1
    answer(widget, path.choices[1].answer.label)
    wait_shown(widget, f"#route={first}.{path.choices[1].answer_index + 1}")


def test_missing_markup_raises_a_named_error(browser, decide_url):
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(f"{err.name}: {err.message}"))
    page.route("**/decide/", lambda route: route.fulfill(
        content_type="text/html", body='<div data-module="decision-widget"></div><script src="../assets/site.js"></script>'
                     '<script src="../assets/decide.js"></script>'))
    with page.expect_event("pageerror"):
        page.goto(decide_url)
    assert errors and errors[0].startswith("DecisionWidgetError"), errors
    context.close()


@pytest.mark.parametrize("address", ["", "#route=" + PATHS[-1].key.rsplit(".", 1)[0], f"#route={PATHS[0].key}",
                                     f"#route={PATHS[-1].key}"],
                         ids=["first question", "later question", "first result", "last result"])
def test_axe_finds_no_violations(browser, decide_url, address):
    context = browser.new_context()
    page = context.new_page()
    page.goto(decide_url + address)
    page.locator("[data-decide-panel] h2").wait_for()
    assert_axe_clean(page)
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["widget", "outline without JavaScript"])
def test_nothing_is_wider_than_a_phone_screen(browser, decide_url, javascript):
    context = browser.new_context(viewport={"width": 375, "height": 740}, java_script_enabled=javascript)
    page = context.new_page()
    addresses = [f"#route={p.key}" for p in PATHS if len(p.choices) > 2][:4] if javascript else [""]
    for address in addresses:
        page.goto(decide_url + address)
        if address:
            wait_shown(page, address)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, address
        small = page.evaluate("""() => [...document.querySelectorAll('.ht-decide *')]
            .filter((e) => e.offsetParent && e.textContent.trim() && parseFloat(getComputedStyle(e).fontSize) < 12)
            .map((e) => e.textContent.trim().slice(0, 40))""") if javascript else []
        assert small == [], f"text smaller than 12px on a phone: {small}"
    context.close()


def test_a_result_gives_the_examples_of_the_sections_it_comes_from(widget, decide_url):
    from macros.decision.paths import result_sources
    path = max(PATHS, key=lambda p: sum(len(s.examples) for s in result_sources(PROTOCOL, path_result(PROTOCOL, p))))
    result = path_result(PROTOCOL, path)
    widget.goto(decide_url + f"#route={path.key}")
    wait_shown(widget, f"#route={path.key}")
    shown = [squash(t) for t in widget.locator("[data-decide-panel] .ht-source-examples > li").all_inner_texts()]
    assert shown == [f"{squash(e)} ({squash(s.title)})" for s in result_sources(PROTOCOL, result) for e in s.examples]
