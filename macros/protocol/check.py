"""Checks that need more than the file's shape: values, ids, references and the graph.

`check_values_and_graph` runs on the shape-checked raw data (it still knows lines) and
makes building the model safe. The checks that need the decision's routes run on the
model afterwards (macros/decision/route_checks.py).
"""
from __future__ import annotations

from .kinds import CONTACT_KINDS, STEP_KINDS
from .model import edition_slug, same_value
from .schema import LStr
from .values import HTTPS, ValueChecks

NUMBER_FIELDS = ("phone", "tty", "email")  # what an edition's `numbers:` may say changed


class Checker(ValueChecks):
    """Notes every mistake it finds; `check_values_and_graph` raises them all at the end."""

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
        known = ", ".join(sorted(i for i, k in kinds.items() if k in allowed)) or "none"
        if ref in kinds:
            self.fail(ref.line, f"{where}: '{ref}' is a {kinds[ref]}, not a {what} (known: {known})")
        else:
            self.fail(ref.line, f"{where}: {what} '{ref}' does not exist (known: {known})")

    def check_references(self, kinds: dict[str, str]):
        info = self.raw["protocol"]
        self.expect(kinds, info["emergency_notice"]["contact"], ("contact",), "protocol > emergency_notice")
        for ref in info["statute"].get("situations", []):
            self.expect(kinds, ref, ("situation",), "protocol > statute > situations")
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
        self.check_rules(kinds)

    def check_answer_ids(self):
        """An answer's id is unique within its question (`yes` may answer many questions)."""
        for question in self.raw["decision"]["questions"]:
            seen: dict[str, int] = {}
            for answer in question["answers"]:
                answer_id = answer.get("id")
                if answer_id is None:
                    continue
                self.check_id(answer_id, f"question '{question['id']}' answer")
                if answer_id in seen:
                    self.fail(answer_id.line, f"question '{question['id']}': answer id '{answer_id}' is used twice "
                                              f"(also on line {seen[answer_id]}); each answer of a question needs its own id")
                seen.setdefault(answer_id, answer_id.line)

    def check_rules(self, kinds: dict[str, str]):
        """Every name a rule uses exists; a rule says what it is for and what it requires."""
        answers = {(q["id"], a["id"]) for q in self.raw["decision"]["questions"] for a in q["answers"] if "id" in a}
        seen: dict[str, int] = {}
        shown = ("situation", "step", "contact")
        for rule in self.raw.get("rules", ()):
            where = f"rule '{rule['id']}'"
            self.check_id(rule["id"], "rule")
            if rule["id"] in seen:
                self.fail(rule["id"].line, f"duplicate rule id '{rule['id']}': already used on line "
                                           f"{seen[rule['id']]}; give each rule its own id")
            seen.setdefault(rule["id"], rule["id"].line)
            for ref in rule.get("when_answered", []):
                question_id, _, answer_id = ref.partition(".")
                if (question_id, answer_id) in answers:
                    continue
                known = ", ".join(f"{q}.{a}" for q, a in sorted(answers)) or "none: no answer has an id yet"
                self.fail(ref.line, f"{where} when_answered: '{ref}' is not an answer; write question_id.answer_id, "
                                    f"and give that answer an id: (known: {known})")
            for ref in rule.get("when_caller", []):
                self.expect(kinds, ref, ("caller",), f"{where} when_caller")
            for key in ("when_shown", "must_show", "must_order"):
                for ref in rule.get(key, []):
                    self.expect(kinds, ref, shown, f"{where} {key}")
            if "must_end_with" in rule:
                self.expect(kinds, rule["must_end_with"], shown, f"{where} must_end_with")
            if not any(key in rule for key in ("must_show", "must_order", "must_end_with")):
                self.fail(rule.line, f"{where} requires nothing; add must_show, must_order or must_end_with")
            if "must_order" in rule and len(rule["must_order"]) < 2:
                self.fail(rule["must_order"].line, f"{where} must_order names one thing; list at least two, "
                                                   "in the order the result must show them")

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

    def check_number_changes(self):
        """An edition's `numbers:`: each names a contact there is, a field it has, and what that
        field said before, in the form of its field and not what it says after."""
        contacts = {c["id"]: c for c in self.raw["contacts"]}
        after = {}  # (contact, field) -> its value from the edition being read on
        slugs: dict[str, str] = {}
        for change in self.raw["changes"]:
            slug = edition_slug(change["version"])
            if slug in slugs and slugs[slug] != change["version"]:
                self.fail(change["version"].line, f"changes: version '{change['version']}' has the same address "
                                                  f"(editions/{slug}/) as version '{slugs[slug]}'; use another version")
            slugs.setdefault(slug, change["version"])
            for number in change.get("numbers", ()):
                where = f"changes > version {change['version']} numbers"
                contact = contacts.get(number["contact"])
                if contact is None:
                    self.fail(number["contact"].line, f"{where}: contact '{number['contact']}' does not exist "
                                                      f"(known: {', '.join(sorted(contacts))})")
                    continue
                field = number["field"]
                if field not in NUMBER_FIELDS:
                    self.fail(field.line, f"{where}: field '{field}' must be one of: {', '.join(NUMBER_FIELDS)}")
                    continue
                if field not in contact:
                    self.fail(field.line, f"{where}: contact '{contact['id']}' has no {field} now; name the "
                                          "field it has, or record the change in the summary only")
                    continue
                was = number["was"]
                if field == "email":
                    self.check_email({"id": contact["id"], "email": was})
                else:
                    self.check_phone({"id": contact["id"], field: was}, field)
                now = after.get((contact["id"], field), contact[field])
                if same_value(was, now):
                    self.fail(was.line, f"{where}: contact '{contact['id']}' {field} was '{was}', the same as it "
                                        f"is after this edition; write what a print of the edition before showed")
                after[contact["id"], field] = was

    def check_values_and_graph(self) -> dict[str, str]:
        info = self.raw["protocol"]
        if not HTTPS.match(info["quick_exit"]["url"]):
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
            self.check_phone(contact, "tty")
            self.check_email(contact)
        for situation in self.raw["situations"]:
            for step in situation["steps"]:
                self.check_kind(step["kind"], STEP_KINDS, f"situation '{situation['id']}' step")
                if step.get("quote") and "card" in step:
                    self.fail(step["card"].line, f"situation '{situation['id']}' step: a quote (quote: true) is "
                                                 "the protocol's own words and is printed whole; remove its card:")
        kinds = self.collect_ids()
        self.check_number_changes()
        self.check_answer_ids()
        self.check_references(kinds)
        if not self.errors:  # a graph with dangling references would only add noise
            self.check_graph()
        self.errors.raise_if_any()
        return kinds


