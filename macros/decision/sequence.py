"""What a reader who lands on one page must do, in the protocol's order.

A situation page shows its situation's steps; on the routes of the decision, other sections
can come before them. A section that contacts no law enforcement itself and has no emergency
step (informed consent, which prepares the contact; a child victim's, which calls child
protection) and that comes before this situation's first contact with law enforcement or a tip
line on some route is shown on the page in place, first, with the condition under which it
applies: a "lead-in" (an emergency section needs none: every page leads with the 911 line).
Nothing is put before a section's opening call to 911, nor before the closing note that every
result ends with. The card prints each section that leads in before the situations it leads
into. The ordering rules are checked on every page sequence and on the card, as they are on
every route.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Optional

from ..protocol.model import Answer, Caller, Contact, Protocol, Question, Situation, Step
from .order import describe, sequence_mistakes
from .paths import opening_emergency_calls
from .related import answers_adding


@dataclass(frozen=True)
class LeadIn:
    """Steps of another section that come first where this situation applies."""
    situation: Situation  # the section they come from
    steps: tuple[Step, ...]
    # When they apply: the person is this caller (every route that shows them says so) ...
    caller: Optional[Caller]
    # ... or else these answers add them (empty: on every route of the situation).
    when: tuple[tuple[Question, tuple[Answer, ...]], ...]


@dataclass(frozen=True)
class PageSequence:
    situation: Situation
    lead_ins: tuple[LeadIn, ...]

    @property
    def opening(self) -> tuple[Step, ...]:
        """Its opening call to emergency services ("For emergencies call 911."): shown before
        any lead-in, as nothing comes before 911."""
        return opening_emergency_calls(self.situation.steps)

    @property
    def rest(self) -> tuple[Step, ...]:
        """Its own steps after the opening call to emergency services."""
        return self.situation.steps[len(self.opening):]

    @property
    def steps(self) -> tuple[Step, ...]:
        """Top to bottom, as a reader meets them."""
        return self.opening + tuple(step for lead_in in self.lead_ins for step in lead_in.steps) + self.rest


def build_page_sequences(protocol: Protocol, routes, everywhere) -> dict[Situation, PageSequence]:
    """Each situation's complete sequence: its lead-ins, then its own steps (once per protocol:
    macros/decision/facts.py)."""
    return {s: PageSequence(s, _lead_ins(protocol, routes, everywhere, s)) for s in protocol.situations}


def leads_in(situation: Situation) -> bool:
    """A section whose steps are shown first, in place, where a route puts them first: it
    contacts no law enforcement itself and has no emergency step."""
    return not any(step.reaches_law_enforcement or step.kind == "emergency" for step in situation.steps)


def _lead_ins(protocol: Protocol, routes, everywhere, situation: Situation) -> tuple[LeadIn, ...]:
    # A section every result ends with (the closing note, "Please call 911 and ...") has no
    # conditions put before it: on its own page it is the protocol's general note, and no step
    # may read as coming before its call to 911. "What else applies" names what comes first.
    if not any(step.reaches_law_enforcement for step in situation.steps) or situation in everywhere:
        return ()
    found: dict[Situation, dict] = {}
    routes_with_contact = 0
    for path, result in routes:
        steps = result.steps
        first = next((i for i, s in enumerate(steps)
                      if s.reaches_law_enforcement and protocol.situation_of(s) == situation), None)
        if first is None:
            continue
        routes_with_contact += 1
        for at, step in enumerate(steps[:first]):
            owner = protocol.situation_of(step)
            if owner != situation and leads_in(owner):
                entry = found.setdefault(owner, {"steps": {}, "routes": {}, "at": {}})
                entry["steps"][step] = None
                entry["routes"][path] = result.caller
                entry["at"].setdefault(path, at)  # where its first step is on this route
    lead_ins, at = [], {}
    for owner, entry in found.items():
        routes = entry["routes"]  # path -> who the person is on it
        callers = set(routes.values())
        # Its condition is who the person is only where the answer that adds it is the one that
        # says so ("I work with a victim"): a child victim's section, added by the age question,
        # is not "for law enforcement officers" because only officers' routes reach this page.
        adders = {answer for path in routes for _, answer in answers_adding(protocol, path, owner)}
        by_caller = bool(adders) and all(answer.caller for answer in adders)
        caller = next(iter(callers)) if by_caller and len(callers) == 1 else None
        when: dict[Question, dict[Answer, None]] = {}
        if caller is None and len(routes) < routes_with_contact:
            for path in routes:
                for question, answer in answers_adding(protocol, path, owner):
                    when.setdefault(question, {})[answer] = None
        order = {step: n for n, step in enumerate(owner.steps)}
        steps = tuple(sorted(entry["steps"], key=order.__getitem__))
        lead_ins.append(LeadIn(owner, steps, caller, tuple((q, tuple(a)) for q, a in when.items())))
        at[owner] = sum(entry["at"].values()) / len(entry["at"])
    # In the order the routes show them (the age question's section before informed consent).
    position = {s: n for n, s in enumerate(protocol.situations)}
    return tuple(sorted(lead_ins, key=lambda lead_in: (at[lead_in.situation], position[lead_in.situation])))


def build_card_order(protocol: Protocol, sequences) -> tuple[Situation, ...]:
    """The card's side 2: the protocol's order, except that a section that is all emergency
    steps (call 911 now) comes first, as nothing comes before 911, and a section that leads in
    comes just before the first situation it leads into (raises ValueError naming a loop)."""
    placed: dict[Situation, None] = {}
    visiting: list[Situation] = []

    def place(situation: Situation) -> None:
        if situation in placed:
            return
        if situation in visiting:
            raise ValueError(situation)
        visiting.append(situation)
        for lead_in in sequences[situation].lead_ins:
            place(lead_in.situation)
        visiting.pop()
        placed[situation] = None

    urgent = [s for s in protocol.situations if s.steps and all(step.kind == "emergency" for step in s.steps)]
    for situation in urgent + [s for s in protocol.situations if s not in urgent]:
        place(situation)
    return tuple(placed)


@dataclass(frozen=True)
class LeadsInto:
    """Where a section that prepares a contact comes first: for the card, which prints it once."""
    situations: tuple[Situation, ...]
    caller: Optional[Caller]  # the one caller it comes first for, if it is one on all of them


def find_leads_into(sequences, owner: Situation) -> LeadsInto:
    """The situations whose pages show `owner`'s steps first, in the protocol's order."""
    found = [(s, lead_in) for s, seq in sequences.items()
             for lead_in in seq.lead_ins if lead_in.situation == owner]
    callers = {lead_in.caller for _, lead_in in found}
    return LeadsInto(tuple(s for s, _ in found), next(iter(callers)) if len(callers) == 1 else None)


def sequence_order_errors(protocol: Protocol, sequences) -> Iterator[tuple[int, str]]:
    """(line, message) for every page sequence (and the card) that breaks the ordering rules."""
    for situation, sequence in sequences.items():
        for mistake in sequence_mistakes(sequence.steps):
            where = f"the page of situation '{situation.id}'"
            yield mistake.step.line, (f"{describe(mistake, where, 'every page')}; move the step above the "
                                      "contact in its situation (its page shows every caller's steps, in "
                                      "the order of protocol.yaml)")
    try:
        build_card_order(protocol, sequences)
    except ValueError as loop:
        situation = loop.args[0]
        yield situation.line, (f"situation '{situation.id}' must come before a situation that must come before "
                               "it (each has a step to do before contacting law enforcement that the other's "
                               "contact follows); the card cannot print both first")


@dataclass(frozen=True)
class FirstContact:
    """Whom a situation's page has the reader contact first, for the prints' index."""
    situation: Situation
    # The contacts of its first step that names any, a step naming only emergency services
    # aside (every print leads with the 911 line) unless that is all it has; its lead-ins'
    # steps come first. None when the section contacts no one itself (informed consent only
    # prepares a contact).
    contacts: tuple[Contact, ...]
    # Emergency services named in the same step as those contacts (the closing note's "Please
    # call 911 and ... the Hotline"): shown before them, and never behind the steps that come
    # before them.
    emergency: Optional[Contact] = None
    # Steps come before that contact on its page (a lead-in, "follow your agency's guidelines";
    # a step that only says to call 911 does not count): the index must not read as "call this
    # first" without them. Never set for 911 itself.
    steps_before: bool = False


def build_first_contacts(card_order, sequences) -> tuple[FirstContact, ...]:
    """Each situation, in the card's order, with whom its page contacts first."""
    found = []
    for situation in card_order:
        # Its own first contact: a lead-in (a child victim's call to child protection) applies
        # only where its condition does, and makes the row "first the steps on side 2".
        lead_ins = sequences[situation].lead_ins
        steps = situation.steps
        calls = [i for i, step in enumerate(steps) if step.contacts]
        emergency = {i for i in calls if all(c.kind == "emergency" for c in steps[i].contacts)}
        first = next((i for i in calls if i not in emergency), calls[0] if calls else None)
        contacts = steps[first].contacts if first is not None else ()
        # 911 beside another contact in one step (the closing note): the index names it first,
        # apart from the other one, which steps may have to come before; nothing ever comes
        # before calling 911.
        beside = None
        if any(c.kind != "emergency" for c in contacts):
            beside = next((c for c in contacts if c.kind == "emergency"), None)
            contacts = tuple(c for c in contacts if c.kind != "emergency")
        steps_before = first not in emergency and (bool(lead_ins) or any(i not in emergency for i in range(first or 0)))
        found.append(FirstContact(situation, contacts, beside, steps_before))
    return tuple(found)
