"""MkDocs hooks for the site's languages. Loaded by mkdocs.yml `hooks:`.

One build per language. `mkdocs build` (mkdocs.yml) writes the English site at the root,
then builds each other language of `extra.languages` from its own config
(mkdocs.es.yml: `INHERIT: mkdocs.yml`, Spanish pages in docs/es/, theme and search in
Spanish) into a folder of the site (es/). Both builds run these same hooks and macros,
which read the language from the theme. Every page links to its counterpart in the other
languages (a real link and an hreflang alternate); a translated page says it is unofficial.
"""
from __future__ import annotations

import logging
import os
import re
import sys
from pathlib import Path

import yaml

# MkDocs imports this file by path; make the `macros` package importable as itself.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

from mkdocs.commands.build import build  # noqa: E402
from mkdocs.config import load_config  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.structure.files import File, Files, file_sort_key  # noqa: E402
from mkdocs.utils.meta import get_data  # noqa: E402

from macros.languages.interface import english_strings, language, page_titles, translated_script_strings  # noqa: E402
from macros.languages.translation import translation_file  # noqa: E402
from macros.pages.render import COMPILED, relative  # noqa: E402
from macros.pages.search_index import unaccented, update_search_index  # noqa: E402
from macros.pages.widget import embed_json  # noqa: E402
from macros.protocol.errors import ProtocolError  # noqa: E402
from macros.site import PROTOCOL_FILE, ProtocolBuildError, build_language, is_main_build, protocol_for, protocol_of  # noqa: E402,E501

log = logging.getLogger("mkdocs.plugins.languages")
SHARED_ASSETS = "assets"  # docs/assets: every language's pages load the same scripts and styles
_WORD = re.compile(r"\w+")


def languages(config) -> dict[str, str]:
    """{'en': 'English', 'es': 'Español'}: the first is the main build, at the site root. Another
    language is built when its translation of the protocol (protocol.es.yaml) is there: a
    protocol no one has translated yet builds its own language alone, with no language link."""
    found = dict(config.extra.get("languages") or {})
    if not found:
        raise PluginError("mkdocs.yml: extra.languages is not set (code: name, the main language first)")
    main = next(iter(found))
    protocol = os.path.join(os.path.dirname(os.path.abspath(config.config_file_path)), PROTOCOL_FILE)
    return {code: name for code, name in found.items()
            if code == main or os.path.exists(translation_file(protocol, code))}


def folder(config, code: str) -> str:
    """Where a language's pages are, from the site root: '' for the main one, 'es/'."""
    return "" if code == next(iter(languages(config))) else f"{code}/"


def config_file_for(config, code: str) -> str:
    stem, ext = os.path.splitext(config.config_file_path)
    return f"{stem}.{code}{ext}"


def on_config(config):
    code = build_language(config)
    try:
        lang = language(code)
        missing = lang.missing(english_strings())
    except ProtocolError as err:
        raise ProtocolBuildError(str(err)) from None
    if missing:
        raise ProtocolBuildError("\n".join(
            f"{lang.path}: no translation of the interface string {text!r}; add it under strings: "
            f"(- en: ... / text: ...)" for text in missing))
    protocol_of(config)  # a mistake in protocol.yaml stops the build before anything else
    built = languages(config)
    if is_main_build(config):
        # A mistake in a translation stops the build before anything is written.
        for other in list(built)[1:]:
            protocol_for(config.config_file_path, other)
    config.extra["ht_lang"] = code
    # Each language's address, for the sitemap's hreflang alternates (overrides/sitemap.xml).
    site_url = config.site_url or ""
    site_root = site_url[: len(site_url) - len(folder(config, code))]
    config.extra["ht_language_roots"] = {other: site_root + folder(config, other) for other in built}
    # The not-found page is no page of the site: its language link leads to the other home pages.
    config.extra["ht_other_homes"] = [{"code": other, "name": name, "href": site_root + folder(config, other)}
                                      for other, name in built.items() if other != code]
    config.extra["ht_main_language"] = is_main_build(config)
    config.extra["ht_script_strings"] = embed_json(translated_script_strings(lang)) if not lang.is_english else ""
    # Truthy but not a list: Material's header then includes partials/alternate.html (ours: the
    # link to this page in the other language) and its base.html writes no <link rel="alternate">,
    # which would make Material's script fetch the sitemap.
    config.extra["alternate"] = len(built) > 1
    if is_main_build(config):
        for untranslated in set(config.extra["languages"]) - set(built):
            log.info(f"no {os.path.basename(translation_file(PROTOCOL_FILE, untranslated))} next to {PROTOCOL_FILE}: "
                     f"the '{untranslated}' edition is not built")
    return config


def on_env(env, config, files):
    """`ht_t("...")` in the theme's templates (overrides/): the interface string in this build's language."""
    # The theme's templates are the same in every language's build: compile them once.
    env.bytecode_cache = COMPILED
    env.globals["ht_t"] = language(build_language(config)).gettext
    # A string in another language of the site (the not-found page names every language).
    env.globals["ht_in"] = lambda code, message, **values: language(code).gettext(message, **values)
    return env


def on_files(files, config):
    """A translated build's own docs folder (docs/es/) holds only the pages whose words are its
    own (the safety page, the card page): every other page is the English one, its title in
    this language; and it loads the shared scripts and styles from the main docs folder."""
    if is_main_build(config):
        return files
    shared_root = os.path.join(os.path.dirname(config.config_file_path), "docs")
    lang = language(build_language(config))
    for path, title in page_titles(Path(shared_root)).items():
        if files.get_file_from_path(path) is None:
            with open(os.path.join(shared_root, path), encoding="utf-8") as english:
                markdown, meta = get_data(english.read())
            if title:
                meta["title"] = lang.text(title)
            front = f"---\n{yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)}---\n\n" if meta else ""
            files.append(File.generated(config, path, content=front + markdown))
    for root, _dirs, names in os.walk(os.path.join(shared_root, SHARED_ASSETS)):
        for name in sorted(names):
            path = os.path.relpath(os.path.join(root, name), shared_root).replace(os.sep, "/")
            if files.get_file_from_path(path) is None:
                files.append(File(path, shared_root, config.site_dir, config.use_directory_urls))
    # In the order a docs folder holding every page would give (the sitemap, the search index).
    return Files(sorted(files, key=file_sort_key))


def on_page_context(context, page, config, nav):
    """This page in every language: `ht_alternates` for the language switch (overrides/main.html).
    Every language has the same pages at the same addresses inside its folder."""
    here = folder(config, build_language(config)) + page.url
    context["ht_alternates"] = [
        {"code": code, "name": name, "current": code == build_language(config),
         "href": relative(here, folder(config, code) + page.url)}
        for code, name in languages(config).items()
    ]
    return context


def searchable_without_accents(site_dir: str) -> None:
    """Many people type Spanish on a phone without accents ("victima"), and the search (lunr)
    matches words exactly: each section of the index also lists its accented words without
    their accents, hidden from the results' display."""
    def add_unaccented(doc: dict) -> None:
        words = sorted({unaccented(w) for w in _WORD.findall(doc.get("text", "")) if unaccented(w) != w})
        if words:
            doc["text"] += f'<span hidden>{" ".join(words)}</span>'
    update_search_index(site_dir, add_unaccented)


def on_post_build(config):
    """The main build builds each other language into its folder of the site; a translated
    build makes its search find words typed without accents."""
    if not is_main_build(config):
        if language(build_language(config)).search_without_accents:
            searchable_without_accents(config.site_dir)
        return
    for code in list(languages(config))[1:]:
        translated = load_config(
            config_file=config_file_for(config, code),
            site_dir=os.path.join(config.site_dir, code),
            site_url=config.site_url + f"{code}/" if config.site_url else None,
            strict=config.strict,
        )
        translated.plugins.on_startup(command="build", dirty=False)
        try:
            build(translated)
        finally:
            translated.plugins.on_shutdown()
