"""What Back shows after leaving from "What should I do?": the widget moves between its
screens in one history entry, the language switch replaces its page, and the quick exit
replaces the last one, so neither /decide/ nor an address with answers in it (#route=) is
left behind Back. Every request is recorded; nothing goes to another host (the neutral page
is a local stub)."""
from __future__ import annotations

import pytest
from browser_checks import csp_violations
from conftest import LANGUAGE_FOLDERS
from test_privacy_and_safety import watched  # noqa: F401

from macros.decision.paths import all_paths

EDITIONS = LANGUAGE_FOLDERS
WIDGET = "[data-module=\"decision-widget\"]"


@pytest.fixture
def tab(watched):  # noqa: F811
    """(page, recorder) for one tab, failing the test on any script error."""
    page, recorder = watched
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page, recorder
    assert errors == []


def route_of(protocol, answers: int | None = None):
    """The first `answers` choices (all of them: to its result) of the model's longest route,
    the one with the most screens to move between and leave from."""
    path = max(all_paths(protocol), key=lambda p: len(p.choices))
    return path.choices[:answers]


def address(choices) -> str:
    return "#route=" + ".".join(str(c.answer_index + 1) for c in choices)


def wait_shown(page, shown: str):
    """Wait until the widget shows the screen of this address: a state, never a time."""
    page.wait_for_function(f"(a) => {{ const w = document.querySelector('{WIDGET}'); return w && w.dataset.shown === a; }}",
                           arg=shown)


def answer(page, choices):
    """Click each answer by its visible button and wait for the next screen."""
    for i, choice in enumerate(choices):
        page.locator("[data-decide-panel]").get_by_role("button", name=choice.answer.label, exact=True).click()
        wait_shown(page, address(choices[: i + 1]))
        assert page.evaluate("location.hash") == address(choices[: i + 1])


def history(page) -> dict:
    """The tab's session history as the browser keeps it: every entry's address, and which is current."""
    cdp = page.context.new_cdp_session(page)
    try:
        found = cdp.send("Page.getNavigationHistory")
    finally:
        cdp.detach()
    return {"urls": [entry["url"] for entry in found["entries"]], "current": found["currentIndex"]}


def leave(page, recorder, info, how: str):
    """Leave this site by its link or by Shift pressed three times, and wait for the neutral page."""
    recorder.allow_exit()
    if how == "link":
        page.get_by_role("link", name=info.quick_exit_label, exact=True).click()
    else:
        for _ in range(3):
            page.keyboard.press("Shift")
    page.wait_for_url(info.quick_exit_url)


def back_all_the_way(page) -> list[str]:
    """Press Back until nothing is before the current page; every address Back showed."""
    shown = []
    while history(page)["current"] > 0:
        page.go_back()
        shown.append(page.url)
    return shown


def assert_nothing_of_the_questions_is_left(page, base_url, folder):
    entries = history(page)["urls"]
    assert not [u for u in entries if "#route=" in u or u.startswith(base_url + folder + "decide/")], entries


@pytest.mark.browser
@pytest.mark.parametrize("how", ["link", "shift"])
@pytest.mark.parametrize("answers", [0, 1, None], ids=["no answer", "one answer", "a result"])
@pytest.mark.parametrize("folder", EDITIONS)
def test_back_after_leaving_the_questions_shows_the_page_opened_before_them(
        tab, base_url, protocol_of_page, folder, answers, how):
    page, recorder = tab
    protocol = protocol_of_page(folder + "decide/")
    home, decide = base_url + folder, base_url + folder + "decide/"
    page.goto(home)
    page.goto(decide)
    wait_shown(page, "#route=")
    answer(page, route_of(protocol, answers))
    leave(page, recorder, protocol.info, how)
    page.go_back()
    assert page.url == home
    shown = back_all_the_way(page)
    assert not [u for u in shown if "#route=" in u or u.startswith(decide)], shown
    assert_nothing_of_the_questions_is_left(page, base_url, folder)
    assert recorder.off_site == [protocol.info.quick_exit_url]
    assert csp_violations(page) == []


@pytest.mark.browser
@pytest.mark.parametrize("folder", EDITIONS)
def test_leaving_the_questions_opened_first_in_a_tab_leaves_nothing_to_go_back_to(
        tab, base_url, protocol_of_page, folder):
    page, recorder = tab
    protocol = protocol_of_page(folder + "decide/")
    page.goto(base_url + folder + "decide/")
    answer(page, route_of(protocol))
    leave(page, recorder, protocol.info, "link")
    assert back_all_the_way(page) == [] or page.url.startswith("about:")
    assert_nothing_of_the_questions_is_left(page, base_url, folder)


@pytest.mark.browser
def test_skip_to_content_on_the_questions_moves_focus_without_a_history_entry(tab, base_url, protocol):
    page, recorder = tab
    page.goto(base_url)
    page.goto(base_url + "decide/")
    choices = route_of(protocol)
    answer(page, choices)
    before = history(page)
    skip = page.locator("a.ht-skip")
    skip.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'ht-content'")
    assert page.evaluate("location.hash") == address(choices)
    assert history(page) == before
    leave(page, recorder, protocol.info, "link")
    page.go_back()
    assert page.url == base_url


@pytest.mark.browser
def test_the_widgets_back_and_change_links_move_between_questions_in_one_history_entry(tab, base_url, protocol):
    page, _ = tab
    choices = route_of(protocol)
    if len(choices) < 2:
        pytest.skip("every route of this protocol ends at its first answer: no earlier answer to change")
    page.goto(base_url)
    page.goto(base_url + "decide/")
    answer(page, choices)
    before = history(page)
    panel = page.locator("[data-decide-panel]")
    panel.locator("a.ht-back").click()
    wait_shown(page, address(choices[:-1]))
    assert page.evaluate("location.hash") == address(choices[:-1])
    panel.locator(".ht-summary-change a").first.click()
    wait_shown(page, address([]))
    assert page.evaluate("location.hash") == address([])
    answer(page, choices[:1])
    panel.locator("a.ht-start-again").click()
    wait_shown(page, address([]))
    after = history(page)
    assert len(after["urls"]) == len(before["urls"]) and after["current"] == before["current"]


@pytest.mark.browser
def test_a_change_link_opened_in_a_new_tab_stays_a_link(tab, base_url, protocol):
    page, _ = tab
    page.goto(base_url + "decide/")
    choices = route_of(protocol)
    answer(page, choices)
    with page.context.expect_page() as opened:
        page.locator("[data-decide-panel] .ht-summary-change a").first.click(modifiers=["Control"])
    other = opened.value
    other.wait_for_load_state()
    wait_shown(other, address([]))
    assert other.url.endswith("decide/" + address([]))
    assert page.evaluate("location.hash") == address(choices)
    other.close()


@pytest.mark.browser
@pytest.mark.parametrize("folder", EDITIONS)
def test_an_address_with_answers_opens_and_reloads_on_its_screen(tab, base_url, protocol_of_page, folder):
    page, _ = tab
    choices = route_of(protocol_of_page(folder + "decide/"))
    page.goto(base_url + folder + "decide/" + address(choices))
    wait_shown(page, address(choices))
    page.reload()
    wait_shown(page, address(choices))
    assert page.evaluate("location.hash") == address(choices)


@pytest.mark.browser
@pytest.mark.skipif(len(EDITIONS) < 2, reason="the protocol has no translation: no language switch")
def test_the_language_switch_keeps_the_answers_and_leaves_no_english_answers_behind_back(
        tab, base_url, protocol_of_page):
    page, recorder = tab
    english, spanish = protocol_of_page("decide/"), protocol_of_page("es/decide/")
    choices = route_of(english)
    page.goto(base_url)
    page.goto(base_url + "decide/")
    answer(page, choices)
    page.locator("nav.ht-languages a.ht-language-link").click()
    page.wait_for_url(base_url + "es/decide/" + address(choices))
    wait_shown(page, address(choices))
    leave(page, recorder, spanish.info, "link")
    page.go_back()
    assert page.url == base_url
    shown = back_all_the_way(page)
    assert not [u for u in shown if "#route=" in u or "decide/" in u], shown
    assert_nothing_of_the_questions_is_left(page, base_url, "")
    assert_nothing_of_the_questions_is_left(page, base_url, "es/")
    assert recorder.off_site == [spanish.info.quick_exit_url]


@pytest.mark.browser
@pytest.mark.parametrize("folder", EDITIONS)
def test_from_the_victims_result_a_link_to_safety_leaves_no_answers_behind(tab, base_url, protocol_of_page, folder):
    """The person at risk follows "How to browse safely" from their result, then leaves from
    there: Back shows the questions' first screen at most, never their answers."""
    from macros.decision.facts import route_results
    page, recorder = tab
    protocol = protocol_of_page(folder + "decide/")
    if not any(caller.at_risk for caller in protocol.callers):
        pytest.skip("this protocol names no caller at risk: no result of theirs leads to safety")
    path = next((p for p, result in route_results(protocol) if result.caller and result.caller.at_risk), None)
    assert path, "no route is for the person at risk"
    page.goto(base_url + folder)
    page.goto(base_url + folder + "decide/")
    wait_shown(page, "#route=")
    answer(page, path.choices)
    page.locator("[data-decide-panel] .ht-safety-first a").click()
    page.wait_for_url(base_url + folder + "safety/")
    leave(page, recorder, protocol.info, "link")
    entries = history(page)["urls"]
    assert not [u for u in entries if "#route=" in u and not u.endswith("#route=")], entries
    page.go_back()
    assert page.url.startswith(base_url + folder + "decide/")
    wait_shown(page, "#route=")
    assert page.locator(".ht-your-answers").count() == 0
