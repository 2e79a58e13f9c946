"""The protocol for this build: loaded and checked once, shared by the macros and the hooks."""
from __future__ import annotations

import os

from mkdocs.exceptions import PluginError

from .languages.interface import ENGLISH
from .languages.overlay import translated_protocol
from .languages.translation import load_translation, pending_texts, translation_file
from .load import load_protocol, stale_contacts
from .protocol.errors import ProtocolError, notice_logger
from .protocol.model import Protocol

PROTOCOL_FILE = "protocol.yaml"


class ProtocolBuildError(PluginError):
    """A mistake in protocol.yaml, as mkdocs' one-line build error. Its own type so the
    preview server (macros/hooks/preview.py) can tell it from any other build failure."""

_loaded: dict[tuple, Protocol] = {}



# A stale contact must not block an urgent fix.
freshness = notice_logger("protocol.freshness")


def build_language(config) -> str:
    """The language one build writes: the theme's (mkdocs.yml: en; mkdocs.es.yml: es)."""
    return config["theme"]["language"]


def is_main_build(config) -> bool:
    """The build of the site's first language (mkdocs.yml `extra.languages`), at the site root;
    it builds the others (macros/hooks/languages.py) and the offline copy of them all."""
    return build_language(config) == next(iter(config["extra"]["languages"]))


def protocol_of(config) -> Protocol:
    """The checked protocol in the language of this build."""
    return protocol_for(config["config_file_path"], build_language(config))


def protocol_for(config_file: str, language: str = ENGLISH) -> Protocol:
    """The protocol next to mkdocs.yml, in English or laid over by its translation
    (protocol.<language>.yaml): the same ids, numbers and routes, in that language's words."""
    english = english_protocol_for(config_file)
    if language == ENGLISH:
        return english
    path = translation_file(os.path.join(os.path.dirname(os.path.abspath(config_file)), PROTOCOL_FILE), language)
    try:
        stat = os.stat(path)
    except OSError:
        raise ProtocolBuildError(f"{os.path.basename(path)}:0: file not found next to {PROTOCOL_FILE}") from None
    key = (id(english), path, stat.st_mtime_ns, stat.st_size)
    if key not in _translated:
        try:
            translation = load_translation(path, english, language)
        except ProtocolError as err:
            raise ProtocolBuildError(str(err)) from None
        pending = pending_texts(english, translation)
        if pending:
            freshness.warning(f"{translation.path}: {len(pending)} texts are missing or stale; the '{language}' "
                              "pages show them in English, marked as pending. `make check` names each one")
        _translated.clear()
        _translated[key] = translated_protocol(english, translation)
    return _translated[key]


_translated: dict[tuple, Protocol] = {}


def english_protocol_for(config_file: str) -> Protocol:
    """The checked protocol next to mkdocs.yml. Cached by modification time, so `mkdocs
    serve` picks up edits while one build never reads the file twice."""
    path = os.path.join(os.path.dirname(os.path.abspath(config_file)), PROTOCOL_FILE)
    try:
        stat = os.stat(path)
    except OSError:
        raise ProtocolBuildError(f"{PROTOCOL_FILE}:0: file not found next to mkdocs.yml") from None
    key = (path, stat.st_mtime_ns, stat.st_size)
    if key not in _loaded:
        cwd_relative = os.path.relpath(path)
        try:
            protocol = load_protocol(cwd_relative if not cwd_relative.startswith("..") else path)
        except ProtocolError as err:
            # PluginError makes mkdocs print this one line and stop, with no traceback.
            raise ProtocolBuildError(str(err)) from None
        for contact in stale_contacts(protocol):
            freshness.warning(f"{PROTOCOL_FILE}:{contact.line}: contact '{contact.id}' was last checked "
                        f"on {contact.checked.isoformat()}, over a year ago; check it against its "
                        "source and update 'checked'")
        _loaded.clear()
        _loaded[key] = protocol
    return _loaded[key]
