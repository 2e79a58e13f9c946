"""Machine-readable copies of the checked protocol, published with the site:
protocol.json (the whole model) and contacts.vcf (every contact, to add to a phone at once)."""
from __future__ import annotations

import json

from ..languages.interface import language as interface_language
from ..protocol.model import Contact, Protocol, Situation, Step

JSON_FILE, VCARD_FILE = "protocol.json", "contacts.vcf"
# Bump when a consumer would have to change how it reads protocol.json.
SCHEMA_VERSION = 2  # 2: step kinds, contact kinds, checked/confirmed, site_edition


def protocol_data(protocol: Protocol) -> dict:
    info = protocol.info
    return {
        "schema_version": SCHEMA_VERSION,
        "protocol": {
            "title": info.title, "short_title": info.short_title, "publisher": info.publisher,
            "agency": info.agency, "published": info.published,
            "partnership": info.partnership,
            "statute": {"citation": info.statute.citation, "title": info.statute.title, "text": info.statute.text},
            "emergency_notice": {"text": info.emergency_text, "contact": info.emergency_contact.id},
            "quick_exit": {"label": info.quick_exit_label, "url": info.quick_exit_url},
        },
        "site_edition": {"version": protocol.edition.version, "date": protocol.edition.date.isoformat()},
        "changes": [{"version": c.version, "date": c.date.isoformat(), "summary": c.summary}
                    for c in protocol.changes],
        "contacts": [_contact(c) for c in protocol.contacts],
        "situations": [_situation(s) for s in protocol.situations],
        "decision": {
            "start": protocol.decision.start,
            "questions": [{"id": q.id, "text": q.text, "hint": q.hint,
                           "answers": [{"label": a.label, "hint": a.hint, "next": a.next, "outcome": a.outcome,
                                        "include": list(a.include)} for a in q.answers]}
                          for q in protocol.decision.questions],
            "outcomes": [{"id": o.id, "title": o.title, "summary": o.summary, "include": list(o.include)}
                         for o in protocol.decision.outcomes],
        },
    }


def _contact(contact: Contact) -> dict:
    return {
        "id": contact.id, "name": contact.name, "organisation": contact.organisation, "kind": contact.kind,
        "purpose": contact.purpose, "phone": contact.phone, "ext": contact.ext, "vanity": contact.vanity,
        "tel": contact.tel_href, "tty": contact.tty, "email": contact.email, "hours": contact.hours,
        "source": contact.source, "checked": contact.checked.isoformat(),
        "confirmed": {"date": contact.confirmed.date.isoformat(), "by": contact.confirmed.by,
                      "how": contact.confirmed.how} if contact.confirmed else None,
    }


def _step(step: Step) -> dict:
    return {"id": step.id, "kind": step.kind, "text": step.text, "quote": step.quote,
            "contacts": [c.id for c in step.contacts], "items": list(step.items)}


def _situation(situation: Situation) -> dict:
    return {"id": situation.id, "title": situation.title, "audience": situation.audience,
            "applies_when": situation.applies_when, "examples": list(situation.examples),
            "steps": [_step(s) for s in situation.steps]}


def protocol_json(protocol: Protocol) -> str:
    return json.dumps(protocol_data(protocol), indent=2, ensure_ascii=False) + "\n"


# --- vCard 3.0 (RFC 2426; escaping as RFC 6350 3.4) --------------------------------------

def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace("\n", "\\n").replace(",", "\\,").replace(";", "\\;"))


def _fold(line: str) -> str:
    """Lines of at most 75 octets; a continuation starts with a space. Never splits a character."""
    out, current = [], b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current)
            current = b""
        current += encoded
    out.append(current)
    return "\r\n ".join(part.decode("utf-8") for part in out)


def vcard_tel(contact: Contact) -> str:
    """The number a phone dials: an extension after a pause (','), as phones' contacts store it;
    a tel: link's ';ext=' would be read as a 'wait' by some phones' dialers."""
    number = contact.tel_href.removeprefix("tel:").split(";", 1)[0]
    return f"{number},{contact.ext}" if contact.ext else number


def vcard(contact: Contact, protocol: Protocol) -> str:
    """One contact; its note in the protocol's language (the Spanish edition's contacts.vcf is in Spanish)."""
    lang = interface_language(protocol.language)
    note = contact.purpose
    if contact.vanity:
        note += " " + lang.text("Number as published: %(number)s.") % {"number": contact.vanity}
    if contact.ext:
        note += " " + lang.text("Extension: %(ext)s.") % {"ext": contact.ext}
    if contact.hours:
        note += " " + lang.text("Hours: %(hours)s.") % {"hours": contact.hours}
    note += " " + lang.text("From the %(title)s; checked against the published text on %(date)s.") % {
        "title": protocol.info.title, "date": contact.checked.isoformat()}
    lines = ["BEGIN:VCARD", "VERSION:3.0",
             # An organisation, not a person: empty structured name, shown by its ORG.
             "N:;;;;", f"FN:{_escape(contact.name)}", f"ORG:{_escape(contact.organisation)}",
             "X-ABShowAs:COMPANY"]
    if contact.tel_href:
        lines.append(f"TEL;TYPE=voice:{vcard_tel(contact)}")
    if contact.tty_href:  # vCard 3.0's type for a text telephone
        lines.append(f"TEL;TYPE=textphone:{contact.tty_href.removeprefix('tel:')}")
    if contact.email:
        lines.append(f"EMAIL;TYPE=internet:{contact.email}")
    lines += [f"NOTE:{_escape(note)}", f"CATEGORIES:{_escape(protocol.info.short_title)}",
              f"UID:ms-ht-protocol-{contact.id}", f"REV:{contact.checked.isoformat()}", "END:VCARD"]
    return "".join(_fold(line) + "\r\n" for line in lines)


def contacts_vcf(protocol: Protocol) -> str:
    return "".join(vcard(contact, protocol) for contact in protocol.contacts)
