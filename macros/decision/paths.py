"""Every route through the decision, and the combined result each route leads to."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Optional

from ..protocol.model import Answer, Block, Caller, Contact, Outcome, Protocol, Question, Situation, Step, unique


@dataclass(frozen=True)
class Choice:
    question: Question
    answer_index: int

    @property
    def answer(self) -> Answer:
        return self.question.answers[self.answer_index]


@dataclass(frozen=True)
class Path:
    choices: tuple[Choice, ...]
    outcome: Outcome

    @property
    def key(self) -> str:
        """Stable, neutral address of the route: answer numbers, e.g. '2.1.2.3.1.2'."""
        return route_key(self.choices)

    def describe(self) -> str:
        return " > ".join(f"{c.question.id}: {c.answer.label}" for c in self.choices)


@dataclass(frozen=True)
class Result:
    """What a person is told at the end of a route, in the order they should act."""
    outcome: Outcome
    blocks: tuple[Block, ...]
    # Who the person is, when an answer on the route said so (None: not known). Steps whose
    # audience leaves them out are not shown; where it is not known, steps keep their condition.
    caller: Optional[Caller] = None

    @cached_property  # read by every renderer and check: worked out once per result
    def steps(self) -> tuple[Step, ...]:
        """In the order the blocks add them, except that a section's opening call to emergency
        services ("For emergencies call 911.") comes right after the emergency steps: nothing
        of another section (a child victim's call to child protection) comes before 911."""
        shown = unique(step for block in self.blocks for step in steps_of(block) if step.is_for(self.caller))
        opening = {step for block in self.blocks for step in opening_emergency_calls(steps_of(block))}
        urgent = next((i for i, step in enumerate(shown) if step.kind != "emergency"), len(shown))
        early = tuple(step for step in shown[urgent:] if step in opening)
        return shown[:urgent] + early + tuple(step for step in shown[urgent:] if step not in opening)

    @property
    def contacts(self) -> tuple[Contact, ...]:
        return unique(c for step in self.steps for c in step.contacts)

    @property
    def after_emergency(self) -> bool:
        """The route starts with calling 911: what follows is labelled for after that call."""
        return bool(self.steps) and self.steps[0].kind == "emergency"

    @property
    def at_risk(self) -> bool:
        """For the person at risk: it opens with how to browse safely, and offers no print."""
        return bool(self.caller and self.caller.at_risk)

    @property
    def conditional(self) -> bool:
        """No answer said who the person is: steps for some callers keep their condition."""
        return self.caller is None

    @property
    def cautions(self) -> tuple[Step, ...]:
        return tuple(step for step in self.steps if step.caution)


def calls_emergency_only(step: Step) -> bool:
    """A step that calls emergency services and no one else ("For emergencies call 911.")."""
    return step.kind != "emergency" and bool(step.contacts) and all(c.kind == "emergency" for c in step.contacts)


def opening_emergency_calls(steps: tuple[Step, ...]) -> tuple[Step, ...]:
    """The steps a section opens with that only call emergency services."""
    opening = []
    for step in steps:
        if not calls_emergency_only(step):
            break
        opening.append(step)
    return tuple(opening)


def route_key(choices) -> str:
    """Answer numbers, as people count: '2.1.3' (a whole route or the answers so far).
    Neutral: no answer words in an address."""
    return ".".join(str(c.answer_index + 1) for c in choices)


def steps_of(block: Block) -> tuple[Step, ...]:
    """The steps an include adds: a situation's, or the one step."""
    return block.steps if isinstance(block, Situation) else (block,)


def result_sources(protocol: Protocol, result: Result) -> tuple[Situation, ...]:
    """The sections of the protocol a result was put together from, in result order."""
    return unique(protocol.situation_of(step) for step in result.steps)


def all_paths(protocol: Protocol) -> list[Path]:
    """Depth-first, in YAML order; the checker has already ruled out cycles."""
    decision = protocol.decision
    found: list[Path] = []

    def walk(node_id: str, taken: tuple[Choice, ...]) -> None:
        question = decision.question(node_id)
        for index, answer in enumerate(question.answers):
            route = taken + (Choice(question, index),)
            if answer.outcome:
                found.append(Path(route, decision.outcome(answer.outcome)))
            else:
                walk(answer.next, route)

    walk(decision.start, ())
    return found


def route_caller(protocol: Protocol, answers) -> Optional[Caller]:
    """Who the person is, from the last answer on the route that says so (the checker
    refuses a route whose answers name two different callers)."""
    named = [a.caller for a in answers if a.caller]
    return protocol.caller(named[-1]) if named else None


def result_for(protocol: Protocol, answers: tuple[Answer, ...], outcome: Outcome) -> Result:
    """Blocks added along the way, then the outcome's own; a step already shown inside an
    included situation is not added again."""
    ids = [i for answer in answers for i in answer.include] + list(outcome.include)
    blocks = unique(protocol.block(i) for i in ids)
    situations = [b for b in blocks if isinstance(b, Situation)]
    kept = tuple(b for b in blocks
                 if isinstance(b, Situation) or not any(b in s.steps for s in situations))
    return Result(outcome, kept, route_caller(protocol, answers))


def path_result(protocol: Protocol, path: Path) -> Result:
    return result_for(protocol, tuple(c.answer for c in path.choices), path.outcome)


def sections_on_every_route(protocol: Protocol, routes) -> tuple[Situation, ...]:
    """The sections every route's result shows (the protocol's closing note): a reader who is
    not sure which section fits is better led to the questions than to one of these."""
    return tuple(s for s in protocol.situations
                 if routes and all(any(step in s.steps for step in r.steps) for _, r in routes))


def count_closing(protocol: Protocol, result: Result, everywhere: tuple[Situation, ...]) -> int:
    """How many of a result's last steps are a closing note: notes of a section every result
    shows (the protocol's "Please note"), set apart from the numbered steps, as they are no
    to-do of this route."""
    count = 0
    for step in reversed(result.steps):
        if step.kind != "note" or protocol.situation_of(step) not in everywhere:
            break
        count += 1
    return count if count < len(result.steps) else 0

