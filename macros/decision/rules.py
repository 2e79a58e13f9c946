"""The protocol's own rules (protocol.yaml `rules:`), checked on every route's result.

The order rules of every protocol (an emergency step first, what is to be done before
contacting law enforcement before that contact) are in order.py. These are a protocol's
own: "where the victim may be a child, the result tells the person to call child protection".
They are data, so another state's protocol brings its own and a test of the site checks each
protocol by the rules it states.
"""
from __future__ import annotations

from typing import Iterator, Optional

from ..protocol.model import Contact, Protocol, Rule, Step
from .order import short
from .facts import route_results
from .paths import Path, Result, steps_of


def _contact(protocol: Protocol, name: str) -> Optional[Contact]:
    return next((c for c in protocol.contacts if c.id == name), None)


def named_steps(protocol: Protocol, name: str, result: Result) -> tuple[Step, ...]:
    """The steps of a result that a rule's name stands for: the step itself, a situation's
    steps, or the steps that name a contact."""
    contact = _contact(protocol, name)
    if contact is not None:
        return tuple(step for step in result.steps if contact in step.contacts)
    wanted = steps_of(protocol.block(name))
    return tuple(step for step in result.steps if step in wanted)


def missing_steps(protocol: Protocol, name: str, result: Result) -> bool:
    """True when the result does not show all of `name`: a contact or step not there, or a
    situation with a step this caller may see left out."""
    if _contact(protocol, name) is not None:
        return not named_steps(protocol, name, result)
    return any(step not in result.steps for step in steps_of(protocol.block(name)) if step.is_for(result.caller))


def applies(protocol: Protocol, rule: Rule, path: Path, result: Result) -> bool:
    """Is this route one of the rule's?"""
    if rule.for_every_route:
        return True
    taken = {(c.question.id, c.answer.id) for c in path.choices if c.answer.id}
    return (any(ref in taken for ref in rule.when_answered)
            or bool(result.caller and result.caller.id in rule.when_caller)
            or any(named_steps(protocol, name, result) for name in rule.when_shown))


def broken(protocol: Protocol, rule: Rule, result: Result) -> Optional[str]:
    """What the result lacks to keep the rule, or None when it keeps it."""
    for name in rule.must_show:
        if missing_steps(protocol, name, result):
            return f"the result does not show '{name}'"
    shown = [(name, named_steps(protocol, name, result)) for name in rule.must_order]
    shown = [(name, steps) for name, steps in shown if steps]
    for (first, first_steps), (then, then_steps) in zip(shown, shown[1:]):
        last_of_first = max(result.steps.index(s) for s in first_steps)
        if any(result.steps.index(s) < last_of_first for s in then_steps):
            return f"the result shows '{then}' before '{first}'"
    if rule.must_end_with:
        last = result.steps[-1] if result.steps else None
        if last is None or last not in named_steps(protocol, rule.must_end_with, result):
            ends = f"'{short(last.text)}' (line {last.line})" if last else "nothing"
            return f"the result ends with {ends}, not with '{rule.must_end_with}'"
    return None


def rule_errors(protocol: Protocol) -> Iterator[tuple[int, str]]:
    """(line, message) for each rule that a route breaks, or that no route is for."""
    routes = route_results(protocol)
    for rule in protocol.rules:
        mine = [(path, result) for path, result in routes if applies(protocol, rule, path, result)]
        if not mine:
            yield rule.line, (f"rule '{rule.id}' ({rule.says}) is for no route: no route takes its when_answered, "
                              "has its when_caller or shows its when_shown; fix the names, or remove the rule")
            continue
        failures = [(path, problem) for path, result in mine if (problem := broken(protocol, rule, result))]
        if failures:
            path, problem = failures[0]
            others = f" (and {len(failures) - 1} other routes)" if len(failures) > 1 else ""
            yield rule.line, (f"rule '{rule.id}' ({rule.says}) is broken on the route {path.describe()}{others}: "
                              f"{problem}; include it on that route, or change the rule if the protocol changed")


def describe_rule(rule: Rule) -> str:
    """The rule on one line, as `make paths` lists it: what it says, for which routes, what it needs."""
    when = [f"answered {', '.join('.'.join(ref) for ref in rule.when_answered)}" if rule.when_answered else "",
            f"caller {', '.join(rule.when_caller)}" if rule.when_caller else "",
            f"shown {', '.join(rule.when_shown)}" if rule.when_shown else ""]
    need = [f"shows {', '.join(rule.must_show)}" if rule.must_show else "",
            f"in the order {' > '.join(rule.must_order)}" if rule.must_order else "",
            f"ends with {rule.must_end_with}" if rule.must_end_with else ""]
    routes = " or ".join(w for w in when if w) or "every route"
    return f"{rule.says} (for: {routes}; must: {'; '.join(n for n in need if n)})"
