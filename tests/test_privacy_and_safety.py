"""Safety and privacy for someone whose phone may be checked: quick exit on every page, no
request to any other host, nothing left in the browser, a strict Content-Security-Policy."""
from __future__ import annotations

import base64
import hashlib
import re
import zipfile
from collections import deque
from urllib.parse import urlsplit

import pytest
from browser_checks import CSP_WATCH, EMPTY_STORAGE, STORAGE, Recorder, csp_violations
from conftest import content, html_pages


def sha256_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def policy_of(soup) -> dict[str, list[str]]:
    meta = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert meta is not None
    return {d.split()[0]: d.split()[1:] for d in meta["content"].split(";") if d.strip()}


# --- quick exit, in the built pages -------------------------------------------------------------

def test_every_page_has_a_leave_this_site_link_after_the_emergency_notice(site, page, protocol_of_page):
    for url in html_pages(site):
        info = protocol_of_page(url).info
        soup = page(url)
        links = soup.select("a.ht-quick-exit")
        assert len(links) == 1, url
        link = links[0]
        assert link["href"] == info.quick_exit_url, url
        assert "noreferrer" in link["rel"], url
        assert link.get_text(strip=True) == info.quick_exit_label, url
        notice = soup.select_one(".md-banner .ht-emergency")
        assert notice is not None and notice.get_text(strip=True) == info.emergency_text, url
        # The link follows the notice in reading order: the notice is never pushed aside.
        assert notice.find_next("a", class_="ht-quick-exit") is link, url


def test_every_page_asks_the_browser_not_to_send_a_referrer(site, page):
    for url in html_pages(site):
        meta = page(url).find("meta", attrs={"name": "referrer"})
        assert meta is not None and meta["content"] == "no-referrer", url


# --- Content-Security-Policy, in the built pages -------------------------------------------------

def test_every_page_has_a_strict_content_security_policy_before_any_script(site, page):
    for url in html_pages(site):
        soup = page(url)
        meta = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert meta is not None, url
        assert not meta.find_all_previous("script"), f"{url}: a script runs before the policy"
        policy = policy_of(soup)
        assert policy["default-src"] == ["'self'"], url
        assert "'unsafe-inline'" not in policy["script-src"], url
        assert "'unsafe-eval'" not in policy["script-src"], url
        assert policy["object-src"] == ["'none'"], url
        assert policy["base-uri"] == ["'self'"], url
        for directive, sources in policy.items():
            assert all(s.startswith("'") or s == "data:" for s in sources), f"{url}: {directive} {sources}"


def test_every_inline_script_is_allowed_by_its_hash_and_data_is_not_code(site, page):
    for url in html_pages(site):
        soup = page(url)
        allowed = policy_of(soup)["script-src"]
        for script in soup.find_all("script"):
            if script.get("src"):
                assert not urlsplit(script["src"]).netloc, f"{url}: {script['src']}"
                continue
            kind = script.get("type", "")
            if kind in ("", "text/javascript", "module"):
                assert sha256_source(script.string or "") in allowed, f"{url}: {str(script)[:80]}"
            else:
                assert kind == "application/json", f"{url}: {str(script)[:80]}"
        for tag in soup.find_all(True):
            handlers = [a for a in tag.attrs if a.lower().startswith("on")]
            assert not handlers, f"{url}: inline event handler {handlers} on <{tag.name}>"


def test_no_page_loads_anything_from_another_host(site, page):
    for url in html_pages(site):
        soup = page(url)
        for tag in soup.select("script[src], img[src], iframe[src], source[src], audio[src], video[src], "
                               "link[href]:not([rel=canonical]):not([rel=alternate]), object[data], embed[src], form[action]"):
            address = tag.get("src") or tag.get("href") or tag.get("data") or tag.get("action")
            assert not urlsplit(address).scheme and not address.startswith("//"), f"{url}: {tag}"


# --- the safety page -----------------------------------------------------------------------------

def test_safety_page_is_in_the_nav_and_links_to_a_working_offline_zip(site, page):
    soup = page("safety/")
    assert any(a.get("href", "").endswith("safety/") for a in page("").select("nav a")), "not in the nav"
    text = " ".join(content(soup).get_text(" ").split())
    assert "does not erase your browsing history" in text
    zips = [a for a in content(soup).select("a[href$='.zip']")]
    assert len(zips) == 1
    target = (site / "safety" / zips[0]["href"]).resolve()
    assert target.is_file(), zips[0]["href"]
    with zipfile.ZipFile(target) as archive:
        assert archive.testzip() is None
        assert "ht-protocol-offline/index.html" in archive.namelist()


# --- in the browser ------------------------------------------------------------------------------

@pytest.fixture
def watched(browser, base_url, protocol):
    """(page, recorder): a fresh context that records requests and CSP violations."""
    context = browser.new_context()
    context.add_init_script(CSP_WATCH)
    recorder = Recorder(context, base_url, protocol.info.quick_exit_url)
    yield context.new_page(), recorder
    context.close()


def test_the_browser_enforces_the_policy_against_injected_scripts_and_other_hosts(watched, base_url):
    page, recorder = watched
    page.goto(base_url + "contacts/")
    # The browser reports the refused image as a request that failed with "csp": wait for that
    # report, so that the recorder knows the image never left.
    with page.expect_event("requestfailed", lambda request: "tracker.invalid" in request.url) as refused:
        page.evaluate("""() => {
          const inline = document.createElement('script');
          inline.textContent = 'window.__injected = true';
          document.body.appendChild(inline);
          const image = document.createElement('img');
          image.src = 'https://tracker.invalid/pixel.gif';
          document.body.appendChild(image);
        }""")
    assert refused.value.failure == "csp"
    # The browser reports both refusals: wait for that state, not for a time.
    page.wait_for_function("() => ['script-src', 'img-src'].every((d) =>"
                           " window.__cspViolations.some((v) => v.startsWith(d)))")
    assert page.evaluate("window.__injected") is None
    violations = csp_violations(page)
    assert any(v.startswith("script-src") for v in violations), violations
    assert any(v.startswith("img-src https://tracker.invalid") for v in violations), violations
    assert recorder.off_site == []


def a_word_to_search(protocol) -> str:
    """A word a person might type, from the protocol: the longest word of a situation's title
    (every page's title is in the search index)."""
    return max((word for situation in protocol.situations for word in situation.title.split() if word.isalpha()),
               key=len)


def search(page, query: str):
    """Type into Material's search box (the header button first, where the box is folded away)."""
    opener = page.locator("label.md-header__button[for=__search]")
    if opener.is_visible():
        opener.click()
    page.locator("input.md-search__input").click()
    page.keyboard.type(query)
    page.locator(".md-search-result__link").first.wait_for()
    return page.locator(".md-search-result__link")


def test_search_finds_pages_without_another_host_or_a_trace(watched, base_url, protocol):
    page, recorder = watched
    page.goto(base_url)
    results = search(page, a_word_to_search(protocol))
    assert results.count() > 0
    results.first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.startswith(base_url)
    assert csp_violations(page) == []
    assert page.evaluate(STORAGE) == EMPTY_STORAGE
    recorder.assert_all_on_site()


def widget_states(page, start_url: str) -> list[str]:
    """Every address the widget reaches from its start by its own buttons, breadth-first."""
    seen, queue = [start_url], deque([start_url])

    def open_screen(url: str):
        # The widget draws on hashchange, after goto returns: wait for its screen, not for time.
        page.goto(url)
        shown = "#" + url.split("#", 1)[1] if "#" in url else "#route="
        page.wait_for_function("(a) => document.querySelector('[data-module=\"decision-widget\"]').dataset.shown === a",
                               arg=shown)

    while queue:
        url = queue.popleft()
        open_screen(url)
        buttons = page.locator("[data-module=decision-widget] button:visible")
        for index in range(buttons.count()):
            if page.url != url:
                open_screen(url)
            button = buttons.nth(index)
            if "print" in (button.inner_text() or "").lower():
                continue
            before = page.url
            button.click()
            page.wait_for_function("(before) => location.href !== before", arg=before)
            if page.url not in seen:
                seen.append(page.url)
                queue.append(page.url)
    return seen


def test_every_widget_path_keeps_neutral_addresses_and_leaves_no_trace(watched, base_url, protocol):
    page, recorder = watched
    states = widget_states(page, base_url + "decide/")
    assert len(states) > len(protocol.decision.questions), "the walk did not get past the first question"
    words = {w.lower() for q in protocol.decision.questions for a in q.answers
             for w in re.findall(r"[A-Za-z]{4,}", a.label)}
    words |= {q.id for q in protocol.decision.questions} | {o.id for o in protocol.decision.outcomes}
    words |= {s.id for s in protocol.situations} | {"child"}
    for url in states:
        address = url[len(base_url + "decide/"):].lower()
        assert not [w for w in words if w.lower() in address], url
    assert csp_violations(page) == []
    assert page.evaluate(STORAGE) == EMPTY_STORAGE
    recorder.assert_all_on_site()


def test_material_preferences_stay_in_memory_not_in_browser_storage(watched, base_url):
    page, recorder = watched
    page.goto(base_url)
    # What Material's palette toggle, banner dismissal and linked tabs do to remember a choice.
    remembered = page.evaluate("""() => {
      __md_set('__palette', {index: 1});
      __md_set('__outdated', true, sessionStorage);
      return __md_get('__palette');
    }""")
    assert remembered == {"index": 1}
    assert page.evaluate(STORAGE) == EMPTY_STORAGE


# --- quick exit, in the browser ------------------------------------------------------------------

def test_leave_this_site_goes_to_the_neutral_page_and_back_does_not_return(watched, base_url, protocol):
    page, recorder = watched
    page.goto(base_url)
    page.goto(base_url + "contacts/")
    recorder.allow_exit()
    page.get_by_role("link", name=protocol.info.quick_exit_label).click()
    page.wait_for_url(protocol.info.quick_exit_url)
    assert page.locator("h1").inner_text() == "Weather forecast"
    page.go_back()
    assert page.url == base_url, "Back returned to the page that was left"
    assert recorder.off_site == [protocol.info.quick_exit_url]


def test_leave_this_site_blanks_the_page_before_the_neutral_page_arrives(watched, base_url, protocol):
    page, recorder = watched
    page.goto(base_url + "contacts/")
    assert page.locator("article.md-content__inner").is_visible()
    # A 204 answer cancels the navigation, so the page that was left stays to be looked at.
    page.route(protocol.info.quick_exit_url, lambda route: route.fulfill(status=204))
    with page.expect_request(protocol.info.quick_exit_url):
        page.locator("a.ht-quick-exit").click()
    page.wait_for_function("() => document.documentElement.classList.contains('ht-exiting')")
    assert page.url == base_url + "contacts/"
    assert not page.locator("article.md-content__inner").is_visible()
    assert not page.locator(".md-header").is_visible()
    assert page.title() == ""


def test_pressing_shift_three_times_leaves_the_site(watched, base_url, protocol):
    page, recorder = watched
    page.goto(base_url)
    page.goto(base_url + "situations/")
    recorder.allow_exit()
    page.keyboard.press("Shift")
    status = page.get_by_role("status").filter(has_text="Shift")
    assert "2 more times" in status.inner_text()
    page.keyboard.press("Shift")
    assert "1 more time" in status.inner_text()
    page.keyboard.press("Shift")
    page.wait_for_url(protocol.info.quick_exit_url)
    page.go_back()
    assert page.url == base_url


def test_shift_used_for_typing_or_typing_between_presses_does_not_leave(watched, base_url):
    page, recorder = watched
    page.goto(base_url + "contacts/")
    page.locator("input.md-search__input").click()
    for _ in range(3):
        page.keyboard.press("Shift+A")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.keyboard.press("b")
    page.keyboard.press("Shift")
    # Each key's handler has run when press() returns. The last Shift starts a new count, and
    # nothing of an exit began (the exit blanks the page before it navigates).
    status = page.get_by_role("status").filter(has_text="Shift")
    assert "2 more times" in status.inner_text()
    assert not page.evaluate("() => document.documentElement.classList.contains('ht-exiting') || !document.title")
    assert page.url == base_url + "contacts/"
    assert recorder.off_site == []


def test_leave_this_site_works_without_javascript(browser, base_url, protocol):
    context = browser.new_context(java_script_enabled=False)
    try:
        recorder = Recorder(context, base_url, protocol.info.quick_exit_url)
        recorder.allow_exit()
        page = context.new_page()
        page.goto(base_url + "contacts/")
        link = page.get_by_role("link", name=protocol.info.quick_exit_label)
        assert link.is_visible()
        link.click()
        page.wait_for_url(protocol.info.quick_exit_url)
        assert page.locator("h1").inner_text() == "Weather forecast"
    finally:
        context.close()


def test_leave_this_site_stays_on_screen_on_a_phone_without_covering_the_notice(browser, base_url):
    context = browser.new_context(viewport={"width": 360, "height": 640}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(base_url + "situations/")
        notice = page.locator(".md-banner .ht-emergency").bounding_box()
        for scroll in (0, 2000):
            page.evaluate(f"window.scrollTo(0, {scroll})")
            box = page.locator("a.ht-quick-exit").bounding_box()
            assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 640, scroll
            assert box["width"] >= 44 and box["height"] >= 44
        page.evaluate("window.scrollTo(0, 0)")
        box = page.locator("a.ht-quick-exit").bounding_box()
        overlaps = not (box["y"] >= notice["y"] + notice["height"] or box["y"] + box["height"] <= notice["y"]
                        or box["x"] >= notice["x"] + notice["width"] or box["x"] + box["width"] <= notice["x"])
        assert not overlaps
    finally:
        context.close()
