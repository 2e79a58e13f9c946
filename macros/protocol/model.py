"""The checked protocol as frozen dataclasses: what every renderer reads."""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Optional, Union

from .kinds import AFTER_EMERGENCY_LABELS, REACHES_LAW_ENFORCEMENT, STEP_LABELS

# `line` is where the item starts in protocol.yaml; it is for error messages only,
# so it takes no part in equality.
_line = lambda: field(default=0, compare=False, repr=False)  # noqa: E731


@dataclass(frozen=True)
class Confirmation:
    """Someone called or emailed the agency and it confirmed the entry (shown only when set)."""
    date: datetime.date
    by: str
    how: str


@dataclass(frozen=True)
class Contact:
    id: str
    name: str
    organisation: str
    kind: str
    purpose: str
    source: str
    checked: datetime.date  # checked against the published protocol; nobody called the number
    confirmed: Optional[Confirmation] = None
    phone: Optional[str] = None
    ext: Optional[str] = None
    vanity: Optional[str] = None
    email: Optional[str] = None
    tty: Optional[str] = None  # a TTY or relay number, for callers who are deaf or hard of hearing
    hours: Optional[str] = None
    search_terms: tuple[str, ...] = ()  # for the search index only, never shown
    # The name is this website's label, not an official name: a translation leads with its own words.
    name_is_site_label: bool = False
    # The language of the page it is shown on: a Spanish reader gets the digits before the
    # lettered form (1-888-827-4637 (1-888-8CRIMES)), since letters spell an English word.
    language: str = field(default="en", compare=False, repr=False)
    line: int = _line()

    @property
    def reaches_law_enforcement(self) -> bool:
        return self.kind in REACHES_LAW_ENFORCEMENT

    @property
    def phone_digits(self) -> str:
        return "".join(ch for ch in (self.phone or "") if ch.isdigit())

    @property
    def tel_href(self) -> Optional[str]:
        """E.164 for tel: links (tel:+16019871530); short codes like 911 stay short."""
        if not self.phone:
            return None
        return _tel(self.phone, self.ext)

    @property
    def phone_display(self) -> Optional[str]:
        """The number as the protocol prints it: 1-888-8CRIMES (1-888-827-4637), 601-987-1671 ext. 2."""
        if not self.phone:
            return None
        if not self.vanity:
            number = self.phone
        elif self.language == "en":
            number = f"{self.vanity} ({self.phone})"
        else:
            number = f"{self.phone} ({self.vanity})"
        return f"{number} ext. {self.ext}" if self.ext else number

    @property
    def tty_href(self) -> Optional[str]:
        return _tel(self.tty) if self.tty else None

    @property
    def hrefs(self) -> tuple[str, ...]:
        """Its links in the order pages show them: call, TTY, email."""
        return tuple(h for h in (self.tel_href, self.tty_href, self.mailto_href) if h)

    @property
    def mailto_href(self) -> Optional[str]:
        return f"mailto:{self.email}" if self.email else None


def _tel(number: str, ext: Optional[str] = None) -> str:
    digits = "".join(ch for ch in number if ch.isdigit())
    if len(digits) == 3:  # 911, 711 (relay): short codes stay short
        return f"tel:{digits}"
    if len(digits) == 10:
        digits = "1" + digits
    extension = f";ext={ext}" if ext else ""
    return f"tel:+{digits}{extension}"


@dataclass(frozen=True)
class Caller:
    """Who may be asking (a law enforcement officer, the victim, ...): set by an answer of the
    decision, named by a step's audience."""
    id: str
    who: str  # follows "If you are": "a law enforcement officer"
    at_risk: bool = False  # the person at risk: their result leads with how to browse safely
    # The home page's link for them into the questions ("I am the victim, or I think I might
    # be"), where the protocol has no situation of theirs to link to.
    entry: Optional[str] = None
    line: int = _line()


@dataclass(frozen=True)
class Step:
    text: str
    kind: str
    id: Optional[str] = None
    contacts: tuple[Contact, ...] = ()
    items: tuple[str, ...] = ()
    quote: bool = False  # the text is the published protocol's own words, shown as a quotation
    card: Optional[str] = None  # a shorter wording for the printed card (never for a quote)
    # Whom the step is for (empty: everyone). A route whose caller is someone else leaves it
    # out; where the caller is not known (a situation page, the card) it shows with its condition.
    audience: tuple[Caller, ...] = ()
    line: int = _line()

    def is_for(self, caller: Optional[Caller]) -> bool:
        """True when a person who is `caller` (None: not known) may be shown this step."""
        return caller is None or not self.audience or caller.id in {c.id for c in self.audience}

    @property
    def caution(self) -> bool:
        return self.kind == "caution"

    @property
    def label(self) -> Optional[str]:
        """"Caution", "Before you contact law enforcement": how the site marks this kind of step."""
        return STEP_LABELS.get(self.kind)

    def label_on(self, after_emergency: bool) -> Optional[str]:
        """Its label on a route, which (after_emergency) may have started with calling 911."""
        return AFTER_EMERGENCY_LABELS.get(self.kind, self.label) if after_emergency else self.label

    @property
    def reaches_law_enforcement(self) -> bool:
        return any(c.reaches_law_enforcement for c in self.contacts)

    @property
    def card_text(self) -> str:
        return self.card or self.text


@dataclass(frozen=True)
class Situation:
    id: str
    title: str
    audience: str
    applies_when: str
    steps: tuple[Step, ...]
    examples: tuple[str, ...] = ()
    search_terms: tuple[str, ...] = ()  # for the search index only, never shown
    # When it applies, in plain words ("If the victim is or may be under 18"), where its steps
    # come first on another section's page and on the card (None: the answers that add it).
    condition: Optional[str] = None
    line: int = _line()

    @property
    def contacts(self) -> tuple[Contact, ...]:
        return unique(c for step in self.steps for c in step.contacts)


# What a decision answer or outcome can add to a result: a whole situation or one step.
Block = Union[Situation, Step]


@dataclass(frozen=True)
class Answer:
    label: str
    id: Optional[str] = None  # unique within its question; rules and translations name it
    hint: Optional[str] = None
    include: tuple[str, ...] = ()
    next: Optional[str] = None
    outcome: Optional[str] = None
    caller: Optional[str] = None  # the id of who the person is, once they give this answer
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

    @cached_property
    def _by_id(self) -> dict:
        return {node.id: node for node in self.questions + self.outcomes}

    def question(self, node_id: str) -> Optional[Question]:
        node = self._by_id.get(node_id)
        return node if isinstance(node, Question) else None

    def outcome(self, node_id: str) -> Optional[Outcome]:
        node = self._by_id.get(node_id)
        return node if isinstance(node, Outcome) else None


@dataclass(frozen=True)
class Rule:
    """One of the protocol's own rules for the results of its routes (rules: in protocol.yaml),
    checked on every route (macros/decision/rules.py). A route is selected when it took one of
    `when_answered` ((question id, answer id)), or its caller is one of `when_caller`, or its
    result shows one of `when_shown`; with none of these, every route is."""
    id: str
    says: str
    when_answered: tuple[tuple[str, str], ...] = ()
    when_caller: tuple[str, ...] = ()
    when_shown: tuple[str, ...] = ()  # situation, step or contact ids
    must_show: tuple[str, ...] = ()
    must_order: tuple[str, ...] = ()
    must_end_with: Optional[str] = None
    line: int = _line()

    @property
    def for_every_route(self) -> bool:
        return not (self.when_answered or self.when_caller or self.when_shown)


@dataclass(frozen=True)
class Statute:
    citation: str
    title: str
    text: str
    situations: tuple[str, ...] = ()  # ids of the sections its page shows under it


@dataclass(frozen=True)
class NumberChange:
    """A phone number, TTY number or email an edition changed: what a print of an earlier
    edition shows (was), and what the edition shows (now)."""
    contact: Contact
    field: str  # phone, tty or email
    was: str
    now: str
    line: int = _line()

    @property
    def href(self) -> Optional[str]:
        """A link to call or email what it is now (while the contact still has it)."""
        return {"phone": self.contact.tel_href, "tty": self.contact.tty_href,
                "email": self.contact.mailto_href}[self.field]


@dataclass(frozen=True)
class Change:
    version: str
    date: datetime.date
    summary: str
    line: int = _line()
    numbers: tuple[NumberChange, ...] = ()  # the numbers and emails it changed

    @property
    def slug(self) -> str:
        """Its page's address: edition 2.3 is editions/2-3/."""
        return edition_slug(self.version)


def same_value(one: str, other: str) -> bool:
    """Two ways of writing one number or email: spaces and capitals aside."""
    return "".join(one.split()).lower() == "".join(other.split()).lower()


def edition_slug(version: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", version).strip("-").lower()


@dataclass(frozen=True)
class EditionNote:
    """A change of one language edition (its translation, its review), in its own words, under
    the site edition it came with (protocol.es.yaml `changes:`)."""
    edition: str
    text: str
    line: int = _line()


@dataclass(frozen=True)
class ProtocolInfo:
    title: str
    short_title: str
    publisher: str
    agency: str
    partnership: str
    statute: Statute
    emergency_text: str
    emergency_contact: Contact
    quick_exit_label: str
    quick_exit_url: str
    published: Optional[str] = None  # the date the published text carries, if it ever does
    line: int = _line()


@dataclass(frozen=True)
class Protocol:
    info: ProtocolInfo
    contacts: tuple[Contact, ...]
    situations: tuple[Situation, ...]
    decision: Decision
    changes: tuple[Change, ...] = ()
    callers: tuple[Caller, ...] = ()
    rules: tuple[Rule, ...] = ()
    # Search terms of the site's own pages, by page name (schema.SITE_PAGES): ((page, terms), ...).
    page_terms: tuple[tuple[str, tuple[str, ...]], ...] = ()
    search_terms_line: int = 0
    language: str = "en"  # the language of its texts: "es" for the Spanish edition (macros/languages/translation.py)
    # Who reviewed a translation for the task force, and when (None: not reviewed yet; English: None).
    reviewed_by: Optional[str] = None
    reviewed_on: Optional[datetime.date] = None
    # A translation's texts shown in English (missing or stale), and its own changelog notes.
    pending_texts: int = 0
    edition_notes: tuple[EditionNote, ...] = ()

    @property
    def edition(self) -> Change:
        """This edition of the site: the newest entry of `changes:` (the protocol itself has no version)."""
        return self.changes[0]

    @property
    def reviewed_edition(self) -> Optional[Change]:
        """The site edition that was current on the day a translation was reviewed."""
        if self.reviewed_on is None:
            return None
        return next((c for c in self.changes if c.date <= self.reviewed_on), None)

    def notes_of(self, version: str) -> tuple[EditionNote, ...]:
        """This language edition's own notes for one site edition (none in English)."""
        return tuple(note for note in self.edition_notes if note.edition == version)

    # Lookups by id, built once: paths and renderers call these for every route.
    @cached_property
    def _blocks(self) -> dict[str, Block]:
        found: dict[str, Block] = {}
        for situation in self.situations:
            found[situation.id] = situation
            found.update((step.id, step) for step in situation.steps if step.id)
        return found

    @cached_property
    def _situation_of_step(self) -> dict[Step, Situation]:
        return {step: s for s in reversed(self.situations) for step in s.steps}

    def caller(self, caller_id: str) -> Caller:
        return next(c for c in self.callers if c.id == caller_id)

    def contact(self, contact_id: str) -> Contact:
        return next(c for c in self.contacts if c.id == contact_id)

    def situation(self, situation_id: str) -> Situation:
        block = self._blocks.get(situation_id)
        if not isinstance(block, Situation):
            raise KeyError(situation_id)
        return block

    def block(self, block_id: str) -> Block:
        """A situation or a single step, by id (answers `include:` either)."""
        return self._blocks[block_id]

    def situation_of(self, step: Step) -> Situation:
        return self._situation_of_step[step]

    def situations_using(self, contact: Contact) -> tuple[Situation, ...]:
        return tuple(s for s in self.situations if contact in s.contacts)


def unique(items) -> tuple:
    """Items in first-seen order, each once (model objects are frozen, so hashable)."""
    return tuple(dict.fromkeys(items))
