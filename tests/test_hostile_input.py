"""Hostile and broken protocol.yaml: generated valid protocols build and show every node;
generated broken ones stop with `protocol.yaml:LINE: …` messages (one per mistake, and the
mistake's own among them), never a traceback and never a built site; text that looks like markup, script or a template stays text."""
from __future__ import annotations

import contextlib
import io
import json
import re
import tempfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURES, content, copy_project, drawn, run_mkdocs_build
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from protocol_strategies import MISTAKES, broken_bytes, dump, minimal_protocol, protocols

from macros.__main__ import main as cli_main
from macros.load import build_protocol, load_protocol
from macros.pages.render import situation_url
from macros.protocol.errors import ProtocolError

MESSAGE = re.compile(r"^protocol\.yaml:(\d+): \S.*$")
# A build runs mkdocs twice (the site, then its offline copy): 6-8 s on two cores. Loads are cheap.
BUILD = settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
FAILED_BUILD = settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
LOAD = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))


def norm(text: str) -> str:
    return " ".join(text.split())


def page_text(soup) -> str:
    return norm(soup.get_text(" "))


def write(folder: Path, data: bytes) -> Path:
    path = folder / "protocol.yaml"
    path.write_bytes(data)
    return path


def assert_clear_messages(err: ProtocolError, data: bytes, expected: str):
    """Each line is `protocol.yaml:LINE: message` on a line of the file; one names the mistake."""
    lines = [ProtocolError("protocol.yaml", e.line, e.message).first_line for e in err.errors]
    for message in lines:
        match = MESSAGE.match(message)
        assert match and "\n" not in message, message
        assert 1 <= int(match.group(1)) <= data.count(b"\n") + 1, message
    assert any(expected in message for message in lines), lines


# --- pure Python: load and check ---------------------------------------------------------

@LOAD
@given(protocols())
def test_generated_valid_protocols_pass_the_checker(data):
    protocol = build_protocol("protocol.yaml", dump(data))
    assert [c.id for c in protocol.contacts] == [c["id"] for c in data["contacts"]]
    assert [s.title for s in protocol.situations] == [s["title"] for s in data["situations"]]


@LOAD
@given(protocols(), st.sampled_from(MISTAKES))
def test_generated_broken_protocols_fail_with_lines_naming_the_mistake(data, mistake):
    raw = broken_bytes(data, mistake)
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder), raw)
        with pytest.raises(ProtocolError) as caught:
            load_protocol(str(path))
        assert_clear_messages(caught.value, raw, mistake.expected)

        stderr = io.StringIO()
        with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
            assert cli_main(["check", str(path)]) == 1
        assert stderr.getvalue().count("\n") == len(caught.value.errors) and "Traceback" not in stderr.getvalue()


@pytest.mark.parametrize("mistake", MISTAKES, ids=lambda m: m.name)
def test_each_kind_of_mistake_is_caught(mistake):
    """Every mistake at least once, whatever hypothesis happens to draw."""
    data = minimal_protocol()
    raw = broken_bytes(data, mistake)
    with tempfile.TemporaryDirectory() as folder:
        with pytest.raises(ProtocolError) as caught:
            load_protocol(str(write(Path(folder), raw)))
    assert_clear_messages(caught.value, raw, mistake.expected)


# --- whole builds ------------------------------------------------------------------------

def build(protocol_bytes: bytes, folder: Path):
    project = folder / "project"
    project.mkdir()
    copy_project(project)
    write(project, protocol_bytes)
    site = folder / "site"
    return run_mkdocs_build(project, site), site


def parse(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


@BUILD
@given(protocols())
def test_generated_valid_protocols_build_and_every_node_renders(data):
    protocol = build_protocol("protocol.yaml", dump(data))
    with tempfile.TemporaryDirectory() as folder:
        result, site = build(dump(data).encode("utf-8"), Path(folder))
        assert result.returncode == 0, result.stderr
        contacts = content(parse(site, "contacts"))
        for contact in protocol.contacts:
            card = contacts.select_one(f'[id="{contact.id}"]')
            assert norm(contact.name) in page_text(card)
            if contact.phone:
                assert card.select_one(f'a[href="{contact.tel_href}"]') is not None
            if contact.email:
                assert card.select_one(f'a[href="{contact.mailto_href}"]') is not None
        for situation in protocol.situations:
            body = page_text(content(parse(site, situation_url(situation))))
            for text in [situation.title, situation.applies_when, *situation.examples]:
                assert norm(text) in body
            for step in situation.steps:
                for text in [step.text, *step.items]:
                    assert norm(text) in body
        widget = json.dumps(decide_data(parse(site, "decide")), ensure_ascii=False)
        for question in protocol.decision.questions:
            assert json.dumps(question.text, ensure_ascii=False) in widget
            for answer in question.answers:
                assert json.dumps(answer.label, ensure_ascii=False) in widget
        for outcome in protocol.decision.outcomes:
            assert json.dumps(outcome.title, ensure_ascii=False) in widget


@FAILED_BUILD
@given(protocols(max_situations=1, max_questions=2), st.sampled_from(MISTAKES))
def test_generated_broken_protocols_stop_the_build_with_their_lines_and_no_site(data, mistake):
    raw = broken_bytes(data, mistake)
    with tempfile.TemporaryDirectory() as folder:
        result, site = build(raw, Path(folder))
        output = result.stdout + result.stderr
        assert result.returncode != 0
        assert "Traceback" not in output
        errors = [line for line in output.splitlines() if line.startswith("ERROR")]
        assert len(errors) == 1, output  # one error from mkdocs, naming every mistake below it
        start = output.index(errors[0])
        messages = [errors[0].split("-  ", 1)[1]] + [
            line for line in output[start:].splitlines()[1:] if MESSAGE.match(line)]
        assert all(MESSAGE.match(m) for m in messages), messages
        assert any(mistake.expected in m for m in messages), messages
        assert not site.exists()


# --- injection ---------------------------------------------------------------------------

INJECTION = (FIXTURES / "injection.yaml").read_text(encoding="utf-8")
HOSTILE_MARKS = ["alert(", "evil.example", "javascript:"]


def decide_data(soup):
    scripts = [s for s in soup.select('script[type="application/json"]') if s.get("id") != "__config"]
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


@pytest.fixture(scope="module")
def injected(tmp_path_factory):
    folder = tmp_path_factory.mktemp("injection")
    result, site = build(INJECTION.encode("utf-8"), folder)
    assert result.returncode == 0, result.stderr
    return site, build_protocol("protocol.yaml", INJECTION)


def site_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.relative_to(site).parts[0] != "offline")


def test_injected_text_creates_no_element_attribute_script_or_link_on_any_page(injected):
    site, _ = injected
    problems = []
    for path in site_pages(site):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        where = path.relative_to(site)
        problems += [f"{where}: <{t.name}>" for t in soup.find_all(["img", "iframe", "style", "object", "embed"])]
        problems += [f"{where}: <{t.name} {a}>" for t in soup.find_all(True) for a in t.attrs if a.startswith("on")]
        problems += [f"{where}: {a['href']}" for a in soup.find_all(href=True)
                     if a["href"].strip().lower().startswith("javascript:")]
        for script in soup.find_all("script"):
            code = (script.get("src") or "") + ("" if script.get("type") == "application/json" else script.text)
            problems += [f"{where}: script {code[:60]}" for mark in HOSTILE_MARKS if mark in code]
        for tag in soup.find_all(["b", "i"]):
            problems.append(f"{where}: <{tag.name}>")
    assert problems == []


def test_injected_text_reads_literally_on_the_pages(injected):
    site, protocol = injected
    tip = protocol.situation("tip")
    page = parse(site, situation_url(tip))
    assert norm(tip.applies_when) in page_text(content(page))
    assert "{{ config.site_name }}" in tip.applies_when and "{% raw %}" in tip.applies_when
    assert page.title.string.startswith(tip.title)  # the <title> too, as text
    # The site's name and description come from the protocol: text too, in <title> and <meta>.
    assert page.title.string.endswith(protocol.info.short_title)
    assert page.find("meta", attrs={"name": "description"})["content"].startswith(protocol.info.title)
    assert norm(tip.steps[0].items[0]) in page_text(content(page))
    example = tip.examples[0]
    assert norm(example) in page_text(content(page))
    officer = protocol.situation("officer_assistance")
    assert norm(officer.steps[0].text) in page_text(content(parse(site, situation_url(officer))))
    mandatory = protocol.situation("mandatory_reporting")
    assert norm(mandatory.title) in page_text(parse(site, situation_url(mandatory)).select_one("h1"))
    contacts = page_text(content(parse(site, "contacts")))
    tip_line = protocol.contact("tip_line")
    for text in (tip_line.name, tip_line.organisation, tip_line.purpose, tip_line.hours, tip_line.source):
        assert norm(text) in contacts
    home = parse(site, "")
    assert protocol.info.agency in page_text(home)
    footer = page_text(home.select_one(".md-copyright"))
    assert f"Website edition {protocol.edition.version}" in footer
    changelog = page_text(content(parse(site, "changelog")))
    assert norm(protocol.changes[0].summary) in changelog


def test_injected_text_stays_text_in_the_widget_data(injected):
    site, protocol = injected
    raw = (site / "decide" / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(raw, "html.parser")
    data = decide_data(soup)
    question = protocol.decision.questions[0]
    assert data["questions"][question.id]["text"] == question.text
    # The question's screen is drawn by the build: its hint is text there, never markup.
    hint = drawn(soup, f'template[data-question="{question.id}"]').select_one("#ht-decide-hint")
    assert hint.get_text() == question.hint and hint.find_all(True) == []
    tip_result = protocol.decision.outcome("tip_result")
    assert data["outcomes"]["tip_result"]["summary"] == tip_result.summary
    embedded = next(s for s in soup.select('script[type="application/json"]') if s.get("id") != "__config").string
    assert "<" not in embedded and ">" not in embedded  # so "</script>" from the YAML cannot end it


def test_injected_text_stays_text_on_the_card(injected):
    site, protocol = injected
    if not (site / "card" / "index.html").exists():
        pytest.skip("the quick-reference card page (/card/) is not built yet")
    card = page_text(content(parse(site, "card")))
    assert norm(protocol.contact("tip_line").name) in card


def test_injected_text_stays_text_in_the_search_index_and_exports(injected):
    site, protocol = injected
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "<script" not in index and "<img" not in index
    exported = json.loads((site / "protocol.json").read_text(encoding="utf-8"))
    assert exported["situations"][1]["applies_when"] == protocol.situation("tip").applies_when
