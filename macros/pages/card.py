"""The one-page quick-reference card: every contact, each situation in compact form, and a
QR code to the site, rendered from the model (templates/card.html)."""
from __future__ import annotations

import datetime
import ipaddress
from urllib.parse import urlsplit

import segno
from markupsafe import Markup
from mkdocs.exceptions import PluginError

from ..decision.facts import card_order, first_contacts, handouts, leads_into
from ..protocol.errors import notice_logger
from ..protocol.model import Protocol
from .card_budget import estimate, handout_layout, print_estimate
from .editions import edition_url
from .handouts import handout_title, handout_url
from .print_set import CARD, HANDOUT, PRINTS
from .render import relative, render

PDF_NAME = CARD.pdf
# Not a reason to fail `--strict` (the preview is always local), but it must be seen.
log = notice_logger("protocol.card")


def oldest_checked(protocol: Protocol) -> datetime.date:
    """The card promises no more than its stalest entry: every contact was checked against
    the published protocol on or after this day."""
    return min(contact.checked for contact in protocol.contacts)


def qr_svg(url: str) -> Markup:
    """The site address as an inline SVG QR code, drawn at build time (nothing is fetched)."""
    svg = segno.make_qr(url, error="m").svg_inline(scale=1, omitsize=True, svgclass="ht-card-qr-code")
    # The address is printed next to the code, so the image itself is decoration to a screen reader.
    return Markup(svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1))


def is_local(site_url: str) -> bool:
    """True for an address only this computer can open (127.0.0.1, localhost, no host)."""
    host = (urlsplit(site_url).hostname or "").rstrip(".").lower()
    if host in ("", "localhost") or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def print_basics(protocol: Protocol, site_url: str, what: str = "quick-reference card") -> dict:
    """What every print carries: the edition, the oldest check of its numbers, and the QR code
    of the site (its own language's address). A local `site_url` gets no QR code but
    "PREVIEW, not for printing": a print must never send people to the computer it was built on."""
    if not site_url:
        raise PluginError(f"mkdocs.yml: site_url is not set; the {what}'s QR code points there")
    preview = is_local(site_url)
    if preview:
        log.warning(f"site_url is {site_url}, a local address: the {what} says "
                    "\"PREVIEW, not for printing\" instead of its QR code. To print cards, build with "
                    "the published address: SITE_URL=https://... make build")
    # A print leads to its edition's page (editions/2-3/), which says later whether it is still
    # current and what changed since.
    address = site_url + edition_url(protocol.edition)
    return {
        "protocol": protocol, "info": protocol.info, "edition": protocol.edition,
        "checked": oldest_checked(protocol), "site_url": site_url, "edition_address": address,
        "qr": None if preview else qr_svg(address), "preview": preview,
        "first_contacts": first_contacts(protocol),
    }


def card(protocol: Protocol, site_url: str) -> str:
    """The card's HTML; `site_url` (mkdocs.yml) is where its QR code points."""
    fit = estimate(protocol)
    situations = card_order(protocol)
    return render(
        "card.html", protocol.language,
        **print_basics(protocol, site_url),
        front_scale=fit.front_scale,
        # Side 2's situations, a page each part (one while they fit in 8 pt type), each sized to fill it.
        back_pages=[([situations[i] for i in part], scale, side)
                    for part, scale, side in zip(fit.back_parts, fit.back_scales, fit.back_first_sides)],
        pages=fit.pages,
        pdf_href=PDF_NAME,
        prints=[{"id": p.id, "href": relative(CARD.url, p.url), "pdf": relative(CARD.url, p.url + p.pdf),
                 "wall_pdf": p.wall_pdf and relative(CARD.url, p.url + p.wall_pdf)}
                for p in PRINTS if not p.per_caller],
        # A handout for each caller (macros/pages/handouts.py), each page with its PDF.
        handouts=[{"title": handout_title(protocol, h.caller), "href": relative(CARD.url, handout_url(h.caller)),
                   "pdf": relative(CARD.url, handout_url(h.caller) + HANDOUT.pdf), "pages": handout_layout(h).pages}
                  for h in handouts(protocol)],
        poster_pages=print_estimate(protocol).poster_pages,
        any_for_some=any(step.audience for situation in protocol.situations for step in situation.steps),
        leads_into=lambda situation: leads_into(protocol, situation),
    )
