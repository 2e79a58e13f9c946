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
        # An agency's name is official; "Emergency services" (911) only describes a service. A
        # name this website wrote for one use of an official contact ("..., case reports") reads
        # like the others, English first: one order for every contact's name.
        official = c.kind != "emergency"
        yield Source(f"contact.{c.id}.name", c.name, c.line, official=official)
        yield Source(f"contact.{c.id}.organisation", c.organisation, c.line, official=official)
        yield Source(f"contact.{c.id}.purpose", c.purpose, c.line)
        yield Source(f"contact.{c.id}.source", c.source, c.line)
        if c.hours:
            yield Source(f"contact.{c.id}.hours", c.hours, c.line)
        if c.confirmed:
            yield Source(f"contact.{c.id}.confirmed.how", c.confirmed.how, c.line)
        if c.search_terms:
            yield Source(f"contact.{c.id}.search_terms", terms_text(c.search_terms), c.line)
    for caller in protocol.callers:
        yield Source(f"caller.{caller.id}.who", caller.who, caller.line)
        if caller.entry:
            yield Source(f"caller.{caller.id}.entry", caller.entry, caller.line)
    for s in protocol.situations:
        yield Source(f"situation.{s.id}.title", s.title, s.line)
        yield Source(f"situation.{s.id}.audience", s.audience, s.line)
        yield Source(f"situation.{s.id}.applies_when", s.applies_when, s.line)
        if s.condition:
            yield Source(f"situation.{s.id}.condition", s.condition, s.line)
        for n, example in enumerate(s.examples, 1):
            yield Source(f"situation.{s.id}.example.{n}", example, s.line)
        for i, step in enumerate(s.steps):
            key = f"step.{step_key(s, i, step)}"
            yield Source(f"{key}.text", step.text, step.line)
            if step.card:
                yield Source(f"{key}.card", step.card, step.line)
            for n, item in enumerate(step.items, 1):
                yield Source(f"{key}.item.{n}", item, step.line)
        if s.search_terms:
            yield Source(f"situation.{s.id}.search_terms", terms_text(s.search_terms), s.line)
    for q in protocol.decision.questions:
        yield Source(f"question.{q.id}.text", q.text, q.line)
        if q.hint:
            yield Source(f"question.{q.id}.hint", q.hint, q.line)
        for n, a in enumerate(q.answers):
            yield Source(f"{answer_key(q, n, a)}.label", a.label, a.line)
            if a.hint:
                yield Source(f"{answer_key(q, n, a)}.hint", a.hint, a.line)
    for o in protocol.decision.outcomes:
        yield Source(f"outcome.{o.id}.title", o.title, o.line)
        yield Source(f"outcome.{o.id}.summary", o.summary, o.line)
    for page, terms in protocol.page_terms:
        yield Source(f"search_terms.{page}", terms_text(terms), protocol.search_terms_line)
