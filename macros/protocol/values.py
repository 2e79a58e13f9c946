"""The values of protocol.yaml a maintainer types by hand: ids, dates, kinds, the editions'
order, phone numbers (and their lettered forms and extensions) and emails. Each check notes
every mistake with its line (macros/protocol/check.py raises them all at once)."""
from __future__ import annotations

import datetime
import re

from .errors import ErrorList
from .schema import LDict, LStr

# Each value's rule, once: the checks below use them, and json_schema.py writes them into
# protocol.schema.json for editors.
ID = re.compile(r"^[a-z][a-z0-9_]*$")
EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
PHONE_CHARS = re.compile(r"^[0-9 ().-]+$")
EXTENSION = re.compile(r"^[0-9]{1,6}$")
VANITY = re.compile(r"^[0-9A-Za-z() .-]+$")
HTTPS = re.compile(r"^https://\S+$")
KEYPAD = {c: d for d, letters in {"2": "ABC", "3": "DEF", "4": "GHI", "5": "JKL", "6": "MNO",
                                  "7": "PQRS", "8": "TUV", "9": "WXYZ"}.items() for c in letters}


class ValueChecks:
    """The checks of single values; `Checker` adds ids, references and the decision's graph."""

    def __init__(self, path: str, raw: LDict, today: datetime.date):
        self.path = path
        self.raw = raw
        self.today = today
        self.errors = ErrorList(path)

    def fail(self, line: int, message: str) -> None:
        self.errors.add(line, message)

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

    def check_phone(self, contact: LDict, key: str = "phone"):
        """`phone:` (with its extension and lettered form), or `tty:`, a TTY or relay number (711)."""
        phone = contact.get(key)
        if phone is None:
            return
        who = f"contact '{contact['id']}'"
        digits = "".join(ch for ch in phone if ch.isdigit())
        short = ("911",) if key == "phone" else ("711",)
        valid = bool(PHONE_CHARS.match(phone)) and (
            digits in short or _is_nanp(digits[1:] if len(digits) == 11 and digits[0] == "1" else digits))
        if not valid:
            hint = (" (put an extension under 'ext:', e.g. ext: \"2\")"
                    if re.search(r"(?i)\b(ext|x)\.?\s*\d", phone) else "")
            self.fail(phone.line, f"{who}: {key} '{phone}' is not a valid number; use {short[0]} or a 10-digit "
                                  f"US number such as \"205-555-0100\" or \"1-800-555-0100\"{hint}")
        if key != "phone":
            return
        ext = contact.get("ext")
        if ext is not None and not EXTENSION.match(ext):
            self.fail(ext.line, f"{who}: ext '{ext}' must be the extension's digits only, e.g. \"2\"")
        vanity = contact.get("vanity")
        if vanity is not None:
            spelled = "".join(KEYPAD.get(ch.upper(), ch) for ch in vanity if ch.isalnum())
            if not VANITY.match(vanity) or spelled != digits:
                self.fail(vanity.line, f"{who}: vanity '{vanity}' spells {spelled}, but phone '{phone}' is "
                                       f"{digits}; fix one so they match")

    def check_email(self, contact: LDict):
        email = contact.get("email")
        if email is not None and not EMAIL.match(email):
            self.fail(email.line, f"contact '{contact['id']}': email '{email}' is not a valid address; "
                                  "write it like name@example.gov")


def _is_nanp(digits: str) -> bool:
    return len(digits) == 10 and digits[0] in "23456789" and digits[3] in "23456789"
