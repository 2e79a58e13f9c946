"""Change review: every route's advice as stable text, and what a change does to it.

`python -m macros paths` prints the listing; `python -m macros diff OLD NEW` compares two
listings route by route and writes Markdown for the pull-request comment, so a reviewer
reads "these routes now get this number" instead of a YAML diff. A route is named by its
questions and answers (never by position), so adding a question elsewhere does not
renumber, and thus "change", every other route.
"""
from __future__ import annotations

import difflib
import re

from .model import Contact, Protocol
from .paths import all_paths, path_result

IF, THEN = "If:", "Then:"
MARKER = "<!-- advice-diff -->"  # lets the workflow update its own comment instead of adding one


def listing(protocol: Protocol) -> str:
    """Every route and its result, in decision order, one blank line between routes."""
    blocks = []
    for path in all_paths(protocol):
        result = path_result(protocol, path)
        lines = [IF]
        lines += [f"  {c.question.text} -> {c.answer.label}" for c in path.choices]
        lines += [f"{THEN} {result.outcome.title}", f"  {result.outcome.summary}"]
        for number, step in enumerate(result.steps, 1):
            caution = "Caution: " if step.caution else ""
            lines.append(f"  {number}. {caution}{step.text}")
            lines += [f"     - {_contact(contact)}" for contact in step.contacts]
            lines += [f"     * {item}" for item in step.items]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def _contact(contact: Contact) -> str:
    ways = [w for w in (contact.phone_display, contact.email) if w]
    hours = f" ({contact.hours})" if contact.hours else ""
    return f"{contact.name}{hours}: {' / '.join(ways)}"


def _routes(text: str) -> dict[str, list[str]]:
    """Listing -> {the route's If-lines: its result lines}."""
    routes: dict[str, list[str]] = {}
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = block.splitlines()
        if not lines:
            continue
        cut = next((i for i, line in enumerate(lines) if line.startswith(THEN)), len(lines))
        key, result = "\n".join(lines[:cut]), lines[cut:]
        while key in routes:  # two answers with the same label: keep both routes apart
            key += " (again)"
        routes[key] = result
    return routes


def _fence(text: str, lang: str = "") -> str:
    """A Markdown code block that text from the YAML cannot close early."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{lang}\n{text}\n{fence}"


def _route_names(keys: list[str]) -> str:
    return "\n\n".join(key.removeprefix(IF).strip("\n") for key in keys)


def advice_diff(old: str, new: str, limit: int = 60_000) -> str:
    """Markdown for the pull request: routes whose advice changed (grouped when the change
    reads the same, e.g. one new phone number on many routes), routes added and removed."""
    before, after = _routes(old), _routes(new)
    changes: dict[str, list[str]] = {}  # the diff text -> routes that changed that way
    for key in after:
        if key in before and before[key] != after[key]:
            diff = list(difflib.unified_diff(before[key], after[key], lineterm="", n=2))[3:]
            body = "\n".join(" ..." if line.startswith("@@") else line for line in diff)
            changes.setdefault(body, []).append(key)
    added = [k for k in after if k not in before]
    removed = [k for k in before if k not in after]

    out = [MARKER, "### What this pull request changes in the advice", ""]
    if not (changes or added or removed):
        out.append(f"No route's advice changes ({len(after)} routes checked).")
        return "\n".join(out) + "\n"
    changed = sum(len(keys) for keys in changes.values())
    out.append(f"{changed} of {len(after)} routes get different advice; {len(added)} new, "
               f"{len(removed)} removed. Lines starting `+` are new advice, `-` is advice no one gets any more.")
    for number, (body, keys) in enumerate(changes.items(), 1):
        out += ["", f"#### Change {number}, on {len(keys)} route{'s' if len(keys) != 1 else ''}",
                "<details><summary>Which routes (question -> answer)</summary>", "",
                _fence(_route_names(keys)), "", "</details>", "", _fence(body, "diff")]
    for title, keys, sign, routes in (("New route", added, "+", after), ("Removed route", removed, "-", before)):
        for key in keys:
            lines = routes[key]
            out += ["", f"#### {title}", "", _fence(_route_names([key])), "",
                    _fence("\n".join(sign + line for line in lines), "diff")]
    text = "\n".join(out) + "\n"
    if len(text) > limit:  # GitHub refuses comments over 65,536 characters
        text = text[:limit].rsplit("\n####", 1)[0] + (
            "\n\n_The list is too long for a comment: both full listings are attached to this workflow run as the `advice-listings` artifact._\n")
    return text
