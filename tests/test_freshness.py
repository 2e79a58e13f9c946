"""A contact nobody has checked for over a year: the build warns, the site still builds,
and the contacts page tells the reader to check the number before relying on it."""
from __future__ import annotations

import datetime

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, copy_project, run_mkdocs_build

from macros.load import build_protocol, stale_contacts

REAL = (ROOT / "protocol.yaml").read_text(encoding="utf-8")
OLD_DATE = "2020-01-15"
# The last contact of the real file goes stale; any other would do.
STALE = build_protocol("protocol.yaml", REAL).contacts[-1].id


def with_stale_contact() -> str:
    block_start = REAL.index(f"  - id: {STALE}\n")
    checked = REAL.index('checked: "', block_start)
    end = REAL.index("\n", checked)
    return REAL[:checked] + f'checked: "{OLD_DATE}"' + REAL[end:]


def test_a_contact_checked_over_a_year_ago_is_stale_and_one_checked_this_year_is_not():
    protocol = build_protocol("protocol.yaml", with_stale_contact())
    # A day on which every other contact is under a year old.
    today = min(c.checked for c in protocol.contacts if c.id != STALE) + datetime.timedelta(days=364)
    assert [c.id for c in stale_contacts(protocol, today)] == [STALE]
    assert stale_contacts(protocol, datetime.date(2020, 12, 1)) == ()
    assert stale_contacts(protocol, datetime.date(2021, 1, 16)) != ()


@pytest.mark.slow  # builds a whole copy of the site
def test_a_stale_contact_warns_in_the_build_but_the_strict_build_still_succeeds(tmp_path):
    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project", with_stale_contact())
    site = tmp_path / "site"
    result = run_mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    line = REAL[: REAL.index(f"  - id: {STALE}\n")].count("\n") + 1
    assert (f"WARNING -  protocol.yaml:{line}: contact '{STALE}' was last checked on {OLD_DATE}, "
            "over a year ago") in result.stderr
    assert result.stderr.count("last checked on") == 1  # once per build, not once per page

    contacts = BeautifulSoup((site / "contacts" / "index.html").read_text(encoding="utf-8"), "html.parser")
    stale = contacts.select("article.ht-stale")
    assert [a["id"] for a in stale] == [STALE]
    flag = stale[0].select_one(".ht-stale-flag")
    assert "Not checked for over a year" in flag.get_text()
    assert stale[0].select_one("time")["datetime"] == OLD_DATE


def test_the_real_site_flags_no_contact_while_all_are_fresh(protocol, page):
    fresh = not stale_contacts(protocol)
    assert bool(page("contacts/").select(".ht-stale-flag")) != fresh
