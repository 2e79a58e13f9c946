"""The protocol's words are the product: what the site shows as the published protocol's
own words is found in it, and every number and email in it reaches the site.

The published text travels with the repository (reference/published-protocol.txt, with its
provenance in reference/README.md), so these tests run on GitHub too; beside the shared seed
folder they also check that the copy has not drifted from it."""
from __future__ import annotations

import re
import shutil

import pytest
from bs4 import BeautifulSoup
from conftest import PROTOCOL_DIR, ROOT

from macros.load import load_protocol
from macros.protocol.published import published_ways
from macros.protocol.published import warnings as published_warnings

# The protocol's published text beside it: skipped, saying so, for a protocol that has none.
pytestmark = pytest.mark.needs("published text")

PUBLISHED = PROTOCOL_DIR / "reference" / "published-protocol.txt"
SEED = ROOT.parent / "shared" / "seed"
# What the site marks as the protocol's own words: quoted steps (pages, widget data, card)
# and the statute.
QUOTED = ".ht-protocol-quote blockquote, q.ht-protocol-quote, blockquote.ht-statute"


def normalise(text: str) -> str:
    """Compare words, not typography: straight quotes, single spaces, no emphasis marks."""
    text = text.translate(str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "*": " "}))
    return " ".join(text.split())


@pytest.fixture(scope="module")
def published() -> str:
    return normalise(PUBLISHED.read_text(encoding="utf-8"))


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", normalise(text)) if s]


def test_the_copy_in_the_repository_is_the_published_text():
    seeds = sorted(SEED.glob("*.txt")) if SEED.is_dir() else []
    if not seeds:
        # On GitHub there is no seed folder: the copy (with its provenance) is the reference.
        assert PUBLISHED.read_text(encoding="utf-8").strip()
        return
    assert any(s.read_bytes() == PUBLISHED.read_bytes() for s in seeds), \
        "reference/published-protocol.txt differs from the shared seed; replace it whole"


def test_every_sentence_shown_as_the_protocols_words_is_in_the_published_text(site, published):
    found = 0
    for path in sorted(site.rglob("*.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        translated = soup.html.get("lang", "en") != "en"
        for quote in soup.select(QUOTED):
            for title in quote.select("strong"):  # the statute's name is the site's heading
                title.extract()
            # A translated page quotes a translation; only what it shows in English (marked
            # lang="en") claims to be the published words (tests/test_spanish_edition.py).
            parts = quote.select('[lang="en"]') if translated else [quote]
            for sentence in (s for part in parts for s in sentences(part.get_text(" "))):
                found += 1
                assert sentence in published, f"{path.relative_to(site)}: {sentence!r}"
    assert found, "no page shows any of the protocol's own words"


def test_every_quoted_step_of_the_model_is_in_the_published_text(protocol, published):
    quoted = [s for situation in protocol.situations for s in situation.steps if s.quote]
    for step in quoted:
        for sentence in sentences(step.text):
            assert sentence in published, sentence
    assert normalise(protocol.info.statute.text) in published


def test_every_number_and_email_in_the_published_protocol_reaches_the_site_or_is_named(site, protocol, published):
    """Each published number and email is on the contacts page; one that protocol.yaml no
    longer has (changed after publication) is named by `make check` for the reviewer."""
    contacts = " ".join(BeautifulSoup((site / "contacts" / "index.html").read_text(encoding="utf-8"),
                                      "html.parser").get_text(" ").split())
    named = " ".join(published_warnings(protocol, str(ROOT / "protocol.yaml")))
    ways = published_ways(published)
    assert any("@" in w for w in ways) and any("@" not in w for w in ways)
    for way in ways:
        assert way in contacts or f"gives {way}," in named, way


def test_a_number_changed_after_publication_is_named_by_the_check(tmp_path):
    real = (ROOT / "protocol.yaml").read_text(encoding="utf-8")
    first = next(w for w in published_ways(PUBLISHED.read_text(encoding="utf-8")) if re.fullmatch(r"\d{3}-\d{3}-\d{4}", w))
    changed = first[:-1] + str((int(first[-1]) + 1) % 10)
    (tmp_path / "reference").mkdir()
    shutil.copy(PUBLISHED, tmp_path / "reference" / PUBLISHED.name)
    path = tmp_path / "protocol.yaml"
    path.write_text(real.replace(f'"{first}"', f'"{changed}"'), encoding="utf-8")
    found = published_warnings(load_protocol(str(path)), str(path))
    assert [w for w in found if f"gives {first}," in w], found
