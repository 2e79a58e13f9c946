"""Every page says which version of the protocol it shows; the changelog lists every change."""
from __future__ import annotations

import pytest

from conftest import ROOT, content, copy_project, run_mkdocs_build
from macros.render import format_date

PAGES = ["", "contacts/", "situations/", "situations/report_now/", "mandatory-reporting/", "changelog/"]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_footer_shows_the_protocol_version_and_effective_date(protocol, page, url):
    footer = page(url).select_one(".md-copyright .ht-protocol-version")
    assert footer is not None, url
    text = " ".join(footer.get_text(" ").split())
    assert f"Protocol version {protocol.info.version}, effective {format_date(protocol.info.effective)}" in text
    assert footer.select_one("time")["datetime"] == protocol.info.effective.isoformat()
    assert footer.select_one("a").get_text(strip=True) == "What changed"


def test_changelog_lists_every_change_newest_first(protocol, page):
    soup = content(page("changelog/"))
    sections = soup.select(".ht-change")
    expected = sorted(protocol.changes, key=lambda c: c.date, reverse=True)
    assert [s.select_one("h2").get_text(strip=True) for s in sections] == [f"Version {c.version}" for c in expected]
    for section, change in zip(sections, expected):
        assert change.summary in section.get_text(" ")
        assert section.select_one("time")["datetime"] == change.date.isoformat()
    assert protocol.info.version in soup.select_one(".ht-current-version").get_text()


def test_changelog_is_in_the_navigation(page):
    nav = [a.get_text(strip=True) for a in page("").select("nav.md-nav--primary a")]
    assert "Changelog" in nav


def test_version_and_changes_with_markup_are_shown_as_text(tmp_path):
    text = (ROOT / "protocol.yaml").read_text(encoding="utf-8")
    text = text.replace('  version: "1.0"', '  version: "1<b>x</b>"').replace(
        "changes:\n", 'changes:\n  - version: "2<i>"\n    date: "2026-12-01"\n'
                      '    summary: "Moved <script>alert(1)</script> {{ 7*7 }}"\n', 1)
    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project", text)
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "Protocol version 1&lt;b&gt;x&lt;/b&gt;" in home
    changelog = (tmp_path / "site" / "changelog" / "index.html").read_text(encoding="utf-8")
    assert "Moved &lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }}" in changelog
    assert "Version 2&lt;i&gt;" in changelog
