"""Command line: `python -m macros check [protocol.yaml]` and `python -m macros paths [protocol.yaml]`."""
from __future__ import annotations

import argparse
import sys

from .errors import ProtocolError
from .load import load_protocol
from .paths import all_paths, path_result


def describe_paths(protocol) -> str:
    """Every route and its result as stable text, for reviewing what a change does to the advice."""
    out = []
    for path in all_paths(protocol):
        result = path_result(protocol, path)
        out.append(f"Route {path.key}")
        for choice in path.choices:
            out.append(f"  {choice.question.text} -> {choice.answer.label}")
        out.append(f"  Result: {result.outcome.title}")
        for number, step in enumerate(result.steps, 1):
            out.append(f"    {number}. {step.text}")
            for contact in step.contacts:
                ways = " / ".join(x for x in (contact.phone_display, contact.email) if x)
                out.append(f"       - {contact.name}: {ways}")
            for item in step.items:
                out.append(f"       * {item}")
        out.append("")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros", description=__doc__)
    parser.add_argument("command", choices=["check", "paths"])
    parser.add_argument("file", nargs="?", default="protocol.yaml")
    args = parser.parse_args(argv)
    try:
        protocol = load_protocol(args.file)
    except ProtocolError as err:
        print(err, file=sys.stderr)
        return 1
    if args.command == "check":
        routes = len(all_paths(protocol))
        print(f"{args.file}: OK: {len(protocol.contacts)} contacts, {len(protocol.situations)} situations, "
              f"{len(protocol.decision.questions)} questions, {routes} routes")
    else:
        print(describe_paths(protocol))
    return 0


if __name__ == "__main__":
    sys.exit(main())
