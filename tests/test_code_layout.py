"""The code's folders are its layers: each folder of macros/ imports only the folders its
docstring allows, so a newcomer can trust the tree (README, "How it is built")."""
from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

MACROS = ROOT / "macros"
# folder -> the folders of macros/ it may import (besides itself), lowest layer first.
ALLOWED = {
    "protocol": set(),
    "languages": {"protocol"},
    "decision": {"protocol", "languages"},
    "pages": {"protocol", "languages", "decision"},
    "hooks": {"protocol", "languages", "decision", "pages", "site", "load"},
}


def imported_parts(path: Path) -> set[str]:
    """The first part under macros/ of every module this file imports ('decision', 'site')."""
    folder = path.parent.relative_to(MACROS).parts
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:  # relative: climb from this file's folder
                base = list(folder[: len(folder) - (node.level - 1)]) if node.level > 1 else list(folder)
                parts = base + (node.module.split(".") if node.module else [])
            elif node.module and node.module.split(".")[0] == "macros":
                parts = node.module.split(".")[1:]
            else:
                continue
            if parts:
                found.add(parts[0])
    return found


def test_every_folder_imports_only_the_layers_below_it():
    seen = set()
    for folder, allowed in ALLOWED.items():
        files = sorted((MACROS / folder).glob("*.py"))
        assert files, folder
        for path in files:
            seen.add(folder)
            wrong = imported_parts(path) - allowed - {folder}
            assert not wrong, f"{path.relative_to(ROOT)} imports {sorted(wrong)}; {folder}/ may import {sorted(allowed)}"


def test_every_folder_says_what_it_holds_and_what_it_may_import():
    for folder, allowed in ALLOWED.items():
        doc = ast.get_docstring(ast.parse((MACROS / folder / "__init__.py").read_text(encoding="utf-8")))
        assert doc and "import" in doc.lower(), folder
    folders = {p.name for p in MACROS.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert folders == set(ALLOWED), "a new folder of macros/ needs its place in ALLOWED and in README"
