"""Safety and privacy for people at risk: the quick-exit link, the Content-Security-Policy
with hashes of the inline scripts, and the link fixes that make the offline copy work
from disk. Pure functions of HTML strings; macros/hooks/privacy.py wires them into MkDocs."""
from __future__ import annotations

import base64
import hashlib
import re

from ..protocol.model import Protocol
from .render import render

OFFLINE_ZIP = "offline/ht-protocol-offline.zip"
OFFLINE_FOLDER = "ht-protocol-offline"

# Executable inline scripts need a hash; data blocks (application/json) are never run.
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_ATTR = r"""(?:^|\s){name}\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))"""
_JS_TYPES = {"", "module", "text/javascript", "application/javascript", "text/ecmascript",
             "application/ecmascript"}

# Style attributes and Material's own inline styles are needed for the theme to render,
# and CSS cannot send a request that `default-src 'self'` does not already block.
POLICY = (
    ("default-src", "'self'"),
    ("script-src", "'self' {hashes}"),
    ("style-src", "'self' 'unsafe-inline'"),
    ("img-src", "'self' data:"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)


def _attr(attrs: str, name: str) -> str | None:
    match = re.search(_ATTR.format(name=name), attrs, re.I)
    if not match:
        return None
    return next(group for group in match.groups() if group is not None)


def inline_script_hashes(html: str) -> list[str]:
    """'sha256-…' of each inline script the browser would run, in page order, once each."""
    hashes: list[str] = []
    for attrs, body in _SCRIPT.findall(html):
        if _attr(attrs, "src") is not None:
            continue
        script_type = (_attr(attrs, "type") or "").strip().lower()
        if script_type not in _JS_TYPES:
            continue
        # The HTML parser turns CR LF and CR into LF before the script text is hashed.
        text = body.replace("\r\n", "\n").replace("\r", "\n")
        digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
        source = f"'sha256-{digest}'"
        if source not in hashes:
            hashes.append(source)
    return hashes


def content_security_policy(html: str, offline: bool = False) -> str:
    """The page's policy: its own origin only; inline scripts allowed only by hash.

    The offline copy is opened from file://, where the iframe-worker shim that runs search
    writes an inline script naming the unpacked folder's path, so no build-time hash can
    match it: there, inline scripts are allowed and everything else stays local (file:)."""
    if offline:
        policy = [(name, "'self' file: 'unsafe-inline'" if name == "script-src"
                   else value.replace("'self'", "'self' file:")) for name, value in POLICY]
    else:
        hashes = " ".join(inline_script_hashes(html))
        policy = [(name, value.format(hashes=hashes).strip()) for name, value in POLICY]
    return "; ".join(f"{name} {value}" for name, value in policy)


def protect_page(html: str, offline: bool = False) -> str:
    """The page with its CSP and no-referrer meta tags first in <head>, before any script."""
    policy = content_security_policy(html, offline)
    tags = (f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
            '<meta name="referrer" content="no-referrer">')
    charset = re.search(r"<meta\s+charset=[^>]*>", html, re.I)
    head = charset or re.search(r"<head\b[^>]*>", html, re.I)
    if head is None:
        return html
    return html[:head.end()] + tags + html[head.end():]


_LOCAL_LINK = re.compile(r"""(\s(?:href|src)=)(["'])([^"']*)\2""", re.I)


def _index_html(url: str) -> str:
    """`../contacts/#x` -> `../contacts/index.html#x`: file:// shows no index page by itself."""
    if re.match(r"^(?:[a-z][a-z0-9+.-]*:|/|#|\?)", url, re.I) or not url:
        return url
    path, rest = re.match(r"([^?#]*)(.*)", url, re.S).groups()
    if path in (".", "..") or path.endswith(("/.", "/..")):
        path += "/"
    if path.endswith("/"):
        path += "index.html"
    return path + rest


def offline_links(html: str) -> str:
    """Every page-relative link of a built page made to work from disk."""
    return _LOCAL_LINK.sub(lambda m: f"{m.group(1)}{m.group(2)}{_index_html(m.group(3))}{m.group(2)}", html)


def offline_location(location: str) -> str:
    """A search-index location (`contacts/#x`) made to work from disk."""
    return _index_html(location) if location else "index.html"


def quick_exit(protocol: Protocol) -> str:
    return render("quick_exit.html", protocol.language, info=protocol.info)
