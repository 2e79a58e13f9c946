"""Change review: every route's advice as stable text, and what a change does to it.

`python -m macros paths` prints the listing: an inventory (contacts, situations, questions
with their answers, outcomes, each with its protocol.yaml id in [brackets]), then every
route through the decision and the advice it leads to. `python -m macros diff OLD NEW`
compares two listings and writes Markdown for the pull-request comment, so a reviewer reads
"these routes now get this number" instead of a YAML diff.

How things are matched between the two listings (ids, never wording or position alone):
- contacts, situations, questions and outcomes by their id;
- an answer by its question's id and its label; an answer whose label changed is paired
  with the unmatched answer at the same position of the same question ("reworded"), so a
  reworded answer or question shows once and its routes stay the same routes;
- a route by the (question id, answer) pairs along it.
Route changes that read the same (the same lines removed and added, step numbers aside) are
shown once, with the list of routes they apply to.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from ..languages.interface import language as interface_language
from ..protocol.model import Answer, Contact, Protocol
from .facts import route_results
from .rules import describe_rule

IF, THEN = "If:", "Then:"
# How the site marks the protocol's own words (macros/pages/templates/_macros.html), in the listing too.
QUOTE_LABEL = "In the published protocol's own words:"
SECTIONS = ("Contacts:", "Situations:", "Questions:", "Outcomes:", "Rules:")
MARKER = "<!-- advice-diff -->"  # lets the workflow update its own comment instead of adding one
_ENTRY = re.compile(r"^  \[(?P<id>[^\]]+)\] (?P<text>.*)$")
_ANSWER = re.compile(r"^    (?P<number>\d+)\. (?P<label>.*) -> (?P<target>[^>]*)$")
_STEP_NUMBER = re.compile(r"^(\s*)\d+\. ")


# --- the listing -------------------------------------------------------------------------------

def listing(protocol: Protocol) -> str:
    """The inventory, then every route and its result in decision order; blank lines between."""
    decision = protocol.decision
    lang = interface_language(protocol.language)
    parts = [
        "\n".join(["Contacts:"] + [f"  [{c.id}] {_contact(c)}" for c in protocol.contacts]),
        "\n".join(["Situations:"] + [f"  [{s.id}] {s.title}" for s in protocol.situations]),
        "\n".join(["Questions:"] + [line for q in decision.questions for line in (
            [f"  [{q.id}] {q.text}"] + [f"    {n}. {a.label} -> {_target(a)}" for n, a in enumerate(q.answers, 1)])]),
        "\n".join(["Outcomes:"] + [f"  [{o.id}] {o.title}" for o in decision.outcomes]),
    ]
    if protocol.rules:  # the protocol's own rules, which make check holds every route to
        parts.append("\n".join(["Rules:"] + [f"  [{r.id}] {describe_rule(r)}" for r in protocol.rules]))
    for path, result in route_results(protocol):
        lines = [IF] + [f"  [{c.question.id}] {c.question.text} -> {c.answer.label}" for c in path.choices]
        lines += [f"{THEN} {result.outcome.title} [{result.outcome.id}]", f"  {result.outcome.summary}"]
        for number, step in enumerate(result.steps, 1):
            # The label a reader sees ("Before you contact law enforcement: ..."), so a reviewer
            # sees the protocol's order in the listing too; a quote is marked as one.
            shown = step.label_on(result.after_emergency)
            label = (f"{lang.text(QUOTE_LABEL)} " if step.quote
                     else (lang.text("%(label)s:") % {"label": lang.text(shown)} + " " if shown else ""))
            lines.append(f"  {number}. {label}{step.text}")
            lines += [f"     - {_contact(contact)}" for contact in step.contacts]
            lines += [f"     * {item}" for item in step.items]
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


def _contact(contact: Contact) -> str:
    ways = [w for w in (contact.phone_display, contact.tty and f"TTY {contact.tty}", contact.email) if w]
    hours = f" ({contact.hours})" if contact.hours else ""
    return f"{contact.name}{hours}: {' / '.join(ways)}"


def _target(answer: Answer) -> str:
    goes = f"question {answer.next}" if answer.next else f"outcome {answer.outcome}"
    return goes + (f", adds {', '.join(answer.include)}" if answer.include else "")


# --- reading a listing back --------------------------------------------------------------------

@dataclass
class _Route:
    key: tuple                # ((question id, answer label), ...)
    names: list[str]          # "question text -> answer label", for the reader
    result: list[str]         # the Then: line and everything after it


@dataclass
class _Listing:
    entries: dict[str, dict[str, str]] = field(default_factory=dict)  # section -> {id: text}
    answers: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # question id -> [(label, target)]
    routes: dict[tuple, _Route] = field(default_factory=dict)


def _read(text: str) -> _Listing:
    found = _Listing({name: {} for name in SECTIONS})
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = block.splitlines()
        if not lines:
            continue
        if lines[0] in SECTIONS:
            _read_section(found, lines[0], lines[1:])
        else:
            _read_route(found, lines)
    return found


def _read_section(found: _Listing, section: str, lines: list[str]) -> None:
    question = None
    for line in lines:
        entry, answer = _ENTRY.match(line), _ANSWER.match(line)
        if entry:
            found.entries[section][entry["id"]] = entry["text"]
            question = entry["id"] if section == "Questions:" else None
        elif answer and question:
            found.answers.setdefault(question, []).append((answer["label"], answer["target"]))


def _read_route(found: _Listing, lines: list[str]) -> None:
    cut = next((i for i, line in enumerate(lines) if line.startswith(THEN)), len(lines))
    key, names = [], []
    for line in lines[1:cut] if lines[0] == IF else lines[:cut]:
        entry = _ENTRY.match(line)
        if entry:
            question_id, rest = entry["id"], entry["text"]
            text = found.entries["Questions:"].get(question_id, "")
            label = rest[len(text) + 4:] if text and rest.startswith(text + " -> ") else rest.rsplit(" -> ", 1)[-1]
        else:  # a listing from before ids were listed: the question's text is its id
            question_id, _, label = line.strip().rpartition(" -> ")
            rest = line.strip()
        key.append((question_id, label))
        names.append(rest)
    route_key = tuple(key)
    while route_key in found.routes:  # two answers with the same label: keep both routes apart
        route_key += (("", "again"),)
    found.routes[route_key] = _Route(route_key, names, lines[cut:])


# --- comparing two listings --------------------------------------------------------------------

def _fence(text: str, lang: str = "") -> str:
    """A Markdown code block that text from the YAML cannot close early."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{lang}\n{text}\n{fence}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _answer_pairs(old: list[tuple[str, str]], new: list[tuple[str, str]]) -> list[tuple[int | None, int | None]]:
    """(old index, new index) pairs: same label first, then the leftovers at the same position."""
    pairs: dict[int, int] = {}
    new_by_label = {label: i for i, (label, _) in reversed(list(enumerate(new)))}
    for i, (label, _) in enumerate(old):
        if label in new_by_label and new_by_label[label] not in pairs.values():
            pairs[i] = new_by_label[label]
    free_new = {j for j in range(len(new))} - set(pairs.values())
    for i in range(len(old)):
        if i not in pairs and i in free_new:
            pairs[i] = i
            free_new.discard(i)
    out: list[tuple[int | None, int | None]] = [(i, pairs.get(i)) for i in range(len(old))]
    out += [(None, j) for j in sorted(free_new)]
    return out


_WHAT = {"Contacts:": "contact", "Situations:": "situation", "Questions:": "question", "Outcomes:": "outcome",
         "Rules:": "rule"}


def _inventory_changes(before: _Listing, after: _Listing) -> tuple[list[str], dict]:
    """Diff lines for added, removed and changed entries; and {(question id, old label): new label}."""
    lines: list[str] = []
    relabel: dict[tuple[str, str], str] = {}
    for section, what in _WHAT.items():
        old, new = before.entries[section], after.entries[section]
        lines += [f"+ New {what} [{i}] {new[i]}" for i in new if i not in old]
        lines += [f"- Removed {what} [{i}] {old[i]}" for i in old if i not in new]
        for i in (i for i in new if i in old and old[i] != new[i]):
            verb = "Changed" if section in ("Contacts:", "Rules:") else "Reworded"
            lines += [f"! {verb} {what} [{i}]", f"-   {old[i]}", f"+   {new[i]}"]
    for question in after.answers:
        if question not in before.answers:
            continue
        old, new = before.answers[question], after.answers[question]
        for i, j in _answer_pairs(old, new):
            if j is None:
                lines.append(f"- Removed answer to [{question}]: {old[i][0]}")
            elif i is None:
                lines.append(f"+ New answer to [{question}]: {new[j][0]} -> {new[j][1]}")
            else:
                if old[i][0] != new[j][0]:
                    relabel[question, old[i][0]] = new[j][0]
                    lines += [f"! Reworded answer {j + 1} to [{question}]", f"-   {old[i][0]}", f"+   {new[j][0]}"]
                if old[i][1] != new[j][1]:
                    lines += [f"! Answer \"{new[j][0]}\" to [{question}] now leads elsewhere",
                              f"-   {old[i][1]}", f"+   {new[j][1]}"]
    return lines, relabel


def _changed_lines(diff: list[str]) -> tuple[str, ...]:
    """What a route's change says, step numbers aside: the key that groups equal changes."""
    return tuple(line[0] + _STEP_NUMBER.sub(r"\1#. ", line[1:]) for line in diff if line[:1] in "+-")


def advice_diff(old: str, new: str, limit: int = 60_000) -> str:
    """Markdown for the pull request: what was added, removed or reworded; then routes whose
    advice changed (each distinct change once, with its routes); then routes added and removed."""
    before, after = _read(old), _read(new)
    inventory, relabel = _inventory_changes(before, after)
    renamed = {tuple((q, relabel.get((q, a), a)) for q, a in key): route for key, route in before.routes.items()}

    changes: dict[tuple, list] = {}  # what changed -> [the diff shown, [routes]]
    for key, route in after.routes.items():
        if key in renamed and renamed[key].result != route.result:
            diff = list(difflib.unified_diff(renamed[key].result, route.result, lineterm="", n=2))[3:]
            body = [" ..." if line.startswith("@@") else line for line in diff]
            changes.setdefault(_changed_lines(body), ["\n".join(body), []])[1].append(route)
    added = [route for key, route in after.routes.items() if key not in renamed]
    removed = [route for key, route in renamed.items() if key not in after.routes]

    out = [MARKER, "### What this pull request changes in the advice", ""]
    if not (changes or added or removed or inventory):
        out.append(f"No route's advice changes ({_plural(len(after.routes), 'route')} checked).")
        return "\n".join(out) + "\n"
    changed = sum(len(routes) for _, routes in changes.values())
    if changes or added or removed:
        out.append(f"{changed} of {len(after.routes)} routes get different advice, in "
                   f"{_plural(len(changes), 'distinct change')}; {len(added)} new, {len(removed)} removed. "
                   "Lines starting `+` are new, `-` are gone.")
    else:
        out.append(f"No route's advice changes ({_plural(len(after.routes), 'route')} checked); "
                   "only the wording or entries below do.")
    if inventory:
        out += ["", "#### Added, removed and reworded", "", _fence("\n".join(inventory), "diff")]
    for number, (body, routes) in enumerate(changes.values(), 1):
        out += ["", f"#### Change {number}, on {_plural(len(routes), 'route')}",
                "<details><summary>Which routes (question -> answer)</summary>", "",
                _fence(_route_names(routes)), "", "</details>", "", _fence(body, "diff")]
    for title, routes, sign in (("New route", added, "+"), ("Removed route", removed, "-")):
        for route in routes:
            out += ["", f"#### {title}", "", _fence(_route_names([route])), "",
                    _fence("\n".join(sign + line for line in route.result), "diff")]
    text = "\n".join(out) + "\n"
    if len(text) > limit:  # GitHub refuses comments over 65,536 characters
        text = text[:limit].rsplit("\n####", 1)[0] + (
            "\n\n_The list is too long for a comment: both full listings are attached to this workflow run as the `advice-listings` artifact._\n")
    return text


def _route_names(routes: list[_Route]) -> str:
    return "\n\n".join("\n".join(route.names) for route in routes)
