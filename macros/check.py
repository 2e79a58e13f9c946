"""Checks that need more than the file's shape: values, ids, references and the graph.

`check_values_and_graph` runs on the shape-checked raw data (it still knows lines) and
makes building the model safe; `check_paths` runs on the model and proves every route
ends somewhere a person can call or write to.
"""
from __future__ import annotations

import datetime
import re

from .errors import ProtocolError
from .model import Protocol, Situation
from .paths import all_paths, path_result
from .schema import LDict, LStr

ID = re.compile(r"^[a-z][a-z0-9_]*$")
EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PHONE_CHARS = re.compile(r"^[0-9 ().-]+$")
KEYPAD = {c: d for d, letters in {"2": "ABC", "3": "DEF", "4": "GHI", "5": "JKL", "6": "MNO",
                                  "7": "PQRS", "8": "TUV", "9": "WXYZ"}.items() for c in letters}


class Checker:
    def __init__(self, path: str, raw: LDict):
        self.path = path
        self.raw = raw

    def fail(self, line: int, message: str):
        raise ProtocolError(self.path, line, message)

    # --- values -------------------------------------------------------------------------
    def check_id(self, value: LStr, what: str):
        if not ID.match(value):
            self.fail(value.line, f"{what} id '{value}' must be snake_case: lower-case letters, "
                                  "digits and underscores, starting with a letter")

    def check_date(self, value: LStr, what: str) -> datetime.date:
        try:
            if not DATE.match(value):  # fromisoformat alone also takes 20260131
                raise ValueError(value)
            return datetime.date.fromisoformat(value)
        except ValueError:
            self.fail(value.line, f"{what} '{value}' is not a date; write it as YYYY-MM-DD, e.g. \"2026-01-31\"")

    def check_phone(self, contact: LDict):
        phone = contact.get("phone")
        if phone is None:
            return
        who = f"contact '{contact['id']}'"
        digits = "".join(ch for ch in phone if ch.isdigit())
        valid = bool(PHONE_CHARS.match(phone)) and (
            digits == "911" or _is_nanp(digits[1:] if len(digits) == 11 and digits[0] == "1" else digits))
        if not valid:
            self.fail(phone.line, f"{who}: phone '{phone}' is not a valid number; use 911 or a 10-digit "
                                  "US number such as \"601-987-1530\" or \"1-888-373-7888\"")
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
            kinds[value], seen_at[value] = what, value.line

        for contact in self.raw["contacts"]:
            add(contact["id"], "contact")
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
        self.fail(ref.line, f"{where}: {what} '{ref}' does not exist (known: {known})")

    def check_references(self, kinds: dict[str, str]):
        info = self.raw["protocol"]
        self.expect(kinds, info["emergency_notice"]["contact"], ("contact",), "protocol > emergency_notice")
        for situation in self.raw["situations"]:
            for step in situation["steps"]:
                for ref in step.get("contacts", []):
                    self.expect(kinds, ref, ("contact",), f"situation '{situation['id']}' step")
        decision = self.raw["decision"]
        self.expect(kinds, decision["start"], ("question",), "decision > start")
        for question in decision["questions"]:
            for answer in question["answers"]:
                where = f"question '{question['id']}' answer '{answer['label']}'"
                has_next, has_outcome = "next" in answer, "outcome" in answer
                if has_next == has_outcome:
                    self.fail(answer.line, f"{where}: give exactly one of 'next: <question id>' or "
                                           "'outcome: <outcome id>'")
                if has_next:
                    self.expect(kinds, answer["next"], ("question",), where)
                else:
                    self.expect(kinds, answer["outcome"], ("outcome",), where)
                for ref in answer.get("include", []):
                    self.expect(kinds, ref, ("situation", "step"), f"{where} include")
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
            if node_id in reached:
                return
            reached.add(node_id)
            question = questions.get(node_id)
            if question is None:
                return
            visiting.append(node_id)
            for answer in question["answers"]:
                target = answer.get("next") or answer.get("outcome")
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
        self.check_date(info["effective"], "protocol > effective")
        if not info["quick_exit"]["url"].startswith("https://"):
            url = info["quick_exit"]["url"]
            self.fail(url.line, f"protocol > quick_exit > url '{url}' must be an https:// address")
        for change in self.raw.get("changes", []):
            self.check_date(change["date"], "changes > date")
        for contact in self.raw["contacts"]:
            self.check_date(contact["verified"], f"contact '{contact['id']}' verified")
            if "phone" not in contact and "email" not in contact:
                self.fail(contact.line, f"contact '{contact['id']}' has neither phone nor email; give at least one")
            if "vanity" in contact and "phone" not in contact:
                self.fail(contact["vanity"].line, f"contact '{contact['id']}': vanity needs the phone it spells")
            self.check_phone(contact)
            self.check_email(contact)
        kinds = self.collect_ids()
        self.check_references(kinds)
        self.check_graph()
        return kinds


def check_paths(path: str, protocol: Protocol):
    """Every route ends with someone to contact; every contact and situation is used."""
    used_situations = set()
    for route in all_paths(protocol):
        result = path_result(protocol, route)
        if not result.contacts:
            answers = " > ".join(f"{c.question.id}: {c.answer.label}" for c in route.choices)
            raise ProtocolError(path, route.outcome.line,
                                f"outcome '{route.outcome.id}' gives no one to contact on the route "
                                f"{answers}; include a situation with a contact")
        used_situations.update(b.id if isinstance(b, Situation) else protocol.situation_of(b).id
                               for b in result.blocks)
    used_contacts = {protocol.info.emergency_contact.id}
    for situation in protocol.situations:
        used_contacts.update(c.id for c in situation.contacts)
        if situation.id not in used_situations:
            raise ProtocolError(path, situation.line,
                                f"situation '{situation.id}' is not on any route of the decision; "
                                "add it to an answer's or outcome's include")
    for contact in protocol.contacts:
        if contact.id not in used_contacts:
            raise ProtocolError(path, contact.line,
                                f"contact '{contact.id}' is never used; name it in a step's contacts or remove it")


def _is_nanp(digits: str) -> bool:
    return len(digits) == 10 and digits[0] in "23456789" and digits[3] in "23456789"
