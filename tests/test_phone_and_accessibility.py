"""Every page on a phone and by keyboard: nothing off screen, "Leave this site" always
reachable and never over what the reader needs, a skip link, no invisible Tab stops,
axe-core clean, and no layout shift on /decide/. Pages are listed from the built site."""
from __future__ import annotations

import pytest
from axe_playwright_python.base import AxeResults
from axe_playwright_python.sync_playwright import Axe
from conftest import html_pages
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from macros.languages.interface import language

browser_test = pytest.mark.browser

PHONE_WIDTHS = (320, 375)
PHONE_HEIGHT = 640
DESKTOP = {"width": 1280, "height": 800}
SKIP_LABEL = "Skip to content"


def skip_label(url: str) -> str:
    """The skip link's words on this page: Spanish under es/ (interface.es.yaml)."""
    return language("es").text(SKIP_LABEL) if url.startswith("es/") else SKIP_LABEL

# The quick-exit link's box, and whether it lies inside the visual viewport.
QUICK_EXIT_BOX = """() => {
  const r = document.querySelector('a.ht-quick-exit').getBoundingClientRect();
  const v = window.visualViewport;
  return {left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: v.width, height: v.height,
          inside: r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0
                  && r.right <= v.width + 0.5 && r.bottom <= v.height + 0.5};
}"""

# Every visible link, button or field on the current screen that the quick-exit link overlaps.
COVERED_ON_SCREEN = """() => {
  const exit = document.querySelector('a.ht-quick-exit');
  const e = exit.getBoundingClientRect();
  const overlaps = (r) => r.width > 0 && r.height > 0 && r.left < e.right && r.right > e.left
                          && r.top < e.bottom && r.bottom > e.top;
  const onScreen = (r) => r.bottom > 0 && r.top < innerHeight;
  return [...document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]')]
    .filter((el) => el !== exit && !exit.contains(el) && el.checkVisibility({visibilityProperty: true}))
    .filter((el) => [...el.getClientRects()].some((r) => onScreen(r) && overlaps(r)))
    .map((el) => el.outerHTML.slice(0, 100));
}"""

# The focused element: what it is, whether it can be seen, and whether the quick exit covers it.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const exit = document.querySelector('a.ht-quick-exit');
  const e = exit.getBoundingClientRect();
  const rects = [...el.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
  const covered = el !== exit && rects.some((r) => r.left < e.right && r.right > e.left
                                                 && r.top < e.bottom && r.bottom > e.top);
  const onScreen = rects.some((r) => r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth);
  const again = el === window.__firstTabStop;
  window.__firstTabStop = window.__firstTabStop || el;
  return {
    again: again,
    html: el.outerHTML.slice(0, 100),
    text: (el.innerText || el.getAttribute('aria-label') || '').trim(),
    visible: rects.length > 0 && onScreen
             && el.checkVisibility({visibilityProperty: true, opacityProperty: true}),
    covered: covered,
    inContent: !!el.closest('article'),
  };
}"""


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
        assert ("decide.css" in styles, "decide.js" in scripts) == (widget, widget), url
        assert ("card.css" in styles) == card, url
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


def open_page(page, url: str) -> None:
    """The page loaded, with the widget drawn when it is /decide/."""
    page.goto(url, wait_until="load")
    if page.locator("[data-module='decision-widget']").count():
        page.locator("[data-decide-panel] h2").wait_for()


def tab_through(page, limit: int = 400) -> list[dict]:
    """Every Tab stop from the top of the page, in order, until focus leaves the page."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);"
                  " window.__firstTabStop = null; }")
    stops: list[dict] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None or focused["again"]:
            break
        stops.append(focused)
    return stops


def use_skip_link(page) -> dict:
    """Tab to "Skip to content" and press Enter: where is the focus, and is it on screen below the header?"""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    for _ in range(3):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('ht-skip')"):
            break
    else:
        return {"error": "no skip link in the first three Tab stops"}
    page.keyboard.press("Enter")
    try:
        page.wait_for_function("() => document.activeElement.id === 'ht-content'", timeout=3000)
    except PlaywrightTimeoutError:
        return {"error": "focus did not move to #ht-content", "focused": page.evaluate(FOCUSED)}
    return page.evaluate("""() => ({
      top: document.activeElement.getBoundingClientRect().top,
      header: document.querySelector('.md-header').getBoundingClientRect().bottom})""")


@pytest.fixture(scope="module")
def visits(phone, site, base_url) -> dict[str, dict]:
    """Each page of the built site opened once on the phone: what the tests below check."""
    seen = {}
    for url in page_urls(site):
        open_page(phone, base_url + url)
        visit = {
            "sizes": phone.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"),
            "exit at top": phone.evaluate(QUICK_EXIT_BOX),
            "covered at top": phone.evaluate(COVERED_ON_SCREEN),
            "stops": tab_through(phone),
            "skip": use_skip_link(phone),
        }
        phone.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight)")
        visit["exit at bottom"] = phone.evaluate(QUICK_EXIT_BOX)
        seen[url] = visit
    return seen


# --- nothing off screen ------------------------------------------------------------------------

@browser_test
def test_no_page_scrolls_sideways_on_a_phone(visits):
    wide = {url: v["sizes"] for url, v in visits.items() if v["sizes"][0] > v["sizes"][1]}
    assert wide == {}, "page wider than the screen (scrollWidth, clientWidth)"


@browser_test
def test_leave_this_site_is_fully_on_screen_at_the_top_and_bottom_of_every_page(visits):
    off_screen = {f"{url} ({where})": v[f"exit at {where}"] for url, v in visits.items()
                  for where in ("top", "bottom") if not v[f"exit at {where}"]["inside"]}
    assert off_screen == {}


@browser_test
def test_leave_this_site_covers_no_link_on_the_first_screen(visits):
    covered = {url: v["covered at top"] for url, v in visits.items() if v["covered at top"]}
    assert covered == {}


# --- keyboard ----------------------------------------------------------------------------------

@browser_test
def test_tab_stops_start_with_the_skip_link_and_none_is_invisible_or_under_leave_this_site(visits):
    problems: dict[str, list] = {}
    for url, visit in visits.items():
        stops = visit["stops"]
        found = []
        first = [s["text"] for s in stops[:3]]
        if skip_label(url) not in first[:2]:
            found.append(f"first Tab stops {first}: no '{skip_label(url)}' among the first two")
        found += [f"invisible: {s['html']}" for s in stops if not s["visible"]]
        found += [f"under the quick exit: {s['html']}" for s in stops if s["covered"]]
        if found:
            problems[url] = found
    assert problems == {}


@browser_test
def test_the_skip_link_moves_the_keyboard_to_the_content(visits):
    wrong = {url: v["skip"] for url, v in visits.items()
             if "error" in v["skip"] or not v["skip"]["header"] <= v["skip"]["top"] < PHONE_HEIGHT}
    assert wrong == {}, "focus not on the content, on screen below the header, after the skip link"


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

AXE_OPTIONS = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}


@pytest.mark.parametrize("viewport", [{"width": 375, "height": PHONE_HEIGHT}, DESKTOP], ids=["375px", "1280px"])
@browser_test
def test_axe_finds_no_violations_on_any_page(browser, site, base_url, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    reports = {}
    for url in page_urls(site):
        open_page(page, base_url + url)
        results = Axe().run(page, options=AXE_OPTIONS)
        if results.violations_count:
            reports[url] = results.generate_report()
    context.close()
    assert not reports, "\n\n".join(f"{url}:\n{report}" for url, report in reports.items())


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
