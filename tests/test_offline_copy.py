"""The offline copy: the zip published with the site, unpacked and opened from disk (file://),
works (home page, widget, card, search) and asks nothing of any other host."""
from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from browser_checks import CSP_WATCH, EMPTY_STORAGE, STORAGE
from bs4 import BeautifulSoup
from test_privacy_and_safety import a_word_to_search, search, widget_states
from test_search import QUERIES, assert_share_found, misses, open_search

from macros.pages.privacy import OFFLINE_FOLDER, OFFLINE_ZIP
from scripts import offline_copy
from scripts.offline_copy import linked_files


@pytest.fixture(scope="module")
def published(site, tmp_path_factory) -> Path:
    """The site as `make build` publishes it: after `mkdocs build`, the card PDF is printed
    (a stand-in here: printing is the card tests' business) and scripts.offline_copy adds it
    to the zip."""
    built = tmp_path_factory.mktemp("published") / "site"
    shutil.copytree(site, built)
    with zipfile.ZipFile(built / OFFLINE_ZIP) as archive:
        pdfs = [name.split("/", 1)[1] for name in linked_files(archive) if name.endswith(".pdf")]
    assert pdfs, "the offline copy links to no PDF (the card's)"
    for name in pdfs:
        if not (built / name).exists():
            (built / name).write_bytes(b"%PDF-1.4 stand-in")
    assert offline_copy.main([str(built)]) == 0
    return built


@pytest.fixture(scope="module")
def offline(published, tmp_path_factory) -> Path:
    """The offline zip from the published site, unpacked; its folder."""
    target = tmp_path_factory.mktemp("offline")
    with zipfile.ZipFile(published / OFFLINE_ZIP) as archive:
        assert archive.testzip() is None
        assert all(name.startswith(OFFLINE_FOLDER + "/") for name in archive.namelist())
        archive.extractall(target)
    return target / OFFLINE_FOLDER


def offline_pages(folder: Path):
    return sorted(p for p in folder.rglob("*.html"))


def test_every_page_link_in_the_offline_copy_opens_a_file(offline):
    pages = offline_pages(offline)
    assert offline / "index.html" in pages and offline / "decide" / "index.html" in pages
    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.select("[href], [src]"):
            address = tag.get("href") or tag.get("src")
            parts = urlsplit(address)
            if parts.scheme or address.startswith(("#", "//")) or tag.get("rel") == ["canonical"]:
                continue
            target = (path.parent / unquote(parts.path)).resolve()
            assert target.is_file(), f"{path.relative_to(offline)}: {address}"


def test_offline_copy_loads_nothing_from_another_host(offline):
    for path in offline_pages(offline):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.select("script[src], img[src], iframe[src], link[href]:not([rel=canonical])"):
            address = tag.get("src") or tag.get("href")
            assert not urlsplit(address).scheme and not address.startswith("//"), f"{path}: {tag}"
        assert "unpkg" not in str(soup) and "cdn" not in str(soup).lower(), path


@pytest.fixture
def from_disk(browser, offline):
    """(page, requests): a browser that records every request and lets none leave file://."""
    context = browser.new_context()
    context.add_init_script(CSP_WATCH)
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    context.route(re.compile(r"^(?!file:)[a-z]+://"), lambda route: route.abort())
    page = context.new_page()
    yield page, requests
    assert [u for u in requests if not u.startswith(("file://", "data:", "about:"))] == []
    context.close()


def test_offline_home_page_card_and_search_work_from_disk(from_disk, offline, protocol):
    page, requests = from_disk
    home = (offline / "index.html").as_uri()
    page.goto(home)
    assert page.locator("h1").first.is_visible()
    assert page.locator(".md-banner .ht-emergency").is_visible()
    results = search(page, a_word_to_search(protocol))
    assert results.count() > 0
    results.first.click()
    page.wait_for_load_state("load")
    assert page.url.startswith("file://") and not page.url.split("#")[0].endswith("/")
    assert page.locator("article.md-content__inner h1").is_visible()
    page.goto((offline / "card" / "index.html").as_uri())
    card = page.locator("article.md-content__inner")
    assert card.is_visible() and card.locator("a[href^='tel:']").count() > 0
    assert page.evaluate("window.__cspViolations") == []
    assert page.evaluate(STORAGE) == EMPTY_STORAGE


def test_offline_widget_reaches_results_from_disk(from_disk, offline, protocol):
    page, requests = from_disk
    states = widget_states(page, (offline / "decide" / "index.html").as_uri())
    assert len(states) > len(protocol.decision.questions)
    assert page.evaluate("window.__cspViolations") == []


def test_offline_pages_policy_allows_local_files_only(offline):
    for path in offline_pages(offline):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        meta = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert meta is not None and not meta.find_all_previous("script"), path
        sources = {s for d in meta["content"].split(";") for s in d.split()[1:]}
        assert sources <= {"'self'", "file:", "data:", "'unsafe-inline'", "'none'"}, path


@pytest.mark.needs("search queries")
def test_everyday_queries_find_their_page_in_the_offline_copy(from_disk, offline, protocol):
    """The search terms travel with the offline copy's own index (English: the copy opens in it)."""
    page, requests = from_disk
    page.goto((offline / "contacts" / "index.html").as_uri())
    open_search(page)
    root = (offline / "index.html").as_uri()[: -len("index.html")]
    assert_share_found(misses(page, root, protocol, QUERIES["en"]), QUERIES["en"])
