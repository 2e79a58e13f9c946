"""Will the quick-reference card still fit? An estimate from protocol.yaml alone (no browser),
for `python -m macros check`: it names, in YAML terms, what to shorten before the printed
card (two sides of one sheet, measured for real by `make build` and the tests) spills over.

The estimate counts printed lines the way the card lays them out: side 2 has two columns
of about COLUMN_CHARS characters; side 1 lists the contacts in two columns. The budgets
leave room for the columns' uneven ends (a situation never splits across columns)."""
from __future__ import annotations

import math
from dataclasses import dataclass

from ..decision.facts import card_order, first_contacts, handouts, leads_into
from ..protocol.model import Protocol, Situation, Step

COLUMN_CHARS = 56  # characters per line in one column of side 2, at the card's 9 pt (measured: 56-60)
SIDE_2_LINES = 120  # two columns of ~63 lines (measured), less room for the columns' uneven ends
COLUMN_LINES = 60  # one of those columns
# Side 1, measured on US Letter (the shorter sheet) at 9 pt: 69 lines of about 125 characters
# (fewer in bold), the header's text beside a QR code 6.5 lines tall.
SIDE_1_LINES = 69
FULL_CHARS = 125
HEAD_CHARS = 95
TITLE_SIZE = 1.45
QR_LINES = 6.5
EMERGENCY_LINES = 2.3
CONTACT_SIZE = 1.15  # side 1's contacts print at 1.15 times the side's type (card.css)
FILL = 0.95  # how full a side's type is sized to be (estimated; the printed PDF is the judge)
MAX_SCALE = 1.5  # 9 pt at most to 13.5 pt (a small protocol fills its side too)
SMALLEST = 8 / 9  # a fuller side prints smaller, down to 8 pt (every print's floor); past that, on another page
BACK_CAPACITY = SIDE_2_LINES * FILL / SMALLEST ** 2  # the 9 pt lines of situations one side holds in 8 pt type
SIDE_1_CONTACTS = 16  # contacts on side 1 (two per row) before its header and the law no longer fit


def _lines(text: str, indent: int = 2) -> int:
    return max(1, math.ceil(len(" ".join(text.split())) / (COLUMN_CHARS - indent)))


def step_lines(step: Step) -> int:
    label = f"{step.label}: " if step.label else ""
    text = step.text if step.quote else step.card_text
    lines = _lines(label + text) + (1 if step.audience else 0)  # + its condition ("If you are ...")
    lines += sum(_lines(f"{c.name}: {c.phone_display or ''} {c.email or ''}", 4) for c in step.contacts)
    lines += sum(_lines(item, 4) for item in step.items)
    return lines


def situation_lines(situation: Situation) -> int:
    return _lines(situation.title, 0) + sum(step_lines(s) for s in situation.steps) + 1  # + the gap below


def balanced_parts(sizes: list[float], capacity: float) -> tuple[tuple[int, ...], ...]:
    """The fewest runs of consecutive blocks (by index, in order) that each fit `capacity`,
    cut where their sizes are most even: the pages a print's text flows over when one page
    cannot hold it even in its smallest type. A block larger than a page is a run of its own."""
    total = sum(sizes)
    for count in range(max(1, math.ceil(total / capacity)), len(sizes) + 1):
        parts: list[list[int]] = [[]]
        done = 0.0
        for index, size in enumerate(sizes):
            # A new part where this block's middle passes the next even share of the whole.
            if parts[-1] and len(parts) < count and done + size / 2 > total * len(parts) / count:
                parts.append([])
            parts[-1].append(index)
            done += size
        if all(sum(sizes[i] for i in part) <= capacity for part in parts):
            return tuple(tuple(part) for part in parts)
    return tuple((index,) for index in range(len(sizes)))


@dataclass(frozen=True)
class CardEstimate:
    side_2_lines: int
    contacts: int
    longest: tuple[tuple[Step, Situation, int], ...]  # the steps that take most lines, longest first
    side_1_lines: float = 0
    # Side 2's situations (their places in the card's order) on each page: one page while they
    # fit in 8 pt type; more, each a page of its own, when a long protocol cannot.
    back_parts: tuple[tuple[int, ...], ...] = ((),)
    back_part_lines: tuple[float, ...] = (0,)
    back_part_longest: tuple[float, ...] = (0,)  # each part's longest situation, in 9 pt lines

    @property
    def side_2_full(self) -> float:
        return self.side_2_lines / SIDE_2_LINES

    @property
    def side_1_full(self) -> float:
        return self.side_1_lines / SIDE_1_LINES

    @property
    def front_scale(self) -> float:
        return type_scale(self.side_1_full)

    @property
    def back_scales(self) -> tuple[float, ...]:
        """Each page of the situations sized to fill it."""
        return tuple(min(type_scale(lines / SIDE_2_LINES), column_scale(longest))
                     for lines, longest in zip(self.back_part_lines, self.back_part_longest))

    @property
    def back_part_pages(self) -> tuple[int, ...]:
        """The pages each part of the situations takes (pages_for)."""
        return tuple(pages_for(lines, BACK_CAPACITY) for lines in self.back_part_lines)

    @property
    def back_first_sides(self) -> tuple[int, ...]:
        """The side each part of the situations starts on ("Side 2 of 3"): side 1 is the contacts."""
        return first_pages(self.back_part_pages, 2)

    @property
    def pages(self) -> int:
        """The pages the card prints on: side 1, then the situations' pages (2: one sheet)."""
        return 1 + sum(self.back_part_pages)

    def warnings(self, path: str) -> list[str]:
        found = []
        if self.pages > 2:
            steps = "; ".join(
                f"line {step.line} (situation '{situation.id}', {lines} lines: "
                f"{'shorten its text' if step.quote else 'add or shorten its card:'})"
                for step, situation, lines in self.longest[:3])
            found.append(f"{path}: the quick-reference card's side 2 (the situations) is about "
                         f"{self.side_2_full:.0%} full: too much for one side even in 8 pt type, so the card "
                         f"prints on {self.pages} pages, not both sides of one sheet. To bring it back to one "
                         f"sheet, shorten the longest steps first: {steps}. See CONTRIBUTING.md, "
                         "\"The quick-reference card\"")
        if self.side_1_full > 1:
            found.append(f"{path}: the quick-reference card's side 1 (every contact, and whom each situation "
                         f"contacts first) is about {self.side_1_full:.0%} full and will not fit on its side of "
                         "the sheet; shorten the longest contact names and situation titles first. See "
                         "CONTRIBUTING.md, \"The quick-reference card\"")
        if self.contacts > SIDE_1_CONTACTS:
            found.append(f"{path}: the quick-reference card's side 1 holds about {SIDE_1_CONTACTS} contacts; "
                         f"this protocol has {self.contacts}. See CONTRIBUTING.md, \"The quick-reference card\"")
        return found


def type_scale(full: float, fill: float = FILL) -> float:
    """How much larger (or smaller) than 9 pt a side's type prints so that it fills about `fill`
    of its page: the area of text grows with the square of its size. Never under SMALLEST (8
    pt: a side fuller than that flows onto another page), never over MAX_SCALE."""
    if full <= 0:
        return 1.0
    return round(min(MAX_SCALE, max(SMALLEST, math.sqrt(fill / full))), 3)


def pages_for(lines: float, capacity: float) -> int:
    """The pages a part of a print takes: one, but for a single section too long for a page
    even in 8 pt type, which runs on over as many as it fills."""
    return max(1, math.ceil(lines / capacity))


def first_pages(counts: tuple[int, ...], first: int) -> tuple[int, ...]:
    """The page each part starts on, the first part on page `first`, from the pages each takes."""
    return tuple(first + sum(counts[:n]) for n in range(len(counts)))


def column_scale(longest: float) -> float:
    """The largest type in which a situation of `longest` 9 pt lines still fits one column of
    its page (a situation is never split between columns: one taller than a column in larger
    type pushed the rest of its page over two more), never under SMALLEST."""
    if longest <= 0:
        return MAX_SCALE
    return round(max(SMALLEST, math.sqrt(COLUMN_LINES * FILL / longest)), 3)


def side_1_lines(protocol: Protocol) -> float:
    """Side 1 in 9 pt lines of the full width, block by block as card.css lays it out: the
    header beside its QR code, the 911 line, the contacts two to a row in larger type, the
    index of whom each situation contacts first, and the law with the turn-over line."""
    info = protocol.info
    head_lines = 1 + TITLE_SIZE * math.ceil(len(str(info.title)) / (HEAD_CHARS / TITLE_SIZE)) + sum(
        math.ceil(len(meta) / HEAD_CHARS) for meta in (f"{info.publisher} · {info.agency}", "x" * 100, "x" * 80))
    contact_chars = FULL_CHARS / 2 / CONTACT_SIZE - 2
    rows = [protocol.contacts[i:i + 2] for i in range(0, len(protocol.contacts), 2)]
    contact_lines = sum(CONTACT_SIZE * (max(math.ceil(len(str(c.name)) / contact_chars) + 1 for c in row) + .1)
                        for row in rows)
    index_lines = sum(math.ceil(len(f"{row.situation.title} → {_beside(row, 'name')}{' or '.join(str(c.name) for c in row.contacts)}"
                                    f"{' · first the steps on side 2' if row.steps_before else ''}") / FULL_CHARS)
                      for row in first_contacts(protocol))
    statute = info.statute
    law_lines = math.ceil(len(f"{statute.citation} {statute.title} {statute.text}") / FULL_CHARS) + 1.5
    headings = 2 * 1.7  # "Contacts" and the index's heading, with their rules
    # "On side 2, the words in italics ... this website's reading": two lines in Spanish.
    reading_lines = 2 if any(step.audience for situation in protocol.situations for step in situation.steps) else 0
    return max(head_lines, QR_LINES) + EMERGENCY_LINES + headings + contact_lines + index_lines + law_lines + reading_lines


def estimate(protocol: Protocol) -> CardEstimate:
    steps = [(step, situation, step_lines(step)) for situation in protocol.situations for step in situation.steps]
    # Side 2 in the card's order; a section that comes first in others names them: about two lines.
    sizes = [situation_lines(s) + (2 if leads_into(protocol, s).situations else 0) for s in card_order(protocol)]
    parts = balanced_parts(sizes, BACK_CAPACITY)
    return CardEstimate(
        side_2_lines=sum(sizes),
        contacts=len(protocol.contacts),
        longest=tuple(sorted(steps, key=lambda t: -t[2])),
        side_1_lines=side_1_lines(protocol),
        back_parts=parts,
        back_part_lines=tuple(sum(sizes[i] for i in part) for part in parts),
        back_part_longest=tuple(max((sizes[i] for i in part), default=0) for part in parts),
    )


# --- a caller's handout (macros/pages/handouts.py) ----------------------------------------------

HANDOUT_COLUMN_LINES = 63  # lines of 9 pt in one of the handout's two columns (as side 2 of the card)


def handout_blocks(handout) -> list[float]:
    """A handout's blocks in column lines at 9 pt, in print order: its header, the 911 line and
    its questions across the page (each line there is two column lines) with the foot, then each
    section in one of the two columns."""
    across = max(QR_LINES, 5) + EMERGENCY_LINES + 1.7 + sum(
        math.ceil(len(f"{q.text} {' · '.join(str(a.label) for a in answers)}") / FULL_CHARS)
        for q, answers in handout.questions) + sum(
        math.ceil((len(f"{outcome.title} {outcome.summary}") + (90 if when else 0)) / FULL_CHARS)
        for outcome, when in handout.outcomes)
    foot = 2  # the order note and where every contact is, across the page
    return [2 * (across + foot) + 2 * 1.7] + [
        _lines(s.situation.title, 0) + _when_lines(s.when) + sum(step_lines(step) for step in s.steps) + 1
        for s in handout.sections]


def handout_fill(handout) -> float:
    """How full a handout's one page would be at 9 pt."""
    return sum(handout_blocks(handout)) / (2 * HANDOUT_COLUMN_LINES)


def _when_lines(when) -> int:
    """'When you answer "<question>" with "<answer>" or "<answer>"; or ...': 40 characters of
    words around each question's text and answers."""
    if not when:
        return 0
    return _lines(" ".join(f"{'x' * 40} {q.text} {' '.join(str(a.label) for a in answers)}" for q, answers in when), 0)


# Its sections stay whole in their column, so its columns end unevenly: it is sized to fill less.
HANDOUT_FILL = .8


@dataclass(frozen=True)
class HandoutLayout:
    """A handout's pages: one while it fits in 8 pt type, else both sides of a sheet (or more),
    its sections flowing on from page to page in their order; one type size for all of them."""
    parts: tuple[tuple[int, ...], ...]  # the blocks of handout_blocks on each page (the header first)
    scale: float
    page_counts: tuple[int, ...]  # the pages each part takes (pages_for)

    @property
    def pages(self) -> int:
        return sum(self.page_counts)

    @property
    def first_sides(self) -> tuple[int, ...]:
        """The side each part starts on."""
        return first_pages(self.page_counts, 1)

    def sections(self, part: int) -> tuple[int, ...]:
        """The places in handout.sections of the sections of a part (from 0; a page, unless a
        single section runs on over more)."""
        return tuple(block - 1 for block in self.parts[part] if block)


def handout_layout(handout) -> HandoutLayout:
    blocks = handout_blocks(handout)
    page = 2 * HANDOUT_COLUMN_LINES
    capacity = page / SMALLEST ** 2  # a page full in 8 pt type (measured: fits)
    parts = balanced_parts(blocks, capacity)
    lines = [sum(blocks[i] for i in part) for part in parts]
    return HandoutLayout(parts, min(type_scale(max(lines) / page, HANDOUT_FILL), column_scale(max(blocks[1:], default=0))),
                         tuple(pages_for(n, capacity) for n in lines))


# --- the other prints (macros/pages/prints.py) --------------------------------------------------

POCKET_CHARS = 66  # characters per line of a pocket card at 8 pt (4.25 in less 14 mm)
POCKET_LINES = 36  # lines of 8 pt on a pocket card's side (5.5 in less 14 mm)
POCKET_QR_LINES = 6.5  # the QR code beside the address, on the back
POSTER_CHARS = 4300  # characters of text the poster holds at 8 pt on landscape US Letter (measured: the
# Spanish edition of 2.2, about 4,000, fills about 95%)


@dataclass(frozen=True)
class PrintEstimate:
    """How full the pocket cards' two sides, the poster and each handout are, estimated from the YAML."""
    pocket_front: float
    pocket_back: float
    poster: float
    handouts: tuple = ()  # (caller id, how full its handout is at 9 pt, the pages it prints on)
    poster_second: float = 0  # how much of `poster` is whom to contact first and every contact

    @property
    def poster_pages(self) -> int:
        """One page while the decision, the index and the contacts fit in 8 pt type; else two,
        the index and the contacts on the second."""
        return 1 if self.poster <= 1 else 2

    @property
    def poster_scales(self) -> tuple[float, ...]:
        """The poster's type on each of its pages, sized to fill it."""
        # Its scale 1 is already 8 pt on Letter (poster.css), and 10 pt on 11 x 17 in: never smaller.
        if self.poster_pages == 1:
            return (max(1.0, type_scale(self.poster)),)
        # The decision's map stays in its smallest type (laid out without the index beside it, it
        # fills its page less evenly than estimated); the second page's lists, in two columns so
        # that a number in larger type stays whole, fill theirs.
        return 1.0, max(1.0, type_scale(self.poster_second))

    def warnings(self, path: str) -> list[str]:
        found = [f"{path}: the handout for caller '{caller}' is about {full:.0%} full at 9 pt: too much for one "
                 f"page even in 8 pt type, so it prints on {pages} pages. To bring it back to one page, shorten "
                 "its longest steps (their card: wording) first. See CONTRIBUTING.md, \"Prints for trainers\""
                 for caller, full, pages in self.handouts if pages > 1]
        if self.pocket_front > 1:
            found.append(f"{path}: the pocket card's front (the 911 line and every contact) is about "
                         f"{self.pocket_front:.0%} full and will not fit; shorten the longest contact names first. "
                         "See CONTRIBUTING.md, \"Prints for trainers\"")
        if self.pocket_back > 1:
            found.append(f"{path}: the pocket card's back (whom each situation contacts first) is about "
                         f"{self.pocket_back:.0%} full and will not fit; shorten the longest situation titles "
                         "first. See CONTRIBUTING.md, \"Prints for trainers\"")
        if self.poster_pages > 1:
            found.append(f"{path}: the flowchart poster is about {self.poster:.0%} full: too much for one page, so "
                         "it prints on two, whom to contact first and every contact on the second. To bring it "
                         "back to one page, shorten the longest questions and answer labels first. See "
                         "CONTRIBUTING.md, \"Prints for trainers\"")
        return found


def _beside(row, attribute: str) -> str:
    """Emergency services named beside a row's contacts ("911 · "), as the prints show them."""
    return f"{getattr(row.emergency, attribute)} · " if row.emergency else ""


def _pocket_lines(text: str) -> int:
    return max(1, math.ceil(len(" ".join(str(text).split())) / POCKET_CHARS))


def print_estimate(protocol: Protocol) -> PrintEstimate:
    info = protocol.info
    front = _pocket_lines(info.short_title) + 2.5 + sum(_pocket_lines(c.name) + 1.55 for c in protocol.contacts)
    rows = first_contacts(protocol)
    back = 1 + POCKET_QR_LINES + 2 + sum(
        _pocket_lines(f"{row.situation.title} → {_beside(row, 'phone_display')}"
                      f"{' or '.join(c.phone_display or c.email or '' for c in row.contacts)}")
        + .3 for row in rows)
    decision = protocol.decision
    poster_text = [q.text for q in decision.questions] + [o.title for o in decision.outcomes]
    poster_text.append("x" * 260)  # what the poster shows and what it does not
    for question in decision.questions:
        for answer in question.answers:
            poster_text += [answer.label, "Question 0"]
            poster_text += [str(getattr(protocol.block(b), "title", None) or protocol.block(b).text)
                            for b in answer.include]
    # Whom each situation contacts first, and every contact: the second page of a poster in two.
    second = [f"{row.situation.title} {_beside(row, 'name')}{' '.join(str(c.name) for c in row.contacts)}"
              for row in rows]
    second += [f"{c.name} {c.phone_display or ''} {c.email or ''} {c.hours or ''}" for c in protocol.contacts]
    first, rest = (sum(len(str(t)) + 12 for t in texts) / POSTER_CHARS for texts in (poster_text, second))
    return PrintEstimate(front / POCKET_LINES, back / POCKET_LINES, first + rest,
                         tuple((h.caller.id, handout_fill(h), handout_layout(h).pages) for h in handouts(protocol)),
                         poster_second=rest)
