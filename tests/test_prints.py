"""The prints a trainer makes from /card/ (macros/pages/print_set.py): the quick-reference card,
the pocket cards and the flowchart poster, in both languages, printed by Chromium on US Letter
and A4 exactly as the Print dialog would. Each fits the pages it promises, in type no smaller
than its floor, uses its paper, carries every contact's number and email and a QR code to its
own language's site. Every expectation comes from protocol.yaml and the print list."""
from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest
import zxingcpp
from conftest import (
    LANGUAGE_FOLDERS,
    OTHER_JURISDICTION,
    PROTOCOL_DIR,
    built_site_url,
    copy_project,
    every_print,
    protocol_under_test,
    run_mkdocs_build,
    serve,
    NUMBER_IN_WORDS,
    squash,
)
from pdf_checks import at_largest_type, text_sizes, used_share
from pypdf import PdfReader

from macros.decision.facts import handouts
from macros.decision.paths import steps_of
from macros.load import load_protocol
from macros.pages.editions import edition_url
from macros.pages.handouts import handout_url
from macros.pages.print_set import CARD, POCKET, POSTER, PRINTS, WALL_PAPER, Print
from scripts import print_pdfs

pytestmark = pytest.mark.browser

PAPERS = ["Letter", "A4"]
# Every print's page: one for each print, one for each caller's handout (macros/pages/handouts.py).
PAGES = every_print(protocol_under_test())
CASES = [(print_, url, folder, paper) for print_, url in PAGES for folder in LANGUAGE_FOLDERS
         for paper in PAPERS + ([WALL_PAPER] if print_.wall_pdf else [])]


def case_id(print_: Print, url: str, folder: str) -> str:
    return "-".join([print_.id] + ([url.split("/")[-2]] if print_.per_caller else []) + [folder.strip("/") or "en"])


@pytest.fixture(scope="module")
def printed(browser, base_url):
    """printed(print, 'card/', 'es/', 'A4') -> the PDF's bytes, printed once per module, each by the
    same tab (a page is printed as it loads: nothing of the one before stays)."""
    cache: dict[tuple, bytes] = {}
    context = browser.new_context()
    tab = context.new_page()

    def pdf(print_: Print, url: str, folder: str, paper: str) -> bytes:
        key = (url, folder, paper)
        if key not in cache:
            cache[key] = print_pdfs.print_page(tab, base_url + folder + url, paper, print_.landscape)
        return cache[key]
    yield pdf
    context.close()


@pytest.mark.parametrize("print_, url, folder, paper", CASES,
                         ids=[f"{case_id(p, u, f)}-{paper}" for p, u, f, paper in CASES])
def test_each_print_fits_its_pages_in_readable_type_and_uses_its_paper(printed, site, protocol_of_page, print_, url,
                                                                       folder, paper):
    pdf = printed(print_, url, folder, paper)
    reader = PdfReader(io.BytesIO(pdf))
    promised = print_pdfs.promised_pages(site / folder / url / "index.html", print_)
    fits = len(reader.pages) == promised
    pending = protocol_of_page(folder).pending_texts
    if not fits and folder and pending:
        # An English edit never waits for a translator: make build warns, naming what to translate.
        message = print_pdfs.overflow_message(folder + url, print_, reader, paper, promised)
        pytest.skip(f"{pending} texts of {folder} are still in English, and the print warns: {message}")
    assert fits, print_pdfs.overflow_message(folder + url, print_, reader, paper, promised)
    floor = print_.wall_pt if paper == WALL_PAPER else print_.smallest_pt
    for index in range(promised):
        smallest = min(text_sizes(reader, index))
        assert smallest >= floor - .05, f"page {index + 1}: text of {smallest:.1f} pt on {paper}"
        share = used_share(pdf, index, print_.margin_mm)
        # A print cut at whole blocks over more pages than usual fills them less evenly.
        wanted = print_.used_share if promised == print_.pages else print_.used_share / 2
        assert share >= wanted or at_largest_type(site / folder / url / "index.html", index), \
            f"page {index + 1}: ink on {share:.0%} of the paper, and its type could be larger"


PRINTS_ALONE = [p for p in PRINTS if not p.per_caller]


LETTER_CASES = [(print_, url, folder) for print_, url in PAGES for folder in LANGUAGE_FOLDERS]


@pytest.mark.parametrize("print_, url, folder", LETTER_CASES, ids=[case_id(*case) for case in LETTER_CASES])
def test_each_print_carries_every_number_and_email_and_a_qr_code_to_its_editions_page(
        printed, protocol_of_page, site, print_, url, folder):
    """Every contact's number and email (a handout: those of its steps) and a QR code to its edition."""
    pdf = printed(print_, url, folder, "Letter")
    text = squash(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))
    protocol = protocol_of_page(folder + url)
    contacts = (dict.fromkeys(c for h in handouts(protocol) if url == handout_url(h.caller) for s in h.steps
                              for c in s.contacts) if print_.per_caller else protocol.contacts)
    missing = [f"{contact.id}: {way}" for contact in contacts
               for way in (contact.phone_display, contact.email) if way and way not in text]
    assert missing == []
    # A number quoted in a step's own words is on one line too.
    steps = (next(h.steps for h in handouts(protocol) if url == handout_url(h.caller)) if print_.per_caller
             else [s for situation in protocol.situations for s in situation.steps] if print_ is CARD else [])
    quoted = {number for step in steps for number in NUMBER_IN_WORDS.findall(step.text if step.quote else step.card_text)}
    assert [number for number in quoted if number not in text] == []
    document = pdfium.PdfDocument(pdf)
    decoded = {barcode.text for index in range(len(document))
               for barcode in zxingcpp.read_barcodes(document[index].render(scale=3).to_pil())}
    assert decoded == {built_site_url(site) + folder + edition_url(protocol_of_page(folder).edition)}


def test_the_card_page_links_every_print_and_its_pdf(page):
    for folder in LANGUAGE_FOLDERS:
        links = {a["href"] for a in page(folder + "card/").select(".ht-print-set a")}
        for print_ in PRINTS_ALONE:
            page_link = print_pdfs.relative_link("card/", print_.url)
            pdf_link = print_pdfs.relative_link("card/", print_.url + print_.pdf)
            assert pdf_link in links, (folder, print_.id)
            if print_.wall_pdf:
                assert print_pdfs.relative_link("card/", print_.url + print_.wall_pdf) in links, (folder, print_.id)
            assert print_.id == "card" or page_link in links, (folder, print_.id)


# --- drawn from the model ---------------------------------------------------------------------

def with_a_new_situation_and_answer(text: str, protocol) -> str:
    """protocol.yaml with one more situation (calling a contact that is not law enforcement, so it
    may come first on any route) and one more answer that adds it, beside the first answer of the
    question about danger (on the new answer's routes no emergency step can come after it), or
    of the first question."""
    contact = next(c for c in protocol.contacts if c.phone and c.kind != "emergency" and not c.reaches_law_enforcement)
    situation = (f"\n  - id: fixture_county_situation\n    title: A situation a test adds in Fixture County\n"
                 f"    audience: I am checking that the prints follow protocol.yaml\n"
                 f"    applies_when: A test added this situation.\n    steps:\n"
                 f"      - text: Call {contact.id}.\n        kind: contact\n        contacts: [{contact.id}]\n\ndecision:")
    def urgent(question):
        return any(s.kind == "emergency" for a in question.answers for b in a.include
                   for s in steps_of(protocol.block(b)))
    questions = protocol.decision.questions
    first = next((q for q in questions if urgent(q)), protocol.decision.question(protocol.decision.start)).answers[0]
    lines = text.split("\n")
    indent = lines[first.line - 1][: len(lines[first.line - 1]) - len(lines[first.line - 1].lstrip())]
    goes = f"next: {first.next}" if first.next else f"outcome: {first.outcome}"
    answer = [f"{indent}- label: A fixture answer about Fixture County", f"{indent}  {goes}",
              f"{indent}  include: [fixture_county_situation]"]
    lines[first.line - 1:first.line - 1] = answer
    return "\n".join(lines).replace("\ndecision:", situation, 1)


@pytest.mark.slow  # builds a copy of the site with another protocol.yaml
def test_a_new_situation_and_answer_appear_on_the_pocket_cards_and_the_poster(tmp_path, browser, protocol):
    if not any(c.phone and c.kind != "emergency" and not c.reaches_law_enforcement for c in protocol.contacts):
        pytest.skip("this protocol has no contact but emergency and law enforcement for a new first situation")
    text = with_a_new_situation_and_answer((PROTOCOL_DIR / "protocol.yaml").read_text(encoding="utf-8"), protocol)
    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project", text, protocol_dir=PROTOCOL_DIR if OTHER_JURISDICTION else None)
    (project / "protocol.yaml").write_text(text, encoding="utf-8")
    built = run_mkdocs_build(project, tmp_path / "site", "https://prints.example.org/")
    assert built.returncode == 0, built.stderr
    edited = load_protocol(str(project / "protocol.yaml"))
    situation = next(s for s in edited.situations if s.id == "fixture_county_situation")
    with serve(tmp_path / "site") as base_url:
        context = browser.new_context()
        pocket, poster = (squash(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(
            print_pdfs.print_page(context.new_page(), base_url + print_.url, "Letter", print_.landscape))).pages))
            for print_ in (POCKET, POSTER))
        context.close()
    assert f"{situation.title} → {situation.steps[0].contacts[0].phone_display}" in pocket
    assert "A fixture answer about Fixture County" in poster and situation.title in poster


@pytest.mark.needs("translation")
def test_a_translated_print_that_does_not_fit_names_texts_it_prints(monkeypatch):
    """make build only warns when a translated print spills over (an English edit never waits
    for a translator), and names texts that print shows, never, say, a changelog entry."""
    import re
    monkeypatch.chdir(PROTOCOL_DIR)
    assert print_pdfs.source_file("es/card/", print_pdfs.CARD) == "protocol.es.yaml"
    for print_, starts in ((print_pdfs.CARD, ("step.", "situation.", "contact.", "caller.")),
                           (POSTER, ("question.", "outcome.", "situation.", "contact."))):
        keys = re.findall(r"'([\w.]+)' \(line \d+", print_pdfs.translation_advice("protocol.es.yaml", print_))
        assert keys and all(key.startswith(starts) for key in keys), (print_.id, keys)


@pytest.mark.slow  # builds a copy of the site with a longer protocol.yaml
def test_a_protocol_too_long_for_one_sheet_prints_every_print_on_the_pages_its_page_promises(tmp_path, browser):
    """A correct edit that lengthens the protocol never stops the build: a card whose situations
    no longer fit one side in 8 pt type takes more sides, a handout goes on overleaf, and each
    print's page says so; Chromium prints each on exactly those pages, in type of 8 pt or more."""
    from test_print_layout import lengthened, lengthened_text

    from macros.pages.card_budget import estimate
    text = lengthened_text(next(n for n in range(1, 200) if estimate(lengthened(n)).pages > 2))
    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project", text, protocol_dir=PROTOCOL_DIR if OTHER_JURISDICTION else None)
    for translation in project.glob("protocol.*.yaml"):  # the English prints are the ones that must fit
        translation.unlink()
    built = run_mkdocs_build(project, tmp_path / "site", "https://prints.example.org/")
    assert built.returncode == 0, built.stderr
    longer = load_protocol(str(project / "protocol.yaml"))
    assert print_pdfs.promised_pages(tmp_path / "site" / CARD.url / "index.html", CARD) == estimate(longer).pages > 2
    assert_printed_as_promised(browser, tmp_path / "site", every_print(longer), ["Letter"])


def assert_printed_as_promised(browser, site, pages, papers) -> None:
    """Chromium prints each (print, page) of a built site on exactly the pages its page promises
    (data-print-pages), on each paper, in type no smaller than its floor."""
    with serve(site) as base_url:
        context = browser.new_context()
        tab = context.new_page()
        for print_, url in pages:
            promised = print_pdfs.promised_pages(site / url / "index.html", print_)
            for paper in papers:
                reader = PdfReader(io.BytesIO(print_pdfs.print_page(tab, base_url + url, paper, print_.landscape)))
                assert len(reader.pages) == promised, print_pdfs.overflow_message(url, print_, reader, paper, promised)
                assert min(min(text_sizes(reader, i)) for i in range(promised)) >= print_.smallest_pt - .05, (url, paper)
        context.close()


def translated_in_full(project, language: str) -> None:
    """Every text of the project's protocol.yaml still in English given a translation a quarter
    longer (as Spanish often is), pasted as `make translations` prints it: a translator's correct work."""
    from macros.languages.translation import load_translation, pending_texts, stub, translation_file
    english = load_protocol(str(project / "protocol.yaml"))
    path = translation_file(str(project / "protocol.yaml"), language)
    pending = pending_texts(english, load_translation(path, english, language))
    entries = stub(pending).split("    text: TRANSLATE")
    filler = " ".join(["texto traducido, algo más largo que el original"] * 40)
    texts = [filler[: round(len(item.source.text) * 1.25)].rstrip(" ,") for item in pending]
    pasted = "".join(entry + (f"    text: {text}" if i < len(texts) else "") for i, (entry, text) in
                     enumerate(zip(entries, texts + [""])))
    with open(path, "a", encoding="utf-8") as file:
        file.write(pasted)


@pytest.mark.slow  # builds a copy of the site with another protocol.yaml and its translation
@pytest.mark.needs("translation")
def test_a_maintainers_new_situation_translated_in_full_prints_every_translated_print_on_its_promised_pages(
        tmp_path, browser, protocol):
    """The CONTRIBUTING walkthrough's new situation, contact and answer, and their translation:
    the translated prints, now longer, take the pages their pages promise (they once failed CI)."""
    from test_maintainer_edits import with_a_new_situation

    from macros.__main__ import main as cli_main
    text = with_a_new_situation((PROTOCOL_DIR / "protocol.yaml").read_text(encoding="utf-8"), protocol,
                                protocol.edition.date)
    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project", text)
    folders = [folder for folder in LANGUAGE_FOLDERS if folder]
    for folder in folders:
        translated_in_full(project, folder.strip("/"))
    assert cli_main(["check", str(project / "protocol.yaml")]) == 0
    built = run_mkdocs_build(project, tmp_path / "site", "https://prints.example.org/")
    assert built.returncode == 0, built.stderr
    edited = load_protocol(str(project / "protocol.yaml"))
    assert_printed_as_promised(browser, tmp_path / "site",
                               [(print_, folder + url) for folder in folders for print_, url in every_print(edited)],
                               PAPERS)
