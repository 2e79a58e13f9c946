"""Accessibility fixes to Material's own markup that no theme setting covers (axe-core
reports them on every page). Loaded by mkdocs.yml `hooks:`."""
from __future__ import annotations

# Material 9.8's search overlay is role="dialog" with no accessible name (axe: aria-dialog-name).
SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
NAMED_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search">'


def on_post_page(output: str, page, config) -> str:
    return output.replace(SEARCH_DIALOG, NAMED_SEARCH_DIALOG, 1)
