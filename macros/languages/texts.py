"""The English texts a translation covers: every text of protocol.yaml a reader sees, keyed as
protocol.es.yaml keys it, and the fingerprint that tells when its translation went stale."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Iterator

from ..protocol.model import Protocol, Situation, Step


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
    official: bool = False  # an English name: kept, with the translation as a gloss


def step_key(situation: Situation, index: int, step: Step) -> str:
    """A step by its id, or by its place in its situation ('report_now.2') when it has none."""
    return step.id or f"{situation.id}.{index + 1}"


def answer_key(question, index: int, answer) -> str:
    """An answer by its id ('question.who_is_asking.answer.victim'), so that inserting an answer
    leaves the others' translations current; by its place ('answer.2') when it has none."""
    return f"question.{question.id}.answer.{answer.id or index + 1}"


def terms_text(terms) -> str:
    """A list of search terms as one text to translate: a Spanish list is written for what
    Spanish speakers type, not term by term, so the whole list is one entry."""
    return ", ".join(terms)


def split_terms(text: str) -> tuple[str, ...]:
    return tuple(term.strip() for term in text.split(",") if term.strip())


# --- every translated text of the model, named once ---------------------------------------------
# english_texts lists them for the translation file; overlay.py puts each translation in its place.


def _agency(contact) -> bool:
    """An agency's name is official; "Emergency services" (911) only describes a service. A name
    this website wrote for one use of an official contact ("..., case reports") reads like the
    others, English first: one order for every contact's name."""
    return contact.kind != "emergency"


@dataclass(frozen=True)
class Field:
    """One translated text of a model object: its key after the object's own ('name',
    'statute.title'), the attribute that holds it (a dotted path into a nested object), and how
    it is written."""
    key: str
    attribute: str = ""  # the key, where empty
    official: object = False  # True, or a test of the object: an English name kept with a gloss
    many: bool = False  # a tuple of texts, keyed '.1', '.2', ...
    terms: bool = False  # search terms: the whole list is one text, and comes after the object's parts

    @property
    def path(self) -> str:
        return self.attribute or self.key

    def is_official(self, owner) -> bool:
        return self.official(owner) if callable(self.official) else bool(self.official)


INFO = (Field("title", official=True), Field("short_title"), Field("publisher", official=True),
        Field("agency", official=True), Field("partnership"), Field("statute.title", official=True),
        Field("statute.text"), Field("emergency_notice.text", "emergency_text"),
        Field("quick_exit.label", "quick_exit_label"))
CHANGE = (Field("summary"),)
CONTACT = (Field("name", official=_agency), Field("organisation", official=_agency), Field("purpose"),
           Field("source"), Field("hours"), Field("confirmed.how"), Field("search_terms", terms=True))
CALLER = (Field("who"), Field("entry"))
SITUATION = (Field("title"), Field("audience"), Field("applies_when"), Field("condition"),
             Field("example", "examples", many=True), Field("search_terms", terms=True))
STEP = (Field("text"), Field("card"), Field("item", "items", many=True))
QUESTION = (Field("text"), Field("hint"))
ANSWER = (Field("label"), Field("hint"))
OUTCOME = (Field("title"), Field("summary"))


def value_at(owner, path: str):
    for name in path.split("."):
        owner = getattr(owner, name, None) if owner is not None else None
    return owner


def field_sources(owner, prefix: str, fields: tuple[Field, ...], line: int, terms: bool) -> Iterator[Source]:
    """The texts of `fields` (the search terms, or the others) that `owner` has, keyed under `prefix`."""
    for f in fields:
        value = value_at(owner, f.path)
        if f.terms != terms or not value:
            continue
        key = f"{prefix}.{f.key}"
        if f.many:
            for n, text in enumerate(value, 1):
                yield Source(f"{key}.{n}", text, line)
        else:
            yield Source(key, terms_text(value) if f.terms else value, line, official=f.is_official(owner))


def _texts_of(owner, prefix: str, fields: tuple[Field, ...], line: int, parts: Iterator[Source] = iter(())):
    yield from field_sources(owner, prefix, fields, line, terms=False)
    yield from parts
    yield from field_sources(owner, prefix, fields, line, terms=True)


def english_texts(protocol: Protocol) -> Iterator[Source]:
    """Every text of protocol.yaml a reader sees, keyed as the translation file keys it."""
    yield from _texts_of(protocol.info, "protocol", INFO, protocol.info.line)
    for change in protocol.changes:
        yield from _texts_of(change, f"change.{change.version}", CHANGE, change.line)
    for c in protocol.contacts:
        yield from _texts_of(c, f"contact.{c.id}", CONTACT, c.line)
    for caller in protocol.callers:
        yield from _texts_of(caller, f"caller.{caller.id}", CALLER, caller.line)
    for s in protocol.situations:
        steps = (source for i, step in enumerate(s.steps)
                 for source in _texts_of(step, f"step.{step_key(s, i, step)}", STEP, step.line))
        yield from _texts_of(s, f"situation.{s.id}", SITUATION, s.line, steps)
    for q in protocol.decision.questions:
        answers = (source for n, a in enumerate(q.answers) for source in _texts_of(a, answer_key(q, n, a), ANSWER, a.line))
        yield from _texts_of(q, f"question.{q.id}", QUESTION, q.line, answers)
    for o in protocol.decision.outcomes:
        yield from _texts_of(o, f"outcome.{o.id}", OUTCOME, o.line)
    for page, terms in protocol.page_terms:
        yield Source(f"search_terms.{page}", terms_text(terms), protocol.search_terms_line)
