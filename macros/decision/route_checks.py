"""Checks that need the decision's routes, on the built model: every route ends with someone to
contact, in the protocol's order (macros/decision/order.py), for one caller; every audience is
reached; every page sequence, the card and each handout keep the order (sequence.py,
handouts.py); every route keeps the protocol's own rules (rules.py); every contact and
situation is used. Every mistake names its line in protocol.yaml."""
from __future__ import annotations

from ..protocol.errors import ErrorList
from ..protocol.model import Protocol, Situation, Step
from .order import route_order_errors, short
from .facts import page_order_errors, route_results
from .paths import steps_of
from .rules import rule_errors


def check_paths(path: str, protocol: Protocol):
    """Every route ends with someone to contact, in the protocol's order; every contact and
    situation is used."""
    errors = ErrorList(path)
    used_situations = set()
    order_errors: dict[tuple, tuple] = {}  # one message per mistake, however many routes it is on
    callers_set: set[str] = set()
    audiences = Audiences()
    for route, result in route_results(protocol):
        answers = [c.answer for c in route.choices]
        named = [a for a in answers if a.caller]
        callers_set.update(a.caller for a in named)
        if len({a.caller for a in named}) > 1:
            errors.add(named[-1].line, f"on the route {route.describe()}: the answers say the person is "
                                       f"'{named[0].caller}' and then '{named[-1].caller}'; a route has one "
                                       "caller: remove one of the answers' caller:")
            continue
        audiences.seen(result)
        if not result.contacts:
            errors.add(route.outcome.line, f"outcome '{route.outcome.id}' gives no one to contact on the route "
                                           f"{route.describe()}; include a situation with a contact")
        for mistake in route_order_errors(protocol, route, result):
            first = order_errors.setdefault(mistake.key, (mistake, route, []))
            first[2].append(route)
        used_situations.update(b.id if isinstance(b, Situation) else protocol.situation_of(b).id
                               for b in result.blocks)
    for caller in protocol.callers:
        if caller.id not in callers_set:
            errors.add(caller.line, f"caller '{caller.id}' is never set by an answer (caller: {caller.id}), so no "
                                    "route reaches it; set it on the answer that says who the person is, or remove it")
    for line, message in audiences.unreachable(protocol):
        errors.add(line, message)
    for line, message in page_order_errors(protocol):
        errors.add(line, message)
    for mistake, route, routes in order_errors.values():
        others = f" (and {len(routes) - 1} other routes)" if len(routes) > 1 else ""
        errors.add(mistake.line, f"on the route {route.describe()}{others}: {mistake.message}")
    for line, message in rule_errors(protocol):
        errors.add(line, message)
    used_contacts = {protocol.info.emergency_contact.id}
    for situation in protocol.situations:
        used_contacts.update(c.id for c in situation.contacts)
        if situation.id not in used_situations:
            errors.add(situation.line, f"situation '{situation.id}' is not on any route of the decision; "
                                       "add it to an answer's or outcome's include")
    for contact in protocol.contacts:
        if contact.id not in used_contacts:
            errors.add(contact.line, f"contact '{contact.id}' is never used; name it in a step's contacts or remove it")
    errors.raise_if_any()


class Audiences:
    """Which callers each step with an audience is shown to, over every route: a caller of its
    audience that no route including it reaches is a mistake (the step would never be shown to them)."""

    def __init__(self):
        self.reached: dict[Step, set] = {}

    def seen(self, result) -> None:
        for block in result.blocks:
            for step in steps_of(block):
                if step.audience:
                    self.reached.setdefault(step, set()).add(result.caller.id if result.caller else None)

    def unreachable(self, protocol: Protocol):
        for step, callers in self.reached.items():
            if None in callers:  # a route that does not know who is asking shows it with its condition
                continue
            for caller in step.audience:
                if caller.id not in callers:
                    reached = ", ".join(sorted(callers))
                    yield step.line, (f"the step '{short(step.text)}' is for caller '{caller.id}', but no route that "
                                      f"includes it is for '{caller.id}' (they are for: {reached}); remove "
                                      f"'{caller.id}' from its audience, or include the step on a route of that caller")

