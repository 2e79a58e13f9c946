"""A translation of the protocol's texts (protocol.es.yaml): read and checked with line
numbers, compared with the English it was made from, and laid over the English model.

Every translated text records the fingerprint of the English text it was made from. A
text whose English has changed since (stale), or that has no translation yet (missing), is
shown in English, marked, and never as an outdated translation. Numbers and emails stay
in protocol.yaml: a translation names a contact (`{phone:mbi_ht_unit}`) instead.
"""
from __future__ import annotations

import datetime
import hashlib
import os
import re
from dataclasses import dataclass, field, replace
from typing import Iterator, Optional

from markupsafe import escape

from .errors import ErrorList, ProtocolError
from .model import Contact, Protocol, Question, Situation, Step
from .schema import Key, ListOf, Map, TEXT, _compose, _Reader
from .yaml_advice import curly_quotes, syntax_advice

# What a text in English on a translated page is marked with, per language.
PENDING_MARK = {"es": "(texto en inglés: traducción pendiente)"}

ENTRY = Map("translated text", (Key("key", TEXT), Key("from", TEXT), Key("text", TEXT)))
FILE = Map("translation file", (
    Key("language", TEXT), Key("reviewed_by", TEXT, False), Key("reviewed_on", TEXT, False),
    Key("texts", ListOf(ENTRY)),
))

# A phone number (601-987-1530, (601) 987-1530, 1-888-8CRIMES, 987-1530) or an email address.
_PHONE = re.compile(r"(?<![\w§.])(?:\+?1[-. ]?)?(?:\(\d{3}\)\s?|\d{3}[-. ])?\d{3}[-. ][\dA-Z]{4}(?![\w])"
                    r"|(?<![\w§.-])1[-. ]\d{3}[-. ][\dA-Z]{7}(?![\w])")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PLACEHOLDER = re.compile(r"\{(phone|email):([a-z0-9_]+)\}")


def fingerprint(text: str) -> str:
    """The first 10 hex digits of the SHA-256 of the text, spaces and line breaks folded:
    re-wrapping a paragraph in protocol.yaml does not make its translation stale."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:10]


@dataclass(frozen=True)
class Source:
    """One English text of protocol.yaml that a translation can replace."""
    key: str
    text: str
    line: int
    official: bool = False  # an official English name: kept, with the translation as a gloss


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
    # Entries for texts protocol.yaml no longer has (removed, or renamed ids): unused.
    leftovers: tuple = ()
    # key -> why a current entry cannot be shown ({phone:id} of a contact that is gone): its
    # English is shown instead, so renaming a contact never stops the English site.
    unusable: dict = field(default_factory=dict)

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


# --- the English texts a translation covers ------------------------------------------------

def step_key(situation: Situation, index: int, step: Step) -> str:
    """A step by its id, or by its place in its situation ('report_now.2') when it has none."""
    return step.id or f"{situation.id}.{index + 1}"


def english_texts(protocol: Protocol) -> Iterator[Source]:
    """Every text of protocol.yaml a reader sees, keyed as the translation file keys it."""
    info = protocol.info
    at = info.line
    yield Source("protocol.title", info.title, at, official=True)
    yield Source("protocol.short_title", info.short_title, at)
    yield Source("protocol.publisher", info.publisher, at, official=True)
    yield Source("protocol.agency", info.agency, at, official=True)
    yield Source("protocol.partnership", info.partnership, at)
    yield Source("protocol.statute.title", info.statute.title, at, official=True)
    yield Source("protocol.statute.text", info.statute.text, at)
    yield Source("protocol.emergency_notice.text", info.emergency_text, at)
    yield Source("protocol.quick_exit.label", info.quick_exit_label, at)
    for change in protocol.changes:
        yield Source(f"change.{change.version}.summary", change.summary, change.line)
    for c in protocol.contacts:
        # An agency's name is official; "Emergency services" (911) only describes a service.
        official = c.kind != "emergency"
        yield Source(f"contact.{c.id}.name", c.name, c.line, official=official)
        yield Source(f"contact.{c.id}.organisation", c.organisation, c.line, official=official)
        yield Source(f"contact.{c.id}.purpose", c.purpose, c.line)
        yield Source(f"contact.{c.id}.source", c.source, c.line)
        if c.hours:
            yield Source(f"contact.{c.id}.hours", c.hours, c.line)
        if c.confirmed:
            yield Source(f"contact.{c.id}.confirmed.how", c.confirmed.how, c.line)
    for caller in protocol.callers:
        yield Source(f"caller.{caller.id}.who", caller.who, caller.line)
    for s in protocol.situations:
        yield Source(f"situation.{s.id}.title", s.title, s.line)
        yield Source(f"situation.{s.id}.audience", s.audience, s.line)
        yield Source(f"situation.{s.id}.applies_when", s.applies_when, s.line)
        for n, example in enumerate(s.examples, 1):
            yield Source(f"situation.{s.id}.example.{n}", example, s.line)
        for i, step in enumerate(s.steps):
            key = f"step.{step_key(s, i, step)}"
            yield Source(f"{key}.text", step.text, step.line)
            if step.card:
                yield Source(f"{key}.card", step.card, step.line)
            for n, item in enumerate(step.items, 1):
                yield Source(f"{key}.item.{n}", item, step.line)
    for q in protocol.decision.questions:
        yield Source(f"question.{q.id}.text", q.text, q.line)
        if q.hint:
            yield Source(f"question.{q.id}.hint", q.hint, q.line)
        for n, a in enumerate(q.answers, 1):
            yield Source(f"question.{q.id}.answer.{n}.label", a.label, a.line)
            if a.hint:
                yield Source(f"question.{q.id}.answer.{n}.hint", a.hint, a.line)
    for o in protocol.decision.outcomes:
        yield Source(f"outcome.{o.id}.title", o.title, o.line)
        yield Source(f"outcome.{o.id}.summary", o.summary, o.line)


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
    try:
        root = _compose(text)
    except Exception as err:  # noqa: BLE001 - a YAML error, with the protocol file's advice
        import yaml
        if isinstance(err, yaml.MarkedYAMLError):
            raise ProtocolError(name, *syntax_advice(text, err)) from None
        raise ProtocolError(name, 1, f"YAML syntax error: {err}") from None
    if root is None:
        raise ProtocolError(name, 1, "the file is empty; it must hold language and texts")
    if curly := curly_quotes(text):
        raise ProtocolError(name, *curly)
    errors = ErrorList(name)
    raw = _Reader(errors).read(root, FILE, "")
    errors.raise_if_any()

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
    return Translation(name, language, entries, raw.get("reviewed_by"), reviewed_on, leftovers, unusable)


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
    for kind, contact_id in _PLACEHOLDER.findall(text):
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


class _WithEnglish(str):
    """A translated page's text that is English on purpose, followed by words in the page's
    language. As plain text (page titles, the widget's data) it reads as TEXT; in HTML
    (Jinja calls __html__) the English is marked lang="en", so a screen reader reads it in English."""
    TEXT = HTML = ""

    def __new__(cls, english: str, other: str):
        value = super().__new__(cls, cls.TEXT.format(english=english, other=other))
        value.english, value.other = english, other
        return value

    def __html__(self) -> str:
        return self.HTML.format(english=escape(self.english), other=escape(self.other))


class Untranslated(_WithEnglish):
    """English text waiting for its translation, then the pending mark."""
    TEXT = "{english} {other}"
    HTML = '<span lang="en">{english}</span> <span class="ht-pending">{other}</span>'


class Glossed(_WithEnglish):
    """An official English name, then its translation in brackets: 'MBI Human Trafficking
    Unit (Unidad de Trata de Personas de la MBI)'."""
    TEXT = "{english} ({other})"
    HTML = '<span lang="en">{english}</span> ({other})'


# --- the translated model ------------------------------------------------------------------

class _Texts:
    """Looks up each English text's current translation."""

    def __init__(self, protocol: Protocol, translation: Translation):
        self.translation = translation
        self.sources = {s.key: s for s in english_texts(protocol)}
        # Numbers as this language writes them (Contact.phone_display).
        self.contacts = {c.id: replace(c, language=translation.language) for c in protocol.contacts}
        self.mark = PENDING_MARK.get(translation.language, "(English: translation pending)")

    def __call__(self, key: str) -> str:
        source = self.sources[key]
        entry = self.translation.current(source)
        if entry is None:
            return Untranslated(source.text, self.mark)
        text = _PLACEHOLDER.sub(self._fill, " ".join(entry.text.split()))
        return Glossed(source.text, text) if source.official else text

    def _fill(self, match: re.Match) -> str:
        contact = self.contacts[match.group(2)]
        return contact.phone_display if match.group(1) == "phone" else contact.email


def translated_protocol(protocol: Protocol, translation: Translation) -> Protocol:
    """The same protocol (ids, numbers, routes, order) with the translated texts. Every
    renderer reads it exactly as it reads the English one."""
    t = _Texts(protocol, translation)
    contacts = {c.id: _contact(c, t) for c in protocol.contacts}
    callers = {c.id: replace(c, who=t(f"caller.{c.id}.who")) for c in protocol.callers}
    info = protocol.info
    situations = tuple(_situation(s, t, contacts, callers) for s in protocol.situations)
    decision = protocol.decision
    return replace(
        protocol,
        info=replace(
            info, title=t("protocol.title"), short_title=t("protocol.short_title"),
            publisher=t("protocol.publisher"), agency=t("protocol.agency"),
            partnership=t("protocol.partnership"),
            statute=replace(info.statute, title=t("protocol.statute.title"), text=t("protocol.statute.text")),
            emergency_text=t("protocol.emergency_notice.text"),
            emergency_contact=contacts[info.emergency_contact.id],
            quick_exit_label=t("protocol.quick_exit.label"),
        ),
        contacts=tuple(contacts.values()),
        callers=tuple(callers.values()),
        situations=situations,
        decision=replace(
            decision,
            questions=tuple(_question(q, t) for q in decision.questions),
            outcomes=tuple(replace(o, title=t(f"outcome.{o.id}.title"), summary=t(f"outcome.{o.id}.summary"))
                           for o in decision.outcomes),
        ),
        changes=tuple(replace(c, summary=t(f"change.{c.version}.summary")) for c in protocol.changes),
        language=translation.language,
        reviewed_by=translation.reviewed_by, reviewed_on=translation.reviewed_on,
    )


def _contact(c: Contact, t: _Texts) -> Contact:
    key = f"contact.{c.id}"
    return replace(
        c, name=t(f"{key}.name"), organisation=t(f"{key}.organisation"), purpose=t(f"{key}.purpose"),
        source=t(f"{key}.source"), hours=t(f"{key}.hours") if c.hours else None,
        confirmed=replace(c.confirmed, how=t(f"{key}.confirmed.how")) if c.confirmed else None,
        language=t.translation.language,
    )


def _situation(s: Situation, t: _Texts, contacts: dict[str, Contact], callers: dict) -> Situation:
    steps = []
    for i, step in enumerate(s.steps):
        key = f"step.{step_key(s, i, step)}"
        steps.append(replace(
            step, text=t(f"{key}.text"), card=t(f"{key}.card") if step.card else None,
            items=tuple(t(f"{key}.item.{n}") for n in range(1, len(step.items) + 1)),
            contacts=tuple(contacts[c.id] for c in step.contacts),
            audience=tuple(callers[c.id] for c in step.audience),
        ))
    key = f"situation.{s.id}"
    return replace(
        s, title=t(f"{key}.title"), audience=t(f"{key}.audience"), applies_when=t(f"{key}.applies_when"),
        examples=tuple(t(f"{key}.example.{n}") for n in range(1, len(s.examples) + 1)), steps=tuple(steps),
    )


def _question(q: Question, t: _Texts) -> Question:
    key = f"question.{q.id}"
    answers = tuple(
        replace(a, label=t(f"{key}.answer.{n}.label"), hint=t(f"{key}.answer.{n}.hint") if a.hint else None)
        for n, a in enumerate(q.answers, 1))
    return replace(q, text=t(f"{key}.text"), hint=t(f"{key}.hint") if q.hint else None, answers=answers)


__all__ = ["Glossed", "Pending", "Source", "Translation", "Untranslated", "english_texts",
           "fingerprint", "load_translation", "pending_texts", "read_translation", "translated_protocol",
           "translation_file"]


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
