"""What a trainer gets from /card/ (on screen, printed, as the PDF) and what every reference
page looks like on paper: printed by headless Chromium exactly as the Print dialog would."""
from __future__ import annotations

import copy
import io
import re
import shutil
import subprocess
import sys
import urllib.request
from urllib.parse import urlsplit

import pytest
import zxingcpp
from bs4 import BeautifulSoup
from conftest import (
    LANGUAGE_FOLDERS,
    NUMBER_IN_WORDS,
    ROOT,
    built_site_url,
    content,
    copy_project,
    every_print,
    run_mkdocs_build,
    serve,
    squash,
)
from pdf_checks import at_largest_type, text_sizes, used_share
from PIL import Image
from pypdf import PdfReader

from macros.pages.card import is_local
from macros.pages.card_budget import estimate as card_estimate
from macros.pages.editions import edition_url
from macros.pages.render import format_date, situation_url
from scripts import print_pdfs

PAPERS = ["Letter", "A4"]
PAGE_MARGIN_MM = 10  # print.css @page
CARD_USED_SHARE = .75  # each side of the card carries ink on at least this share of its paper
CARD_SMALLEST_PT = 8
# The printable width of the narrower sheet (A4, 210 mm less two 10 mm margins) in CSS px.
A4_PRINT_WIDTH_PX = 718
NINE_POINTS_PX = 12  # 9 pt = 12 CSS px
REFERENCE_PAGES = ["", "contacts/", "mandatory-reporting/", "situations/"]
CHROME = ".md-header, .md-tabs, .md-sidebar, .md-footer, .md-skip"


def reference_pages(protocol) -> list[str]:
    return REFERENCE_PAGES + [situation_url(s) for s in protocol.situations]


@pytest.fixture(scope="session")
def printed(browser, base_url):
    """printed('contacts/', 'Letter') -> the page's PDF, as Chromium prints it (cached), each by
    the same tab (a page is printed as it loads: nothing of the one before stays)."""
    cache: dict[tuple[str, str], PdfReader] = {}
    context = browser.new_context()
    tab = context.new_page()

    def print_pdf(url: str, paper: str = "Letter") -> PdfReader:
        if (url, paper) not in cache:
            pdf = print_pdfs.print_page(tab, base_url + url, paper)
            cache[url, paper] = PdfReader(io.BytesIO(pdf))
            cache[url, paper].raw = pdf  # the bytes, for rendering (pdf_checks.used_share)
        return cache[url, paper]
    yield print_pdf
    context.close()


def pdf_text(reader: PdfReader) -> str:
    return squash(" ".join(page.extract_text() for page in reader.pages))


@pytest.fixture
def print_view(browser, base_url):
    """open('card/') -> a page laid out as on paper: print media, the printable A4 width. One tab
    opens each page in turn (a page is laid out as it loads: nothing of the one before stays)."""
    context = browser.new_context(viewport={"width": A4_PRINT_WIDTH_PX, "height": 1000}, device_scale_factor=2)
    tab = context.new_page()
    tab.emulate_media(media="print")

    def open_page(url: str):
        tab.goto(base_url + url)
        return tab
    yield open_page
    context.close()


# --- the card ---------------------------------------------------------------------------------

@pytest.mark.parametrize("paper", PAPERS)
def test_card_prints_on_the_sides_its_page_promises_each_side_labelled(protocol, printed, site, paper):
    """Both sides of one sheet while the situations fit one side in 8 pt type; a long protocol's
    take more sides, and the card's page says how many (the build's estimate)."""
    sides = card_estimate(protocol).pages
    assert print_pdfs.promised_pages(site / print_pdfs.CARD_URL / "index.html", print_pdfs.CARD) == sides
    reader = printed(print_pdfs.CARD_URL, paper)
    assert len(reader.pages) == sides, f"the card takes {len(reader.pages)} {paper} pages, not {sides}"
    front, *back = (squash(p.extract_text()) for p in reader.pages)
    for number, side in enumerate([front, *back], 1):
        assert f"side {number} of {sides}" in side.lower(), number
    for contact in protocol.contacts:  # side 1: every contact
        assert contact.name in front and (contact.phone_display or contact.email) in front, contact.id
    for situation in protocol.situations:  # the sides after it: every situation
        assert situation.title in " ".join(back), situation.id


@pytest.mark.parametrize("paper", PAPERS)
def test_printed_card_holds_every_number_and_email_of_the_protocol(protocol, printed, paper):
    text = pdf_text(printed(print_pdfs.CARD_URL, paper))
    for contact in protocol.contacts:
        assert contact.name in text, contact.id
        if contact.phone:
            assert contact.phone_display in text, contact.id
        if contact.email:
            assert contact.email in text, contact.id
        if contact.hours:
            assert contact.hours in text, contact.id


def test_printed_card_starts_with_the_911_line_before_any_other_number(protocol, printed):
    text = pdf_text(printed(print_pdfs.CARD_URL))
    emergency = protocol.info.emergency_text
    assert emergency in text
    others = [c for c in protocol.contacts if c != protocol.info.emergency_contact]
    first_other = min(text.index(c.phone or c.email) for c in others)
    assert text.index(emergency) < first_other


def test_printed_card_shows_the_website_edition_the_checked_date_and_the_statute(protocol, printed):
    info = protocol.info
    text = pdf_text(printed(print_pdfs.CARD_URL))
    assert f"Website edition {protocol.edition.version}, {format_date(protocol.edition.date)}" in text
    assert "verified" not in text.lower()
    oldest = min(c.checked for c in protocol.contacts)
    assert f"checked against it on or after {format_date(oldest)}" in text
    assert info.statute.citation in text
    assert squash(info.statute.text) in text


def test_card_sums_up_every_situation_with_each_steps_action_contacts_checklists_and_cautions(protocol, page):
    card = page(print_pdfs.CARD_URL).select_one(".ht-card")
    for situation in protocol.situations:
        section = card.select_one(f'section[aria-labelledby="ht-card-{situation.id}"]')
        assert section is not None, situation.id
        text = squash(section.get_text(" "))
        assert situation.title in text
        tel = {a["href"] for a in section.select('a[href^="tel:"]')}
        mail = {a["href"] for a in section.select('a[href^="mailto:"]')}
        for contact in situation.contacts:
            assert contact.tel_href is None or contact.tel_href in tel, (situation.id, contact.id)
            assert contact.mailto_href is None or contact.mailto_href in mail, (situation.id, contact.id)
        lines = section.select(".ht-card-steps > li")
        assert len(lines) == len(situation.steps), situation.id
        for step, line in zip(situation.steps, lines):
            line = copy.copy(line)  # the parsed page is shared by every test: leave it whole
            condition = line.select_one(".ht-card-condition")
            # A step for some callers only says for whom, before its words (macros/pages/render.py).
            assert (condition is not None) == bool(step.audience), (situation.id, step.text)
            if condition is not None:
                condition.extract()
            shown = squash(line.get_text(" "))
            # Every step keeps its action (its own words, or its shorter card wording), labelled by kind.
            label = f"{step.label}: " if step.label else ""
            assert shown.startswith(squash(label + step.card_text)), (situation.id, shown)
            for item in step.items:
                assert squash(item) in shown, (situation.id, item)
            for contact in step.contacts:
                assert contact.name in shown, (situation.id, contact.id)
    # Whom a step is for is this website's reading, and the card says so once.
    if any(step.audience for situation in protocol.situations for step in situation.steps):
        assert card.select_one(".ht-card-reading") is not None


@pytest.mark.parametrize("folder", LANGUAGE_FOLDERS)
def test_a_number_in_a_steps_own_words_is_kept_on_one_line_on_the_card_and_each_situation_page(
        protocol_of_page, page, folder):
    """A number quoted in a step's own words never breaks at a hyphen, on paper or a phone: wherever
    the page shows a number a step's words hold, it is inside a part kept on one line."""
    protocol = protocol_of_page(folder)
    numbers = {n for situation in protocol.situations for step in situation.steps
               for n in NUMBER_IN_WORDS.findall(step.text + " " + step.card_text)}
    for url in [print_pdfs.CARD_URL] + [situation_url(s) for s in protocol.situations]:
        body = page(folder + url).select_one("article, .md-content")
        loose = [str(text) for text in body.find_all(string=True)
                 if text.parent.name not in ("script", "style") and any(n in text for n in numbers)
                 and not text.find_parent(class_="ht-tel-part")]
        assert loose == [], folder + url


def test_card_text_is_at_least_9_points_and_black_when_printed(print_view):
    page = print_view(print_pdfs.CARD_URL)
    styles = page.evaluate("""() => {
        const found = [];
        const walker = document.createTreeWalker(document.querySelector('.ht-card'), NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) {
            const el = walker.currentNode.parentElement;
            if (!walker.currentNode.textContent.trim() || !el.getClientRects().length) continue;
            const style = getComputedStyle(el);
            found.push({text: walker.currentNode.textContent.trim(), size: parseFloat(style.fontSize), color: style.color});
        }
        return found;
    }""")
    assert len(styles) > 50
    too_small = [s for s in styles if s["size"] < NINE_POINTS_PX]
    assert not too_small, too_small[:5]
    not_black = [s for s in styles if s["color"] != "rgb(0, 0, 0)"]
    assert not not_black, not_black[:5]


def test_nothing_on_the_printed_card_is_cut_off_at_the_sides(print_view):
    page = print_view(print_pdfs.CARD_URL)
    overflow = page.evaluate("""() => {
        const card = document.querySelector('.ht-card');
        const edge = card.getBoundingClientRect();
        const out = [...card.querySelectorAll('*')].filter(el => {
            const r = el.getBoundingClientRect();
            return r.width && (r.left < edge.left - 0.5 || r.right > edge.right + 0.5);
        }).map(el => el.outerHTML.slice(0, 80));
        return {out, scroll: card.scrollWidth, client: card.clientWidth, page: document.documentElement.scrollWidth};
    }""")
    assert overflow["out"] == []
    assert overflow["scroll"] <= overflow["client"]
    assert overflow["page"] <= A4_PRINT_WIDTH_PX


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("folder", LANGUAGE_FOLDERS, ids=[f.strip("/") or "en" for f in LANGUAGE_FOLDERS])
def test_each_side_of_the_card_uses_most_of_its_paper_in_type_of_8_points_or_more(
        printed, site, protocol_of_page, folder, paper):
    reader = printed(folder + print_pdfs.CARD_URL, paper)
    sides = print_pdfs.promised_pages(site / folder / print_pdfs.CARD_URL / "index.html", print_pdfs.CARD)
    if len(reader.pages) != sides and folder and protocol_of_page(folder).pending_texts:
        pytest.skip(f"texts of {folder} are still in English; make build warns that its card does not fit")
    assert len(reader.pages) == sides
    for side in range(sides):
        share = used_share(reader.raw, side, PAGE_MARGIN_MM)
        assert share >= CARD_USED_SHARE or at_largest_type(site / folder / print_pdfs.CARD_URL / "index.html", side), \
            f"side {side + 1} on {paper}: {share:.0%} of the paper used, and its type could be larger"
        smallest = min(text_sizes(reader, side))
        assert smallest >= CARD_SMALLEST_PT - .05, f"side {side + 1} on {paper}: text of {smallest:.1f} pt"
    text = pdf_text(reader)
    for contact in protocol_of_page(folder + print_pdfs.CARD_URL).contacts:
        assert all(way in text for way in (contact.phone_display, contact.email) if way), contact.id


def test_printed_qr_code_decodes_to_its_editions_page(print_view, site, protocol):
    page = print_view(print_pdfs.CARD_URL)
    qr = page.locator(".ht-card-qr svg")
    assert qr.count() == 1
    width_mm = qr.bounding_box()["width"] * 25.4 / 96
    assert width_mm >= 20, f"the QR code prints {width_mm:.0f} mm wide; too small to scan from a wall"
    image = Image.open(io.BytesIO(page.locator(".ht-card").screenshot()))
    decoded = [barcode.text for barcode in zxingcpp.read_barcodes(image)]
    assert decoded == [built_site_url(site) + edition_url(protocol.edition)]


def test_qr_code_is_drawn_into_the_page_not_fetched(page):
    card = page(print_pdfs.CARD_URL).select_one(".ht-card")
    assert card.select_one(".ht-card-qr svg path") is not None
    assert card.select("img, object, iframe, image") == []


@pytest.mark.slow  # builds a whole copy of the site
def test_build_without_site_url_says_the_card_needs_it(tmp_path):
    project = copy_project(tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(re.sub(r"^site_url:.*$", "", config.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "site_url is not set; the quick-reference card's QR code points there" in result.stderr


@pytest.mark.parametrize("site_url, local", [
    ("http://127.0.0.1:8000/", True), ("http://localhost:8000/ht/", True), ("http://[::1]:8000/", True),
    ("http://0.0.0.0:8000/", True), ("file:///home/me/site/", True), ("https://ht-protocol.example.org/", False),
    ("https://owner.github.io/repo/", False), ("http://10.1.2.3/", False),
])
def test_only_an_address_on_this_computer_counts_as_local(site_url, local):
    assert is_local(site_url) is local


@pytest.mark.slow  # builds a whole copy of the site
def test_a_local_build_prints_preview_instead_of_the_qr_code_and_says_so_without_failing(tmp_path):
    project = copy_project(tmp_path)
    result = run_mkdocs_build(project, tmp_path / "site", "http://127.0.0.1:8000/")
    assert result.returncode == 0, result.stderr  # --strict: a warning, not a failure
    assert ('WARNING -  site_url is http://127.0.0.1:8000/, a local address: the quick-reference card '
            'says "PREVIEW, not for printing" instead of its QR code. To print cards, build with the '
            'published address: SITE_URL=https://... make build') in result.stderr.splitlines()
    html = (tmp_path / "site" / print_pdfs.CARD_URL / "index.html").read_text(encoding="utf-8")
    qr = BeautifulSoup(html, "html.parser").select_one(".ht-card .ht-card-qr")
    assert squash(qr.get_text(" ")) == "PREVIEW, not for printing"
    assert qr.select("svg") == []


def test_a_published_build_has_the_qr_code_and_no_preview_mark(page):
    qr = page(print_pdfs.CARD_URL).select_one(".ht-card .ht-card-qr")
    assert qr.select_one("svg") is not None
    assert "PREVIEW" not in qr.get_text()


@pytest.mark.browser  # the command prints with its own Chromium
def test_card_page_offers_the_pdf_and_the_pdf_command_makes_it(site, page, tmp_path):
    link = page(print_pdfs.CARD_URL).select_one("a.ht-card-pdf")
    assert link is not None and link["href"] == print_pdfs.PDF_NAME
    # A copy: the session's site stays exactly what `mkdocs build` made, for the other tests.
    published = shutil.copytree(site, tmp_path / "site")
    # The command `make build` runs after `mkdocs build` (a separate process: it starts its own Playwright).
    made = subprocess.run([sys.executable, "-m", "scripts.print_pdfs", str(published)], cwd=ROOT, capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    with serve(published) as base_url, urllib.request.urlopen(base_url + print_pdfs.CARD_URL + link["href"]) as response:
        assert response.status == 200
        assert response.headers["Content-Type"] == "application/pdf"
        reader = PdfReader(io.BytesIO(response.read()))
    assert len(reader.pages) == print_pdfs.promised_pages(site / print_pdfs.CARD_URL / "index.html", print_pdfs.CARD)
    assert reader.pages[0].mediabox.width == pytest.approx(612, abs=1)  # US Letter, 8.5 in


# --- every reference page on paper ----------------------------------------------------------

def test_every_reference_page_prints_its_contacts_and_none_of_the_site_chrome(protocol, page, printed):
    for url in reference_pages(protocol):
        soup = page(url)
        main = content(soup)
        on_page = squash(main.get_text(" ")) + " " + squash(soup.select_one(".md-banner").get_text(" "))
        text = pdf_text(printed(url))
        # The foot of each sheet names the edition, as the footer does on screen: not the footer.
        foot = soup.select_one("style[data-print-edition]")
        if foot:
            text = text.replace(squash(re.search(r'content: "([^"]*)"', foot.string)[1]), "")
        for link in main.select('a[href^="tel:"], a[href^="mailto:"]'):
            assert squash(link.get_text(" ")) in text, (url, link["href"])
        chrome = {squash(s) for el in soup.select(CHROME) for s in el.find_all(string=True)}
        leaked = [s for s in chrome if len(s) > 3 and s not in on_page and s in text]
        assert leaked == [], (url or "home", leaked)


def test_the_emergency_line_stays_on_every_printed_reference_page(protocol, printed):
    for url in reference_pages(protocol):
        assert protocol.info.emergency_text in pdf_text(printed(url)), url


def test_every_sheet_of_a_printed_reference_page_says_its_edition_and_takes_no_sheet_more_for_it(
        protocol, site, page, printed, browser, base_url):
    """A printed result or situation kept at a nursing station can be checked, as the prints can:
    the foot of each sheet names the edition and its page, in the margin, so the page prints on
    as many sheets as without it. The prints for trainers carry their own line, not this one."""
    address = built_site_url(site) + edition_url(protocol.edition)
    context = browser.new_context()
    tab = context.new_page()
    for url in reference_pages(protocol):
        reader = printed(url)
        for number, sheet in enumerate(reader.pages, 1):
            text = squash(sheet.extract_text())
            assert address in text and f"Website edition {protocol.edition.version}" in text, (url or "home", number)
        tab.goto(base_url + url)
        tab.evaluate("document.querySelectorAll('style[data-print-edition]').forEach((s) => s.remove())")
        tab.emulate_media(media="print")
        assert len(PdfReader(io.BytesIO(tab.pdf(format="Letter"))).pages) == len(reader.pages), url or "home"
    context.close()
    for _print, url in every_print(protocol):
        assert page(url).select("style[data-print-edition]") == [], url


def test_no_printout_ends_with_a_blank_page(protocol, printed):
    for url in reference_pages(protocol) + [print_pdfs.CARD_URL]:
        for paper in PAPERS:
            reader = printed(url, paper)
            blank = [n for n, p in enumerate(reader.pages, 1) if not p.extract_text().strip()]
            assert blank == [], f"{url or 'home'} on {paper}: blank page(s) {blank} of {len(reader.pages)}"


@pytest.mark.parametrize("paper", PAPERS)
def test_printed_contacts_page_never_splits_a_contact_across_pages(protocol, printed, paper):
    pages = [squash(p.extract_text()) for p in printed("contacts/", paper).pages]
    for contact in protocol.contacts:
        ways = [w for w in (contact.phone_display, contact.email) if w]
        assert any(contact.name in p and all(w in p for w in ways) for p in pages), contact.id


def test_widget_controls_quick_exit_and_site_chrome_are_hidden_in_print(protocol, print_view):
    for url in reference_pages(protocol) + [print_pdfs.CARD_URL]:
        page = print_view(url)
        shown = page.evaluate("""(selector) => [...document.querySelectorAll(selector)]
            .filter(el => el.getClientRects().length > 0)
            .map(el => el.className || el.tagName)""", f"{CHROME}, .ht-no-print, .ht-quick-exit")
        assert shown == [], (url or "home", shown)


def test_phone_and_email_links_print_as_plain_black_text(print_view):
    page = print_view("contacts/")
    looks = page.evaluate("""() => [...document.querySelectorAll('article a[href^="tel:"], article a[href^="mailto:"]')]
        .map(a => { const s = getComputedStyle(a);
                    return {color: s.color, border: s.borderTopWidth, size: parseFloat(s.fontSize)}; })""")
    assert looks
    assert {look["color"] for look in looks} == {"rgb(0, 0, 0)"}
    assert {look["border"] for look in looks} == {"0px"}
    assert min(look["size"] for look in looks) >= NINE_POINTS_PX


def test_a_link_to_another_site_prints_its_address_and_a_link_within_the_site_does_not(print_view):
    page = print_view("contacts/")
    after = page.evaluate("""() => {
        const article = document.querySelector('article.md-content__inner');
        const outside = Object.assign(document.createElement('a'), {href: 'https://www.example.org/help', textContent: 'help'});
        const inside = Object.assign(document.createElement('a'), {href: '../situations/', textContent: 'situations'});
        article.append(outside, inside);
        return [outside, inside].map(a => getComputedStyle(a, '::after').content);
    }""")
    assert "https://www.example.org/help" in after[0]
    assert after[1] in ("none", "normal")


def test_the_index_of_first_contacts_never_puts_steps_before_911_and_marks_every_call_that_has_some(protocol):
    """Every print's "which situation, whom to contact first": a line whose page has steps
    (other than calling 911) before its first call says so; 911 is never behind a step."""
    from macros.decision.facts import first_contacts, page_sequences
    for row in first_contacts(protocol):
        assert not (row.steps_before and any(c.kind == "emergency" for c in row.contacts)), row.situation.id
        steps = page_sequences(protocol)[row.situation].steps
        if not row.contacts:
            continue
        first = next(i for i, step in enumerate(steps) if set(row.contacts) <= set(step.contacts))
        others = [s for s in steps[:first] if not (s.contacts and all(c.kind == "emergency" for c in s.contacts))]
        assert row.steps_before == bool(others), row.situation.id


def test_the_not_found_pages_lead_home_in_every_language(site, page):
    """The web server shows 404.html at any missing address: its links are absolute paths of
    this site, never '//…', which a browser reads as another host."""
    root = urlsplit(built_site_url(site)).path
    for url, home in ((folder + "404.html", root + folder) for folder in LANGUAGE_FOLDERS):
        links = [a["href"] for a in content(page(url)).select("a[href]")]
        assert home in links, (url, links)
        assert not [href for href in links if href.startswith("//")], (url, links)
