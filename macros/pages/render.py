"""Model -> HTML fragments for the reference pages. Templates hold the markup; Jinja's
autoescape escapes every value that came from protocol.yaml."""
from __future__ import annotations

import datetime
import posixpath
import re
from pathlib import Path

from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from ..decision.facts import card_order, on_every_route, page_sequences, related_situations
from ..languages.interface import ENGLISH, Language
from ..languages.interface import language as interface_language
from ..languages.overlay import Glossed
from ..protocol.model import Contact, Protocol, Situation
from .editions import FEED

TEMPLATES = Path(__file__).parent / "templates"
_BLANK_LINES = re.compile(r"\n\s*\n")
# A word of a step's own text that holds a phone number or an email ("1-888-373-7888."), whole:
# from space to space, so that a reader of the text (or a test's) sees the same words.
_NUMBER_WORD = re.compile(r"\S*(?:\d{3}[-.]\d{4}|@[\w-]+\.)\S*")

class CompiledTemplates(BytecodeCache):
    """Compiled templates kept in memory for the whole process: each language's build (and
    its environment for our templates) compiles a template once, not once per language.
    Jinja keys each by file name and source checksum, so an edited template is compiled anew."""

    def __init__(self):
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket):
        self.compiled[bucket.key] = bucket.bytecode_to_string()


COMPILED = CompiledTemplates()
_environments: dict[str, tuple[Language, Environment]] = {}


def environment(lang: Language) -> Environment:
    """The templates in one language: `_("...")` and `| date` speak it. One per language;
    a changed table (`make serve`) is a new Language and gets a new environment."""
    known = _environments.get(lang.code)
    if known is None or known[0] is not lang:
        env = Environment(
            loader=FileSystemLoader(TEMPLATES),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            bytecode_cache=COMPILED,
        )
        env.globals.update(_=lang.gettext, situation_url=situation_url, lang=lang, translated_name=translated_name,
                           condition=lambda protocol, callers: audience_condition(protocol, callers, lang))
        env.filters["date"] = lang.format_date
        env.filters["whole_numbers"] = whole_numbers
        _environments[lang.code] = (lang, env)
    return _environments[lang.code][1]


def whole_numbers(text: str) -> Markup:
    """The text, escaped, with each number or email in it kept on one line (`ht-tel-part`):
    on paper or a narrow screen "1-888-373-7888" never breaks at a hyphen."""
    return Markup(_NUMBER_WORD.sub(lambda word: f'<span class="ht-tel-part">{word.group()}</span>', str(escape(text))))


def situation_url(situation: Situation) -> str:
    return f"situations/{situation.id}/"


def relative(from_url: str, to_url: str) -> str:
    """A link from one page to another that also works from a copied folder (file://)."""
    # A page's address is its folder ('contacts/'); a file's ('404.html') is in its parent's.
    base = from_url.rstrip("/") if from_url.endswith("/") else posixpath.dirname(from_url)
    target, _, anchor = to_url.partition("#")
    rel = posixpath.relpath(target or ".", base or ".")
    # A folder (or the site root, '') keeps its slash: '../', never '..', which a copied
    # folder's index.html fix (macros/pages/privacy.py) would not recognise as a page.
    if (not target or target.endswith("/")) and not rel.endswith("/"):
        rel += "/"
    return rel + (f"#{anchor}" if anchor else "")


def render(template: str, language: str = ENGLISH, **values) -> str:
    """Render one template, in `language`, as a single raw-HTML block: Markdown leaves a
    block alone only while it has no blank line in it."""
    html = environment(interface_language(language)).get_template(template).render(**values)
    return _BLANK_LINES.sub("\n", html).strip()


def audience_condition(protocol: Protocol, callers: tuple, lang: Language) -> str | None:
    """"If you are a law enforcement officer", "If you are not a law enforcement officer":
    when a step (or a lead-in) applies, for a reader whose role the page does not know.
    Names the fewer callers: those it is for, or those it is not for. None: it is for everyone."""
    ids = {c.id for c in callers}
    if not ids or all(c.id in ids for c in protocol.callers):
        return None
    others = [c for c in protocol.callers if c.id not in ids]
    named = [c for c in protocol.callers if c.id in ids]
    template = "If you are %(who)s" if len(named) <= len(others) else "If you are not %(who)s"
    group = named if template == "If you are %(who)s" else others
    joiner = f" {lang.text('or')} "
    return lang.text(template).replace("%(who)s", joiner.join(str(c.who) for c in group))


def format_date(day: datetime.date, language: str = ENGLISH) -> str:
    return interface_language(language).format_date(day)


def translated_name(text) -> tuple:
    """(the name in the page's language, the official English name or None): a heading on a
    translated page leads with the reader's language and names the official form below it."""
    return (text.other, text.english) if isinstance(text, Glossed) else (text, None)


def data_file(language: str) -> dict:
    """protocol.json is published once, in English, at the site root; a translated page
    links to it there and says it is in English (hreflang)."""
    if language == ENGLISH:
        return {"data_file": "protocol.json", "data_language": None}
    return {"data_file": "../protocol.json", "data_language": ENGLISH}


class Pages:
    """The reference pages' fragments for one page of the site (links are page-relative)."""

    def __init__(self, protocol: Protocol, page_url: str, today: datetime.date | None = None):
        self.protocol = protocol
        self.page_url = page_url
        self.today = today or datetime.date.today()

    def link(self, to_url: str) -> str:
        return relative(self.page_url, to_url)

    def _render(self, template: str, **values) -> str:
        return render(template, self.protocol.language, protocol=self.protocol, link=self.link,
                      related=lambda s: related_situations(self.protocol, s),
                      sequence_of=lambda s: page_sequences(self.protocol)[s],
                      **data_file(self.protocol.language), **values)

    def situation(self, situation_id: str, heading_level: int = 2) -> str:
        return self._render("situation.html", situation=self.protocol.situation(situation_id), level=heading_level)

    def contacts_page(self, stale: tuple[Contact, ...] = ()) -> str:
        return self._render("contacts_page.html", stale=stale, feed=FEED)

    def situations_index(self) -> str:
        return self._render("situations_index.html", to_the_questions=on_every_route(self.protocol))

    def home(self) -> str:
        # The ways in, in the card's order (its index, the pocket cards): a 911 emergency first,
        # then a section that comes first in others (a child victim's), then the rest as the
        # protocol gives them; the Situations menu keeps the protocol's own order.
        return self._render("home.html", to_the_questions=on_every_route(self.protocol),
                            situations=card_order(self.protocol))

    def mandatory_reporting(self) -> str:
        """The law, then the sections protocol.yaml lists under it (`statute: situations:`,
        checked when the protocol is loaded)."""
        situations = [self.protocol.situation(i) for i in self.protocol.info.statute.situations]
        return self._render("mandatory_reporting.html", situations=situations)

    def emergency_notice(self) -> str:
        return self._render("emergency_notice.html")

    def translation_notice(self) -> str:
        """What a translated edition is worth (none in English)."""
        return "" if self.protocol.language == ENGLISH else self._render("translation_notice.html")
