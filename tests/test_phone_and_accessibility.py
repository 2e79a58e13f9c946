"""On a phone and by keyboard, beyond what every page is checked for (tests/test_every_page.py):
the built pages load only what they use and have one skip link; the menu and search open and
close from the keyboard clear of "Leave this site"; axe-core finds nothing on any screen of the
widget; and /decide/ does not shift while it loads. Pages are listed from the built site."""
from __future__ import annotations

import pytest
from axe_playwright_python.base import AxeResults
from axe_playwright_python.sync_playwright import Axe
from browser_checks import AXE_OPTIONS, FOCUSED, open_page
from conftest import LANGUAGE_FOLDERS, html_pages

browser_test = pytest.mark.browser

PHONE_WIDTHS = (320, 375)
PHONE_HEIGHT = 640
DESKTOP = {"width": 1280, "height": 800}
# The smallest phone screen in common use (iPhone SE, 8): what a reader sees before scrolling.
FIRST_SCREEN = {"width": 375, "height": 667}
# Each start page's main action: the questions' button on the home page, the first answer on /decide/.
MAIN_ACTIONS = {"": ".ht-decide-cta a", "decide/": "[data-decide-panel] .ht-answer-button"}


def page_urls(site) -> list[str]:
    return html_pages(site)


# --- in the built pages --------------------------------------------------------------------------

def test_each_page_loads_only_the_styles_and_scripts_it_uses(site, page):
    for url in page_urls(site):
        soup = page(url)
        styles = {link["href"].rsplit("/", 1)[-1]: link.get("media") for link in soup.select("link[rel=stylesheet]")}
        scripts = {tag["src"].rsplit("/", 1)[-1] for tag in soup.select("script[src]")}
        # Print styles never hold up the first paint on screen.
        assert styles.get("print.css") == "print", url
        widget = soup.select_one("[data-module='decision-widget']") is not None
        card = soup.select_one(".ht-card") is not None
        # A screen of the decision on its own page (decide/2/1/) is styled like the widget's
        # outline, and needs no script: it is the page a browser without JavaScript follows.
        screen = soup.select_one(".ht-decide-outline") is not None
        assert ("decide.css" in styles, "decide.js" in scripts) == (widget or screen, widget), url
        assert ("card.css" in styles) == card, url
        assert ("pocket.css" in styles) == (soup.select_one(".ht-pocket-sheets") is not None), url
        assert ("poster.css" in styles) == (soup.select_one(".ht-poster") is not None), url
    assert page("decide/").select_one("[data-module='decision-widget']") is not None
    assert page("card/").select_one(".ht-card") is not None


def test_the_not_found_page_has_what_every_page_has(page):
    soup = page("404.html")
    assert soup.select_one('.md-search[role="dialog"]')["aria-label"] == "Search"
    assert soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"}) is not None
    assert soup.select_one("a.ht-quick-exit") is not None
    assert soup.select_one("a.ht-skip")["href"] == "#ht-content"
    assert soup.select_one("#ht-content") is not None


def test_one_skip_link_per_page_and_it_has_a_target(site, page):
    for url in page_urls(site):
        soup = page(url)
        skips = soup.select("a.ht-skip, a.md-skip")
        assert [a["href"] for a in skips] == ["#ht-content"], url
        assert len(soup.select("#ht-content")) == 1, url


@pytest.fixture(scope="module", params=PHONE_WIDTHS, ids=[f"{w}px" for w in PHONE_WIDTHS])
def phone(request, browser):
    """One touch-screen phone page per width, shared by this module's tests."""
    context = browser.new_context(viewport={"width": request.param, "height": PHONE_HEIGHT},
                                  has_touch=True, is_mobile=True, device_scale_factor=2)
    page = context.new_page()
    page.set_default_timeout(10000)
    yield page
    context.close()


# --- keyboard ----------------------------------------------------------------------------------

@browser_test
def test_the_menu_opens_and_closes_from_the_keyboard(phone, base_url):
    open_page(phone, base_url + "contacts/")
    drawer_links = "() => [...document.querySelectorAll('.md-sidebar--primary a[href]')]" \
                   ".filter((a) => a.checkVisibility({visibilityProperty: true})).length"
    assert phone.evaluate(drawer_links) == 0
    menu = phone.get_by_role("button", name="Menu")
    phone.evaluate("() => document.activeElement && document.activeElement.blur()")
    while not menu.evaluate("(b) => b === document.activeElement"):
        phone.keyboard.press("Tab")
    assert menu.get_attribute("aria-expanded") == "false"
    phone.keyboard.press("Enter")
    phone.wait_for_function("() => document.activeElement.closest('.md-sidebar--primary')")
    assert menu.get_attribute("aria-expanded") == "true"
    # The drawer slides in: the focused link comes fully on screen.
    phone.wait_for_function(f"() => ({FOCUSED})().visible && document.activeElement.getBoundingClientRect().left >= 0")
    phone.keyboard.press("Escape")
    phone.wait_for_function("() => document.activeElement.getAttribute('aria-label') === 'Menu'")
    assert menu.get_attribute("aria-expanded") == "false"
    phone.wait_for_function(drawer_links.replace("=> [", "=> 0 === [", 1))


@browser_test
def test_search_opens_from_the_keyboard_clear_of_leave_this_site(phone, base_url):
    open_page(phone, base_url + "contacts/")
    search = phone.get_by_role("button", name="Search")
    phone.evaluate("() => document.activeElement && document.activeElement.blur()")
    while not search.evaluate("(b) => b === document.activeElement"):
        phone.keyboard.press("Tab")
    phone.keyboard.press("Enter")
    phone.wait_for_function("() => document.activeElement.matches('input.md-search__input')")
    # Search slides in: measure once its transitions have finished.
    phone.wait_for_function(f"() => ({FOCUSED})().visible && document.getAnimations().length === 0")
    assert search.get_attribute("aria-expanded") == "true"
    overlap = phone.evaluate("""() => {
      const e = document.querySelector('a.ht-quick-exit').getBoundingClientRect();
      const f = document.querySelector('.md-search__form').getBoundingClientRect();
      return f.left < e.right && f.right > e.left && f.top < e.bottom && f.bottom > e.top;
    }""")
    assert not overlap, "Leave this site covers the search field"
    phone.keyboard.press("Escape")
    phone.wait_for_function("() => !document.getElementById('__search').checked")
    assert search.evaluate("(b) => b === document.activeElement")
    assert search.get_attribute("aria-expanded") == "false"


# --- axe-core ----------------------------------------------------------------------------------

PANEL = "() => document.querySelector('[data-decide-panel]').innerHTML"


def show_address(page, address: str) -> None:
    """The widget at another address of the open page, once it has drawn that screen."""
    if page.evaluate("location.hash") == address:
        return
    before = page.evaluate(PANEL)
    page.evaluate("(address) => { location.hash = address; }", address)
    page.wait_for_function(f"(before) => ({PANEL})() !== before", arg=before)


def walk_results(page, address: str = "#route=", seen: set | None = None) -> list[str]:
    """Every result screen of the widget, found by pressing every answer (not from a list)."""
    seen = set() if seen is None else seen
    show_address(page, address)
    count = page.locator("[data-decide-panel] .ht-answer-button").count()
    if count == 0:
        return [address]
    found = []
    for index in range(count):
        show_address(page, address)
        before = page.evaluate("location.hash")
        page.locator("[data-decide-panel] .ht-answer-button").nth(index).click()
        page.wait_for_function("(before) => location.hash !== before && document.activeElement.tagName === 'H2'",
                               arg=before)
        after = page.evaluate("location.hash")
        if after not in seen:
            seen.add(after)
            found += walk_results(page, after, seen)
    return found


@browser_test
def test_axe_finds_no_violations_on_any_widget_result_on_a_phone(browser, base_url):
    context = browser.new_context(viewport={"width": 375, "height": PHONE_HEIGHT}, has_touch=True, is_mobile=True)
    page = context.new_page()
    open_page(page, base_url + "decide/")
    results = walk_results(page)
    assert len(results) > 1
    reports = {}
    page.evaluate(Axe().axe_script)  # once: the screens change within one page
    for address in results:
        show_address(page, address)
        # The rest of the page is the same on every screen and checked with every page above.
        report = AxeResults(page.evaluate("(options) => axe.run('[data-decide-panel]', options)", AXE_OPTIONS))
        if report.violations_count:
            reports[address] = report.generate_report()
    context.close()
    assert not reports, "\n\n".join(f"{address}:\n{report}" for address, report in reports.items())


@browser_test
@pytest.mark.parametrize("width", PHONE_WIDTHS)
def test_the_footers_links_are_a_full_tap_target_on_a_phone(browser, base_url, width):
    context = browser.new_context(viewport={"width": width, "height": PHONE_HEIGHT}, has_touch=True, is_mobile=True)
    page = context.new_page()
    for folder in LANGUAGE_FOLDERS:
        open_page(page, base_url + folder)
        heights = page.eval_on_selector_all(".md-footer a, .md-copyright a",
                                            "links => links.map(a => [a.textContent.trim(), a.getBoundingClientRect().height])")
        assert heights and all(height >= 24 for _, height in heights), (folder, heights)
    context.close()


# --- /decide/ does not jump ---------------------------------------------------------------------

LAYOUT_SHIFT = """() => new Promise((resolve) => {
  let total = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: 'layout-shift', buffered: true});
  requestAnimationFrame(() => requestAnimationFrame(() => resolve(total)));
})"""


@pytest.mark.parametrize("viewport", [{"width": 375, "height": PHONE_HEIGHT}, DESKTOP], ids=["375px", "1280px"])
@browser_test
def test_decide_page_does_not_shift_while_it_loads_on_a_slow_phone(browser, base_url, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 6})
    open_page(page, base_url + "decide/")
    shift = page.evaluate(LAYOUT_SHIFT)
    context.close()
    assert shift < 0.01


@browser_test
@pytest.mark.parametrize("folder", LANGUAGE_FOLDERS, ids=[f.strip("/") or "en" for f in LANGUAGE_FOLDERS])
def test_a_phones_first_screen_shows_the_main_action_in_every_language(browser, base_url, folder):
    """Banner, header, language link and translation notice leave room for what to do next."""
    context = browser.new_context(viewport=FIRST_SCREEN, has_touch=True, is_mobile=True)
    page = context.new_page()
    below = {}
    for url, selector in MAIN_ACTIONS.items():
        open_page(page, base_url + folder + url)
        box = page.locator(selector).first.bounding_box()
        if box is None or box["y"] + box["height"] > FIRST_SCREEN["height"]:
            below[folder + url] = box
    context.close()
    assert below == {}, "main action below the first screen (its box)"


def with_situations(text: str, protocol, total: int) -> str:
    """protocol.yaml with note-only situations added until it has `total`, each put at the start
    of the first outcome's include (a note calls no one, so no order rule or rule of the
    protocol's own changes)."""
    extra = [f"extra_situation_{n}" for n in range(total - len(protocol.situations))]
    situations = "".join(f"\n  - id: {i}\n    title: An added situation number {n}\n    audience: A test added it\n"
                         f"    applies_when: A test added it.\n    steps:\n      - text: Nothing to do.\n"
                         f"        kind: note\n" for n, i in enumerate(extra, 1))
    outcome = protocol.decision.outcomes[0]
    lines = text.split("\n")
    at = next(n for n in range(outcome.line - 1, len(lines)) if lines[n].strip().startswith("title:"))
    indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
    if outcome.include:
        at = next(n for n in range(outcome.line - 1, len(lines)) if lines[n].strip().startswith("include:"))
        lines[at] = lines[at].replace("include: [", f"include: [{', '.join(extra)}, ", 1)
    else:
        lines.insert(at, f"{indent}include: [{', '.join(extra)}]")
    return "\n".join(lines).replace("\ndecision:", situations + "\ndecision:", 1)


@pytest.mark.slow  # builds a copy of the site with more situations
@browser_test
def test_the_menu_passes_axe_at_desktop_width_with_twenty_situations(browser, protocol, tmp_path):
    from conftest import OTHER_JURISDICTION, PROTOCOL_DIR, copy_project, run_mkdocs_build, serve
    text = with_situations((PROTOCOL_DIR / "protocol.yaml").read_text(encoding="utf-8"), protocol, 20)
    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project", text, protocol_dir=PROTOCOL_DIR if OTHER_JURISDICTION else None)
    (project / "protocol.yaml").write_text(text, encoding="utf-8")
    built = run_mkdocs_build(project, tmp_path / "site", "https://menu.example.org/")
    assert built.returncode == 0, built.stderr
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    with serve(tmp_path / "site") as base_url:
        open_page(page, base_url + "situations/")
        assert page.locator(".md-nav--primary a.md-nav__link").count() >= 20
        page.evaluate(Axe().axe_script)
        report = AxeResults(page.evaluate("(options) => axe.run('.md-sidebar--primary', options)", AXE_OPTIONS))
    context.close()
    assert report.violations_count == 0, report.generate_report()
