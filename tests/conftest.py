"""Shared fixtures: the real site built once per session, parsed pages, and a browser."""
from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
sys.path.insert(0, str(ROOT))

from macros.load import load_protocol  # noqa: E402

# Shared with scripts/print_pdfs.py, which prints the card the same way the tests do.
from scripts.browser import CHROMIUM_FLAGS, chromium_executable, launch_chromium, serve  # noqa: E402,F401

# The session's site is built as it is published (CI sets SITE_URL to the Pages address):
# with a local site_url the card would be a preview without its QR code (macros/pages/card.py).
PUBLISHED_URL = os.environ.get("SITE_URL") or "https://ht-protocol.example.org/"

# The protocol the data-driven tests take their expectations from: protocol.yaml, or another
# jurisdiction's (HT_PROTOCOL_DIR=tests/fixtures/jurisdictions/westmarch: a folder with its
# protocol.yaml and any translation), whose site is then built from a copy of this project.
# Tests that need a file beside the protocol (its translation, its published text) or data
# written for one protocol (the search queries) carry the `needs` mark and say why they skip.
PROTOCOL_DIR = Path(os.environ.get("HT_PROTOCOL_DIR") or ROOT).resolve()
OTHER_JURISDICTION = PROTOCOL_DIR != ROOT
# The site's editions by folder: English at the root, Spanish in es/ where the protocol has a
# translation (a protocol with none builds its own language alone).
LANGUAGE_FOLDERS = [""] + (["es/"] if (PROTOCOL_DIR / "protocol.es.yaml").exists() else [])


# The mistakes a maintainer can make, each an edit of valid_minimal.yaml with the check's
# whole message (tests/fixtures/mistakes.yaml).
VALID_MINIMAL = FIXTURES / "valid_minimal.yaml"
MISTAKES = {m["name"]: m for m in yaml.safe_load((FIXTURES / "mistakes.yaml").read_text(encoding="utf-8"))}


def mistake_text(name: str) -> str:
    """valid_minimal.yaml with the mistake's edits made, in order."""
    text = VALID_MINIMAL.read_text(encoding="utf-8")
    for edit in MISTAKES[name]["edits"]:
        assert text.count(edit["old"]) == 1, (f"tests/fixtures/mistakes.yaml, {name}: its old text {edit['old']!r} "
                                              "is not in valid_minimal.yaml exactly once; edit the entry")
        text = text.replace(edit["old"], edit["new"], 1)
    return text


def mistake_file(name: str, folder: Path) -> Path:
    """The mistake written to folder/<name>.yaml: a file to check, as a maintainer's would be."""
    path = folder / f"{name}.yaml"
    path.write_text(mistake_text(name), encoding="utf-8")
    return path


# A number as a step's own words write it (digits joined by hyphens), to find it whole.
NUMBER_IN_WORDS = re.compile(r"\d+(?:-\d+)+")


def squash(text: str) -> str:
    """Text as a reader sees it: every run of white space one space."""
    return " ".join(text.split())


def run_mkdocs_build(project: Path, site_dir: Path, site_url: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if site_url is not None:
        env["SITE_URL"] = site_url
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project, capture_output=True, text=True, env=env,
    )


def copy_project(dest: Path, protocol_text: str | None = None, protocol_dir: Path | None = None) -> Path:
    """A copy of the site sources, optionally with another protocol.yaml, or another
    jurisdiction's folder of protocol files (with no translation, no protocol.es.yaml)."""
    for name in ("mkdocs.yml", "mkdocs.es.yml", "protocol.yaml", "protocol.es.yaml", "interface.es.yaml"):
        if (ROOT / name).exists():  # an adopter's project may have no translation
            shutil.copy(ROOT / name, dest / name)
    if protocol_dir is not None:
        for old in dest.glob("protocol*.yaml"):
            old.unlink()
        for new in protocol_dir.glob("protocol*.yaml"):
            shutil.copy(new, dest / new.name)
    for name in ("docs", "overrides", "macros"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    if protocol_text is not None:
        (dest / "protocol.yaml").write_text(protocol_text, encoding="utf-8")
    return dest


@functools.lru_cache(maxsize=1)
def protocol_under_test():
    """The protocol the data-driven tests read, for test parameters (fixtures use `protocol`)."""
    return load_protocol(str(PROTOCOL_DIR / "protocol.yaml"))


def a_situation_page() -> str:
    """One situation's page, from the protocol under test: where a test checks what every page
    shows, one situation stands for them all (their template is one)."""
    from macros.pages.render import situation_url
    return situation_url(protocol_under_test().situations[-1])


@pytest.fixture(scope="session")
def protocol():
    return protocol_under_test()


@pytest.fixture(scope="session")
def protocol_of_page(protocol):
    """protocol_of_page('es/contacts/') -> the protocol in the language that page shows:
    the Spanish edition (protocol.es.yaml laid over protocol.yaml) under es/, else English."""
    from macros.languages.overlay import translated_protocol
    from macros.languages.translation import load_translation
    if not (PROTOCOL_DIR / "protocol.es.yaml").exists():
        return lambda url: protocol
    spanish = translated_protocol(protocol, load_translation(str(PROTOCOL_DIR / "protocol.es.yaml"), protocol, "es"))
    return lambda url: spanish if url.startswith("es/") else protocol


def shared_folder(config, tmp_path_factory) -> Path:
    """Where the session's site is built, once for every process that tests it: the folder
    `make test` gives both its pytest runs (HT_TEST_SITE_DIR, removed when it ends), else the
    run's folder that pytest-xdist's workers share, else this session's own."""
    if os.environ.get("HT_TEST_SITE_DIR"):
        return Path(os.environ["HT_TEST_SITE_DIR"])
    base = tmp_path_factory.getbasetemp()
    return base.parent if hasattr(config, "workerinput") else base


@pytest.fixture(scope="session")
def site(request, tmp_path_factory) -> Path:
    """The real site, built once with `mkdocs build --strict` (the first process to ask builds
    it, under a lock; the others wait and read the same folder, which no test writes to)."""
    from filelock import FileLock
    folder = shared_folder(request.config, tmp_path_factory)
    site_dir, built = folder / "site", folder / "site.built"
    with FileLock(str(folder / "site.lock")):
        if not built.exists():
            shutil.rmtree(site_dir, ignore_errors=True)
            project = ROOT
            if OTHER_JURISDICTION:
                project = folder / "project"
                shutil.rmtree(project, ignore_errors=True)
                project.mkdir()
                copy_project(project, protocol_dir=PROTOCOL_DIR)
            result = run_mkdocs_build(project, site_dir, PUBLISHED_URL)
            assert result.returncode == 0, result.stderr
            built.touch()
    return site_dir


@pytest.fixture(scope="session")
def page(site):
    """page('contacts/') -> the built page parsed with BeautifulSoup."""
    @functools.lru_cache(maxsize=None)
    def load(url: str) -> BeautifulSoup:
        path = site / url / "index.html" if url.endswith("/") or url == "" else site / url
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return load


def built_site_url(site: Path) -> str:
    """The site_url the site was built with (mkdocs.yml reads it from $SITE_URL in CI):
    the home page's canonical address."""
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    return home.find("link", rel="canonical")["href"]


def html_pages(site: Path) -> list[str]:
    """Every built page as its site-relative URL: '', 'contacts/', '404.html'."""
    pages = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        pages.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return pages


def screens_sample(protocol) -> list[str]:
    """The screens of "What should I do?" whose pages a browser opens on every check of every
    page: one of each kind (a question after an emergency answer and one without, a result for
    the person at risk, one whose steps keep their conditions, and the longest), as addresses.
    The screens share one template, and their number grows with the protocol's routes; every
    screen's words, order and links are checked without a browser (test_decision_paths.py)."""
    from macros.decision.facts import decision_screens
    from macros.pages.widget import screen_url
    screens = decision_screens(protocol).screens[1:]
    questions = [s for s in screens if not s.is_result]
    results = [s for s in screens if s.is_result]
    kinds = [
        next((s for s in questions if s.urgent), None), next((s for s in questions if not s.urgent), None),
        next((s for s in results if s.result.caller and s.result.caller.at_risk), None),
        next((s for s in results if s.result.caller is None), None),
        max(results, key=lambda s: len(s.result.steps), default=None),
    ]
    return list(dict.fromkeys(screen_url(s.key) for s in kinds if s))


def pages_to_visit(site: Path, protocol) -> list[str]:
    """html_pages, with the decision's screens cut to screens_sample (in every language)."""
    from macros.decision.facts import decision_screens
    from macros.pages.widget import screen_url
    screens = {screen_url(s.key) for s in decision_screens(protocol).screens[1:]}
    sample = set(screens_sample(protocol))
    return [url for url in html_pages(site)
            if url.removeprefix("es/") not in screens or url.removeprefix("es/") in sample]


def on_every_result(protocol) -> set:
    """The sections whose steps every route's result shows (the closing note), worked out from
    the routes here, not by the code under test."""
    from macros.decision.facts import route_results
    results = [result for _, result in route_results(protocol)]
    return {s for s in protocol.situations if all(any(step in s.steps for step in r.steps) for r in results)}


def every_print(protocol) -> list[tuple]:
    """(print, its page's address) for each print for trainers (macros/pages/print_set.py): the
    card, the pocket cards, the poster, and a handout for each caller."""
    from macros.decision.facts import handouts
    from macros.pages.handouts import handout_url
    from macros.pages.print_set import PRINTS
    return [(print_, url) for print_ in PRINTS
            for url in ([handout_url(h.caller) for h in handouts(protocol)] if print_.per_caller else [print_.url])]


def drawn(soup: BeautifulSoup, selector: str) -> BeautifulSoup:
    """What a page's <template> holds, parsed on its own: BeautifulSoup keeps a template's words
    apart from the page's."""
    return BeautifulSoup(soup.select_one(selector).decode_contents(), "html.parser")


def drawn_steps(soup: BeautifulSoup) -> list[str]:
    """The words of each step /decide/ draws for the widget (its <template data-step>), by
    number: the protocol's text, without the label and condition the widget may change."""
    found = []
    for template in sorted(soup.select("template[data-step]"), key=lambda t: int(t["data-step"])):
        item = BeautifulSoup(template.decode_contents(), "html.parser").find("li")  # as drawn() does
        for extra in item.select(".ht-step-label, .ht-step-condition, ul, figcaption"):
            extra.extract()
        found.append(squash(item.get_text(" ")))
    return found


def widget_result(data: dict, key: str) -> dict | None:
    """The result /decide/'s embedded data gives a route ('2.1.3'), found as the widget finds it:
    from the first screen, each answer's number leads to the next screen."""
    screen = data["screens"][0]
    for number in key.split("."):
        if "next" not in screen:
            return None
        screen = data["screens"][screen["next"][int(number) - 1]]
    return data["results"][screen["result"]] if "result" in screen else None


def content(soup: BeautifulSoup):
    """The page's own content, without Material's header, nav and footer."""
    return soup.select_one("article.md-content__inner")


# --- what a test needs besides protocol.yaml ---------------------------------------------

SEARCH_QUERIES = Path(__file__).resolve().parent / "search_queries.yaml"


def _queries_protocol() -> str | None:
    import yaml
    return yaml.safe_load(SEARCH_QUERIES.read_text(encoding="utf-8")).get("protocol")


def missing_need(need: str) -> str | None:
    """Why a test that needs `need` cannot run on the protocol under test, or None when it can.
    An adopter who replaces protocol.yaml and deletes the other files sees these reasons."""
    if need == "translation":
        if not (PROTOCOL_DIR / "protocol.es.yaml").exists():
            return f"{PROTOCOL_DIR.name} has no translation (protocol.es.yaml)"
    elif need == "published text":
        if not (PROTOCOL_DIR / "reference" / "published-protocol.txt").exists():
            return f"{PROTOCOL_DIR.name} has no published text (reference/published-protocol.txt) to compare with"
    elif need == "search queries":
        title = load_protocol(str(PROTOCOL_DIR / "protocol.yaml")).info.title
        if _queries_protocol() != title:
            return f"tests/search_queries.yaml is written for {_queries_protocol()!r}, not {title!r}"
    else:
        raise ValueError(f"unknown need {need!r}: translation, published text or search queries")
    return None


# --- markers: what `make test-quick` leaves out --------------------------------------------

# Test files that build whole copies of the site or of the repository (a maintainer's edits
# end to end, generated protocols, the live preview): minutes, not seconds. A single test
# elsewhere that builds a copy of the site carries @pytest.mark.slow itself.
SLOW_FILES = {"test_maintainer_edits.py", "test_hostile_input.py", "test_preview.py", "test_second_jurisdiction.py"}


def pytest_collection_modifyitems(config, items):
    """Every test that drives Chromium is a `browser` test (by the fixture it uses, so none is
    forgotten); the files above are `slow`. `make test-quick` runs neither. Against another
    protocol without what a test needs (`needs` mark), that test is skipped with the reason."""
    reasons: dict[str, str | None] = {}
    for item in items:
        for mark in item.iter_markers("needs"):
            need = mark.args[0]
            if need not in reasons:
                reasons[need] = missing_need(need)
            if reasons[need]:
                item.add_marker(pytest.mark.skip(reason=reasons[need]))
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
        if item.path.name in SLOW_FILES:
            item.add_marker(pytest.mark.slow)


# --- browser -------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def base_url(site):
    """The built site served on 127.0.0.1 (a random free port)."""
    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(browser):
    """A fresh page in a fresh context (no shared storage between tests)."""
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()
