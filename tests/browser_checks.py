"""What the browser tests look at on a page, shared by their files: the quick-exit link's box,
what it covers, the focused element, Tab stops, the skip link, Content-Security-Policy
violations, browser storage, and every request a context makes."""
from __future__ import annotations

import re
from contextlib import contextmanager
from urllib.parse import urlsplit

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

NEUTRAL_PAGE = "<!doctype html><title>Weather</title><h1>Weather forecast</h1>"

# Collects every CSP violation the browser reports, from the first script on.
CSP_WATCH = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber);
});
"""

# Storage of every kind the page's origin has, read in the browser.
STORAGE = """async () => ({
  cookie: document.cookie,
  localStorage: Object.keys(localStorage),
  sessionStorage: Object.keys(sessionStorage),
  indexedDB: (await indexedDB.databases()).map(d => d.name),
})"""
EMPTY_STORAGE = {"cookie": "", "localStorage": [], "sessionStorage": [], "indexedDB": []}


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
# axe-core as every browser test runs it: violations only, with WCAG 2.2's target-size rule on.
AXE_OPTIONS = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}

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


# Nothing focused, the page at its top, and the next Tab starting from the top as on a page just
# opened: a blur alone leaves the browser's starting point where the focus was.
FROM_THE_TOP = """() => {
  const body = document.body, tabindex = body.getAttribute('tabindex');
  body.setAttribute('tabindex', '-1');
  body.focus({preventScroll: true});
  body.blur();
  if (tabindex === null) body.removeAttribute('tabindex'); else body.setAttribute('tabindex', tabindex);
  window.scrollTo(0, 0);
}"""

SEARCH_INDEX = re.compile(r"/search/search_index\.json$")


@contextmanager
def settled(page):
    """Leaving this block waits for the one thing every page fetches after it has loaded:
    Material's search index (from its search worker). Then the page has made every request it
    makes. A state, not a time: waiting for the network to be idle costs half a second of
    silence on every page."""
    with page.expect_response(lambda response: bool(SEARCH_INDEX.search(urlsplit(response.url).path))):
        yield


def open_page(page, url: str) -> None:
    """The page loaded, with the widget drawn when it is /decide/."""
    page.goto(url, wait_until="load")
    if page.locator("[data-module='decision-widget']").count():
        page.locator("[data-decide-panel] h2").wait_for()


def tab_through(page, limit: int = 400) -> list[dict]:
    """Every Tab stop from the top of the page, in order, until focus leaves the page."""
    page.evaluate(FROM_THE_TOP)
    page.evaluate("() => { window.__firstTabStop = null; }")
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
    page.evaluate(FROM_THE_TOP)
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


def csp_violations(page) -> list[str]:
    return page.evaluate("window.__cspViolations")


class Recorder:
    """Every request a browser context makes, read from the context's events. Nothing is
    intercepted (interception holds every request on its way and turns the cache off, which
    made each page load twice as slow): the tests' Chromium resolves no host but this computer
    (scripts/browser.py), so a request to another host is recorded and fails without leaving
    the machine. Once the test leaves the site (allow_exit), the neutral quick-exit page is
    answered by a local stub."""

    def __init__(self, context, base_url: str, neutral_url: str):
        self.context = context
        self.base_url = base_url
        self.neutral_host = urlsplit(neutral_url).netloc
        self.seen: list = []
        context.on("request", lambda request: self.seen.append(request))

    @property
    def requests(self) -> list[str]:
        return [request.url for request in self.seen]

    @property
    def off_site(self) -> list[str]:
        """Requests to another host, but for those the page's Content-Security-Policy refused
        (the browser reports them as requests that failed with "csp": they never left)."""
        return [request.url for request in self.seen
                if not request.url.startswith(self.base_url) and urlsplit(request.url).scheme in ("http", "https")
                and request.failure != "csp"]

    def allow_exit(self):
        """From now on the neutral page gets a local stub, as the quick exit's target."""
        self.context.route(re.compile(r"^https?://" + re.escape(self.neutral_host) + "/"),
                           lambda route: route.fulfill(status=200, content_type="text/html", body=NEUTRAL_PAGE))

    def assert_all_on_site(self):
        assert self.off_site == []
        strays = [u for u in self.requests if not u.startswith(self.base_url) and not u.startswith("data:")]
        assert strays == []
