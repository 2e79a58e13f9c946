"""MkDocs hooks for `mkdocs serve` (`make serve`): a mistake in protocol.yaml shows as a page
in the browser as well as in the terminal, and the next good save brings the site back.
Loaded by mkdocs.yml `hooks:`; `mkdocs build` is unaffected and still fails on the mistake.

Without this, mkdocs' preview server keeps the last good site, prints a traceback and
"The server will appear stuck", and the browser never learns why nothing changes."""
from __future__ import annotations

import html
import logging
import os
import sys

# MkDocs imports this file by path; import `macros` as itself to share the loaded protocol.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

from macros.site import PROTOCOL_FILE, ProtocolBuildError  # noqa: E402

log = logging.getLogger("mkdocs.hooks.preview")
_state: dict = {"error": None}


def on_build_error(error):
    # mkdocs reports the error, then raises its own Abort: remember which error it was.
    if isinstance(error, ProtocolBuildError):
        _state["error"] = error


def on_serve(server, config, builder):
    """Every rebuild after the first goes through `server.builder`: wrap it so a protocol
    mistake replaces each page with the error, and counts as a build (so open browsers
    reload to show it, and reload again once it is fixed). Only `mkdocs serve` calls this
    (with or without --clean; on_startup would say "build" for --clean)."""
    site_dir = config.site_dir

    def build_or_show_error():
        _state["error"] = None
        try:
            builder()
        except Exception:
            if _state["error"] is None:
                raise
            show_error(site_dir, str(_state["error"]))
            log.warning(f"The preview shows the mistake in {PROTOCOL_FILE} on every page; "
                        "fix it and save, and the site comes back.")

    server.builder = build_or_show_error
    return server


def error_page(message: str) -> str:
    """A page with nothing but the error: no theme, no script of its own (the preview server
    adds its reload script to every page it serves)."""
    text = html.escape(message)
    return f"""<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{PROTOCOL_FILE} has a mistake</title></head>
<body style="font: 1.1rem/1.5 system-ui, sans-serif; max-width: 50rem; margin: 2rem auto; padding: 0 1rem">
<h1>{PROTOCOL_FILE} has a mistake</h1>
<p class="ht-preview-error" style="font-family: monospace; white-space: pre-wrap; border-left: 4px solid #b00; padding-left: 1rem">{text}</p>
<p>Fix it in {PROTOCOL_FILE} and save: this page reloads by itself and the site comes back.</p>
</body>
</html>
"""


def show_error(site_dir: str, message: str) -> None:
    """Every built page (and the not-found page) becomes the error page."""
    page = error_page(message)
    written = False
    for root, _dirs, files in os.walk(site_dir):
        for name in files:
            if name.endswith(".html"):
                with open(os.path.join(root, name), "w", encoding="utf-8") as out:
                    out.write(page)
                written = True
    if not written:
        with open(os.path.join(site_dir, "index.html"), "w", encoding="utf-8") as out:
            out.write(page)
