"""MkDocs hooks: protocol.json and contacts.vcf published at
the root of the built site. Loaded by mkdocs.yml `hooks:`; the contacts page links to both files. A translated edition (es/) gets its own contacts.vcf."""
from __future__ import annotations

import os
import sys

# MkDocs imports this file by path; import `macros` as itself to share the loaded protocol.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

from macros.languages.interface import ENGLISH  # noqa: E402
from macros.pages.exports import JSON_FILE, VCARD_FILE, contacts_vcf, protocol_json  # noqa: E402
from macros.site import protocol_of  # noqa: E402


def on_post_build(config):
    protocol = protocol_of(config)
    files = [(VCARD_FILE, contacts_vcf(protocol))]
    if protocol.language == ENGLISH:
        # The data is published once, in the protocol's own language; a translated edition
        # links to it (macros/pages/render.py, data_file).
        files.append((JSON_FILE, protocol_json(protocol)))
    for name, text in files:
        # newline="": the vCard's CRLF line ends are part of the format.
        with open(os.path.join(config.site_dir, name), "w", encoding="utf-8", newline="") as out:
            out.write(text)
