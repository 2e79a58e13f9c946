"""The one-page quick-reference card: every contact, each situation in compact form, and a
QR code to the site, rendered from the model (templates/card.html)."""
from __future__ import annotations

import datetime

import segno
from markupsafe import Markup
from mkdocs.exceptions import PluginError

from .model import Protocol
from .render import render

PDF_NAME = "card.pdf"


def oldest_checked(protocol: Protocol) -> datetime.date:
    """The card promises no more than its stalest entry: every contact was checked against
    the published protocol on or after this day."""
    return min(contact.checked for contact in protocol.contacts)


def qr_svg(url: str) -> Markup:
    """The site address as an inline SVG QR code, drawn at build time (nothing is fetched)."""
    svg = segno.make_qr(url, error="m").svg_inline(scale=1, omitsize=True, svgclass="ht-card-qr-code")
    # The address is printed next to the code, so the image itself is decoration to a screen reader.
    return Markup(svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1))


def card(protocol: Protocol, site_url: str) -> str:
    """The card's HTML; `site_url` (mkdocs.yml) is where its QR code points."""
    if not site_url:
        raise PluginError("mkdocs.yml: site_url is not set; the quick-reference card's QR code points there")
    return render(
        "card.html",
        protocol=protocol,
        info=protocol.info,
        edition=protocol.edition,
        checked=oldest_checked(protocol),
        site_url=site_url,
        qr=qr_svg(site_url),
        pdf_href=PDF_NAME,
    )
