"""The Spanish edition (/es/) as a Spanish speaker meets it: every page in Spanish, the same
numbers and links as the English page, the switch between the two, the notice that the
translation is unofficial, search, the card and its PDF, the offline copy, and every route of
the widget (every route in Spanish: test_decision_widget.py). Every expectation comes from protocol.yaml,
protocol.es.yaml and interface.es.yaml."""
from __future__ import annotations

import json
import re
import zipfile
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from conftest import PROTOCOL_DIR, built_site_url, html_pages, missing_need, squash
from test_decision_widget import expect_heading

from macros.decision.paths import all_paths, path_result
from macros.languages.interface import english_strings, language, script_strings
from macros.languages.overlay import Untranslated, translated_protocol
from macros.languages.translation import english_texts, load_translation, pending_texts
from macros.load import load_protocol
from macros.pages.card import qr_svg
from macros.pages.card_budget import estimate as card_estimate
from macros.pages.editions import edition_url
from macros.pages.privacy import OFFLINE_FOLDER, OFFLINE_ZIP
from scripts import print_pdfs

# The Spanish edition of the protocol under test: skipped, saying so, where it has no translation.
pytestmark = pytest.mark.needs("translation")
if missing_need("translation"):
    pytest.skip(missing_need("translation"), allow_module_level=True)

ENGLISH = load_protocol(str(PROTOCOL_DIR / "protocol.yaml"))
TRANSLATION = load_translation(str(PROTOCOL_DIR / "protocol.es.yaml"), ENGLISH, "es")
SPANISH = translated_protocol(ENGLISH, TRANSLATION)
ES = language("es")
FOLDER = "es/"
PATHS = all_paths(SPANISH)
SITEMAP, XHTML = "{http://www.sitemaps.org/schemas/sitemap/0.9}", "{http://www.w3.org/1999/xhtml}"


def spanish_pages(site) -> list[str]:
    """Every Spanish page a reader can reach (the web server's not-found page is the root one)."""
    return [url for url in html_pages(site) if url.startswith(FOLDER) and url != FOLDER + "404.html"]


def english_pages(site) -> list[str]:
    return [url for url in html_pages(site)
            if not url.startswith((FOLDER, "offline/")) and url != "404.html"]


def visible_spanish_text(soup: BeautifulSoup) -> str:
    """What a reader sees, less what is English on purpose: official names and texts still
    waiting for their translation (both marked lang="en"), and the link to the English page."""
    body = BeautifulSoup(str(soup.body), "html.parser")
    for node in body.select('[lang="en"], script, style, .md-search-result, noscript'):
        node.decompose()
    text = " ".join(body.get_text(" ").split())
    # The published protocol's section titles, quoted in English where a contact's source
    # names them («If you are a Law Enforcement officer»).
    for title in PUBLISHED_SECTION_TITLES:
        text = text.replace(title, "")
    return text


PUBLISHED_SECTION_TITLES = sorted({title for contact in ENGLISH.contacts
                                   for title in re.findall(r'"([^"]+)"', contact.source)}, key=len, reverse=True)


def english_phrases() -> list[str]:
    """Pieces of the site's English interface text that must not appear on a Spanish page:
    each string (or, for one with fields, each piece of it between fields) that the table
    translates into something else, long enough to be English and not Spanish by chance."""
    phrases = set()
    for english in english_strings():
        if ES.text(english) == english:
            continue
        for piece in re.split(r"%\(\w+\)s|\{\w+\}", english):
            piece = piece.strip(" ,.:;()")
            if len(piece) >= 4 and re.search(r"[a-z]{3}", piece):
                phrases.add(piece)
    return sorted(phrases)


# --- every page --------------------------------------------------------------------------------

def test_the_spanish_edition_has_every_page_of_the_english_one(site):
    assert {FOLDER + url for url in english_pages(site)} <= set(spanish_pages(site))


def test_every_spanish_page_is_marked_as_spanish(site, page):
    for url in spanish_pages(site):
        assert page(url).html.get("lang") == "es", url


def test_no_english_interface_text_is_left_on_a_spanish_page(site, page):
    phrases = english_phrases()
    for url in spanish_pages(site):
        text = visible_spanish_text(page(url))
        left = [p for p in phrases if re.search(rf"(?<![\w-]){re.escape(p)}(?![\w-])", text)]
        assert left == [], f"{url}: English left: {left}"


def test_every_interface_string_has_its_spanish_with_the_same_fields():
    assert ES.missing(english_strings()) == []
    for english in english_strings():
        fields = sorted(re.findall(r"%\(\w+\)s|\{\w+\}", english))
        assert sorted(re.findall(r"%\(\w+\)s|\{\w+\}", ES.text(english))) == fields, english


def test_every_call_and_email_link_of_an_english_page_is_on_its_spanish_page(site, page):
    def links(soup):
        return sorted(a["href"] for a in soup.select('a[href^="tel:"], a[href^="mailto:"]'))
    for url in english_pages(site):
        assert links(page(FOLDER + url)) == links(page(url)), url


def test_the_language_switch_links_each_page_to_the_same_page_in_the_other_language(site, page):
    for url in english_pages(site):
        for here, there, code in ((url, FOLDER + url, "es"), (FOLDER + url, url, "en")):
            switch = page(here).select_one("header nav.ht-languages a[hreflang]")
            assert switch is not None, here
            assert (switch["hreflang"], switch["lang"], switch["rel"]) == (code, code, ["alternate"]), here
            base = site / here if here.endswith("/") or here == "" else (site / here).parent
            resolved, expected = (base / switch["href"]).resolve(), (site / there).resolve()
            assert resolved == expected, f"{here}: the switch leads to {resolved}, not {expected}"


def is_decision_screen(path) -> bool:
    return 'name="robots" content="noindex"' in path.read_text(encoding="utf-8")


def test_the_sitemaps_give_every_page_its_address_in_each_language(site):
    site_url = built_site_url(site)
    for sitemap, folder in ((site / "sitemap.xml", ""), (site / FOLDER / "sitemap.xml", FOLDER)):
        root = ElementTree.fromstring(sitemap.read_bytes())
        entries = {u.findtext(f"{SITEMAP}loc"): {link.get("hreflang"): link.get("href")
                                                 for link in u.findall(f"{XHTML}link")}
                   for u in root.findall(f"{SITEMAP}url")}
        for url in english_pages(site):
            if url.endswith(".html"):
                continue
            if is_decision_screen(site / url / "index.html"):
                # A step of one visit to "What should I do?", not a page to land on.
                assert site_url + folder + url not in entries, url
                continue
            assert entries[site_url + folder + url] == {
                "en": site_url + url, "es": site_url + FOLDER + url, "x-default": site_url + url}, url


def translation_facts() -> list[str]:
    """What every Spanish page says about its translation, from protocol.es.yaml and protocol.yaml."""
    facts = [ES.text("This website made this translation."),
             ES.text("It follows the English of this website's edition %(version)s.") % {
                 "version": ENGLISH.edition.version}]
    if TRANSLATION.reviewed_by:
        facts.append(ES.text("Reviewed by %(by)s on %(date)s.") % {
            "by": TRANSLATION.reviewed_by, "date": ES.format_date(TRANSLATION.reviewed_on)})
    else:
        facts.append(ES.text("No one has reviewed this translation yet."))
    pending = len(pending_texts(ENGLISH, TRANSLATION))
    if pending:
        facts.append(ES.text("Texts not translated yet are shown in English, marked: %(count)s.") % {"count": pending})
    return facts


def test_every_spanish_page_404_included_says_whose_translation_it_is_and_who_reviewed_it(site, page):
    summary = ES.text("Unofficial translation: the English governs")
    for url in spanish_pages(site) + [FOLDER + "404.html"]:
        notice = page(url).select_one("article details.ht-translation-notice")
        assert notice is not None, url
        assert squash(notice.summary.get_text(" ")) == squash(summary), url
        text = squash(notice.get_text(" "))
        missing = [fact for fact in translation_facts() if squash(fact) not in text]
        assert missing == [], url
        # Before anything it translates: the notice is the content's first element.
        assert page(url).select_one("article").find(True) is notice, url
    home = squash(page(FOLDER).select_one("article").get_text(" "))
    assert squash(ES.text("About this translation")) in home
    assert [fact for fact in translation_facts() if squash(fact) not in home] == []
    for url in english_pages(site) + ["404.html"]:
        assert page(url).select_one(".ht-translation-notice") is None, url


def test_the_law_and_agency_names_keep_their_official_english_form(page):
    home = page(FOLDER)
    statute = home.select_one(".ht-statute")
    assert SPANISH.info.statute.citation in home.get_text()
    assert statute.select_one('[lang="en"]').get_text() == ENGLISH.info.statute.title
    for contact, spanish in zip(ENGLISH.contacts, SPANISH.contacts):
        if contact.kind == "emergency":
            continue
        heading = page(FOLDER + "contacts/").select_one(f"#{contact.id} h2")
        english = " ".join(part.get_text() for part in heading.select('[lang="en"]'))
        assert unbracketed(english) == unbracketed(contact.name), contact.id
        # Every name leads in English, the website's own labels too: one order for every contact.
        assert unbracketed(heading.get_text(" ")).startswith(unbracketed(contact.name)), contact.id
        assert not re.search(r"\)\s*\(", heading.get_text()), f"{contact.id}: brackets stacked in {heading.get_text()!r}"


def unbracketed(text: str) -> str:
    return squash(re.sub(r"[()]", " ", text))


def test_spanish_texts_come_from_the_translation_and_pending_ones_are_marked(page):
    """Whatever protocol.es.yaml holds now: a current translation is shown, a stale or missing
    one shows the English marked as pending (tests/test_translation_checks.py makes one)."""
    pending = {p.source.key for p in pending_texts(ENGLISH, TRANSLATION)}
    text = squash(page(FOLDER + "contacts/").get_text(" "))
    for contact in SPANISH.contacts:
        shown = squash(contact.purpose)
        assert shown in text
        if f"contact.{contact.id}.purpose" in pending:
            assert isinstance(contact.purpose, Untranslated)


def test_search_is_in_spanish_and_indexes_the_spanish_pages(site):
    index = json.loads((site / FOLDER / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["es"]
    texts = " ".join(doc["text"] for doc in index["docs"])
    assert squash(SPANISH.situations[0].steps[-1].text.split("(")[0])[:20] in squash(texts)


def test_the_quick_exit_is_in_spanish_and_its_script_speaks_spanish(site, page):
    link = page(FOLDER).select_one("a.ht-quick-exit")
    assert squash(link.get_text()) == squash(str(SPANISH.info.quick_exit_label))
    assert link["href"] == ENGLISH.info.quick_exit_url
    shipped = json.loads(page(FOLDER).select_one("script#ht-strings").string)
    assert shipped == {name: {key: ES.text(text) for key, text in strings.items()}
                       for name, strings in script_strings().items()}
    assert page("").select_one("script#ht-strings") is None


@pytest.mark.browser
def test_shift_pressed_on_a_spanish_page_is_announced_in_spanish(browser_page, base_url):
    browser_page.goto(base_url + FOLDER)
    browser_page.keyboard.press("Shift")
    status = browser_page.locator(".ht-quick-exit-status")
    expected = ES.text(script_strings()["quickExit"]["pressTwoMoreTimes"])
    browser_page.wait_for_function("(t) => document.querySelector('.ht-quick-exit-status').textContent === t",
                                   arg=expected)
    assert status.text_content() == expected


# --- the card -----------------------------------------------------------------------------------

def test_the_spanish_card_has_its_own_qr_code_to_its_edition_on_the_spanish_site(site, page):
    card = page(FOLDER + print_pdfs.CARD_URL).select_one(".ht-card")
    spanish_edition = built_site_url(site) + FOLDER + edition_url(SPANISH.edition)
    assert card.select_one(".ht-card-url").get_text() == spanish_edition
    assert str(card.select_one(".ht-card-qr svg")) == str(BeautifulSoup(qr_svg(spanish_edition), "html.parser").svg)
    assert page(FOLDER + print_pdfs.CARD_URL).select_one("a.ht-card-pdf")["href"] == "card.pdf"


@pytest.mark.browser
def test_the_spanish_card_prints_on_the_sides_it_promises_with_every_number(browser, base_url):
    import io

    from pypdf import PdfReader
    context = browser.new_context()
    try:
        pdf = print_pdfs.print_page(context.new_page(), base_url + FOLDER + print_pdfs.CARD_URL)
    finally:
        context.close()
    reader = PdfReader(io.BytesIO(pdf))
    sides = card_estimate(SPANISH).pages  # both sides of one sheet, or what a long protocol needs
    if len(reader.pages) != sides and SPANISH.pending_texts:
        pytest.skip(f"{SPANISH.pending_texts} Spanish texts are still in English; make build warns that the card does not fit")
    assert len(reader.pages) == sides
    text = squash(" ".join(p.extract_text() for p in reader.pages))
    for contact in ENGLISH.contacts:
        for way in (contact.phone, contact.email):
            if way:
                assert way in text, contact.id


# --- the offline copy ---------------------------------------------------------------------------

def test_the_offline_copy_carries_both_languages(site):
    with zipfile.ZipFile(site / OFFLINE_ZIP) as archive:
        names = set(archive.namelist())
        for url in english_pages(site):
            for lang_url in (url, FOLDER + url):
                name = f"{OFFLINE_FOLDER}/{lang_url}index.html" if lang_url.endswith("/") or lang_url in ("", FOLDER) \
                    else f"{OFFLINE_FOLDER}/{lang_url}"
                assert name in names, name
        page = BeautifulSoup(archive.read(f"{OFFLINE_FOLDER}/{FOLDER}decide/index.html"), "html.parser")
    assert page.html["lang"] == "es"
    switch = page.select_one("nav.ht-languages a")["href"]
    assert switch == "../../decide/index.html"


# --- the widget: every route in Spanish is in test_decision_widget.py, one language a parameter -----


def test_every_accented_word_of_the_spanish_search_index_is_also_there_without_accents(site):
    """People type on phones without accents: 'victima' must find what 'víctima' finds."""
    import unicodedata

    def plain(word):
        return "".join(c for c in unicodedata.normalize("NFD", word) if unicodedata.category(c) != "Mn")
    index = json.loads((site / FOLDER / "search" / "search_index.json").read_text(encoding="utf-8"))
    accented = 0
    for doc in index["docs"]:
        words = set(re.findall(r"\w+", doc["text"]))
        for word in words:
            if plain(word) != word:
                accented += 1
                assert plain(word) in words, (doc["location"], word)
    assert accented, "the Spanish index has no accented word"


@pytest.mark.browser
def test_spanish_search_typed_without_accents_finds_the_page(browser_page, base_url):
    import unicodedata
    situation = next(s for s in SPANISH.situations if any(
        unicodedata.normalize("NFD", w) != w for w in re.findall(r"\w+", str(s.title))))
    word = next(w for w in re.findall(r"\w+", str(situation.title)) if unicodedata.normalize("NFD", w) != w)
    typed = "".join(c for c in unicodedata.normalize("NFD", word) if unicodedata.category(c) != "Mn")
    browser_page.goto(base_url + FOLDER)
    browser_page.keyboard.press("s")  # Material: "s" opens search
    browser_page.keyboard.type(typed)
    browser_page.wait_for_function(
        "(title) => [...document.querySelectorAll('.md-search-result__item')].some("
        "(item) => item.textContent.replace(/\\s+/g, ' ').includes(title))", arg=squash(str(situation.title)))


@pytest.mark.browser
def test_the_language_switch_keeps_the_answers_given_and_the_contact_opened(browser_page, base_url):
    path = PATHS[len(PATHS) // 2]
    browser_page.goto(base_url + f"decide/#route={path.key}")
    switch = browser_page.locator("nav.ht-languages a.ht-language-link")
    browser_page.wait_for_function("(k) => document.querySelector('.ht-language-link').getAttribute('href')"
                                   ".endsWith('#route=' + k)", arg=path.key)
    switch.click()
    browser_page.wait_for_function("(k) => { const w = document.querySelector('[data-module=\"decision-widget\"]');"
                                   " return location.pathname.endsWith('/es/decide/') && w && "
                                   "w.dataset.shown === '#route=' + k; }", arg=path.key)
    expect_heading(browser_page, path_result(SPANISH, path).outcome.title)
    contact = ENGLISH.contacts[-1]
    browser_page.goto(base_url + f"{FOLDER}contacts/#{contact.id}")
    assert browser_page.locator(".ht-language-link").get_attribute("href") == f"../../contacts/#{contact.id}"


def test_the_not_found_page_speaks_every_language_and_leads_home(page):
    not_found = page("404.html")
    spanish = not_found.select_one('.md-content div[lang="es"]')
    assert squash(spanish.h2.get_text()) == ES.text("Page not found")
    assert spanish.a["href"].endswith("/es/") and squash(spanish.a.get_text()) == ES.text("Go to the home page")
    assert page(FOLDER + "404.html").h1.get_text() == ES.text("Page not found")


def test_the_spanish_contacts_file_is_in_spanish_with_the_same_numbers(site):
    english = (site / "contacts.vcf").read_text(encoding="utf-8")
    spanish = (site / FOLDER / "contacts.vcf").read_text(encoding="utf-8")
    numbers = lambda text: re.findall(r"^(?:TEL|EMAIL)[^:]*:(.*)$", text, re.M)  # noqa: E731
    assert numbers(spanish) == numbers(english)
    unfolded = spanish.replace("\n ", "")  # read_text turns the CRLF line ends into \n
    checked = ES.text("From the %(title)s; checked against the published text on %(date)s.").split("%(")[0]
    assert unfolded.count(checked.replace(",", "\\,")) == len(SPANISH.contacts)


def test_the_spanish_contacts_file_names_every_contact_in_english_first_then_in_spanish(site):
    cards = (site / FOLDER / "contacts.vcf").read_text(encoding="utf-8").replace("\n ", "")
    names = [line[len("FN:"):].replace("\\,", ",") for line in cards.splitlines() if line.startswith("FN:")]
    for contact, spanish, name in zip(ENGLISH.contacts, SPANISH.contacts, names, strict=True):
        if contact.kind != "emergency":
            assert unbracketed(name).startswith(unbracketed(contact.name)), contact.id
            assert unbracketed(spanish.name.other) in unbracketed(name), contact.id


def test_every_quotation_on_a_spanish_page_says_it_is_this_websites_unofficial_translation(site, page):
    """The statute on the home page, mandatory reporting and the card, the protocol's quoted
    steps on every page and both sides of the card: never shown as if the task force wrote them."""
    mark = squash(ES.text("(unofficial translation)"))
    unmarked = {}
    for url in spanish_pages(site):
        for quote in page(url).select("article blockquote, article q"):
            block = quote.find_parent(["figure", "li", "p"]) or quote
            if mark not in squash(block.get_text(" ")):
                unmarked.setdefault(url, []).append(squash(quote.get_text(" "))[:60])
    assert unmarked == {}
    card = page(FOLDER + "card/")
    assert squash(ES.text("(unofficial translation)")) in squash(card.select_one(".ht-card-foot").get_text(" "))
    assert len(card.select(".ht-card-back q.ht-protocol-quote")) == len(card.select(".ht-card-back .ht-translation-mark"))


def test_the_spanish_changelog_shows_the_editions_own_changes_under_their_edition(page):
    sections = {squash(section.h2.get_text()): section for section in page(FOLDER + "changelog/").select(".ht-change")}
    for note in SPANISH.edition_notes:
        section = sections[squash(ES.text("Edition %(version)s") % {"version": note.edition})]
        assert squash(note.text) in squash(section.get_text(" ")), note.edition
    assert page("changelog/").select(".ht-edition-note") == []


# --- the wording the Spanish edition keeps (protocol.es.yaml and interface.es.yaml) ---------

def spanish_texts() -> list[tuple[str, str, str]]:
    """(where, English, Spanish) for every text a Spanish reader sees, search terms aside."""
    english = {source.key: source.text for source in english_texts(ENGLISH)}
    texts = [(f"protocol.es.yaml {key}", english[key], entry.text) for key, entry in TRANSLATION.entries.items()
             if key in english and not key.endswith("search_terms") and not key.startswith("search_terms.")]
    texts += [(f"interface.es.yaml {en!r}", en, ES.text(en)) for en in english_strings()]
    texts += [(f"protocol.es.yaml changes {note.edition}", "", note.text) for note in TRANSLATION.notes]
    return texts


def test_law_enforcement_is_always_policial_and_policia_only_where_the_english_says_police():
    """One word for "law enforcement" (it includes MBI agents and sheriffs), as the answers and
    the card say it; «la policía» only translates "police"."""
    police = re.compile(r"\bpolic[ií]as?\b", re.I)
    narrowed = [where for where, en, es in spanish_texts() if police.search(es) and en and "police" not in en.lower()]
    assert narrowed == []
    lost = [where for where, en, es in spanish_texts() if "law enforcement" in en.lower() and "policial" not in es.lower()]
    assert lost == []


@pytest.mark.parametrize("word, why", [
    (r"\bdesconflic", "not Spanish: write «verificación de conflictos» (deconfliction)"),
    (r"\bde MS\b", "unclear to many readers: write «de Mississippi»"),
])
def test_the_spanish_edition_no_longer_uses(word, why):
    found = [where for where, _en, es in spanish_texts() if re.search(word, es)
             and not where.startswith("protocol.es.yaml changes")]  # the changelog names what was fixed
    assert found == [], why


def test_a_spanish_page_that_lists_official_english_names_says_why_they_are_in_english(page):
    note = squash(ES.text("Official names of agencies, phone lines and laws stay in English, with a translation in brackets."))
    for url in (FOLDER, FOLDER + "contacts/"):
        shown = [squash(p.get_text(" ")) for p in page(url).select("article .ht-official-note")]
        assert note in shown, url
    assert page("contacts/").select(".ht-official-note") == [] and page("").select(".ht-official-note") == []
