"""Plain advice for the YAML mistakes people make in a web editor: a tab, a colon inside text,
a line indented a space off, curly quotes pasted from a word processor. Each becomes the line
to fix and what to type, instead of the parser's words ("mapping values are not allowed here")."""
from __future__ import annotations

import json
import re
from typing import Optional

import yaml

_KEY = re.compile(r"^(?P<indent> *)(?P<dash>- +)?(?P<key>[A-Za-z_][\w-]*):(?= |$)")
_CURLY = re.compile(r"^(?P<lead> *(?:- +)?(?:(?P<key>[A-Za-z_][\w-]*): +)?)[“‘](?P<value>[^\n]*)[”’] *(?:#.*)?$")
GENERIC = "check indentation, colons and quotes on this line or the one before"


def syntax_advice(text: str, err: yaml.MarkedYAMLError) -> tuple[int, str]:
    """(line, message) for a syntax error PyYAML reported in `text`."""
    mark = err.problem_mark or err.context_mark
    line = mark.line + 1 if mark else 1
    problem = err.problem or err.context or "invalid YAML"
    lines = text.splitlines()
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in here or "'\\t'" in problem:
        return line, "YAML syntax error: this line has a tab; replace the tab with spaces (YAML indents with spaces only)"
    if problem.startswith("mapping values are not allowed"):
        own = _KEY.match(here)
        if own and mark.column == own.end() - 1:  # the line's own key: it is deeper than its neighbours
            return line, _indent_advice(lines, line, "YAML syntax error")
        return line, _quote_advice(here)
    if problem.startswith("expected <block end>"):
        return line, _indent_advice(lines, line, "YAML syntax error")
    return line, f"YAML syntax error: {problem}; {GENERIC}"


def curly_quotes(text: str) -> Optional[tuple[int, str]]:
    """(line, message) for the first value wrapped in curly quotes, which YAML would keep as
    part of the text (a phone number “601-987-1530” would then not be a number)."""
    for number, line in enumerate(text.splitlines(), 1):
        found = _CURLY.match(line)
        if found and (found["key"] or found["lead"].strip().startswith("-")):
            fixed = f"{found['lead']}{json.dumps(found['value'], ensure_ascii=False)}".strip()
            return number, ("the value is in curly quotes (“ ”), which YAML keeps as part of the text; "
                            f"use straight quotes: {fixed}")
    return None


def _column(line: str) -> Optional[tuple[int, str]]:
    """(column of the key, key) of a `key:` or `- key:` line."""
    found = _KEY.match(line)
    if not found:
        return None
    return len(found["indent"]) + len(found["dash"] or ""), found["key"]


def _content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _indent_advice(lines: list[str], line: int, prefix: str) -> str:
    here = lines[line - 1]
    spaces = len(here) - len(here.lstrip(" "))
    what = f"'{_KEY.match(here)['key']}:'" if _KEY.match(here) else "this line"
    # The keys still open above this line: the line above, then each shallower one before it.
    open_keys: list[tuple[int, str, int]] = []
    for number in range(line - 1, 0, -1):
        if not _content(lines[number - 1]):
            continue
        found = _column(lines[number - 1])
        if found and (not open_keys or found[0] < open_keys[-1][0]):
            open_keys.append((found[0], found[1], number))
        if open_keys and open_keys[-1][0] == 0:
            break
    candidates = [k for k in open_keys if k[0] != spaces]
    if not candidates:
        return f"{prefix}: {what} is indented {_spaces(spaces)}; {GENERIC}"
    column, key, number = min(candidates, key=lambda k: (abs(k[0] - spaces), -k[0]))
    fix = f"indent it {_spaces(column)}" if column else "start it at the beginning of the line"
    return (f"{prefix}: {what} is indented {_spaces(spaces)} but belongs with '{key}:' on line "
            f"{number}; {fix}, like that line")


def _spaces(count: int) -> str:
    return f"{count} space{'' if count == 1 else 's'}"


def _quote_advice(line: str) -> str:
    found = _KEY.match(line)
    if found:
        lead, value = line[:found.end() + 1], line[found.end() + 1:].strip()
    else:
        dash = re.match(r"^ *- +", line)
        lead, value = (dash.group(0), line[dash.end():].strip()) if dash else ("", line.strip())
    fixed = f"{lead.strip()} {json.dumps(value, ensure_ascii=False)}".strip()
    return ("YAML syntax error: a colon followed by a space inside text; put the text in double "
            f"quotes: {fixed}")
