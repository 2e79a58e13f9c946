"""mkdocs-macros entry point: load the protocol once, register the page macros."""
from __future__ import annotations

from .load import stale_contacts
from .pages.card import card
from .pages.editions import FEED, edition_url, edition_values
from .pages.prints import handout_page as render_handout_page
from .pages.prints import pocket_cards, poster
from .pages.render import Pages, data_file, render
from .pages.widget import decide_page as render_decide_page
from .site import protocol_of


def define_env(env) -> None:
    protocol = protocol_of(env.conf)

    def pages() -> Pages:
        return Pages(protocol, env.page.url if env.page else "")

    @env.macro
    def home_page() -> str:
        return pages().home()

    @env.macro
    def situation_page(situation_id: str) -> str:
        return pages().situation(situation_id, heading_level=1)

    @env.macro
    def situations_index() -> str:
        return pages().situations_index()

    @env.macro
    def contacts_page() -> str:
        return pages().contacts_page(stale_contacts(protocol))

    @env.macro
    def mandatory_reporting_page() -> str:
        return pages().mandatory_reporting()

    @env.macro
    def quick_reference_card() -> str:
        return card(protocol, env.conf["site_url"])

    @env.macro
    def pocket_cards_page() -> str:
        return pocket_cards(protocol, env.conf["site_url"])

    @env.macro
    def poster_page() -> str:
        return poster(protocol, env.conf["site_url"])

    @env.macro
    def decide_page() -> str:
        return render_decide_page(protocol, pages().link)

    @env.macro
    def handout_page(caller_id: str) -> str:
        return render_handout_page(protocol, caller_id, env.conf["site_url"])

    @env.macro
    def edition_page(version: str) -> str:
        return render("edition.html", protocol.language, protocol=protocol,
                      **edition_values(protocol, version, pages().link))

    @env.macro
    def changelog_page() -> str:
        return render("changelog.html", protocol.language, protocol=protocol, link=pages().link,
                      feed=FEED, edition_url=edition_url,
                      **data_file(protocol.language))
