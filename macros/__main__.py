"""Command line for maintainers:

  python -m macros check [protocol.yaml]    check the file; names the line of any mistake
  python -m macros paths [protocol.yaml]    contacts, situations, questions by id; every route and its advice
  python -m macros diff OLD.txt NEW.txt     what changed between two `paths` listings (Markdown)
  python -m macros schema [out.json]        regenerate protocol.schema.json from macros/schema.py
"""
from __future__ import annotations

import argparse
import sys

from .card_budget import estimate as card_estimate
from .errors import ProtocolError
from .published import warnings as published_warnings
from .load import load_protocol
from .paths import all_paths
from .review import advice_diff, listing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["check", "paths", "diff", "schema"])
    parser.add_argument("file", nargs="?", default=None)
    parser.add_argument("new_listing", nargs="?", default=None, help="diff only: the new listing")
    args = parser.parse_args(argv)
    if args.command == "schema":
        from .json_schema import SCHEMA_FILE, schema_text
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
    except ProtocolError as err:
        print(err, file=sys.stderr)
        return 1
    if args.command == "check":
        routes = len(all_paths(protocol))
        card = card_estimate(protocol)
        print(f"{args.file}: OK: {len(protocol.contacts)} contacts, {len(protocol.situations)} situations, "
              f"{len(protocol.decision.questions)} questions, {routes} routes; the card's side 2 is about "
              f"{card.side_2_full:.0%} full")
        # Warnings, not failures: the build measures the real card, and a number may change
        # after publication.
        for warning in card.warnings(args.file) + published_warnings(protocol, args.file):
            print(f"WARNING: {warning}", file=sys.stderr)
    else:
        print(listing(protocol), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
