"""The shape of protocol.yaml as plain data, and a reader that checks it with line numbers.

Like cfgv's schemas: each map lists its keys, required or optional, and the kind of
value each holds. The reader turns YAML nodes into str/dict/list values that remember
the line they came from, so later graph checks can name it too.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Union

import yaml

from .errors import ErrorList, ProtocolError
from .yaml_advice import curly_quotes, syntax_advice


class LStr(str):
    """A string that remembers its line in protocol.yaml."""
    line: int = 0


class LDict(dict):
    line: int = 0


class LList(list):
    line: int = 0


@dataclass(frozen=True)
class Key:
    name: str
    kind: "Kind"
    required: bool = True


@dataclass(frozen=True)
class Map:
    what: str  # how an error names this map, e.g. "contact"
    keys: tuple[Key, ...]


@dataclass(frozen=True)
class ListOf:
    item: "Kind"


TEXT, FLAG = "text", "true or false"
Kind = Union[str, Map, ListOf]

# `situations:` the sections the law's page (mandatory-reporting/) shows under it, by id.
STATUTE = Map("statute", (Key("citation", TEXT), Key("title", TEXT), Key("text", TEXT),
                          Key("situations", ListOf(TEXT), False)))
EMERGENCY = Map("emergency_notice", (Key("text", TEXT), Key("contact", TEXT)))
QUICK_EXIT = Map("quick_exit", (Key("label", TEXT), Key("url", TEXT)))
PROTOCOL = Map("protocol", (
    Key("title", TEXT), Key("short_title", TEXT), Key("publisher", TEXT),
    Key("agency", TEXT), Key("published", TEXT, False),
    Key("partnership", TEXT), Key("statute", STATUTE),
    Key("emergency_notice", EMERGENCY), Key("quick_exit", QUICK_EXIT),
))
# The site's own editions, newest first: the first entry is the edition being built.
NUMBER_CHANGE = Map("number change", (Key("contact", TEXT), Key("field", TEXT), Key("was", TEXT)))
CHANGE = Map("change", (Key("version", TEXT), Key("date", TEXT), Key("summary", TEXT),
                        Key("numbers", ListOf(NUMBER_CHANGE), False)))
CONFIRMED = Map("confirmed", (Key("date", TEXT), Key("by", TEXT), Key("how", TEXT)))
CONTACT = Map("contact", (
    Key("id", TEXT), Key("name", TEXT), Key("organisation", TEXT), Key("kind", TEXT),
    Key("purpose", TEXT), Key("source", TEXT), Key("checked", TEXT), Key("confirmed", CONFIRMED, False),
    Key("phone", TEXT, False), Key("ext", TEXT, False), Key("vanity", TEXT, False),
    Key("tty", TEXT, False), Key("email", TEXT, False), Key("hours", TEXT, False),
    Key("search_terms", ListOf(TEXT), False), Key("name_is_site_label", FLAG, False),
))
STEP = Map("step", (
    Key("text", TEXT), Key("kind", TEXT), Key("id", TEXT, False), Key("contacts", ListOf(TEXT), False),
    Key("items", ListOf(TEXT), False), Key("quote", FLAG, False), Key("card", TEXT, False),
    Key("audience", ListOf(TEXT), False),
))
# `condition:` says in plain words when a section applies ("If the victim is or may be under
# 18"), where its steps come first on another section's page and on the card.
SITUATION = Map("situation", (
    Key("id", TEXT), Key("title", TEXT), Key("audience", TEXT), Key("applies_when", TEXT),
    Key("condition", TEXT, False),
    Key("examples", ListOf(TEXT), False), Key("steps", ListOf(STEP)),
    Key("search_terms", ListOf(TEXT), False),
))
# An answer's `id:` is unique within its question: rules name it (`question_id.answer_id`) and
# its translation is keyed by it, so inserting an answer leaves the others' translations current.
ANSWER = Map("answer", (
    Key("id", TEXT, False), Key("label", TEXT), Key("hint", TEXT, False), Key("next", TEXT, False), Key("outcome", TEXT, False),
    Key("include", ListOf(TEXT), False), Key("caller", TEXT, False),
))
QUESTION = Map("question", (
    Key("id", TEXT), Key("text", TEXT), Key("hint", TEXT, False),
    Key("answers", ListOf(ANSWER)),
))
OUTCOME = Map("outcome", (
    Key("id", TEXT), Key("title", TEXT), Key("summary", TEXT),
    Key("include", ListOf(TEXT), False),
))
# Who may be asking: an answer says who the person is (`caller:`), a step whom it is for (`audience:`).
# `entry:` is the home page's link for a caller into the questions, where no situation is theirs.
CALLER = Map("caller", (Key("id", TEXT), Key("who", TEXT), Key("at_risk", FLAG, False), Key("entry", TEXT, False)))
# The protocol's own rules for every route's result (macros/decision/rules.py): the routes a
# rule is for (`when_*`, each a list of which any one selects a route; none: every route) and
# what their results must hold (`must_*`, at least one).
RULE = Map("rule", (
    Key("id", TEXT), Key("says", TEXT),
    Key("when_answered", ListOf(TEXT), False), Key("when_caller", ListOf(TEXT), False),
    Key("when_shown", ListOf(TEXT), False),
    Key("must_show", ListOf(TEXT), False), Key("must_order", ListOf(TEXT), False),
    Key("must_end_with", TEXT, False),
))
DECISION = Map("decision", (
    Key("start", TEXT), Key("questions", ListOf(QUESTION)), Key("outcomes", ListOf(OUTCOME)),
))
# Words people type into the site's search box for a page that are not the protocol's words
# (synonyms, roles, acronyms): they feed only the search index, never a page's text. The site's
# own pages by name; situations and contacts carry theirs (`search_terms:`).
SITE_PAGES = ("home", "decide", "situations", "mandatory_reporting", "contacts", "card", "safety", "changelog")
PAGE_TERMS = Map("search_terms", tuple(Key(name, ListOf(TEXT), False) for name in SITE_PAGES))
FILE = Map("protocol file", (
    Key("protocol", PROTOCOL), Key("changes", ListOf(CHANGE)),
    Key("contacts", ListOf(CONTACT)), Key("callers", ListOf(CALLER), False),
    Key("situations", ListOf(SITUATION)), Key("decision", DECISION),
    Key("rules", ListOf(RULE), False), Key("search_terms", PAGE_TERMS, False),
))

_BOOLS = {"true": True, "false": False}


def read_nodes(path: str, text: str, shape: Map = FILE, holds: str = "protocol, contacts, situations and decision",
               plain_quotes: bool = True) -> LDict:
    """Parse and shape-check a file (protocol.yaml by default, or a translation's or the
    interface's table with its own shape); raise ProtocolError naming every shape mistake (a
    YAML syntax error stops at the first, as YAML must). `plain_quotes`: refuse curly quotes
    around YAML values, which YAML reads as part of the text."""
    try:
        root = _compose(text)
    except yaml.MarkedYAMLError as err:
        raise ProtocolError(path, *syntax_advice(text, err)) from None
    except yaml.YAMLError as err:  # e.g. a control character PyYAML refuses, with no mark
        raise ProtocolError(path, 1, f"YAML syntax error: {err}") from None
    if root is None:
        raise ProtocolError(path, 1, f"the file is empty; it must hold {holds}")
    if plain_quotes and (curly := curly_quotes(text)):
        raise ProtocolError(path, *curly)
    errors = ErrorList(path)
    values = _Reader(errors).read(root, shape, "")
    errors.raise_if_any()
    return values


# libyaml (C) parses about 20x faster than PyYAML's pure-Python parser and keeps line marks.
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _compose(text: str):
    try:
        return yaml.compose(text, Loader=_FAST_LOADER)
    except yaml.YAMLError:
        # A broken file: parse again with PyYAML's own parser, whose messages are the
        # clearer ones (and the ones the tests pin).
        return yaml.compose(text, Loader=yaml.SafeLoader)


class _Reader:
    """Reads on past a mistake (noting it) so that one run names every shape mistake."""

    def __init__(self, errors: ErrorList):
        self.errors = errors

    def fail(self, node: yaml.Node, where: str, problem: str) -> None:
        at = f"{where}: " if where else ""
        self.errors.add(node.start_mark.line + 1, at + problem)

    def read(self, node: yaml.Node, kind: Kind, where: str):
        if isinstance(kind, Map):
            return self.read_map(node, kind, where)
        if isinstance(kind, ListOf):
            return self.read_list(node, kind, where)
        return self.read_scalar(node, kind, where)

    def read_scalar(self, node, kind: str, where: str):
        if not isinstance(node, yaml.ScalarNode):
            return self.fail(node, where, f"expected {_a(kind)}, got {_node_kind(node)}")
        # The raw text, never YAML's guess: 601-987-1530, 2026-01-31 and 'no' stay strings.
        raw = node.value.strip()
        if kind == FLAG:
            if raw.lower() not in _BOOLS:
                return self.fail(node, where, f"expected true or false, got '{raw}'")
            return _BOOLS[raw.lower()]
        if not raw:
            return self.fail(node, where, "is empty; write the text, or remove the key if it is optional")
        value = LStr(raw)
        value.line = node.start_mark.line + 1
        return value

    def read_list(self, node, kind: ListOf, where: str) -> LList:
        if not isinstance(node, yaml.SequenceNode):
            return self.fail(node, where, f"expected a list (lines starting with '- '), got {_node_kind(node)}")
        if not node.value:
            return self.fail(node, where, "is an empty list; add an item, or remove the key if it is optional")
        items = LList(self.read(item, kind.item, f"{where}[{i + 1}]")
                      for i, item in enumerate(node.value))
        items.line = node.start_mark.line + 1
        return items

    def read_map(self, node, kind: Map, where: str) -> LDict:
        if not isinstance(node, yaml.MappingNode):
            return self.fail(node, where, f"expected a {kind.what} (lines of 'key: value'), got {_node_kind(node)}")
        by_name = {k.name: k for k in kind.keys}
        values = LDict()
        values.line = node.start_mark.line + 1
        named = where
        for key_node, _ in node.value:  # name the map by its id when it has one
            if key_node.value == "id" and isinstance(_, yaml.ScalarNode) and _.value:
                named = f"{kind.what} '{_.value}'"
        for key_node, value_node in node.value:
            name = key_node.value
            if name not in by_name:
                known = ", ".join(sorted(by_name))
                self.fail(key_node, named, f"unknown key '{name}' in {kind.what}; expected one of: {known}")
                continue
            if name in values:
                self.fail(key_node, named, f"key '{name}' appears twice; keep one")
                continue
            values[name] = self.read(value_node, by_name[name].kind, f"{named} > {name}" if named else name)
        for key in kind.keys:
            if key.required and key.name not in values:
                self.fail(node, named or kind.what, f"missing required key '{key.name}'")
        return values


def _a(kind: str) -> str:
    return "text" if kind == TEXT else kind


def _node_kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a map of keys"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return f"the value '{node.value}'"
