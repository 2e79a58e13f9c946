"""Complete the offline copy with files made after `mkdocs build` (the prints' PDFs).

    python -m scripts.offline_copy [SITE_DIR]      # default: site

`mkdocs build` zips the offline copy into <site>/offline/ht-protocol-offline.zip
(macros/hooks/privacy.py); files printed later into the site, such as card/card.pdf and the
other prints' PDFs (scripts/print_pdfs.py), are not in it yet. This adds every file the
copy's pages link to that the zip lacks and the built site has, so the copy's links work on
disk too. `make build` runs it last."""
from __future__ import annotations

import argparse
import posixpath
import re
import sys
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

from macros.pages.privacy import OFFLINE_FOLDER, OFFLINE_ZIP

_LINK = re.compile(r"""\s(?:href|src)=["']([^"']*)["']""", re.I)


def linked_files(archive: zipfile.ZipFile) -> set[str]:
    """Every file (as a name in the zip) that a page of the copy links to by a relative address."""
    linked = set()
    for name in archive.namelist():
        if not name.endswith(".html"):
            continue
        for address in _LINK.findall(archive.read(name).decode("utf-8")):
            parts = urlsplit(address)
            if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
                continue
            linked.add(posixpath.normpath(posixpath.join(posixpath.dirname(name), unquote(parts.path))))
    return linked


def complete(site: Path) -> list[str]:
    """Add the site's files that the copy links to but lacks; the names added."""
    target = site / OFFLINE_ZIP
    with zipfile.ZipFile(target) as archive:
        missing = linked_files(archive) - set(archive.namelist())
    prefix = OFFLINE_FOLDER + "/"
    found = sorted(n for n in missing if n.startswith(prefix) and (site / n[len(prefix):]).is_file())
    with zipfile.ZipFile(target, "a", zipfile.ZIP_DEFLATED) as archive:
        for name in found:
            archive.write(site / name[len(prefix):], name)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default="site", help="the built site directory (default: site)")
    site = Path(parser.parse_args(argv).site)
    if not (site / OFFLINE_ZIP).is_file():
        print(f"{site}: no {OFFLINE_ZIP}; run `mkdocs build` first", file=sys.stderr)
        return 1
    for name in complete(site):
        print(f"{site / OFFLINE_ZIP}: added {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
