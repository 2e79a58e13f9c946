"""MkDocs hooks: one generated page per situation and per screen of the decision, the nav
built from protocol.yaml, and the site-wide emergency notice. Loaded by mkdocs.yml `hooks:`."""
from __future__ import annotations

import html
import os
import re
import sys

# MkDocs imports this file by path; make the `macros` package importable as itself so it
# shares the one loaded protocol with mkdocs-macros.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.structure.files import File, InclusionLevel  # noqa: E402
from mkdocs.utils.meta import get_data  # noqa: E402

from macros.decision.facts import decision_screens, handouts  # noqa: E402
from macros.languages.interface import language as interface_language  # noqa: E402
from macros.pages.card import is_local  # noqa: E402
from macros.pages.editions import FEED, edition_url, feed  # noqa: E402
from macros.pages.handouts import handout_title, handout_url  # noqa: E402
from macros.pages.render import Pages, format_date, situation_url, translated_name  # noqa: E402
from macros.pages.search_index import add_search_terms  # noqa: E402
from macros.pages.widget import screen_page, screen_url  # noqa: E402
from macros.site import protocol_of  # noqa: E402

SITUATIONS_INDEX = "situations/index.md"
DECIDE = "decide.md"


def on_config(config):
    protocol = protocol_of(config)
    # The site's name and description are the protocol's (in this build's language), not
    # mkdocs.yml's: another state's protocol.yaml names its own site.
    # Material prints both unescaped (the name in <title> and the header, the description in an
    # attribute): escaped here, like every page title.
    config.site_name = page_title(str(translated_name(protocol.info.short_title)[0]))
    description = f"{translated_name(protocol.info.title)[0]}: " + interface_language(protocol.language).text(
        "Who to call or email about a human trafficking case, in which situation, and what to tell them.")
    config.site_description = html.escape(description, quote=True).replace("{", "&#123;")
    config.extra["emergency_notice_html"] = Pages(protocol, "").emergency_notice()
    config.extra["translation_notice_html"] = Pages(protocol, "").translation_notice()
    words = interface_language(protocol.language)
    config.extra["site_edition"] = protocol.edition.version
    config.extra["site_edition_date"] = protocol.edition.date.isoformat()
    config.extra["site_edition_date_text"] = format_date(protocol.edition.date, protocol.language)
    # A printed page (a result, a situation) says at the foot of each sheet which edition it is
    # and where to check it is current, as every print for trainers does; never a local address
    # (partials/print-edition.html).
    config.extra["print_edition_css"] = "" if is_local(config.site_url or "") else css_string(
        words.text("Website edition %(version)s, %(date)s") % {
            "version": protocol.edition.version, "date": config.extra["site_edition_date_text"]}
        + " · " + words.text("Is this print current? Go to:") + " " + config.site_url + edition_url(protocol.edition))
    config.nav = [_expand(entry, protocol) for entry in (config.nav or [])]
    return config


def _expand(entry, protocol):
    """`- Situations: situations/index.md` in mkdocs.yml becomes that index plus one page per situation."""
    if isinstance(entry, dict) and list(entry.values()) == [SITUATIONS_INDEX]:
        (title,) = entry
        pages = [{nav_title(s.title): situation_url(s).rstrip("/") + ".md"} for s in protocol.situations]
        return {title: [SITUATIONS_INDEX] + pages}
    return entry


def on_files(files, config):
    protocol = protocol_of(config)
    for situation in protocol.situations:
        src = situation_url(situation).rstrip("/") + ".md"
        content = f'---\ntitle: "{_title(page_title(situation.title))}"\n---\n\n{{{{ situation_page("{situation.id}") }}}}\n'
        files.append(File.generated(config, src, content=content))
    # A one-page handout for each caller (macros/pages/handouts.py), linked from the card page:
    # not in the menu, and not a search result (the situation pages hold the same steps).
    for handout in handouts(protocol):
        title = handout_title(protocol, handout.caller)
        content = (f'---\ntitle: "{_title(page_title(title))}"\npage_css: [assets/card.css]\nprints_its_edition: true\n'
                   'search:\n  exclude: true\n'
                   f'hide:\n  - navigation\n  - toc\n---\n\n{{{{ handout_page("{handout.caller.id}") }}}}\n')
        files.append(File.generated(config, handout_url(handout.caller).rstrip("/") + ".md", content=content,
                                    inclusion=InclusionLevel.NOT_IN_NAV))
    # Each edition's page, where its prints' QR codes lead (macros/pages/editions.py), and the
    # feed of editions. Not in the menu or search: the changelog lists them.
    for change in protocol.changes:
        content = (f'---\ntitle: "{_title(_edition_title(config, change.version))}"\nsearch:\n  exclude: true\n---\n\n'
                   f'{{{{ edition_page("{_title(change.version)}") }}}}\n')
        files.append(File.generated(config, edition_url(change).rstrip("/") + ".md", content=content,
                                    inclusion=InclusionLevel.NOT_IN_NAV))
    if config.site_url:
        files.append(File.generated(config, FEED, content=feed(protocol, config.site_url)))
    # Each screen of the decision but the first (which /decide/ shows) on its own small page,
    # for a browser without JavaScript. Every one has the title of /decide/: a tab or the
    # history list must not say what a person answered. Not in the menu, search or sitemap.
    # Its body is put in after Markdown (on_page_content): it is HTML already, which the macros
    # and Markdown would only parse again, once per screen.
    title = _title(_page_title_of(files, DECIDE))
    for screen in decision_screens(protocol).screens:
        if screen.key:
            content = (f'---\ntitle: "{title}"\ndecision_screen: "{screen.key}"\nrender_macros: false\n'
                       'search:\n  exclude: true\npage_css: [assets/decide.css]\n---\n')
            files.append(File.generated(config, screen_url(screen.key) + "index.md", content=content,
                                        inclusion=InclusionLevel.NOT_IN_NAV))
    return files


def on_page_content(html_content, page, config, files):
    """A screen of the decision: its page's body (macros/pages/widget.py), linked from its address."""
    key = page.meta.get("decision_screen")
    if key is None:
        return html_content
    protocol = protocol_of(config)
    return screen_page(protocol, str(key), Pages(protocol, page.url).link)


def _edition_title(config, version: str) -> str:
    protocol = protocol_of(config)
    return page_title(interface_language(protocol.language).text("Website edition %(version)s") % {"version": version})


def _page_title_of(files, src: str) -> str:
    """A page's own title, from its front matter: 'What should I do?' for decide.md (in this
    build's language: a translated build may have made the page from the English one)."""
    page = files.get_file_from_path(src)
    _markdown, meta = get_data(page.content_string) if page else ("", {})
    if not meta.get("title"):
        raise PluginError(f"{src}: no `title:` in its front matter; the decision's screens take their title from it")
    return str(meta["title"])


def on_post_build(config):
    """The search terms of protocol.yaml (`search_terms:`) into the search index this build
    wrote (after Material's search plugin, before the offline copy rewrites its addresses)."""
    missing = add_search_terms(config.site_dir, protocol_of(config))
    if missing:
        raise PluginError(f"protocol.yaml: search terms for {', '.join(repr(m) for m in missing)}, a page this "
                          "build does not have; correct the page name under search_terms:")


def css_string(text: str) -> str:
    """A quoted CSS string of the text, safe inside a <style> element: a quote, a backslash, a
    line break or a '<' is written as its escape."""
    return '"' + re.sub(r'["\\<\n]', lambda m: f"\\{ord(m.group()):x} ", text) + '"'


def page_title(text: str) -> str:
    """A YAML title as MkDocs wants it: HTML (Material prints page and nav titles unescaped),
    with no `{` left for mkdocs-macros, which renders any title holding `{{` or `{%`."""
    return html.escape(text, quote=False).replace("{", "&#123;")


def nav_title(text: str) -> str:
    """A title for the menu: a translated page's English (a text still to be translated) is
    marked lang="en", as on the page, so a screen reader reads it in English."""
    if hasattr(text, "__html__"):
        return str(text.__html__()).replace("{", "&#123;")
    return page_title(text)


def _title(text: str) -> str:
    # Front matter is YAML: keep the title a plain double-quoted string.
    return text.replace("\\", "\\\\").replace('"', '\\"')
