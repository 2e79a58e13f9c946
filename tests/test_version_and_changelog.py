"""Every page says which edition of this website it is (the published protocol has no
version or date of its own); the changelog lists every edition."""
from __future__ import annotations

import pytest
from conftest import ROOT, a_situation_page, content, copy_project, run_mkdocs_build

from macros.pages.render import format_date

PAGES = ["", "contacts/", "situations/", a_situation_page(), "mandatory-reporting/", "changelog/"]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_footer_shows_the_website_edition_not_a_protocol_version(protocol, page, url):
    footer = page(url).select_one(".md-copyright .ht-site-edition")
    assert footer is not None, url
    text = " ".join(footer.get_text(" ").split())
    assert f"Website edition {protocol.edition.version}, {format_date(protocol.edition.date)}" in text
    assert "Protocol version" not in text and "effective" not in text
    assert footer.select_one("time")["datetime"] == protocol.edition.date.isoformat()
    assert footer.select_one("a").get_text(strip=True) == "What changed"


def test_changelog_lists_every_edition_newest_first_and_says_the_protocol_has_no_date(protocol, page):
    soup = content(page("changelog/"))
    sections = soup.select(".ht-change")
    assert [s.select_one("h2").get_text(strip=True) for s in sections] == [f"Edition {c.version}" for c in protocol.changes]
    for section, change in zip(sections, protocol.changes):
        assert " ".join(change.summary.split()) in " ".join(section.get_text(" ").split())
        assert section.select_one("time")["datetime"] == change.date.isoformat()
    current = " ".join(soup.select_one(".ht-current-version").get_text(" ").split())
    assert protocol.edition.version in current
    if protocol.info.published is None:
        assert "carries no date or version number" in current


def test_changelog_is_in_the_navigation(page):
    nav = [a.get_text(strip=True) for a in page("").select("nav.md-nav--primary a")]
    assert "Changelog" in nav


@pytest.mark.slow  # builds a whole copy of the site
def test_editions_with_markup_are_shown_as_text(tmp_path, protocol):
    text = (ROOT / "protocol.yaml").read_text(encoding="utf-8")
    # A new edition on top, dated the newest edition's day (a future date would be refused).
    text = text.replace(
        "changes:\n", f'changes:\n  - version: "1<b>x</b>"\n    date: "{protocol.edition.date.isoformat()}"\n'
                      '    summary: "Moved <script>alert(1)</script> {{ 7*7 }}"\n', 1)
    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project", text)
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "Website edition 1&lt;b&gt;x&lt;/b&gt;" in home
    changelog = (tmp_path / "site" / "changelog" / "index.html").read_text(encoding="utf-8")
    assert "Moved &lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }}" in changelog
    assert "Edition 1&lt;b&gt;x&lt;/b&gt;" in changelog
