"""Changes to the search index Material writes (search/search_index.json), made after the
build and before Material's offline plugin inlines it (at priority -100)."""
from __future__ import annotations

import json
import os
from typing import Callable


def update_search_index(site_dir: str, change: Callable[[dict], None]) -> None:
    """Apply `change` to every document of the index, if the build wrote one."""
    path = os.path.join(site_dir, "search", "search_index.json")
    if not os.path.isfile(path):
        return
    with open(path, encoding="utf-8") as f:
        index = json.load(f)
    for doc in index.get("docs", []):
        change(doc)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(index, f, ensure_ascii=False, separators=(",", ":"))
