"""protocol.yaml against the published protocol's own text (reference/published-protocol.txt):
every phone number and email the task force published should be a contact. A number may
change after publication (a maintainer updates the contact and its source), so a difference
is a warning of `python -m macros check`, never an error: a reviewer sees it named."""
from __future__ import annotations

import os
import re

from .model import Protocol

PUBLISHED_TEXT = os.path.join("reference", "published-protocol.txt")
NUMBER = re.compile(r"\b(?:1-)?\d{3}-[0-9A-Z]{3}-?[0-9A-Z]{4}\b|\b911\b")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+\w")


def published_ways(text: str) -> list[str]:
    """Every phone number (as printed, lettered ones too) and email in the published text."""
    return list(dict.fromkeys(NUMBER.findall(text) + EMAIL.findall(text)))


def missing_from(protocol: Protocol, text: str) -> list[str]:
    """Published numbers and emails that no contact of protocol.yaml has."""
    have = set()
    for contact in protocol.contacts:
        have.update(w for w in (contact.phone, contact.vanity, contact.email) if w)
    return [way for way in published_ways(text) if way not in have]


def warnings(protocol: Protocol, protocol_path: str) -> list[str]:
    published = os.path.join(os.path.dirname(os.path.abspath(protocol_path)), PUBLISHED_TEXT)
    if not os.path.isfile(published):
        return []
    with open(published, encoding="utf-8") as handle:
        text = handle.read()
    return [f"{protocol_path}: the published protocol ({PUBLISHED_TEXT}) gives {way}, which no contact has; "
            "if it changed after publication, make sure that contact's source: says where the new one comes from"
            for way in missing_from(protocol, text)]
