"""JSON Schema for protocol.yaml, generated from the shape in schema.py, for editors.

protocol.yaml's first line points editors (yaml-language-server) at protocol.schema.json,
so they autocomplete keys and flag mistakes while typing. The schema is generated, never
hand-edited: `python -m macros schema` rewrites it and a test fails when the committed
file differs. The checker stays the authority; the schema catches what a schema can
(unknown and missing keys, types, id/date/phone/email formats) and leaves the graph
(references, reachability, loops) to `python -m macros check`.
"""
from __future__ import annotations

import json

from .kinds import CONTACT_KINDS, STEP_KINDS
from .schema import FILE, FLAG, ListOf, Map
from .values import DATE as DATE_RULE
from .values import EMAIL, EXTENSION, HTTPS, ID, VANITY

SCHEMA_FILE = "protocol.schema.json"

# The checker's value rules that a regular expression can say. Phone: 911, or a US number
# of 10 digits (area code and exchange starting 2-9), optionally after a leading 1, with
# spaces, dots, dashes and brackets anywhere between digits, like check.check_phone.
_S = "[ ().-]*"


def _number(short: str) -> str:
    """A three-digit short code (911; 711 for relay) or a 10-digit US number, like check_phone."""
    code = _S.join(short)
    return f"^{_S}({code}|(1{_S})?[2-9]{_S}[0-9]{_S}[0-9]{_S}[2-9]({_S}[0-9]){{6}}){_S}$"


PHONE = _number("911")
TTY = _number("711")
DATE = DATE_RULE.pattern
NOT_BLANK = r"\S"

_ID_VALUE = {"pattern": ID.pattern, "description": "snake_case id: lower-case letters, digits, underscores"}
_REFERENCE = {"pattern": ID.pattern}
# (map, key) -> the rule for its value (or for each item of a list); default: non-blank text.
VALUES: dict[tuple[str, str], dict] = {
    ("contact", "phone"): {"pattern": PHONE, "description": 'Quoted: "911" or a 10-digit US number, e.g. "601-987-1530"'},
    ("contact", "vanity"): {"pattern": VANITY.pattern, "description": "The lettered form, e.g. 1-888-8CRIMES; must spell the phone's digits"},
    ("contact", "email"): {"pattern": EMAIL.pattern, "description": "name@example.gov"},
    ("contact", "checked"): {"pattern": DATE, "description": 'Day this entry was checked against the published protocol, "YYYY-MM-DD"'},
    ("contact", "kind"): {"enum": list(CONTACT_KINDS), "description": "What the contact is: " + "; ".join(f"{k}: {v}" for k, v in CONTACT_KINDS.items())},
    ("contact", "tty"): {"pattern": TTY, "description": 'Quoted: a TTY or relay number, "711" or a 10-digit US number'},
    ("contact", "ext"): {"pattern": EXTENSION.pattern, "description": 'The extension\'s digits, e.g. "2"'},
    ("confirmed", "date"): {"pattern": DATE, "description": 'Day the agency confirmed the entry, "YYYY-MM-DD"'},
    ("step", "kind"): {"enum": list(STEP_KINDS), "description": "What the step is: " + "; ".join(f"{k}: {v}" for k, v in STEP_KINDS.items())},
    ("change", "date"): {"pattern": DATE, "description": 'Day of this edition of the website, "YYYY-MM-DD"'},
    ("quick_exit", "url"): {"pattern": HTTPS.pattern, "description": "An https:// address the quick-exit link opens"},
    ("emergency_notice", "contact"): _REFERENCE,
    ("step", "contacts"): _REFERENCE,
    ("answer", "next"): {**_REFERENCE, "description": "The id of the next question"},
    ("answer", "outcome"): {**_REFERENCE, "description": "The id of the outcome this answer ends in"},
    ("answer", "include"): {**_REFERENCE, "description": "Situation or step ids added to the result"},
    ("outcome", "include"): {**_REFERENCE, "description": "Situation or step ids added to the result"},
    ("decision", "start"): {**_REFERENCE, "description": "The id of the first question"},
    ("answer", "caller"): {**_REFERENCE, "description": "Who the person is once they give this answer: a caller id"},
    ("rule", "when_answered"): {"pattern": r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$",
                                "description": "question_id.answer_id: routes that took this answer"},
    ("rule", "when_caller"): {**_REFERENCE, "description": "Routes whose caller is this caller id"},
    ("rule", "when_shown"): {**_REFERENCE, "description": "Routes whose result shows this situation, step or contact"},
    ("rule", "must_show"): {**_REFERENCE, "description": "A situation, step or contact the result must show"},
    ("rule", "must_order"): {**_REFERENCE, "description": "Situations, steps or contacts the result shows in this order"},
    ("rule", "must_end_with"): {**_REFERENCE, "description": "The situation, step or contact the result ends with"},
    ("step", "audience"): {**_REFERENCE, "description": "The callers this step is for (caller ids); routes of other callers leave it out"},
    ("caller", "who"): {"pattern": NOT_BLANK, "description": 'Who this caller is, after "If you are": e.g. "a law enforcement officer"'},
}

# Rules across keys of one map that the checker enforces and JSON Schema can say simply.
ACROSS_KEYS: dict[str, dict] = {
    "contact": {
        "anyOf": [{"required": ["phone"]}, {"required": ["email"]}],
        "dependentRequired": {"vanity": ["phone"], "ext": ["phone"]},
    },
    "answer": {"oneOf": [{"required": ["next"]}, {"required": ["outcome"]}]},
}


def json_schema() -> dict:
    """The whole schema (draft 2020-12), from schema.FILE."""
    return {
        **_kind(FILE, None),
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Human trafficking reporting protocol (protocol.yaml)",
        "description": "Generated by `python -m macros schema` from macros/protocol/schema.py; do not edit by hand. "
                       "`python -m macros check protocol.yaml` checks everything, including references.",
    }


def _kind(kind, key: tuple[str, str] | None) -> dict:
    if isinstance(kind, Map):
        return _map(kind)
    if isinstance(kind, ListOf):
        return {"type": "array", "minItems": 1, "items": _kind(kind.item, key)}
    if kind == FLAG:
        return {"type": "boolean"}
    # Text. The checker reads the raw text, so an unquoted 18888274637 or 1.0 is text too.
    rule = VALUES.get(key)
    if rule is None:
        rule = _ID_VALUE if key and key[1] == "id" else {"pattern": NOT_BLANK}
    return {"type": ["string", "number", "boolean"], **rule}


def _map(kind: Map) -> dict:
    out = {
        "type": "object",
        "title": kind.what,
        "additionalProperties": False,
        "required": [k.name for k in kind.keys if k.required],
        "properties": {k.name: _kind(k.kind, (kind.what, k.name)) for k in kind.keys},
    }
    out.update(ACROSS_KEYS.get(kind.what, {}))
    return out


def schema_text() -> str:
    """The committed file's exact text: stable key order, one trailing newline."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
