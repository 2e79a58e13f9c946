"""The checked protocol as frozen dataclasses: what every renderer reads."""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Optional, Union

# `line` is where the item starts in protocol.yaml; it is for error messages only,
# so it takes no part in equality.
_line = lambda: field(default=0, compare=False, repr=False)  # noqa: E731


@dataclass(frozen=True)
class Contact:
    id: str
    name: str
    organisation: str
    purpose: str
    source: str
    verified: datetime.date
    phone: Optional[str] = None
    vanity: Optional[str] = None
    email: Optional[str] = None
    hours: Optional[str] = None
    line: int = _line()

    @property
    def phone_digits(self) -> str:
        return "".join(ch for ch in (self.phone or "") if ch.isdigit())

    @property
    def tel_href(self) -> Optional[str]:
        """E.164 for tel: links (tel:+16019871530); short codes like 911 stay short."""
        if not self.phone:
            return None
        digits = self.phone_digits
        if len(digits) == 3:
            return f"tel:{digits}"
        if len(digits) == 10:
            digits = "1" + digits
        return f"tel:+{digits}"

    @property
    def phone_display(self) -> Optional[str]:
        """The number as the protocol prints it: 1-888-8CRIMES (1-888-827-4637)."""
        if not self.phone:
            return None
        return f"{self.vanity} ({self.phone})" if self.vanity else self.phone

    @property
    def mailto_href(self) -> Optional[str]:
        return f"mailto:{self.email}" if self.email else None


@dataclass(frozen=True)
class Step:
    text: str
    id: Optional[str] = None
    contacts: tuple[Contact, ...] = ()
    items: tuple[str, ...] = ()
    caution: bool = False
    line: int = _line()


@dataclass(frozen=True)
class Situation:
    id: str
    title: str
    audience: str
    applies_when: str
    steps: tuple[Step, ...]
    examples: tuple[str, ...] = ()
    line: int = _line()

    @property
    def contacts(self) -> tuple[Contact, ...]:
        return unique(c for step in self.steps for c in step.contacts)


# What a decision answer or outcome can add to a result: a whole situation or one step.
Block = Union[Situation, Step]


@dataclass(frozen=True)
class Answer:
    label: str
    include: tuple[str, ...] = ()
    next: Optional[str] = None
    outcome: Optional[str] = None
    line: int = _line()

    @property
    def target(self) -> str:
        return self.next or self.outcome or ""


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    answers: tuple[Answer, ...]
    hint: Optional[str] = None
    line: int = _line()


@dataclass(frozen=True)
class Outcome:
    id: str
    title: str
    summary: str
    include: tuple[str, ...] = ()
    line: int = _line()


@dataclass(frozen=True)
class Decision:
    start: str
    questions: tuple[Question, ...]
    outcomes: tuple[Outcome, ...]

    def question(self, node_id: str) -> Optional[Question]:
        return next((q for q in self.questions if q.id == node_id), None)

    def outcome(self, node_id: str) -> Optional[Outcome]:
        return next((o for o in self.outcomes if o.id == node_id), None)


@dataclass(frozen=True)
class Statute:
    citation: str
    title: str
    text: str


@dataclass(frozen=True)
class Change:
    version: str
    date: datetime.date
    summary: str


@dataclass(frozen=True)
class ProtocolInfo:
    title: str
    short_title: str
    publisher: str
    agency: str
    version: str
    effective: datetime.date
    partnership: str
    statute: Statute
    emergency_text: str
    emergency_contact: Contact
    quick_exit_label: str
    quick_exit_url: str


@dataclass(frozen=True)
class Protocol:
    info: ProtocolInfo
    contacts: tuple[Contact, ...]
    situations: tuple[Situation, ...]
    decision: Decision
    changes: tuple[Change, ...] = ()

    def contact(self, contact_id: str) -> Contact:
        return next(c for c in self.contacts if c.id == contact_id)

    def situation(self, situation_id: str) -> Situation:
        return next(s for s in self.situations if s.id == situation_id)

    def block(self, block_id: str) -> Block:
        """A situation or a single step, by id (answers `include:` either)."""
        for situation in self.situations:
            if situation.id == block_id:
                return situation
            for step in situation.steps:
                if step.id == block_id:
                    return step
        raise KeyError(block_id)

    def situation_of(self, step: Step) -> Situation:
        return next(s for s in self.situations if step in s.steps)

    def situations_using(self, contact: Contact) -> tuple[Situation, ...]:
        return tuple(s for s in self.situations if contact in s.contacts)


def unique(items) -> tuple:
    """Items in first-seen order, each once."""
    seen: list = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return tuple(seen)
