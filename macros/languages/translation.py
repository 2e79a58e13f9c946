"""A translation file of the protocol's texts (protocol.es.yaml): read and checked with line
numbers, and compared with the English it was made from (texts.py). overlay.py lays it over
the English model.

Every translated text records the fingerprint of the English text it was made from. A
text whose English has changed since (stale), or that has no translation yet (missing), is
shown in English, marked, and never as an outdated translation. Numbers and emails stay
in protocol.yaml: a translation names a contact (`{phone:mbi_ht_unit}`) instead.
"""
from __future__ import annotations

import datetime
import os
import re
from dataclasses import dataclass, field
from typing import Optional

from ..protocol.errors import ErrorList, ProtocolError
from ..protocol.model import EditionNote, Protocol
from ..protocol.schema import TEXT, Key, ListOf, Map, read_nodes
from .texts import Source, english_texts, fingerprint, step_key  # noqa: F401 (step_key: for users of this module)

ENTRY = Map("translated text", (Key("key", TEXT), Key("from", TEXT), Key("text", TEXT)))
# A change of this language edition, under the site edition (protocol.yaml `changes:`) it came with.
NOTE = Map("change of this language edition", (Key("edition", TEXT), Key("text", TEXT)))
FILE = Map("translation file", (
    Key("language", TEXT), Key("reviewed_by", TEXT, False), Key("reviewed_on", TEXT, False),
    Key("changes", ListOf(NOTE), False), Key("texts", ListOf(ENTRY)),
))

# A phone number (601-987-1530, (601) 987-1530, 1-888-8CRIMES, 987-1530) or an email address.
_PHONE = re.compile(r"(?<![\w§.])(?:\+?1[-. ]?)?(?:\(\d{3}\)\s?|\d{3}[-. ])?\d{3}[-. ][\dA-Z]{4}(?![\w])"
                    r"|(?<![\w§.-])1[-. ]\d{3}[-. ][\dA-Z]{7}(?![\w])")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PLACEHOLDER = re.compile(r"\{(phone|email):([a-z0-9_]+)\}")


@dataclass(frozen=True)
class Entry:
    key: str
    made_from: str
    text: str
    line: int


@dataclass(frozen=True)
class Translation:
    path: str
    language: str
    entries: dict  # key -> Entry
    reviewed_by: Optional[str] = None
    reviewed_on: Optional[datetime.date] = None
    notes: tuple = ()  # EditionNote: this language edition's own changelog
    # Entries for texts protocol.yaml no longer has (removed, or renamed ids): unused.
    leftovers: tuple = ()
    # key -> why a current entry cannot be shown ({phone:id} of a contact that is gone): its
    # English is shown instead, so renaming a contact never stops the English site.
    unusable: dict = field(default_factory=dict)
    # Changelog notes naming an edition protocol.yaml does not have: not shown.
    stray_notes: tuple = ()

    def current(self, source: Source) -> Optional[Entry]:
        """The entry to show for this English text, or None: missing, stale or unusable."""
        entry = self.entries.get(source.key)
        if entry is None or entry.made_from != fingerprint(source.text) or source.key in self.unusable:
            return None
        return entry


@dataclass(frozen=True)
class Pending:
    """A text the translated site shows in English: why, and where both sides are."""
    source: Source
    entry: Optional[Entry]  # None: no translation at all
    problem: Optional[str] = None  # why a current entry cannot be shown

    @property
    def reason(self) -> str:
        return "missing" if self.entry is None else ("unusable" if self.problem else "stale")

    def message(self, english_file: str, translation_file: str) -> str:
        if self.problem:
            return (f"{translation_file}:{self.entry.line}: '{self.source.key}': {self.problem}. Until it is "
                    "fixed the translated site shows the English text, marked as pending")
        if self.entry is None:
            return (f"{english_file}:{self.source.line}: '{self.source.key}' has no translation in "
                    f"{translation_file}; add it (from: {fingerprint(self.source.text)}). Until then the "
                    "translated site shows the English text, marked as pending")
        return (f"{translation_file}:{self.entry.line}: '{self.source.key}' is stale: the English text at "
                f"{english_file}:{self.source.line} changed after it was translated. Translate the new "
                f"text and set from: {fingerprint(self.source.text)}. Until then the translated site "
                "shows the English text, marked as pending")


# --- reading and checking the translation file ----------------------------------------------

def translation_file(protocol_file: str, language: str) -> str:
    """protocol.yaml -> protocol.es.yaml, in the same folder."""
    stem, ext = os.path.splitext(protocol_file)
    return f"{stem}.{language}{ext}"


def load_translation(path: str, protocol: Protocol, language: str) -> Translation:
    """Read and check a translation file; raise ProtocolError naming every line that must be
    fixed before the site can build (a stale or missing text is not one of them)."""
    name = os.path.relpath(path) if not os.path.relpath(path).startswith("..") else path
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except OSError as err:
        raise ProtocolError(name, 0, f"cannot read the translation: {err.strerror}") from None
    except UnicodeDecodeError:
        raise ProtocolError(name, 1, "the file is not valid UTF-8 text; save it as UTF-8") from None
    return read_translation(name, text, protocol, language)


def read_translation(name: str, text: str, protocol: Protocol, language: str) -> Translation:
    raw = read_nodes(name, text, FILE, holds="language and texts")
    errors = ErrorList(name)

    if raw["language"] != language:
        errors.add(raw["language"].line, f"language is '{raw['language']}', but this file is for "
                                         f"'{language}'; write language: {language}")
    reviewed_on = None
    if "reviewed_on" in raw:
        try:
            reviewed_on = datetime.date.fromisoformat(raw["reviewed_on"])
        except ValueError:
            errors.add(raw["reviewed_on"].line, f"reviewed_on '{raw['reviewed_on']}' is not a date; "
                                                "write it as YYYY-MM-DD")
    if ("reviewed_by" in raw) != ("reviewed_on" in raw):
        errors.add(raw.line, "reviewed_by and reviewed_on go together: set both when the task force "
                             "has reviewed the translation, or neither")

    # A note under an edition protocol.yaml does not have (another protocol, a renamed edition)
    # is left out with a warning, like an entry for a removed text: never a stopped build.
    notes, stray_notes = [], []
    editions = [change.version for change in protocol.changes]
    for item in raw.get("changes", ()):
        for problem in typed_contacts(item["text"], protocol):
            errors.add(item["text"].line, f"changes: {problem}")
        note = EditionNote(item["edition"], " ".join(item["text"].split()), item["edition"].line)
        (notes if note.edition in editions else stray_notes).append(note)

    known = {source.key: source for source in english_texts(protocol)}
    entries: dict[str, Entry] = {}
    unusable: dict[str, str] = {}
    for item in raw["texts"]:
        key, line = item["key"], item.line
        if key in entries:
            errors.add(line, f"'{key}' is translated twice (also at line {entries[key].line}); keep one")
            continue
        entries[key] = Entry(key, item["from"], item["text"], line)
        for problem in typed_contacts(item["text"], protocol):
            errors.add(item["text"].line, f"'{key}': {problem}")
        # A placeholder is checked where the translation is in use: an entry left over from a
        # removed text (or a stale one) may name a contact protocol.yaml no longer has.
        current = key in known and item["from"] == fingerprint(known[key].text)
        problems = placeholder_problems(item["text"], protocol) if current else []
        if problems:
            unusable[key] = "; ".join(problems)
    errors.raise_if_any()
    leftovers = tuple(entry for key, entry in entries.items() if key not in known)
    return Translation(name, language, entries, raw.get("reviewed_by"), reviewed_on, tuple(notes),
                       leftovers, unusable, tuple(stray_notes))


def typed_contacts(text: str, protocol: Protocol) -> list[str]:
    """Numbers and emails live only in protocol.yaml: a translation names the contact."""
    problems = []
    by_digits = {c.phone_digits: c for c in protocol.contacts if c.phone}
    for match in _PHONE.finditer(text):
        contact = by_digits.get("".join(ch for ch in match.group() if ch.isdigit())) or next(
            (c for c in protocol.contacts if c.vanity and c.vanity == match.group()), None)
        hint = f"{{phone:{contact.id}}}" if contact else "{phone:<contact id>}"
        problems.append(f"contains the phone number {match.group()}; numbers live only in protocol.yaml. "
                        f"Write {hint} instead")
    for number in re.findall(r"(?<![\w§.-])\d{3}(?![\w-]|\.\d)", text):
        contact = by_digits.get(number)
        if contact:
            problems.append(f"contains the phone number {number}; numbers live only in protocol.yaml. "
                            f"Write {{phone:{contact.id}}} instead")
    for match in _EMAIL.finditer(text):
        contact = next((c for c in protocol.contacts if c.email == match.group()), None)
        hint = f"{{email:{contact.id}}}" if contact else "{email:<contact id>}"
        problems.append(f"contains the email address {match.group()}; emails live only in protocol.yaml. "
                        f"Write {hint} instead")
    return problems


def placeholder_problems(text: str, protocol: Protocol) -> list[str]:
    """{phone:id} and {email:id} must name a contact that has one."""
    problems = []
    ids = {c.id: c for c in protocol.contacts}
    for kind, contact_id in PLACEHOLDER.findall(text):
        contact = ids.get(contact_id)
        if contact is None:
            problems.append(f"{{{kind}:{contact_id}}} names no contact of protocol.yaml "
                            f"(known: {', '.join(ids)})")
        elif not getattr(contact, kind):
            problems.append(f"{{{kind}:{contact_id}}}: contact '{contact_id}' has no {kind} in protocol.yaml")
    return problems


# --- comparing with the English -----------------------------------------------------------

def pending_texts(protocol: Protocol, translation: Translation) -> list[Pending]:
    """Every text the translated site shows in English, in protocol.yaml order."""
    pending = []
    for source in english_texts(protocol):
        if translation.current(source) is None:
            pending.append(Pending(source, translation.entries.get(source.key), translation.unusable.get(source.key)))
    return pending


def stub(pending: list[Pending]) -> str:
    """YAML entries for the texts to translate, to paste under `texts:` (a stale text's old
    entry is then removed): the English as a comment, its fingerprint, and the text to write."""
    blocks = []
    for item in pending:
        english = "\n".join(f"    # {line}" for line in _wrap(item.source.text))
        blocks.append(f"  - key: {item.source.key}\n{english}\n"
                      f"    from: {fingerprint(item.source.text)}\n    text: TRANSLATE")
    return "\n".join(blocks) + ("\n" if blocks else "")


def _wrap(text: str, width: int = 88) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return lines + [current]


# The texts a translation covers (texts.py) are part of what this module offers its users.
__all__ = ["Entry", "Pending", "Source", "Translation", "english_texts", "fingerprint", "load_translation",
           "pending_texts", "read_translation", "step_key", "stub", "translation_file"]
