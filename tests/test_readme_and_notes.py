"""The README is a map a newcomer can read in one sitting, and every guide it points at is
there: the design notes it lists, CONTRIBUTING's contents, every link between them."""
from __future__ import annotations

import re
from pathlib import Path

from conftest import ROOT, missing_need

README = ROOT / "README.md"
NOTES = ROOT / "notes"
# Files README's "Another state's protocol" tells an adopter to delete until they have them: a
# guide's link to one may wait for it (the `needs` mark says which tests wait too).
ADOPTER_MAY_DELETE = {ROOT / "protocol.es.yaml": "translation",
                      ROOT / "reference" / "published-protocol.txt": "published text"}
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def linked_files(path: Path) -> list[str]:
    return [target for target in LINK.findall(path.read_text(encoding="utf-8"))
            if not target.startswith(("http://", "https://", "mailto:"))]


def test_the_readme_is_a_map_of_at_most_150_lines():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 150, f"README.md has {len(lines)} lines: move detail into notes/"


def test_the_readme_lists_every_design_note():
    listed = {Path(target).name for target in linked_files(README) if target.startswith("notes/")}
    notes = {path.name for path in NOTES.glob("*.md")}
    assert notes - listed == set(), "a note that README.md does not list"


def deleted_by_an_adopter(linked: Path) -> bool:
    need = ADOPTER_MAY_DELETE.get(linked.resolve())
    return bool(need and missing_need(need))


def test_every_link_of_the_readme_contributing_and_notes_opens_a_file():
    broken = [f"{path.relative_to(ROOT)}: {target}"
              for path in [README, ROOT / "CONTRIBUTING.md", *sorted(NOTES.glob("*.md"))]
              for target in linked_files(path)
              if not (path.parent / target).exists() and not deleted_by_an_adopter(path.parent / target)]
    assert broken == []


def test_contributing_lists_every_section_in_its_contents():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    sections = re.findall(r"^## (.+)$", text, re.M)
    contents = re.findall(r"^- \[(.+?)\]\(#", text, re.M)
    assert contents == sections
