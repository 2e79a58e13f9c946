"""The site's own words (templates, page furniture, scripts) in each language.

English is written in place: `_("Phone")` in a template, `STRINGS` in a script. Another
language has a table next to protocol.yaml (interface.es.yaml) that gives each English
string its translation; a string missing from it stops the build, naming it.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup, escape
from mkdocs.utils.meta import get_data

from ..protocol.errors import ErrorList, ProtocolError
from ..protocol.schema import FLAG, TEXT, Key, ListOf, Map, read_nodes

ROOT = Path(__file__).resolve().parents[2]
ENGLISH = "en"
SCRIPTS = ROOT / "docs" / "assets"

STRING = Map("interface string", (Key("en", TEXT), Key("text", TEXT)))
# The language's own ways, beside its strings: how it writes a date, what marks a text still
# in English, whether its readers type without accents (search then ignores them).
FILE = Map("interface file", (
    Key("language", TEXT), Key("date", TEXT, False), Key("months", ListOf(TEXT), False),
    Key("pending_mark", TEXT, False), Key("search_without_accents", FLAG, False), Key("strings", ListOf(STRING))))
PENDING_IN_ENGLISH = "(English: translation pending)"  # a language's table names its own

# %(name)s in a string is filled in by the template; a translation must keep every one.
_FIELD = re.compile(r"%\((\w+)\)s|\{(\w+)\}")
_NUMBER = re.compile(r"\d{3}[-. ]\d{4}|@[\w-]+\.")

class MissingString(ProtocolError):
    """A string of a template or script that the language's table does not translate."""


@dataclass(frozen=True)
class Language:
    code: str
    strings: dict = field(default_factory=dict)  # English -> this language; empty for English
    path: str = ""
    date: str = "{month} {day}, {year}"  # a date, with its month's name
    months: tuple[str, ...] = ()  # January to December in this language (English: the calendar's)
    pending_mark: str = PENDING_IN_ENGLISH  # after a text still in English
    search_without_accents: bool = False

    @property
    def is_english(self) -> bool:
        return self.code == ENGLISH

    def text(self, message: str) -> str:
        """The plain translation of an English interface string."""
        if self.is_english:
            return message
        try:
            return self.strings[message]
        except KeyError:
            raise MissingString(self.path, 0, f"no translation of the interface string {message!r}; "
                                f"add it under strings: (- en: ... / text: ...)") from None

    def missing(self, messages) -> list[str]:
        """The English strings this language's table does not translate."""
        return [] if self.is_english else [m for m in messages if m not in self.strings]

    def gettext(self, message: str, **values) -> Markup:
        """For templates: the translation, escaped, with %(name)s filled in (values escaped
        unless they are already markup, such as a link)."""
        text = Markup(escape(self.text(message)))
        return text % values if values else text

    def format_date(self, day: datetime.date) -> str:
        month = self.months[day.month - 1] if self.months else day.strftime("%B")
        return self.date.format(day=day.day, month=month, year=day.year)


def interface_file(code: str, root: Path = ROOT) -> Path:
    return root / f"interface.{code}.yaml"


_loaded: dict[tuple, Language] = {}
# One object per table, so the templates compiled for it are reused (macros/pages/render.py).
_ENGLISH_LANGUAGE = Language(ENGLISH)


def language(code: str, root: Path = ROOT) -> Language:
    """English, or the table of another language (read once per change of the file)."""
    if code == ENGLISH:
        return _ENGLISH_LANGUAGE
    path = interface_file(code, root)
    try:
        stat = path.stat()
    except OSError:
        raise ProtocolError(path.name, 0, f"no interface table for language '{code}'") from None
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _loaded:
        _loaded[key] = read_interface(path.name, path.read_text(encoding="utf-8"), code)
    return _loaded[key]


def read_interface(name: str, text: str, code: str) -> Language:
    # Its English strings hold curly apostrophes of their own ("The protocol’s examples").
    raw = read_nodes(name, text, FILE, holds="language and strings", plain_quotes=False)
    errors = ErrorList(name)
    if raw["language"] != code:
        errors.add(raw["language"].line, f"language is '{raw['language']}'; write language: {code}")
    strings: dict[str, str] = {}
    lines: dict[str, int] = {}
    for item in raw["strings"]:
        english, translated = str(item["en"]), str(item["text"])
        if english in strings:
            errors.add(item.line, f"{english!r} is translated twice (also at line {lines[english]}); keep one")
            continue
        fields = sorted(m.group() for m in _FIELD.finditer(english))
        if fields != sorted(m.group() for m in _FIELD.finditer(translated)):
            errors.add(item["text"].line, f"the translation of {english!r} must keep its fields "
                                          f"{', '.join(fields) or '(none)'} as they are, and add none")
        if _NUMBER.search(translated):
            errors.add(item["text"].line, "contains a phone number or email; they live only in protocol.yaml")
        strings[english], lines[english] = translated, item.line
    months = tuple(str(m) for m in raw.get("months", ()))
    if months and len(months) != 12:
        errors.add(raw["months"].line, f"months lists {len(months)} names; give the twelve, January to December")
    date = str(raw.get("date", Language.date))
    if "date" in raw and not all(f"{{{part}}}" in date for part in ("day", "month", "year")):
        errors.add(raw["date"].line, "date must hold {day}, {month} and {year}, e.g. \"{day} de {month} de {year}\"")
    errors.raise_if_any()
    return Language(code, strings, name, date, months, str(raw.get("pending_mark", PENDING_IN_ENGLISH)),
                    bool(raw.get("search_without_accents", False)))


# --- scripts -------------------------------------------------------------------------------

# `var STRINGS = site.localized('decide', Object.freeze({ key: 'English', ... }))` in a script
# (docs/assets/site.js).
_STRINGS_BLOCK = re.compile(r"var STRINGS = site\.localized\('(\w+)', Object\.freeze\(\{(.*?)\}\)\)", re.S)
_ENTRY = re.compile(r"(\w+):\s*'((?:[^'\\]|\\.)*)'")


def script_strings(folder: Path = SCRIPTS) -> dict[str, dict[str, str]]:
    """Every script's user-facing English strings, by script name and key."""
    found: dict[str, dict[str, str]] = {}
    for path in sorted(folder.glob("*.js")):
        for name, body in _STRINGS_BLOCK.findall(path.read_text(encoding="utf-8")):
            found[name] = {key: value.replace("\\'", "'") for key, value in _ENTRY.findall(body)}
    return found


def translated_script_strings(lang: Language, folder: Path = SCRIPTS) -> dict[str, dict[str, str]]:
    """What each script shows in this language (read by its `localized()`); empty for English."""
    if lang.is_english:
        return {}
    return {name: {key: lang.text(english) for key, english in strings.items()}
            for name, strings in script_strings(folder).items()}


__all__ = ["ENGLISH", "Language", "MissingString", "interface_file", "language", "read_interface",
           "script_strings", "translated_script_strings"]


# --- every English interface string, for the tables and their tests --------------------------

TEMPLATES = ROOT / "macros" / "pages" / "templates"
DOCS = ROOT / "docs"
THEME_OVERRIDES = ROOT / "overrides"
_TEMPLATE_CALL = re.compile(r"""(?<![\w.])_\(\s*(["'])(.*?)\1""", re.S)
_THEME_CALL = re.compile(r"""ht_(?:t\(|in\(\s*\w+,)\s*(["'])(.*?)\1""", re.S)
# Written in Python: the search dialog's name (macros/hooks/accessibility.py) and the notes of
# contacts.vcf (macros/pages/exports.py), a step's condition (macros/pages/render.py). The step kinds' labels come from macros/protocol/kinds.py.
PYTHON_STRINGS = ("Search", "If you are %(who)s", "If you are not %(who)s", "Number as published: %(number)s.", "Hours: %(hours)s.",
                  "From the %(title)s; checked against the published text on %(date)s.",
                  # the feed of editions (macros/pages/editions.py)
                  "%(title)s: website editions", "Website edition %(version)s", "%(name)s, %(field)s: %(was)s → %(now)s",
                  "phone", "TTY", "email",
                  # a handout's name (macros/pages/handouts.py)
                  "Handout: %(audience)s")


def page_titles(docs: Path = DOCS) -> dict[str, str]:
    """The English pages (docs/, not a language's folder such as docs/es/) by path, each with
    the title of its front matter ('' for none). A translated build makes any page its folder
    lacks from the English one, with the title in its language (macros/hooks/languages.py)."""
    languages = {path.name.split(".")[1] for path in ROOT.glob("interface.*.yaml")}
    found = {}
    for path in sorted(docs.rglob("*.md")):
        relative = path.relative_to(docs)
        if relative.parts[0] in languages:
            continue
        _markdown, meta = get_data(path.read_text(encoding="utf-8"))  # MkDocs' own front-matter reader
        found[relative.as_posix()] = str(meta.get("title") or "")
    return found


def english_strings() -> list[str]:
    """Every English string the site's templates, theme overrides, scripts and Python show,
    each once, in a stable order: what a language's table must translate."""
    from ..protocol.kinds import STEP_LABELS

    found: dict[str, None] = {}
    for pattern, paths in ((_TEMPLATE_CALL, sorted(TEMPLATES.glob("*.html"))),
                           (_THEME_CALL, sorted(THEME_OVERRIDES.rglob("*.html")))):
        for path in paths:
            for _quote, message in pattern.findall(path.read_text(encoding="utf-8")):
                found[message] = None
    for strings in script_strings().values():
        found.update(dict.fromkeys(strings.values()))
    found.update(dict.fromkeys(STEP_LABELS.values()))
    found.update(dict.fromkeys(PYTHON_STRINGS))
    found.update(dict.fromkeys(title for title in page_titles().values() if title))
    return list(found)
