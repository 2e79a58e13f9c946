"""Every page of the built site, checked at each width (two phones and a desktop), with
every check that reads a page from outside: nothing off screen and "Leave this site" never
over what the reader needs (phones); a skip link first and no invisible Tab stop (phones);
axe-core clean (375 px and desktop); and no request to another host, no CSP violation and
nothing stored in the browser (each load). One pass per page and device: each page is loaded
twice in all, once on a phone (checked at 375 px, then at 320 px) and once on a desktop, not
once per check. Pages are listed from the built site; of the decision's screens (one small
page each, as many as the routes allow), one of each kind."""
from __future__ import annotations

from dataclasses import dataclass

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser_checks import (
    AXE_OPTIONS,
    COVERED_ON_SCREEN,
    CSP_WATCH,
    EMPTY_STORAGE,
    QUICK_EXIT_BOX,
    STORAGE,
    Recorder,
    csp_violations,
    open_page,
    settled,
    tab_through,
    use_skip_link,
)
from conftest import pages_to_visit

from macros.languages.interface import language

PHONE_HEIGHT = 640
# Each page is opened twice: on a phone, where it is checked at each phone width in turn (the
# screen resized, as when a phone turns or a window narrows: the site's layout follows the
# width, and no script of ours reads it), and on a desktop.
DEVICES = {
    "phone": {"viewport": {"width": 375, "height": PHONE_HEIGHT}, "has_touch": True, "is_mobile": True},
    "desktop": {"viewport": {"width": 1280, "height": 800}},
}
# Each device's widths, in the order a page is checked at them: the first is the one it loads at.
WIDTHS = {"phone": [375, 320], "desktop": [1280]}
PHONES = ["320px", "375px"]
AXE_WIDTHS = ["375px", "1280px"]
SKIP_LABEL = "Skip to content"


def skip_label(url: str) -> str:
    """The skip link's words on this page: Spanish under es/ (interface.es.yaml)."""
    return language("es").text(SKIP_LABEL) if url.startswith("es/") else SKIP_LABEL


def check_at(page, width: str) -> dict:
    """What the tests below read from the page at one width."""
    seen: dict = {}
    # axe first, on the page as it loads: scrolling makes Material fade the header's title
    # in, and colours caught mid-fade are no contrast a reader ever sees.
    if width in AXE_WIDTHS:
        results = Axe().run(page, options=AXE_OPTIONS)
        seen["axe"] = results.generate_report() if results.violations_count else ""
    if width in PHONES:
        page.evaluate("() => window.scrollTo(0, 0)")
        seen["sizes"] = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        seen["exit at top"] = page.evaluate(QUICK_EXIT_BOX)
        seen["covered at top"] = page.evaluate(COVERED_ON_SCREEN)
        seen["stops"] = tab_through(page)
        seen["skip"] = use_skip_link(page)
        page.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight)")
        seen["exit at bottom"] = page.evaluate(QUICK_EXIT_BOX)
    return seen


def visit(page, url: str, device: str, recorder: Recorder) -> dict[str, dict]:
    """One page on one device, checked at each of its widths: {'375px': what was seen, ...}."""
    first_request = len(recorder.requests)
    screens = [{"width": width, "height": DEVICES[device]["viewport"]["height"]} for width in WIDTHS[device]]
    # Whatever the page fetches after it has loaded (the search index) has come before the
    # requests, CSP violations and storage are read.
    with settled(page):
        page.set_viewport_size(screens[0])  # the last page was left at the device's last width
        open_page(page, url)
        seen = {}
        for screen in screens:
            page.set_viewport_size(screen)
            seen[f"{screen['width']}px"] = check_at(page, f"{screen['width']}px")
    loaded = {"csp violations": csp_violations(page), "storage": page.evaluate(STORAGE),
              "requests": recorder.requests[first_request:]}
    return {width: {**checked, **loaded} for width, checked in seen.items()}


@dataclass
class Pass:
    """Every page checked at one width: what was seen on each (by URL), and every request that
    went to another host while the device's pages loaded (none can leave the machine)."""
    pages: dict[str, dict]
    off_site: list[str]

    def items(self):
        return self.pages.items()


@pytest.fixture(scope="module")
def visits(browser, site, base_url, protocol):
    """visits('375px') -> the Pass at that width: made with its device's on first use, then kept
    for this module."""
    done: dict[str, Pass] = {}

    def at(width: str) -> Pass:
        if width not in done:
            device = next(d for d, widths in WIDTHS.items() if width in [f"{w}px" for w in widths])
            context = browser.new_context(**DEVICES[device])
            context.add_init_script(CSP_WATCH)
            recorder = Recorder(context, base_url, protocol.info.quick_exit_url)
            page = context.new_page()
            page.set_default_timeout(10000)
            pages = {url: visit(page, base_url + url, device, recorder) for url in pages_to_visit(site, protocol)}
            # Anything still on its way from the last page is recorded too.
            page.wait_for_load_state("networkidle")
            for checked in WIDTHS[device]:
                done[f"{checked}px"] = Pass({url: seen[f"{checked}px"] for url, seen in pages.items()},
                                            recorder.off_site)
            context.close()
        return done[width]
    return at


# --- nothing off screen on a phone ------------------------------------------------------------

@pytest.mark.parametrize("width", PHONES)
def test_no_page_scrolls_sideways_on_a_phone(visits, width):
    wide = {url: v["sizes"] for url, v in visits(width).items() if v["sizes"][0] > v["sizes"][1]}
    assert wide == {}, "page wider than the screen (scrollWidth, clientWidth)"


@pytest.mark.parametrize("width", PHONES)
def test_leave_this_site_is_fully_on_screen_at_the_top_and_bottom_of_every_page(visits, width):
    off_screen = {f"{url} ({where})": v[f"exit at {where}"] for url, v in visits(width).items()
                  for where in ("top", "bottom") if not v[f"exit at {where}"]["inside"]}
    assert off_screen == {}


@pytest.mark.parametrize("width", PHONES)
def test_leave_this_site_covers_no_link_on_the_first_screen(visits, width):
    covered = {url: v["covered at top"] for url, v in visits(width).items() if v["covered at top"]}
    assert covered == {}


# --- keyboard on a phone ----------------------------------------------------------------------

@pytest.mark.parametrize("width", PHONES)
def test_tab_stops_start_with_the_skip_link_and_none_is_invisible_or_under_leave_this_site(visits, width):
    problems: dict[str, list] = {}
    for url, visit_seen in visits(width).items():
        stops = visit_seen["stops"]
        found = []
        first = [s["text"] for s in stops[:3]]
        if skip_label(url) not in first[:2]:
            found.append(f"first Tab stops {first}: no '{skip_label(url)}' among the first two")
        found += [f"invisible: {s['html']}" for s in stops if not s["visible"]]
        found += [f"under the quick exit: {s['html']}" for s in stops if s["covered"]]
        if found:
            problems[url] = found
    assert problems == {}


@pytest.mark.parametrize("width", PHONES)
def test_the_skip_link_moves_the_keyboard_to_the_content(visits, width):
    wrong = {url: v["skip"] for url, v in visits(width).items()
             if "error" in v["skip"] or not v["skip"]["header"] <= v["skip"]["top"] < PHONE_HEIGHT}
    assert wrong == {}, "focus not on the content, on screen below the header, after the skip link"


# --- axe-core ---------------------------------------------------------------------------------

@pytest.mark.parametrize("width", AXE_WIDTHS)
def test_axe_finds_no_violations_on_any_page(visits, width):
    reports = {url: v["axe"] for url, v in visits(width).items() if v["axe"]}
    assert not reports, "\n\n".join(f"{url}:\n{report}" for url, report in reports.items())


# --- privacy ----------------------------------------------------------------------------------

@pytest.mark.parametrize("device", list(DEVICES))
def test_every_page_loads_only_from_this_site_with_no_csp_violation_and_stores_nothing(visits, base_url, device):
    seen = visits(f"{WIDTHS[device][0]}px")
    assert seen.off_site == []
    strays = {url: [r for r in v["requests"] if not r.startswith(base_url) and not r.startswith("data:")]
              for url, v in seen.items()}
    assert {url: found for url, found in strays.items() if found} == {}
    assert {url: v["csp violations"] for url, v in seen.items() if v["csp violations"]} == {}
    assert {url: v["storage"] for url, v in seen.items() if v["storage"] != EMPTY_STORAGE} == {}
