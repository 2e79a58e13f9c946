"""Accessibility fixes to Material's own markup that no theme setting covers, on every page
and on the not-found page. Loaded by mkdocs.yml `hooks:`."""
from __future__ import annotations

import os
import re
import sys

from markupsafe import escape

# MkDocs imports this file by path; make the `macros` package importable as itself.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

from macros.languages.interface import language  # noqa: E402
from macros.site import build_language  # noqa: E402

# Material 9.8's search overlay is role="dialog" with no accessible name (axe: aria-dialog-name).
SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
NAMED_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog" aria-label="{name}">'
# The target of our "Skip to content" link (overrides/main.html). tabindex="-1": the link
# moves the keyboard focus there, not only the scroll position.
CONTENT = '<article class="md-content__inner md-typeset">'
CONTENT_TARGET = '<article class="md-content__inner md-typeset" id="ht-content" tabindex="-1">'
# Material writes its own skip link only on pages with headings, before the emergency
# notice; ours is on every page, after the notice.
MATERIAL_SKIP = re.compile(r'(<div data-md-component="skip">)\s*<a [^>]*class="md-skip"[^>]*>.*?</a>', re.S)


def accessible_page(html: str, search_name: str = "Search") -> str:
    html = html.replace(SEARCH_DIALOG, NAMED_SEARCH_DIALOG.format(name=escape(search_name)), 1)
    html = html.replace(CONTENT, CONTENT_TARGET, 1)
    return MATERIAL_SKIP.sub(r"\1", html, count=1)


def _search_name(config) -> str:
    return language(build_language(config)).text("Search")


def on_post_page(output: str, page, config) -> str:
    return accessible_page(output, _search_name(config))


def on_post_template(output_content: str, template_name: str, config) -> str:
    """The not-found page (404.html) is a template, not a page."""
    if not template_name.endswith(".html"):
        return output_content
    return accessible_page(output_content, _search_name(config))
