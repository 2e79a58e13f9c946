"""The site's search finds the words people type, not only the protocol's: everyday queries
(tests/search_queries.yaml) find their page among the first three results, in both languages,
online and offline; a search that finds nothing points to the questions and the contacts; and
the search terms of protocol.yaml (`search_terms:`) feed only the index, never a page's text."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import LANGUAGE_FOLDERS, ROOT, html_pages

from macros.languages.interface import english_strings, language
from macros.languages.texts import english_texts
from macros.pages.render import situation_url
from macros.pages.search_index import PAGE_LOCATIONS, TERMS_FIELD, terms_by_location

QUERIES = yaml.safe_load((Path(__file__).parent / "search_queries.yaml").read_text(encoding="utf-8"))
EDITIONS = {folder.strip("/") or "en": folder for folder in LANGUAGE_FOLDERS}
SHARE_FOUND = 0.95  # the goal: at least 95% of everyday queries find their page
INPUT = "input.md-search__input"
RESULT_PAGES = "() => [...document.querySelectorAll('.md-search-result__item > a.md-search-result__link')].map((a) => a.href)"


def expected_location(protocol, page: str) -> str:
    """'situation:child_victim' -> that situation's page (from the model); 'contacts' -> contacts/."""
    if page.startswith("situation:"):
        return situation_url(protocol.situation(page.split(":", 1)[1]))
    return PAGE_LOCATIONS[page]


def open_search(page) -> None:
    opener = page.locator("label.md-header__button[for=__search]")
    if opener.is_visible():
        opener.click()
    page.locator(INPUT).click()


# What the results' heading says while the box is empty, in the page's language (Material's
# own translations, in its config on every page).
EMPTY_BOX = "() => JSON.parse(document.getElementById('__config').textContent).translations['search.result.placeholder']"
META_IS = "(empty) => document.querySelector('.md-search-result__meta').innerText.trim() === empty"


# Each element's contrast ratio (WCAG) between its text colour and the first opaque background
# behind it, among its ancestors.
CONTRAST = """(selector) => [...document.querySelectorAll(selector)].map((el) => {
  const rgb = (c) => c.match(/[\\d.]+/g).map(Number);
  const luminance = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= .03928 ? v / 12.92 : ((v + .055) / 1.055) ** 2.4; })
    .reduce((sum, v, i) => sum + v * [.2126, .7152, .0722][i], 0);
  let back = el, bg = [255, 255, 255];
  for (; back; back = back.parentElement) {
    const c = rgb(getComputedStyle(back).backgroundColor);
    if (c.length < 4 || c[3] === 1) { bg = c.slice(0, 3); break; }
  }
  const [fg, b] = [luminance(rgb(getComputedStyle(el).color).slice(0, 3)), luminance(bg)];
  return (Math.max(fg, b) + .05) / (Math.min(fg, b) + .05);
})"""


def results_for(page, query: str) -> list[str]:
    """Type a query as a whole (as a paste would) and read the result pages, once Material has
    drawn the results for it: first the box is emptied and Material shows it so (no results,
    "Type to start searching"); from there, a new heading belongs to this query."""
    box = page.locator(INPUT)
    empty = page.evaluate(EMPTY_BOX)
    box.fill("")
    page.keyboard.press("End")  # Material searches on keyup
    page.wait_for_function(f"(empty) => ({META_IS})(empty)"
                           " && document.querySelectorAll('.md-search-result__item').length === 0", arg=empty)
    box.fill(query)
    page.keyboard.press("End")
    page.wait_for_function(f"(empty) => !({META_IS})(empty)", arg=empty)
    return page.evaluate(RESULT_PAGES)


def misses(page, site_root: str, protocol, queries: list[dict]) -> list[str]:
    """The queries whose page is not among the first three results."""
    found = []
    for query in queries:
        top = [url[len(site_root):] for url in results_for(page, query["query"])[:3]]
        want = expected_location(protocol, query["page"])
        if want not in [offline_free(url) for url in top]:
            found.append(f"{query['query']!r}: {top}, expected {want!r}")
    return found


def offline_free(location: str) -> str:
    """The offline copy links to folder/index.html; the online site to folder/."""
    return location[: -len("index.html")] if location.endswith("index.html") else location


def assert_share_found(missed: list[str], queries: list[dict]) -> None:
    share = 1 - len(missed) / len(queries)
    assert share >= SHARE_FOUND, f"{share:.0%} found:\n" + "\n".join(missed)


@pytest.mark.needs("search queries")
@pytest.mark.parametrize("lang", EDITIONS)
def test_everyday_queries_find_their_page_in_the_first_three_results(browser_page, base_url, protocol_of_page, lang):
    folder = EDITIONS[lang]
    protocol = protocol_of_page(folder + "contacts/")
    assert len(QUERIES[lang]) >= {"en": 40, "es": 30}[lang]
    browser_page.goto(base_url + folder + "contacts/")
    open_search(browser_page)
    assert_share_found(misses(browser_page, base_url + folder, protocol, QUERIES[lang]), QUERIES[lang])


@pytest.mark.parametrize("lang", EDITIONS)
def test_a_search_that_finds_nothing_points_to_the_questions_and_the_contacts(browser_page, base_url, protocol_of_page,
                                                                              lang):
    folder = EDITIONS[lang]
    browser_page.goto(base_url + folder + "situations/")
    open_search(browser_page)
    help_line = browser_page.locator(".ht-search-help")
    assert results_for(browser_page, "qwxzv") == []
    assert help_line.is_visible()
    # Readable where it shows: the search panel lies in the header, whose text is white (axe
    # leaves text over a panel like this one "incomplete", so the contrast is measured here).
    ratios = browser_page.evaluate(CONTRAST, ".ht-search-help, .ht-search-help a")
    assert min(ratios) >= 4.5, f"the pointer's text has a contrast of {min(ratios):.1f}:1 with its background"
    links = {a.get_attribute("href"): a.inner_text() for a in help_line.locator("a").all()}
    assert links == {"../decide/": language(lang).text("Answer a few questions"),
                     "../contacts/": language(lang).text("every number and email")}
    # While there are results, the pointer is out of the way.
    # Any word of the protocol finds something: the longest of its first situation's title.
    word = max(re.findall(r"\w+", protocol_of_page(folder).situations[0].title), key=len)
    assert results_for(browser_page, word)
    assert not help_line.is_visible()


# --- the index, and nothing on the page -----------------------------------------------------

def index_of(site: Path, folder: str) -> dict[str, dict]:
    data = json.loads((site / folder / "search" / "search_index.json").read_text(encoding="utf-8"))
    return {doc["location"]: doc for doc in data["docs"]}


@pytest.mark.parametrize("lang", EDITIONS)
def test_a_piece_of_a_phone_number_finds_no_page_and_snippets_keep_words_apart(browser_page, base_url, protocol_of_page,
                                                                              lang):
    """A reader's "16" (a teen's age) does not find a page by a piece of a number; a result's text
    never runs a label into its number ("Phone601-555-0100")."""
    folder = EDITIONS[lang]
    protocol = protocol_of_page(folder)
    browser_page.goto(base_url + folder + "contacts/")
    open_search(browser_page)
    numbers = [c for c in protocol.contacts if c.phone and len(c.phone_digits) >= 10]
    for contact in numbers:
        piece = contact.phone.split("-")[-1][:2]  # "01" of 601-555-0100: what a teen's age could be
        found = [url[len(base_url + folder):] for url in results_for(browser_page, piece)]
        assert "contacts/" not in found, (piece, found)
    results_for(browser_page, numbers[0].name.split()[-1] if numbers else protocol.contacts[0].name)
    snippets = " ".join(browser_page.locator(".md-search-result__article").all_inner_texts())
    assert not re.search(r"[^\W\d_]\d{3}-\d{3}-\d{4}", snippets), snippets[:300]


@pytest.mark.parametrize("lang", EDITIONS)
def test_each_pages_terms_are_in_its_entry_of_the_search_index(site, protocol_of_page, lang):
    folder = EDITIONS[lang]
    protocol = protocol_of_page(folder + "contacts/")
    index = index_of(site, folder)
    expected = terms_by_location(protocol)
    if not expected:
        pytest.skip("this protocol has no search terms")
    assert {loc: index[loc].get(TERMS_FIELD) for loc in expected} == expected
    # Only the page's own entry, not its sections: a section of the card never wins on them.
    assert [loc for loc, doc in index.items() if TERMS_FIELD in doc and loc not in expected] == []


def words_the_site_shows(protocol) -> str:
    """Every English text of protocol.yaml a page shows (not its search terms), the contacts'
    numbers and emails, the site's interface and its own pages."""
    texts = [s.text for s in english_texts(protocol) if not s.key.endswith("search_terms")
             and not s.key.startswith("search_terms.")]
    texts += [w for c in protocol.contacts for w in (c.phone, c.vanity, c.email) if w]
    texts += english_strings()
    texts += [p.read_text(encoding="utf-8") for p in (ROOT / "docs").rglob("*.md")]
    return " ".join(texts).casefold()


def test_search_terms_never_show_on_a_page_or_in_the_outline_without_javascript(site, protocol, page):
    shown = words_the_site_shows(protocol)
    # Terms that are not words of the site: were any rendered, it would be from search_terms.
    terms = {t for s in protocol.situations for t in s.search_terms} | \
            {t for c in protocol.contacts for t in c.search_terms} | \
            {t for _page, terms in protocol.page_terms for t in terms}
    foreign = sorted(t for t in terms if t.casefold() not in shown and len(t) > 3)
    if not foreign:
        pytest.skip("this protocol has no search term that is not already a word of the site")
    pattern = re.compile(r"\b(" + "|".join(re.escape(t) for t in foreign) + r")\b", re.I)
    for url in html_pages(site):
        if url.startswith("es/"):
            continue
        soup = BeautifulSoup(str(page(url)), "html.parser")
        for tag in soup.select("script, style"):
            tag.decompose()
        seen = pattern.findall(soup.get_text(" "))
        assert seen == [], f"{url or 'home'} shows search terms {sorted(set(seen))}"
