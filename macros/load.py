"""protocol.yaml -> checked, frozen Protocol. The only place that reads the file."""
from __future__ import annotations

import datetime
import os

from .decision.route_checks import check_paths
from .protocol.check import Checker
from .protocol.errors import ProtocolError
from .protocol.model import (
    Answer,
    Caller,
    Change,
    Confirmation,
    Contact,
    Decision,
    NumberChange,
    Outcome,
    Protocol,
    ProtocolInfo,
    Question,
    Rule,
    Situation,
    Statute,
    Step,
)
from .protocol.schema import LDict, read_nodes

MAX_BYTES = 1_000_000  # the real file is ~15 KB; anything near this is a mistake
STALE_AFTER = datetime.timedelta(days=365)


def load_protocol(path: str, today: datetime.date | None = None) -> Protocol:
    """Read, check and build the protocol, or raise ProtocolError naming file and line."""
    name = os.path.basename(path) if os.path.dirname(path) == "" else path
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as err:
        raise ProtocolError(name, 0, f"cannot read the file: {err.strerror}") from None
    if len(data) > MAX_BYTES:
        raise ProtocolError(name, 1, f"the file is over {MAX_BYTES // 1000} KB; this is not a protocol file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise ProtocolError(name, line, "the file is not valid UTF-8 text; save it as UTF-8") from None
    return build_protocol(name, text, today)


def build_protocol(name: str, text: str, today: datetime.date | None = None) -> Protocol:
    """Each stage names every mistake it finds; a later stage runs only on a file the
    earlier one accepted (a graph check on a half-read file would only add noise)."""
    raw = read_nodes(name, text)
    Checker(name, raw, today or datetime.date.today()).check_values_and_graph()
    protocol = _build(raw)
    check_paths(name, protocol)
    return protocol


def stale_contacts(protocol: Protocol, today: datetime.date | None = None) -> tuple[Contact, ...]:
    today = today or datetime.date.today()
    return tuple(c for c in protocol.contacts if today - c.checked > STALE_AFTER)


def _build(raw: LDict) -> Protocol:
    contacts = {c["id"]: _contact(c) for c in raw["contacts"]}
    callers = {c["id"]: Caller(c["id"], c["who"], c.get("at_risk", False), c.get("entry"), line=c.line)
               for c in raw.get("callers", ())}
    info = raw["protocol"]
    statute = info["statute"]
    decision = raw["decision"]
    return Protocol(
        info=ProtocolInfo(
            title=info["title"], short_title=info["short_title"], publisher=info["publisher"],
            agency=info["agency"], published=info.get("published"),
            partnership=info["partnership"],
            statute=Statute(statute["citation"], statute["title"], statute["text"], tuple(statute.get("situations", ()))),
            emergency_text=info["emergency_notice"]["text"],
            emergency_contact=contacts[info["emergency_notice"]["contact"]],
            quick_exit_label=info["quick_exit"]["label"], quick_exit_url=info["quick_exit"]["url"],
            line=info.line,
        ),
        contacts=tuple(contacts.values()),
        situations=tuple(_situation(s, contacts, callers) for s in raw["situations"]),
        decision=Decision(
            start=decision["start"],
            questions=tuple(_question(q) for q in decision["questions"]),
            outcomes=tuple(Outcome(o["id"], o["title"], o["summary"], tuple(o.get("include", ())), line=o.line)
                           for o in decision["outcomes"]),
        ),
        changes=_changes(raw["changes"], contacts),
        callers=tuple(callers.values()),
        rules=tuple(_rule(r) for r in raw.get("rules", ())),
        page_terms=tuple((page, tuple(terms)) for page, terms in raw.get("search_terms", {}).items()),
        search_terms_line=getattr(raw.get("search_terms"), "line", 0),
    )


def _changes(raw: list, contacts: dict[str, Contact]) -> tuple[Change, ...]:
    """The editions, newest first, each with the numbers and emails it changed: what it shows
    (now) is what the edition after it says was there, or else what the contact has today."""
    shown = {}  # (contact id, field) -> its value from the edition being read on
    found = []
    for change in raw:
        numbers = []
        for number in change.get("numbers", ()):
            contact, field = contacts[number["contact"]], number["field"]
            now = shown.get((contact.id, field), getattr(contact, field))
            numbers.append(NumberChange(contact, field, number["was"], now, line=number.line))
            shown[contact.id, field] = number["was"]
        found.append(Change(change["version"], datetime.date.fromisoformat(change["date"]), change["summary"],
                            line=change.line, numbers=tuple(numbers)))
    return tuple(found)


def _contact(raw: LDict) -> Contact:
    confirmed = raw.get("confirmed")
    return Contact(
        id=raw["id"], name=raw["name"], organisation=raw["organisation"], kind=raw["kind"],
        purpose=raw["purpose"], source=raw["source"], checked=datetime.date.fromisoformat(raw["checked"]),
        confirmed=Confirmation(datetime.date.fromisoformat(confirmed["date"]), confirmed["by"], confirmed["how"])
        if confirmed else None,
        phone=raw.get("phone"), ext=raw.get("ext"), vanity=raw.get("vanity"), email=raw.get("email"), tty=raw.get("tty"),
        hours=raw.get("hours"), search_terms=tuple(raw.get("search_terms", ())),
        name_is_site_label=raw.get("name_is_site_label", False), line=raw.line,
    )


def _situation(raw: LDict, contacts: dict[str, Contact], callers: dict[str, Caller]) -> Situation:
    steps = tuple(
        Step(text=s["text"], kind=s["kind"], id=s.get("id"),
             contacts=tuple(contacts[c] for c in s.get("contacts", ())), items=tuple(s.get("items", ())),
             quote=s.get("quote", False), card=s.get("card"),
             audience=tuple(callers[c] for c in s.get("audience", ())), line=s.line)
        for s in raw["steps"]
    )
    return Situation(id=raw["id"], title=raw["title"], audience=raw["audience"],
                     applies_when=raw["applies_when"], steps=steps,
                     examples=tuple(raw.get("examples", ())), search_terms=tuple(raw.get("search_terms", ())),
                     condition=raw.get("condition"), line=raw.line)


def _question(raw: LDict) -> Question:
    answers = tuple(Answer(label=a["label"], id=a.get("id"), hint=a.get("hint"), include=tuple(a.get("include", ())),
                           next=a.get("next"), outcome=a.get("outcome"), caller=a.get("caller"),
                           line=a.line) for a in raw["answers"])
    return Question(id=raw["id"], text=raw["text"], answers=answers, hint=raw.get("hint"), line=raw.line)


def _rule(raw: LDict) -> Rule:
    return Rule(id=raw["id"], says=" ".join(raw["says"].split()),
                when_answered=tuple(tuple(ref.split(".", 1)) for ref in raw.get("when_answered", ())),
                when_caller=tuple(raw.get("when_caller", ())), when_shown=tuple(raw.get("when_shown", ())),
                must_show=tuple(raw.get("must_show", ())), must_order=tuple(raw.get("must_order", ())),
                must_end_with=raw.get("must_end_with"), line=raw.line)


__all__ = ["ProtocolError", "load_protocol", "build_protocol", "stale_contacts"]
