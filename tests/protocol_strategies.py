"""Hypothesis strategies: valid protocols built by construction, and the mistakes to break them with.

A generated protocol always has the situations the site's pages name by id
(`mandatory_reporting`, `officer_assistance` in docs/mandatory-reporting.md), so that
every generated protocol can build the whole site.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import yaml
from hypothesis import strategies as st

from macros.protocol.kinds import CONTACT_KINDS

PAGE_SITUATIONS = ("mandatory_reporting", "officer_assistance")

# Text a maintainer (or an attacker with commit access) might type: markup, template
# syntax, quotes, non-ASCII. No control characters or YAML line breaks: YAML refuses those.
_ALPHABET = st.one_of(
    st.sampled_from(list("abcdefghijklmnopqrstuvwxyz ABCXYZ0123456789.,;:!?'\"()[]{}<>&%#*_-+=/\\|`~@$^")),
    st.sampled_from(["é", "ü", "ñ", "中", "—", "’", "§", "\u00a0", "🙂"]),
)
PIECES = ["<script>alert(1)</script>", "</script>", '"><img src=x onerror=alert(1)>', "javascript:alert(1)",
          "{{ config.site_name }}", "{% raw %}", "{% endraw %}", "{# c #}", "<!--", "&amp;", "]]>"]
texts = st.one_of(
    st.text(_ALPHABET, min_size=1, max_size=30),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(_ALPHABET, max_size=8)), min_size=1, max_size=4).map("".join),
).map(str.strip).filter(bool)


@st.composite
def phones(draw) -> str:
    area, exchange, line = draw(st.integers(200, 999)), draw(st.integers(200, 999)), draw(st.integers(0, 9999))
    form = draw(st.sampled_from(["{a}-{b}-{c:04d}", "1-{a}-{b}-{c:04d}", "({a}) {b}-{c:04d}", "{a}.{b}.{c:04d}"]))
    return form.format(a=area, b=exchange, c=line)


emails = st.from_regex(r"[a-z][a-z0-9._-]{0,8}@[a-z]{2,8}\.(gov|org|com|us)", fullmatch=True)
dates = st.dates(min_value=__import__("datetime").date(2025, 12, 1),
                 max_value=__import__("datetime").date(2026, 11, 1)).map(lambda d: d.isoformat())


@st.composite
def contact(draw, contact_id: str) -> dict:
    ways = draw(st.sampled_from(["phone", "email", "both"]))
    data = {"id": contact_id, "name": draw(texts), "organisation": draw(texts),
            "kind": draw(st.sampled_from(sorted(CONTACT_KINDS))), "purpose": draw(texts)}
    if ways in ("phone", "both"):
        data["phone"] = draw(phones())
    if ways in ("email", "both"):
        data["email"] = draw(emails)
    if draw(st.booleans()):
        data["hours"] = draw(texts)
    data.update(source=draw(texts), checked=draw(dates))
    return data


@st.composite
def protocols(draw, max_contacts: int = 4, max_situations: int = 3, max_questions: int = 3) -> dict:
    """A valid protocol as plain data: every contact used, every situation on a route,
    every route ending with someone to contact, no loops."""
    contacts = [{"id": "emergency_911", "name": "Emergency services", "organisation": draw(texts), "kind": "emergency",
                 "purpose": draw(texts), "phone": "911", "source": draw(texts), "checked": draw(dates)}]
    contacts += [draw(contact(f"contact_{i}")) for i in range(draw(st.integers(1, max_contacts)))]
    situation_ids = list(PAGE_SITUATIONS) + [f"situation_{i}" for i in range(draw(st.integers(0, max_situations)))]
    situations = []
    for n, situation_id in enumerate(situation_ids):
        steps = []
        for s in range(draw(st.integers(1, 3))):
            # Kinds the ordering rules never refuse, so every generated protocol stays valid.
            step = {"text": draw(texts), "kind": draw(st.sampled_from(["contact", "tell", "caution", "note"]))}
            if s == 0:  # the first step always names someone, so every route has a contact
                step["contacts"] = [contacts[0]["id"]]
            elif draw(st.booleans()):
                step["contacts"] = draw(st.lists(st.sampled_from([c["id"] for c in contacts]),
                                                 min_size=1, max_size=2, unique=True))
            if draw(st.booleans()):
                step["items"] = draw(st.lists(texts, min_size=1, max_size=3))
            if draw(st.booleans()):
                step["quote"] = True
            steps.append(step)
        situation = {"id": situation_id, "title": draw(texts), "audience": draw(texts),
                     "applies_when": draw(texts)}
        if draw(st.booleans()):
            situation["examples"] = draw(st.lists(texts, min_size=1, max_size=2))
        situation["steps"] = steps
        situations.append(situation)
    # Every contact is named by some situation's first step.
    for i, c in enumerate(contacts[1:]):
        situations[i % len(situations)]["steps"][0]["contacts"].append(c["id"])

    questions, outcomes = [], []
    count = draw(st.integers(1, max_questions))
    for q in range(count):
        answers = []
        for a in range(draw(st.integers(2, 3))):
            answer = {"label": draw(texts)}
            last = a == 0  # the first answer goes on; the others end here
            if last and q + 1 < count:
                answer["next"] = f"question_{q + 1}"
            else:
                outcome_id = f"outcome_{q}_{a}"
                answer["outcome"] = outcome_id
                outcomes.append({"id": outcome_id, "title": draw(texts), "summary": draw(texts)})
            answers.append(answer)
        question = {"id": f"question_{q}", "text": draw(texts)}
        if draw(st.booleans()):
            question["hint"] = draw(texts)
        question["answers"] = answers
        questions.append(question)
    every_answer = [a for q in questions for a in q["answers"]]
    for i, answer in enumerate(every_answer):
        answer["include"] = [situation_ids[i % len(situation_ids)]]
    for extra in situation_ids[len(every_answer):]:
        every_answer[-1]["include"].append(extra)

    return {
        "protocol": {
            "title": draw(texts), "short_title": draw(texts), "publisher": draw(texts), "agency": draw(texts),
            "partnership": draw(texts),
            "statute": {"citation": draw(texts), "title": draw(texts), "text": draw(texts)},
            "emergency_notice": {"text": draw(texts), "contact": "emergency_911"},
            "quick_exit": {"label": draw(texts), "url": "https://www.weather.gov/"},
        },
        "changes": [{"version": draw(texts), "date": draw(dates), "summary": draw(texts)}],
        "contacts": contacts,
        "situations": situations,
        "decision": {"start": "question_0", "questions": questions, "outcomes": outcomes},
    }


def dump(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6)


# --- mistakes --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Mistake:
    name: str
    expected: str  # part of the one-line message the maintainer must see
    apply: Callable[[dict], object]  # mutates the data, or returns the file's bytes itself


def _first_contact(data):
    return data["contacts"][1]


def _dangling(data):
    data["situations"][0]["steps"][0]["contacts"].append("no_such_contact")


def _duplicate(data):
    data["situations"][1]["id"] = data["situations"][0]["id"]


def _cycle(data):
    last = data["decision"]["questions"][-1]["answers"][-1]
    last.pop("outcome")
    last["next"] = "question_0"


def _unreachable(data):
    data["decision"]["questions"].append({"id": "forgotten_question", "text": "Forgotten?",
                                          "answers": [{"label": "Yes", "outcome": data["decision"]["outcomes"][0]["id"]}]})


def _wrong_type_steps(data):
    data["situations"][0]["steps"] = "Call someone."


def _wrong_type_name(data):
    _first_contact(data)["name"] = ["a", "list"]


def _bad_phone(data):
    _first_contact(data)["phone"] = "555-0100"


def _bad_email(data):
    _first_contact(data)["email"] = "tips(at)example.gov"


def _javascript_phone(data):
    _first_contact(data)["phone"] = "javascript:alert(1)"


def _javascript_email(data):
    _first_contact(data)["email"] = "javascript:alert(1)//@example.gov"


def _javascript_exit(data):
    data["protocol"]["quick_exit"]["url"] = "javascript:alert(1)"


def _unknown_key(data):
    _first_contact(data)["colour"] = "red"


def _missing_key(data):
    del _first_contact(data)["purpose"]


def _bad_id(data):
    data["situations"][-1]["id"] = "Bad-Id"


def _bad_date(data):
    _first_contact(data)["checked"] = "last week"


def _unused_contact(data):
    data["contacts"].append({"id": "unused_contact", "name": "Unused", "organisation": "O", "kind": "tip_line",
                             "purpose": "P", "phone": "601-987-1530", "source": "S", "checked": "2026-01-01"})


def _situation_on_no_route(data):
    data["situations"].append({"id": "lonely_situation", "title": "T", "audience": "A", "applies_when": "W",
                               "steps": [{"text": "Call.", "kind": "contact", "contacts": ["emergency_911"]}]})


def _next_and_outcome(data):
    answer = data["decision"]["questions"][-1]["answers"][-1]
    answer["next"] = "question_0"


def _not_utf8(data):
    text = dump(data).encode("utf-8")
    cut = text.index(b"\n", len(text) // 2) + 1
    return text[:cut] + b"# caf\xe9 \xff\n" + text[cut:]


def _huge(data):
    return dump(data).encode("utf-8") + b"# " + b"x" * 1_000_001 + b"\n"


def _yaml_syntax(data):
    text = dump(data)
    cut = text.index("\ncontacts:")
    return (text[:cut] + "\nbroken: [unclosed, list\n" + text[cut:]).encode("utf-8")


def _tab_indent(data):
    return dump(data).replace("\n  title:", "\n\ttitle:", 1).encode("utf-8")


def _empty(data):
    return b"# nothing here\n"


def _not_a_map(data):
    return b"- just\n- a list\n"


MISTAKES = [
    Mistake("dangling reference", "contact 'no_such_contact' does not exist", _dangling),
    Mistake("duplicate id", "duplicate id", _duplicate),
    Mistake("cycle", "loops back on itself", _cycle),
    Mistake("unreachable question", "question 'forgotten_question' is never reached", _unreachable),
    Mistake("wrong type: steps", "expected a list", _wrong_type_steps),
    Mistake("wrong type: name", "expected text, got a list", _wrong_type_name),
    Mistake("bad phone", "is not a valid number", _bad_phone),
    Mistake("javascript: phone", "is not a valid number", _javascript_phone),
    Mistake("bad email", "is not a valid address", _bad_email),
    Mistake("javascript: email", "is not a valid address", _javascript_email),
    Mistake("javascript: quick exit", "must be an https:// address", _javascript_exit),
    Mistake("unknown key", "unknown key 'colour'", _unknown_key),
    Mistake("missing key", "missing required key 'purpose'", _missing_key),
    Mistake("bad id", "id 'Bad-Id' must be snake_case", _bad_id),
    Mistake("bad date", "is not a date", _bad_date),
    Mistake("unused contact", "contact 'unused_contact' is never used", _unused_contact),
    Mistake("situation on no route", "situation 'lonely_situation' is not on any route", _situation_on_no_route),
    Mistake("answer with next and outcome", "give exactly one of", _next_and_outcome),
    Mistake("not UTF-8", "not valid UTF-8", _not_utf8),
    Mistake("huge file", "the file is over 1000 KB", _huge),
    Mistake("YAML syntax", "YAML syntax error", _yaml_syntax),
    Mistake("tab indentation", "YAML syntax error", _tab_indent),
    Mistake("empty file", "the file is empty", _empty),
    Mistake("not a map", "expected a protocol file", _not_a_map),
]


def broken_bytes(data: dict, mistake: Mistake) -> bytes:
    result = mistake.apply(data)
    return result if isinstance(result, bytes) else dump(data).encode("utf-8")


def minimal_protocol() -> dict:
    """The same shape the generator makes, written out: for tests that need each mistake once."""
    step = lambda text, *contacts: {"text": text, "kind": "contact", "contacts": list(contacts)}  # noqa: E731
    return {
        "protocol": {
            "title": "T", "short_title": "T", "publisher": "P", "agency": "A", "partnership": "P",
            "statute": {"citation": "C", "title": "T", "text": "T"},
            "emergency_notice": {"text": "Call 911.", "contact": "emergency_911"},
            "quick_exit": {"label": "Leave", "url": "https://www.weather.gov/"},
        },
        "changes": [{"version": "1", "date": "2026-01-01", "summary": "S"}],
        "contacts": [
            {"id": "emergency_911", "name": "Emergency", "organisation": "O", "kind": "emergency", "purpose": "P",
             "phone": "911", "source": "S", "checked": "2026-01-01"},
            {"id": "contact_0", "name": "Line", "organisation": "O", "kind": "tip_line", "purpose": "P",
             "phone": "601-987-1530", "email": "a@example.gov", "source": "S", "checked": "2026-01-01"},
        ],
        "situations": [
            {"id": "mandatory_reporting", "title": "M", "audience": "A", "applies_when": "W",
             "steps": [step("Report.", "emergency_911", "contact_0")]},
            {"id": "officer_assistance", "title": "O", "audience": "A", "applies_when": "W",
             "steps": [step("Ask.", "emergency_911")]},
        ],
        "decision": {"start": "question_0", "questions": [
            {"id": "question_0", "text": "Q?", "answers": [
                {"label": "Yes", "next": "question_1", "include": ["mandatory_reporting"]},
                {"label": "No", "outcome": "outcome_0_1", "include": ["officer_assistance"]}]},
            {"id": "question_1", "text": "Q2?", "answers": [
                {"label": "Yes", "outcome": "outcome_1_0", "include": ["officer_assistance"]},
                {"label": "No", "outcome": "outcome_1_1", "include": ["mandatory_reporting"]}]},
        ], "outcomes": [{"id": i, "title": "T", "summary": "S"} for i in ("outcome_0_1", "outcome_1_0", "outcome_1_1")]},
    }
