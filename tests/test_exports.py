"""protocol.json and contacts.vcf, published with the site, say exactly what the protocol says."""
from __future__ import annotations

import datetime
import json
import re

from conftest import content

from macros.pages.exports import SCHEMA_VERSION, contacts_vcf, vcard
from macros.protocol.model import Contact


def parse_vcards(text: str) -> list[dict[str, list[str]]]:
    """A small vCard reader: unfold lines, split cards, unescape values (RFC 6350 3.2, 3.4)."""
    assert "\n" not in text.replace("\r\n", ""), "vCard lines must end in CRLF"
    lines = text.replace("\r\n ", "").split("\r\n")
    cards, card = [], None
    for line in lines:
        if not line:
            continue
        name, _, value = line.partition(":")
        if name == "BEGIN":
            card = {}
        elif name == "END":
            cards.append(card)
            card = None
        else:
            unescaped = re.sub(r"\\([\\,;nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)
            card.setdefault(name, []).append(unescaped)
    assert card is None, "a card is not closed with END:VCARD"
    return cards


def test_protocol_json_is_the_checked_model(site, protocol):
    data = json.loads((site / "protocol.json").read_text(encoding="utf-8"))
    assert data["schema_version"] == SCHEMA_VERSION
    assert data["site_edition"] == {"version": protocol.edition.version, "date": protocol.edition.date.isoformat()}
    assert "version" not in data["protocol"]  # the published protocol has none; the site's editions do
    assert [c["id"] for c in data["contacts"]] == [c.id for c in protocol.contacts]
    for exported, contact in zip(data["contacts"], protocol.contacts):
        assert exported["name"] == contact.name
        assert exported["phone"] == contact.phone
        assert exported["tel"] == contact.tel_href
        assert exported["email"] == contact.email
        assert exported["kind"] == contact.kind
        assert exported["checked"] == contact.checked.isoformat()
    for exported, situation in zip(data["situations"], protocol.situations, strict=True):
        assert exported["id"] == situation.id
        assert [s["text"] for s in exported["steps"]] == [s.text for s in situation.steps]
        assert [s["kind"] for s in exported["steps"]] == [s.kind for s in situation.steps]
        assert [s["contacts"] for s in exported["steps"]] == [[c.id for c in s.contacts] for s in situation.steps]
        assert [s["items"] for s in exported["steps"]] == [list(s.items) for s in situation.steps]
    decision = data["decision"]
    assert decision["start"] == protocol.decision.start
    for exported, question in zip(decision["questions"], protocol.decision.questions, strict=True):
        assert [(a["label"], a["next"], a["outcome"], a["include"]) for a in exported["answers"]] == \
            [(a.label, a.next, a.outcome, list(a.include)) for a in question.answers]
    assert [o["id"] for o in decision["outcomes"]] == [o.id for o in protocol.decision.outcomes]
    assert [c["version"] for c in data["changes"]] == [c.version for c in protocol.changes]


def test_contacts_vcf_has_one_card_per_contact_with_its_number_and_email(site, protocol):
    raw = (site / "contacts.vcf").read_bytes().decode("utf-8")
    assert raw.count("BEGIN:VCARD") == len(protocol.contacts)
    cards = parse_vcards(raw)
    assert len(cards) == len(protocol.contacts)
    for card, contact in zip(cards, protocol.contacts):
        assert card["VERSION"] == ["3.0"]
        assert card["FN"] == [contact.name]
        assert card["ORG"] == [contact.organisation]
        tels = card.get("TEL;TYPE=voice", [])
        number = contact.tel_href.removeprefix("tel:").split(";")[0] if contact.phone else None
        assert tels == ([number + (f",{contact.ext}" if contact.ext else "")] if contact.phone else [])
        assert all(re.fullmatch(r"(\+1[2-9]\d{2}[2-9]\d{6}|911)(,\d+)?", tel) for tel in tels), tels
        if contact.ext:
            assert contact.ext in card["NOTE"][0]
        assert card.get("EMAIL;TYPE=internet", []) == ([contact.email] if contact.email else [])
        if contact.vanity:
            assert contact.vanity in card["NOTE"][0]


def test_vcard_lines_are_folded_at_75_octets_without_splitting_a_character(protocol):
    long = Contact(id="long_one", name="Ünïcode name, with; separators " * 4, organisation="Org; A, B",
                   purpose="Purpose " * 30, source="s", kind="tip_line", checked=datetime.date(2026, 1, 1), phone="601-987-1530")
    text = vcard(long, protocol) + contacts_vcf(protocol)
    for line in text.encode("utf-8").split(b"\r\n"):
        assert len(line) <= 75, line
        line.decode("utf-8")  # a fold inside a character would not decode
    assert parse_vcards(text)[0]["FN"] == [long.name]


def test_vcard_escapes_commas_semicolons_and_backslashes(protocol):
    odd = Contact(id="odd", name="A, B; C \\ D", organisation="Org;X", purpose="P.", source="s",
                  kind="tip_line", checked=datetime.date(2026, 1, 1), email="x@example.gov")
    text = vcard(odd, protocol)
    assert "FN:A\\, B\\; C \\\\ D\r\n" in text
    assert "ORG:Org\\;X\r\n" in text
    assert parse_vcards(text)[0]["FN"] == ["A, B; C \\ D"]


def test_contacts_page_links_both_downloads(page):
    links = {a["href"]: a for a in content(page("contacts/")).select("a[download]")}
    assert set(links) == {"../contacts.vcf", "../protocol.json"}
