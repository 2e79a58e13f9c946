"""`make serve` follows protocol.yaml: an edit shows on the next save, a mistake shows as a
page naming its line (and in the terminal), and fixing it brings the site back. Runs the
real `mkdocs serve` on a copy of the project."""
from __future__ import annotations

import html
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT, copy_project
from mkdocs.config import load_config

from macros.load import build_protocol
from macros.protocol.errors import ProtocolError

DEADLINE = 60  # seconds: a generous bound for each wait; a pass takes about two


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def wait_for(condition, what: str, server: subprocess.Popen, log: Path) -> float:
    """Poll until condition() holds (bounded); the seconds it took."""
    start = time.monotonic()
    while time.monotonic() - start < DEADLINE:
        if condition():
            return time.monotonic() - start
        if server.poll() is not None:
            pytest.fail(f"mkdocs serve stopped while waiting for {what}:\n{log.read_text()}")
        time.sleep(0.05)
    pytest.fail(f"no {what} within {DEADLINE} s:\n{log.read_text()}")


@pytest.fixture
def preview(tmp_path):
    """(project folder, base URL, server process, its log) of a running `mkdocs serve`."""
    project = copy_project(tmp_path)
    port = free_port()
    log = tmp_path / "serve.log"
    with open(log, "w", encoding="utf-8") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project, stdout=out, stderr=subprocess.STDOUT,
            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for(lambda: "</html>" in fetch(url + "contacts/"), "first build", server, log)
        yield project, url, server, log
    finally:
        server.terminate()
        server.wait(timeout=30)


def save(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def renamed(text: str, contact, name: str) -> str:
    """protocol.yaml with the contact's `name:` line (the first after its `- id:`) changed."""
    lines = text.splitlines(keepends=True)
    at = next(i for i in range(contact.line, len(lines)) if lines[i].strip().startswith("name:"))
    indent = lines[at][:len(lines[at]) - len(lines[at].lstrip())]
    lines[at] = f"{indent}name: {json.dumps(name)}\n"  # a JSON string is a YAML string
    return "".join(lines)


def test_a_protocol_edit_shows_in_the_preview_and_a_mistake_shows_as_a_page_until_fixed(preview):
    project, url, server, log = preview
    protocol_file = project / "protocol.yaml"
    good = protocol_file.read_text(encoding="utf-8")
    contact = build_protocol("protocol.yaml", good).contacts[0]

    # An edit: a contact's name changes; the contacts page shows the new one.
    new_name = contact.name + " (renamed)"
    edited = renamed(good, contact, new_name)
    assert build_protocol("protocol.yaml", edited).contacts[0].name == new_name
    save(protocol_file, edited)
    took = wait_for(lambda: html.escape(new_name) in fetch(url + "contacts/"), "edit", server, log)
    print(f"\nthe edit showed {took:.2f} s after saving")

    # A mistake: every page shows it with its line, and so does the terminal.
    broken = edited + "\nnot_a_part: of the protocol\n"
    with pytest.raises(ProtocolError) as expected:
        build_protocol("protocol.yaml", broken)
    message = str(expected.value)
    assert message.startswith(f"protocol.yaml:{len(edited.splitlines()) + 2}: ")
    save(protocol_file, broken)
    shown = lambda page: html.escape(message) in fetch(url + page)  # noqa: E731
    took = wait_for(lambda: shown("contacts/"), "error page", server, log)
    print(f"the mistake showed {took:.2f} s after saving")
    assert shown("") and shown("card/") and shown("no-such-page/")
    wait_for(lambda: message in log.read_text(encoding="utf-8"), "error in the terminal", server, log)
    assert "Traceback" not in log.read_text(encoding="utf-8")
    assert "appear stuck" not in log.read_text(encoding="utf-8")

    # Fixed: the site is back, with the edit.
    save(protocol_file, good)
    took = wait_for(lambda: "has a mistake" not in fetch(url + "contacts/"), "recovery", server, log)
    print(f"the fix showed {took:.2f} s after saving")
    page = fetch(url + "contacts/")
    assert html.escape(contact.name) in page and html.escape(new_name) not in page
    assert server.poll() is None


def test_the_preview_watches_the_protocol_the_macros_and_the_overrides():
    watched = {Path(p).resolve() for p in load_config(str(ROOT / "mkdocs.yml")).watch}
    assert {ROOT / "protocol.yaml", ROOT / "macros", ROOT / "overrides"} <= watched
