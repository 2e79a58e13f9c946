"""The editor's JSON Schema and the checker agree, and the schema file is the generated one."""
from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import FIXTURES, MISTAKES, ROOT, mistake_file

from macros.__main__ import main as cli_main
from macros.load import load_protocol
from macros.protocol.errors import ProtocolError
from macros.protocol.json_schema import SCHEMA_FILE, json_schema, schema_text

# Mistakes a schema can see, so an editor flags them while typing; the rest (references,
# reachability, loops, unused contacts) only the checker can find (tests/fixtures/mistakes.yaml).
SCHEMA_SEES = {name for name, m in MISTAKES.items() if m.get("schema") == "flags it"}
CHECKER_ONLY = {name for name, m in MISTAKES.items() if m.get("schema") == "misses it"}


class EditorLoader(yaml.SafeLoader):
    """YAML as yaml-language-server reads it (YAML 1.2 core): no dates, and only
    true/false are booleans, so `checked: 2026-01-01` is text and `label: Yes` too."""


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers
            if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
EditorLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(
    r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def schema_errors(path) -> list[str]:
    instance = yaml.load(path.read_text(encoding="utf-8"), Loader=EditorLoader)
    validator = jsonschema.Draft202012Validator(json_schema())
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(instance)]


def checker_accepts(path) -> bool:
    try:
        load_protocol(str(path))
    except ProtocolError:
        return False
    return True


def every_protocol_file():
    """protocol.yaml, the whole fixtures, and each mistake (by name, written when a test runs)."""
    files = [ROOT / "protocol.yaml"] + sorted(FIXTURES.glob("*.yaml"))
    return [f for f in files if f.name != "mistakes.yaml"] + sorted(
        name for name in MISTAKES if name != "yaml_syntax_error")  # no YAML, nothing to validate


def written(path_or_name, folder: Path) -> Path:
    return path_or_name if isinstance(path_or_name, Path) else mistake_file(path_or_name, folder)


def test_the_committed_schema_file_is_the_generated_one():
    committed = (ROOT / SCHEMA_FILE).read_text(encoding="utf-8")
    assert committed == schema_text(), "protocol.schema.json is stale: run `python -m macros schema`"


def test_the_schema_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(json.loads((ROOT / SCHEMA_FILE).read_text()))


def test_protocol_yaml_points_editors_at_the_schema():
    first_line = (ROOT / "protocol.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first_line == f"# yaml-language-server: $schema=./{SCHEMA_FILE}"


def test_the_real_protocol_passes_the_schema():
    assert schema_errors(ROOT / "protocol.yaml") == []


@pytest.mark.parametrize("path", every_protocol_file(), ids=lambda p: getattr(p, "stem", p))
def test_schema_and_checker_agree(path, tmp_path):
    """The schema never rejects a file the checker accepts; what it rejects, the checker does too."""
    path = written(path, tmp_path)
    errors = schema_errors(path)
    if checker_accepts(path):
        assert errors == [], f"the schema rejects a protocol the checker accepts: {errors}"
    if path.stem in SCHEMA_SEES:
        assert errors, f"the editor would not flag {path.name}"
        assert not checker_accepts(path)


@pytest.mark.parametrize("name", sorted(CHECKER_ONLY))
def test_graph_mistakes_pass_the_schema_and_the_checker_names_them(name, tmp_path):
    """Documents the split, so no one mistakes a clean editor for a checked file."""
    path = mistake_file(name, tmp_path)
    assert schema_errors(path) == []
    assert not checker_accepts(path)


def test_unquoted_numbers_and_dates_pass_both(tmp_path):
    text = (FIXTURES / "valid_minimal.yaml").read_text().replace('phone: "1-888-827-4637"', "phone: 18888274637")
    text = text.replace('checked: "2026-01-01"', "checked: 2026-01-01").replace('version: "1"', "version: 1")
    path = tmp_path / "protocol.yaml"
    path.write_text(text)
    assert checker_accepts(path)
    assert schema_errors(path) == []


@pytest.mark.parametrize("phone,valid", [
    ("911", True), ("601-987-1530", True), ("1-888-373-7888", True), ("(601) 987-1530", True),
    ("601.987.1530", True), ("1-088-373-7888", False), ("601-187-1530", False), ("912", False),
    ("601-987-153", False), ("601-987-15300", False), ("+1 601 987 1530", False), ("601-CALL-NOW", False),
])
def test_phone_rule_in_the_schema_matches_the_checker(tmp_path, phone, valid):
    text = (FIXTURES / "valid_minimal.yaml").read_text()
    text = text.replace('phone: "1-888-827-4637"\n    vanity: "1-888-8CRIMES"', f'phone: "{phone}"')
    path = tmp_path / "protocol.yaml"
    path.write_text(text)
    assert checker_accepts(path) is valid
    assert (schema_errors(path) == []) is valid


def test_schema_command_writes_the_file(tmp_path):
    out = tmp_path / "schema.json"
    assert cli_main(["schema", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == schema_text()


# --- generated protocols ---------------------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from protocol_strategies import MISTAKES, broken_bytes, dump, protocols  # noqa: E402

SHAPE_MISTAKES = [m for m in MISTAKES if m.name in {
    "wrong type: steps", "wrong type: name", "bad phone", "javascript: phone", "bad email", "javascript: email",
    "javascript: quick exit", "unknown key", "missing key", "bad id", "bad date", "answer with next and outcome"}]


def validate_text(text: str) -> list:
    instance = yaml.load(text, Loader=EditorLoader)
    return list(jsonschema.Draft202012Validator(json_schema()).iter_errors(instance))


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(protocols())
def test_generated_valid_protocols_pass_the_schema(data):
    assert validate_text(dump(data)) == []


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(protocols(), st.sampled_from(SHAPE_MISTAKES))
def test_generated_shape_mistakes_are_flagged_by_the_schema_too(data, mistake):
    assert validate_text(broken_bytes(data, mistake).decode("utf-8")) != [], mistake.name
