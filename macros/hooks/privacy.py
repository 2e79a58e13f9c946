"""MkDocs hooks for safety and privacy: the quick-exit link on every page, a
Content-Security-Policy in every page's <head>, and the offline copy (a zip of the site
that works from disk) built next to the site. Loaded by mkdocs.yml `hooks:`."""
from __future__ import annotations

import logging
import os
import subprocess
import sys
import tempfile
import zipfile

# MkDocs imports this file by path; make the `macros` package importable as itself.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402

from macros.pages.privacy import (  # noqa: E402
    OFFLINE_FOLDER,
    OFFLINE_ZIP,
    offline_links,
    offline_location,
    protect_page,
    quick_exit,
)
from macros.pages.search_index import update_search_index  # noqa: E402
from macros.site import is_main_build, protocol_of  # noqa: E402

# mkdocs.yml turns Material's offline plugin on when this is "true".
OFFLINE_SWITCH = "HT_OFFLINE_COPY"
# Material's offline plugin would load this shim from a CDN; ours is vendored (see its README.txt).
IFRAME_WORKER_SHIM = "assets/vendor/iframe-worker/shim.js"
log = logging.getLogger("mkdocs.hooks.privacy")
_command = {"name": "build"}


def on_startup(command, dirty):
    _command["name"] = command


def is_offline(config) -> bool:
    plugin = config.plugins.get("material/offline")
    return bool(plugin and plugin.config.enabled)


def on_config(config):
    protocol = protocol_of(config)
    config.extra["quick_exit_html"] = quick_exit(protocol)
    config.extra["quick_exit_label"] = protocol.info.quick_exit_label
    config.extra["offline_copy"] = is_offline(config)
    config.extra["offline_zip"] = OFFLINE_ZIP
    if is_offline(config):
        # Material's offline plugin switches to `page.html` addresses, which would break
        # every page-relative link our macros write (`contacts/#id`). Keep the normal
        # `page/` addresses and point each link at its index.html instead (on_post_page).
        config.use_directory_urls = True
        # The plugin has just added the shim from a CDN (it runs before hooks): use our copy.
        polyfills = [p for p in config.extra.get("polyfills", []) if "iframe-worker" not in str(p)]
        config.extra["polyfills"] = polyfills + [IFRAME_WORKER_SHIM]
    return config


# Late, so that no other hook adds an inline script after the hashes are taken.
@event_priority(-90)
def on_post_page(output, page, config):
    return _finish(output, config)


@event_priority(-90)
def on_post_template(output_content, template_name, config):
    if not template_name.endswith(".html"):
        return output_content
    return _finish(output_content, config)


def _finish(html: str, config) -> str:
    offline = is_offline(config)
    if offline:
        html = offline_links(html)
    return protect_page(html, offline=offline)


def on_post_build(config):
    if is_offline(config):
        _offline_search_index(config.site_dir)
        # The not-found page is for a web server: it links by absolute paths that mean
        # nothing on disk, and nothing on disk can lead to it.
        not_found = os.path.join(config.site_dir, "404.html")
        if os.path.isfile(not_found):
            os.remove(not_found)
    elif _command["name"] != "serve" and is_main_build(config):
        # The main build's offline copy holds every language (its build builds them all).
        _build_offline_zip(config)


def _offline_search_index(site_dir: str) -> None:
    """Search results link to `page/index.html` too."""
    def to_index_html(doc: dict) -> None:
        doc["location"] = offline_location(doc["location"])
    update_search_index(site_dir, to_index_html)


def _build_offline_zip(config) -> None:
    """Build the offline copy (the same config, offline plugin on) and publish it as a zip in the site."""
    project = os.path.dirname(os.path.abspath(config.config_file_path))
    with tempfile.TemporaryDirectory(prefix="ht-offline-") as tmp:
        site = os.path.join(tmp, OFFLINE_FOLDER)
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-q",
             "-f", os.path.abspath(config.config_file_path), "-d", site],
            cwd=project, capture_output=True, text=True,
            env=dict(os.environ, NO_MKDOCS_2_WARNING="1", **{OFFLINE_SWITCH: "true"}),
        )
        if result.returncode != 0:
            raise PluginError(f"The offline copy ({OFFLINE_SWITCH}=true mkdocs build) did not build:\n"
                              f"{result.stderr.strip()}")
        target = os.path.join(config.site_dir, OFFLINE_ZIP)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        write_zip(site, target)
    log.info(f"Offline copy written to {OFFLINE_ZIP}")


def write_zip(folder: str, target: str) -> None:
    """The folder as a zip with one top-level folder, files in a stable order."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for root, dirs, files in os.walk(folder):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(root, name)
                arcname = os.path.join(OFFLINE_FOLDER, os.path.relpath(path, folder))
                archive.write(path, arcname)
