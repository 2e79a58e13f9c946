"""The translated model: the same protocol (ids, numbers, routes, order) with each text in the
translation's words where its entry is current, and otherwise the English, marked as pending.
Official English names (and the site's own names for a contact) stay, with the translation as a
gloss."""
from __future__ import annotations

import re
from dataclasses import replace

from markupsafe import escape

from ..protocol.model import Contact, Protocol, Question, Situation
from .interface import language as interface_language
from .texts import (
    ANSWER, CALLER, CHANGE, CONTACT, INFO, OUTCOME, QUESTION, SITUATION, STEP, Field, answer_key, english_texts,
    split_terms, step_key, value_at,
)
from .translation import PLACEHOLDER, Translation, pending_texts

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
    Unit (Unidad de Trata de Personas de la MBI)'. A name that ends in brackets of its own
    takes the translation inside them, so brackets never stack: 'National Human Trafficking
    Hotline (Polaris; Línea Nacional contra la Trata de Personas)'. Its text and its HTML (the
    English marked lang="en") are drawn from the same parts."""

    def __new__(cls, english: str, other: str):
        value = str.__new__(cls, "".join(text for text, _lang in cls.parts_of(english, other)))
        value.english, value.other = english, other
        return value

    @staticmethod
    def parts_of(english: str, other: str) -> tuple[tuple[str, str], ...]:
        """(text, "en" or "") in reading order."""
        if english.endswith(")") and " (" in english:
            head, tail = english[:-1].rsplit(" (", 1)
            return (head, "en"), (" (", ""), (tail, "en"), (f"; {other})", "")
        return (english, "en"), (f" ({other})", "")

    def __html__(self) -> str:
        return "".join(f'<span lang="{lang}">{escape(text)}</span>' if lang else str(escape(text))
                       for text, lang in self.parts_of(self.english, self.other))


class _Texts:
    """Looks up each English text's current translation."""

    def __init__(self, protocol: Protocol, translation: Translation):
        self.translation = translation
        self.sources = {s.key: s for s in english_texts(protocol)}
        # Numbers as this language writes them (Contact.phone_display).
        self.contacts = {c.id: replace(c, language=translation.language) for c in protocol.contacts}
        # What a text still in English is marked with: the language's own words (its interface table).
        self.mark = interface_language(translation.language).pending_mark

    def __call__(self, key: str) -> str:
        source = self.sources[key]
        entry = self.translation.current(source)
        if entry is None:
            return Untranslated(source.text, self.mark)
        text = PLACEHOLDER.sub(self._fill, " ".join(entry.text.split()))
        return Glossed(source.text, text) if source.official else text

    def terms(self, key: str, english: tuple[str, ...]) -> tuple[str, ...]:
        """Search terms: the translation's own list where it is current, else the English one
        (never with the pending mark, which no one types)."""
        if not english:
            return ()
        text = self(key)
        return english if isinstance(text, Untranslated) else split_terms(text)

    def _fill(self, match: re.Match) -> str:
        contact = self.contacts[match.group(2)]
        return contact.phone_display if match.group(1) == "phone" else contact.email


def translated(owner, prefix: str, fields: tuple[Field, ...], t: _Texts, **more):
    """`owner` with each of its `fields` (texts.py) in the translation's words, and `more` changed."""
    changes: dict[str, object] = {}
    for f in fields:
        value = value_at(owner, f.path)
        if not value:
            continue
        key = f"{prefix}.{f.key}"
        if f.many:
            changes[f.path] = tuple(t(f"{key}.{n}") for n in range(1, len(value) + 1))
        else:
            changes[f.path] = t.terms(key, value) if f.terms else t(key)
    return _replaced(owner, {**changes, **more})


def _replaced(owner, changes: dict):
    """dataclasses.replace, where a change's name may be a path into a nested object ('statute.title')."""
    nested: dict[str, dict] = {}
    flat = {}
    for path, value in changes.items():
        head, _dot, rest = path.partition(".")
        if rest:
            nested.setdefault(head, {})[rest] = value
        else:
            flat[path] = value
    for head, inner in nested.items():
        flat[head] = _replaced(getattr(owner, head), inner)
    return replace(owner, **flat)


def translated_protocol(protocol: Protocol, translation: Translation) -> Protocol:
    """The same protocol (ids, numbers, routes, order) with the translated texts. Every
    renderer reads it exactly as it reads the English one."""
    t = _Texts(protocol, translation)
    contacts = {c.id: translated(c, f"contact.{c.id}", CONTACT, t, language=translation.language)
                for c in protocol.contacts}
    callers = {c.id: translated(c, f"caller.{c.id}", CALLER, t) for c in protocol.callers}
    decision = protocol.decision
    return replace(
        protocol,
        info=translated(protocol.info, "protocol", INFO, t, emergency_contact=contacts[protocol.info.emergency_contact.id]),
        contacts=tuple(contacts.values()),
        callers=tuple(callers.values()),
        situations=tuple(_situation(s, t, contacts, callers) for s in protocol.situations),
        decision=replace(
            decision,
            questions=tuple(_question(q, t) for q in decision.questions),
            outcomes=tuple(translated(o, f"outcome.{o.id}", OUTCOME, t) for o in decision.outcomes),
        ),
        changes=tuple(translated(c, f"change.{c.version}", CHANGE, t) for c in protocol.changes),
        page_terms=tuple((page, t.terms(f"search_terms.{page}", terms)) for page, terms in protocol.page_terms),
        language=translation.language,
        reviewed_by=translation.reviewed_by, reviewed_on=translation.reviewed_on,
        pending_texts=len(pending_texts(protocol, translation)), edition_notes=translation.notes,
    )


def _situation(s: Situation, t: _Texts, contacts: dict[str, Contact], callers: dict) -> Situation:
    steps = tuple(translated(step, f"step.{step_key(s, i, step)}", STEP, t,
                             contacts=tuple(contacts[c.id] for c in step.contacts),
                             audience=tuple(callers[c.id] for c in step.audience))
                  for i, step in enumerate(s.steps))
    return translated(s, f"situation.{s.id}", SITUATION, t, steps=steps)


def _question(q: Question, t: _Texts) -> Question:
    answers = tuple(translated(a, answer_key(q, n, a), ANSWER, t) for n, a in enumerate(q.answers))
    return translated(q, f"question.{q.id}", QUESTION, t, answers=answers)
