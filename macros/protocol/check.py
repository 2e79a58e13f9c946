"""Checks that need more than the file's shape: values, ids, references and the graph.

`check_values_and_graph` runs on the shape-checked raw data (it still knows lines) and
makes building the model safe; `check_paths` runs on the model and proves every route
ends somewhere a person can call or write to.
"""
from __future__ import annotations

import datetime
import re

from .errors import ErrorList
from .kinds import CONTACT_KINDS, STEP_KINDS
from .model import Protocol, Situation, Step
from .order import route_order_errors
from .paths import all_paths, path_result, steps_of
from .sequence import page_order_errors
from .schema import LDict, LStr

ID = re.compile(r"^[a-z][a-z0-9_]*$")
EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PHONE_CHARS = re.compile(r"^[0-9 ().-]+$")
EXTENSION = re.compile(r"^[0-9]{1,6}$")
KEYPAD = {c: d for d, letters in {"2": "ABC", "3": "DEF", "4": "GHI", "5": "JKL", "6": "MNO",
                                  "7": "PQRS", "8": "TUV", "9": "WXYZ"}.items() for c in letters}


class Checker:
    """Notes every mistake it finds; `check_values_and_graph` raises them all at the end."""

    def __init__(self, path: str, raw: LDict, today: datetime.date):
        self.path = path
        self.raw = raw
        self.today = today
        self.errors = ErrorList(path)

    def fail(self, line: int, message: str) -> None:
        self.errors.add(line, message)

    # --- values -------------------------------------------------------------------------
    def check_id(self, value: LStr, what: str):
        if not ID.match(value):
            self.fail(value.line, f"{what} id '{value}' must be snake_case: lower-case letters, "
                                  "digits and underscores, starting with a letter")

    def check_date(self, value: LStr, what: str) -> datetime.date | None:
        """A YYYY-MM-DD date that has already happened (a record of a check cannot be ahead of today)."""
        try:
            if not DATE.match(value):  # fromisoformat alone also takes 20260131
                raise ValueError(value)
            day = datetime.date.fromisoformat(value)
        except ValueError:
            self.fail(value.line, f"{what} '{value}' is not a date; write it as YYYY-MM-DD, e.g. \"2026-01-31\"")
            return None
        if day > self.today:
            self.fail(value.line, f"{what} '{value}' is in the future (today is {self.today.isoformat()}); "
                                  "write the day it actually happened")
        return day

    def check_kind(self, value: LStr, kinds: dict[str, str], what: str):
        if value not in kinds:
            known = "; ".join(f"{k} ({meaning})" for k, meaning in kinds.items())
            self.fail(value.line, f"{what} kind '{value}' is not one of: {known}")

    def check_changes(self):
        """`changes:` lists the site's editions newest first; the first one is the edition built."""
        seen: dict[str, int] = {}
        previous = None
        for change in self.raw["changes"]:
            day = self.check_date(change["date"], f"changes > version {change['version']} date")
            version = change["version"]
            if version in seen:
                self.fail(version.line, f"changes: version '{version}' is listed twice (also on line "
                                        f"{seen[version]}); give each edition its own version")
            seen.setdefault(version, version.line)
            if day and previous and day > previous[0]:
                self.fail(change.line, f"changes: version '{version}' ({day.isoformat()}) is newer than "
                                       f"version '{previous[1]}' above it; list editions newest first, "
                                       "the current one at the top")
            if day:
                previous = (day, version)

    def check_phone(self, contact: LDict):
        phone = contact.get("phone")
        if phone is None:
            return
        who = f"contact '{contact['id']}'"
        digits = "".join(ch for ch in phone if ch.isdigit())
        valid = bool(PHONE_CHARS.match(phone)) and (
            digits == "911" or _is_nanp(digits[1:] if len(digits) == 11 and digits[0] == "1" else digits))
        if not valid:
            hint = (" (put an extension under 'ext:', e.g. ext: \"2\")"
                    if re.search(r"(?i)\b(ext|x)\.?\s*\d", phone) else "")
            self.fail(phone.line, f"{who}: phone '{phone}' is not a valid number; use 911 or a 10-digit "
                                  f"US number such as \"601-987-1530\" or \"1-888-373-7888\"{hint}")
        ext = contact.get("ext")
        if ext is not None and not EXTENSION.match(ext):
            self.fail(ext.line, f"{who}: ext '{ext}' must be the extension's digits only, e.g. \"2\"")
        vanity = contact.get("vanity")
        if vanity is not None:
            spelled = "".join(KEYPAD.get(ch.upper(), ch) for ch in vanity if ch.isalnum())
            if not re.fullmatch(r"[0-9A-Za-z() .-]+", vanity) or spelled != digits:
                self.fail(vanity.line, f"{who}: vanity '{vanity}' spells {spelled}, but phone '{phone}' is "
                                       f"{digits}; fix one so they match")

    def check_email(self, contact: LDict):
        email = contact.get("email")
        if email is not None and not EMAIL.match(email):
            self.fail(email.line, f"contact '{contact['id']}': email '{email}' is not a valid address; "
                                  "write it like name@example.gov")

    # --- ids and references ----------------------------------------------------------------
    def collect_ids(self) -> dict[str, str]:
        """Every id in the file -> what it names; ids share one namespace so a reference is never ambiguous."""
        kinds: dict[str, str] = {}
        seen_at: dict[str, int] = {}

        def add(value: LStr, what: str):
            self.check_id(value, what)
            if value in kinds:
                self.fail(value.line, f"duplicate id '{value}': already used by the {kinds[value]} on "
                                      f"line {seen_at[value]}; ids must be unique")
                return
            kinds[value], seen_at[value] = what, value.line

        for contact in self.raw["contacts"]:
            add(contact["id"], "contact")
        for caller in self.raw.get("callers", ()):
            add(caller["id"], "caller")
        for situation in self.raw["situations"]:
            add(situation["id"], "situation")
            for step in situation["steps"]:
                if "id" in step:
                    add(step["id"], "step")
        for question in self.raw["decision"]["questions"]:
            add(question["id"], "question")
        for outcome in self.raw["decision"]["outcomes"]:
            add(outcome["id"], "outcome")
        return kinds

    def expect(self, kinds: dict[str, str], ref: LStr, allowed: tuple[str, ...], where: str):
        if kinds.get(ref) in allowed:
            return
        what = " or ".join(allowed)
        known = ", ".join(sorted(i for i, k in kinds.items() if k in allowed))
        if ref in kinds:
            self.fail(ref.line, f"{where}: '{ref}' is a {kinds[ref]}, not a {what} (known: {known})")
        else:
            self.fail(ref.line, f"{where}: {what} '{ref}' does not exist (known: {known})")

    def check_references(self, kinds: dict[str, str]):
        info = self.raw["protocol"]
        self.expect(kinds, info["emergency_notice"]["contact"], ("contact",), "protocol > emergency_notice")
        for situation in self.raw["situations"]:
            for step in situation["steps"]:
                for ref in step.get("contacts", []):
                    self.expect(kinds, ref, ("contact",), f"situation '{situation['id']}' step")
                for ref in step.get("audience", []):
                    self.expect(kinds, ref, ("caller",), f"situation '{situation['id']}' step audience")
        decision = self.raw["decision"]
        self.expect(kinds, decision["start"], ("question",), "decision > start")
        for question in decision["questions"]:
            for answer in question["answers"]:
                where = f"question '{question['id']}' answer '{answer['label']}'"
                has_next, has_outcome = "next" in answer, "outcome" in answer
                if has_next == has_outcome:
                    self.fail(answer.line, f"{where}: give exactly one of 'next: <question id>' or "
                                           "'outcome: <outcome id>'")
                elif has_next:
                    self.expect(kinds, answer["next"], ("question",), where)
                else:
                    self.expect(kinds, answer["outcome"], ("outcome",), where)
                for ref in answer.get("include", []):
                    self.expect(kinds, ref, ("situation", "step"), f"{where} include")
                if "caller" in answer:
                    self.expect(kinds, answer["caller"], ("caller",), f"{where} caller")
        for outcome in decision["outcomes"]:
            for ref in outcome.get("include", []):
                self.expect(kinds, ref, ("situation", "step"), f"outcome '{outcome['id']}' include")

    # --- graph --------------------------------------------------------------------------
    def check_graph(self):
        decision = self.raw["decision"]
        questions = {q["id"]: q for q in decision["questions"]}
        reached: set[str] = set()
        visiting: list[str] = []

        def visit(node_id: str, line: int):
            if node_id in visiting:
                loop = " -> ".join(visiting[visiting.index(node_id):] + [node_id])
                self.fail(line, f"the decision loops back on itself: {loop}; "
                                "every route must end in an outcome")
                return
            if node_id in reached:
                return
            reached.add(node_id)
            question = questions.get(node_id)
            if question is None:
                return
            visiting.append(node_id)
            for answer in question["answers"]:
                target = answer.get("next") or answer.get("outcome")
                if target is not None:
                    visit(target, target.line)
            visiting.pop()

        visit(decision["start"], decision["start"].line)
        for node in list(decision["questions"]) + list(decision["outcomes"]):
            if node["id"] not in reached:
                what = "question" if node["id"] in questions else "outcome"
                self.fail(node.line, f"{what} '{node['id']}' is never reached from decision > start "
                                     f"'{decision['start']}'; point an answer at it or remove it")

    def check_values_and_graph(self) -> dict[str, str]:
        info = self.raw["protocol"]
        if not info["quick_exit"]["url"].startswith("https://"):
            url = info["quick_exit"]["url"]
            self.fail(url.line, f"protocol > quick_exit > url '{url}' must be an https:// address")
        self.check_changes()
        for contact in self.raw["contacts"]:
            who = f"contact '{contact['id']}'"
            self.check_kind(contact["kind"], CONTACT_KINDS, who)
            self.check_date(contact["checked"], f"{who} checked")
            if "confirmed" in contact:
                self.check_date(contact["confirmed"]["date"], f"{who} confirmed > date")
            if "phone" not in contact and "email" not in contact:
                self.fail(contact.line, f"{who} has neither phone nor email; give at least one")
            for needs_phone in ("vanity", "ext"):
                if needs_phone in contact and "phone" not in contact:
                    self.fail(contact[needs_phone].line, f"{who}: {needs_phone} needs the phone it belongs to")
            self.check_phone(contact)
            self.check_email(contact)
        for situation in self.raw["situations"]:
            for step in situation["steps"]:
                self.check_kind(step["kind"], STEP_KINDS, f"situation '{situation['id']}' step")
                if step.get("quote") and "card" in step:
                    self.fail(step["card"].line, f"situation '{situation['id']}' step: a quote (quote: true) is "
                                                 "the protocol's own words and is printed whole; remove its card:")
        kinds = self.collect_ids()
        self.check_references(kinds)
        if not self.errors:  # a graph with dangling references would only add noise
            self.check_graph()
        self.errors.raise_if_any()
        return kinds


def check_paths(path: str, protocol: Protocol):
    """Every route ends with someone to contact, in the protocol's order; every contact and
    situation is used."""
    errors = ErrorList(path)
    used_situations = set()
    order_errors: dict[tuple, tuple] = {}  # one message per mistake, however many routes it is on
    callers_set: set[str] = set()
    audiences = Audiences()
    for route in all_paths(protocol):
        answers = [c.answer for c in route.choices]
        named = [a for a in answers if a.caller]
        callers_set.update(a.caller for a in named)
        if len({a.caller for a in named}) > 1:
            errors.add(named[-1].line, f"on the route {route.describe()}: the answers say the person is "
                                       f"'{named[0].caller}' and then '{named[-1].caller}'; a route has one "
                                       "caller: remove one of the answers' caller:")
            continue
        result = path_result(protocol, route)
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
                    yield step.line, (f"the step '{_short(step.text)}' is for caller '{caller.id}', but no route that "
                                      f"includes it is for '{caller.id}' (they are for: {reached}); remove "
                                      f"'{caller.id}' from its audience, or include the step on a route of that caller")


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text[:60] + ("..." if len(text) > 60 else "")


def _is_nanp(digits: str) -> bool:
    return len(digits) == 10 and digits[0] in "23456789" and digits[3] in "23456789"
