"""Command line for maintainers:

  python -m macros check [protocol.yaml]              check the file and its translations; names the line of any mistake
  python -m macros paths [protocol.yaml] [--lang es]  contacts, situations, questions by id; every route and its advice
  python -m macros translations [protocol.yaml] --lang es
                                                      entries to paste into protocol.es.yaml for every missing or stale text
  python -m macros diff OLD.txt NEW.txt               what changed between two `paths` listings (Markdown)
  python -m macros schema [out.json]                  regenerate protocol.schema.json from macros/protocol/schema.py
"""
from __future__ import annotations

import argparse
import glob
import os
import re
import sys

from .decision.facts import route_results
from .decision.review import advice_diff, listing
from .languages.interface import ENGLISH
from .languages.overlay import translated_protocol
from .languages.translation import Translation, load_translation, pending_texts, stub, translation_file
from .load import load_protocol
from .pages.card_budget import estimate as card_estimate
from .pages.card_budget import print_estimate
from .protocol.errors import ProtocolError
from .protocol.model import Protocol
from .protocol.published import warnings as published_warnings
from .protocol.search_terms import warnings as search_term_warnings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["check", "paths", "translations", "diff", "schema"])
    parser.add_argument("file", nargs="?", default=None)
    parser.add_argument("new_listing", nargs="?", default=None, help="diff only: the new listing")
    parser.add_argument("--lang", default=ENGLISH, help="paths, translations: the language (es); default en")
    args = parser.parse_args(argv)
    if args.command == "schema":
        from .protocol.json_schema import SCHEMA_FILE, schema_text
        with open(args.file or SCHEMA_FILE, "w", encoding="utf-8") as out:
            out.write(schema_text())
        return 0
    if args.command == "diff":
        if not (args.file and args.new_listing):
            parser.error("diff needs two listings: OLD NEW")
        with open(args.file, encoding="utf-8") as old, open(args.new_listing, encoding="utf-8") as new:
            print(advice_diff(old.read(), new.read()), end="")
        return 0
    args.file = args.file or "protocol.yaml"
    try:
        protocol = load_protocol(args.file)
        # `check` checks every translation there is; `paths` and `translations` read the one asked for.
        codes = translation_files(args.file) if args.command == "check" else [args.lang] if args.lang != ENGLISH else []
        translations = {code: load_translation(translation_file(args.file, code), protocol, code) for code in codes}
    except ProtocolError as err:
        print(err, file=sys.stderr)
        return 1
    if args.command == "check":
        return check(args.file, protocol, translations)
    if args.command == "translations":
        if args.lang == ENGLISH:
            parser.error("translations needs --lang, e.g. --lang es")
        print(stub(pending_texts(protocol, translations[args.lang])), end="")
        return 0
    shown = translated_protocol(protocol, translations[args.lang]) if args.lang != ENGLISH else protocol
    try:
        print(listing(shown), end="")
    except ProtocolError as err:  # the interface table of that language (step labels)
        print(err, file=sys.stderr)
        return 1
    return 0


def translation_files(protocol_file: str) -> dict[str, str]:
    """protocol.es.yaml and any other protocol.<language>.yaml next to the protocol file."""
    stem, ext = os.path.splitext(protocol_file)
    found = {}
    for path in sorted(glob.glob(f"{glob.escape(stem)}.*{ext}")):
        code = path[len(stem) + 1: -len(ext)]
        if re.fullmatch(r"[a-z]{2}", code):
            found[code] = path
    return found


def check(path: str, protocol: Protocol, translations: dict[str, Translation]) -> int:
    routes = len(route_results(protocol))
    card = card_estimate(protocol)
    print(f"{path}: OK: {len(protocol.contacts)} contacts, {len(protocol.situations)} situations, "
          f"{len(protocol.decision.questions)} questions, {routes} routes; the card's sides 1 and 2 are about "
          f"{card.side_1_full:.0%} and {card.side_2_full:.0%} full")
    # Warnings, not failures: the build measures the real card, a number may change after
    # publication, and a search term shared by two situations is a maintainer's choice.
    prints = print_estimate(protocol)
    for warning in (card.warnings(path) + prints.warnings(path) + published_warnings(protocol, path)
                    + search_term_warnings(protocol, path)):
        print(f"WARNING: {warning}", file=sys.stderr)
    # Nor is a text waiting for its translation: the translated site shows the English,
    # marked, and an English fix must never wait for a translator.
    for code, translation in translations.items():
        pending = pending_texts(protocol, translation)
        reviewed = (f"reviewed by {translation.reviewed_by} on {translation.reviewed_on.isoformat()}"
                    if translation.reviewed_by else "not reviewed by anyone yet")
        translated_card = card_estimate(translated_protocol(protocol, translation))
        print(f"{translation.path}: OK: {len(translation.entries)} texts, "
              f"{sum(p.reason == 'missing' for p in pending)} missing, "
              f"{sum(p.reason == 'stale' for p in pending)} stale"
              + (f", {sum(p.reason == 'unusable' for p in pending)} unusable" if any(p.problem for p in pending) else "")
              + f"; {reviewed}; its card's sides 1 and 2 are about "
              f"{translated_card.side_1_full:.0%} and {translated_card.side_2_full:.0%} full")
        # The English edition's prints are not affected: these are for the translator, who
        # first translates what is still in English (it is often longer than its translation).
        first = (f"translate the {len(pending)} texts still in English first (`make translations`), then "
                 if pending else "")
        for warning in print_estimate(translated_protocol(protocol, translation)).warnings(translation.path):
            print(f"WARNING: {warning} (in the '{code}' edition: {first}shorten the translations)", file=sys.stderr)
        if translated_card.side_1_full > 1:
            print(f"WARNING: {translation.path}: the '{code}' card's side 1 is about "
                  f"{translated_card.side_1_full:.0%} full and will not fit on its side of the sheet; {first}shorten "
                  "the translations of the longest contact names and situation titles", file=sys.stderr)
        if translated_card.pages > 2:
            print(f"WARNING: {translation.path}: the '{code}' card's side 2 is about "
                  f"{translated_card.side_2_full:.0%} full: too much for one side even in 8 pt type, so the card "
                  f"prints on {translated_card.pages} pages, not both sides of one sheet. To bring it back to one "
                  f"sheet, {first}shorten the translations of the longest steps' card texts (keys ending in .card)",
                  file=sys.stderr)
        for item in pending:
            print(f"WARNING: {item.message(path, translation.path)}", file=sys.stderr)
        editions = ", ".join(change.version for change in protocol.changes)
        for note in translation.stray_notes:
            print(f"WARNING: {translation.path}:{note.line}: changes: edition '{note.edition}' is not an edition "
                  f"of {path} (changes: {editions}); the note is not shown until it names the edition it "
                  "came with", file=sys.stderr)
        for entry in translation.leftovers:
            print(f"WARNING: {translation.path}:{entry.line}: '{entry.key}' is not a text of {path} any more "
                  "(removed, or its id renamed); remove the entry, or correct its key", file=sys.stderr)
        if pending:
            print(f"WARNING: `python -m macros translations {path} --lang {code}` prints the entries to "
                  f"translate, ready to paste into {translation.path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
