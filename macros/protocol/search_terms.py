"""Search terms (`search_terms:`) as a maintainer writes them: a term on two situations is a
warning of `python -m macros check`, not an error. Search then ranks both pages for it, so it
helps no one choose; the maintainer decides which situation the word belongs to."""
from __future__ import annotations

from .model import Protocol


def warnings(protocol: Protocol, protocol_path: str) -> list[str]:
    first: dict[str, tuple[str, int]] = {}
    found = []
    for situation in protocol.situations:
        for term in dict.fromkeys(t.casefold() for t in situation.search_terms):
            if term in first and first[term][0] != situation.id:
                other, line = first[term]
                found.append(
                    f"{protocol_path}:{situation.line}: the search term '{term}' is on situation "
                    f"'{situation.id}' and on '{other}' (line {line}); search ranks both pages for it, so it "
                    "helps no one choose: keep it on the one situation a reader typing it needs")
            first.setdefault(term, (situation.id, situation.line))
    return found
