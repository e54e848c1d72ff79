"""``gongkai schema``: JSON Schema for editors, generated from the Cerberus schemas.

The generated schemas must accept every record of the sample portal, agree with ``check`` on
invalid cases (field by field), and be committed under schema/ exactly as generated.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from gongkai.check.run import Options, run_check
from gongkai.cli import main
from gongkai.load.loader import load_yaml
from gongkai.tools import jsonschema_export
from gongkai.tools.jsonschema_export import NAMES, UnknownRule, json_schema, render
from gongkai.validate.schemas import KINDS, load_schema
from portal_kit import make_portal, place_case, record_path, write

REPO = Path(__file__).parents[1]
CASES = Path(__file__).parent / "cases"
EXPECT = re.compile(r"^#\s*expect:\s*(.*)$", re.M)
# Codes that shape checks alone produce; a case with any other code is out of reach by design.
SHAPE = {"schema/required", "schema/unknown-field", "schema/type", "schema/allowed", "schema/range",
         "schema/length", "schema/pattern", "schema/forbidden", "schema/invalid-date"}
ACROSS_FILES = {"schema/unknown-ref"}  # a record id of the right shape that names no record
# What check reports and the JSON Schema does not: conditional requirements and fields allowed
# for one type only, which live in kindchecks.py and filecheck.py (see jsonschema_export).
NOT_EXPORTED = {
    ("meeting", "schema/required", "year"),
    ("meeting", "schema/forbidden", "informed"),
    ("meeting", "schema/forbidden", "opinions_collected"),
    ("meeting", "schema/forbidden", "rectification"),
    ("appraisal", "schema/required", "results"),
    ("appraisal", "schema/forbidden", "results"),
    ("appraisal", "schema/forbidden", "rating"),
    ("election", "schema/required", "result_approval"),
    ("*", "schema/required", "audience"),
}

BASE = """\
kind: meeting
title: 支部党员大会
date: 2025-04-09
published: 2025-04-10
scope: public
meeting_type: members_meeting
attendance: {expected: 20, present: 18}
"""
# Own invalid cases for what tests/cases does not cover: (name, changed lines, fields at fault).
OWN_CASES = [
    ("unknown-field", "topic: [学习]\n", {"topic"}),
    ("enum", "meeting_type: 党员大会\n", {"meeting_type"}),
    ("negative", "attendance: {expected: -1, present: 0}\n", {"attendance.expected"}),
    ("bool-as-int", "attendance: {expected: yes, present: 0}\n", {"attendance.expected"}),
    ("too-long", f"title: {'长' * 201}\n", {"title"}),
    ("empty-title", "title: ''\n", {"title"}),
    ("pattern-ref", "refs: [not-a-record-id]\n", {"refs.0"}),
    ("pattern-audience", "scope: specific\naudience: [Bad_Org]\n", {"audience.0"}),
    ("dependency", "audience: [case-branch]\n", {"audience"}),
    ("impossible-date", "date: 2025-02-30\n", {"date"}),
    ("datetime", "date: 2025-04-09 09:30\n", {"date"}),
    ("null", "title:\n", {"title"}),
    ("list-for-string", "title: [a, b]\n", {"title"}),
    ("nested-unknown", "attendance: {expected: 3, present: 2, absent: 1}\n", {"attendance.absent"}),
    ("year-range", "year: 1800\n", {"year"}),
]


def as_json(value: Any) -> Any:
    """What an editor reading YAML 1.2 sees: dates are strings."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def validator(name: str) -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(json_schema(name),
                                      format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def json_fields(name: str, doc: Any) -> set[str]:
    """The field paths jsonschema complains about, spelt as check spells them (a.0.b)."""
    out = set()
    for error in validator(name).iter_errors(as_json(doc)):
        path = [str(p) for p in error.absolute_path]
        schema_path = list(error.absolute_schema_path)
        if "dependencies" in schema_path:  # the dependent field is at fault, as Cerberus says
            path = path[:-1] + [str(schema_path[schema_path.index("dependencies") + 1])]
        elif error.validator == "required":
            path.append(re.search(r"'([^']+)' is a required", error.message).group(1))
        elif error.validator == "additionalProperties":
            out |= {".".join([*path, extra]) for extra in error.instance
                    if extra not in error.schema.get("properties", {})}
            continue
        out.add(".".join(path))
    return out


def check_fields(root: Path, kind: str) -> set[str]:
    findings = run_check(Options(root, rules=False)).report.sorted()
    assert {f.code for f in findings} <= SHAPE | ACROSS_FILES, [f.code for f in findings]
    findings = [f for f in findings if f.code in SHAPE]
    return {re.sub(r"\[(\d+)\]", r".\1", f.field) for f in findings
            if (kind, f.code, f.field) not in NOT_EXPORTED
            and ("*", f.code, f.field) not in NOT_EXPORTED}


# -- the generated schemas --------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_is_a_valid_draft_07_schema(name: str) -> None:
    schema = json_schema(name)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    jsonschema.Draft7Validator.check_schema(schema)


def test_shape_of_the_conversion() -> None:
    plan = json_schema("plan")
    props = plan["properties"]
    assert plan["additionalProperties"] is False
    assert plan["required"] == ["date", "kind", "plan_type", "published", "scope", "title", "year"]
    assert props["kind"]["enum"] == ["plan"]
    assert props["date"] == {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$",
                             "description": "发生或决定的日期 / the day it happened or was decided"}
    assert props["year"]["type"] == "integer" and props["year"]["minimum"] == 1921
    assert props["title"]["minLength"] == 1 and props["title"]["maxLength"] == 200
    assert props["category"]["default"] == "own_decisions"
    assert "annual_work" in props["plan_type"]["enum"]
    items = props["items"]["items"]
    assert items["type"] == "object" and items["required"] == ["title"]
    assert items["additionalProperties"] is False
    assert props["budget"]["properties"]["currency"]["pattern"] == "^(?:[A-Z]{3})$"
    assert props["refs"]["items"]["pattern"].startswith("^(?:") and props["refs"]["type"] == "array"
    assert props["audience"]["minItems"] == 1
    assert plan["dependencies"] == {"audience": {"required": ["scope"],
                                                 "properties": {"scope": {"enum": ["specific"]}}}}
    assert json_schema("site")["properties"]["language"]["default"] == "zh"


def test_every_field_has_a_description_in_both_languages() -> None:
    def walk(schema: dict[str, Any], where: str) -> None:
        for key, sub in schema.get("properties", {}).items():
            description = sub.get("description", "")
            zh, _, en = description.partition(" / ")
            assert re.search(r"[\u4e00-\u9fff]", zh) and en, f"{where}.{key}: {description!r}"
            walk(sub, f"{where}.{key}")
            walk(sub.get("items", {}), f"{where}.{key}[]")
    for name in NAMES:
        walk(json_schema(name), name)


def test_meta_has_exactly_zh_and_en() -> None:
    """A comma in an unquoted flow mapping splits a description into a stray key; besides the
    two descriptions, ``meta`` holds only the kind registry's labels (gongkai.validate.kinds)."""
    def walk(rules: Any, where: str) -> None:
        if isinstance(rules, dict):
            if isinstance(rules.get("meta"), dict):
                meta = rules["meta"]
                assert {"zh", "en"} <= set(meta) <= {"zh", "en", "label", "values", "enum", "show"}, \
                    f"{where}: {meta}"
            for key, value in rules.items():
                if key != "meta":
                    walk(value, f"{where}.{key}")
    for name in NAMES:
        walk(load_schema(name).fields, name)


def test_output_is_deterministic() -> None:
    for name in NAMES:
        text = render(name)
        assert text == render(name) and text.endswith("}\n")
        assert json.dumps(json.loads(text), ensure_ascii=False, indent=2, sort_keys=True) + "\n" == text
    assert "公开范围" in render("plan")  # UTF-8 as is, not \u escapes


def test_an_unknown_cerberus_rule_is_refused() -> None:
    with pytest.raises(UnknownRule, match="contains"):
        jsonschema_export._field({"type": "string", "contains": "x"}, ("plan", "title"))
    with pytest.raises(UnknownRule, match="type 'set'"):
        jsonschema_export._field({"type": "set"}, ("plan", "tags"))


def test_committed_schemas_are_up_to_date() -> None:
    committed = REPO / "schema"
    assert sorted(p.name for p in committed.glob("*.json")) == sorted(
        [f"{n}.json" for n in NAMES] + [jsonschema_export.CATALOG_FILE])
    for name, text in jsonschema_export.texts().items():
        assert (committed / name).read_text(encoding="utf-8") == text, (
            f"schema/{name} is out of date: run gongkai schema")


def test_cli_writes_and_checks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_portal(tmp_path)
    assert main(["--root", str(root), "schema", "--check"]) == 1
    assert main(["--root", str(root), "schema"]) == 0
    assert sorted(p.stem for p in (root / "schema").glob("*.json")) == sorted(
        [*NAMES, "portal-catalog"])
    assert main(["--root", str(root), "schema", "--check"]) == 0
    (root / "schema" / "plan.json").write_text("{}\n", encoding="utf-8")
    assert main(["--root", str(root), "schema", "--check"]) == 1
    assert "plan.json" in capsys.readouterr().err
    out = tmp_path / "elsewhere"
    assert main(["schema", "--out", str(out)]) == 0
    assert (out / "site.json").read_text(encoding="utf-8") == render("site")


# -- the sample portal validates --------------------------------------------------------------------


def _sample_files() -> list[Path]:
    return sorted((REPO / "data").rglob("*.yaml"))


@pytest.mark.parametrize("path", _sample_files(), ids=lambda p: str(p.relative_to(REPO / "data")))
def test_every_sample_file_validates(path: Path) -> None:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    name = {"site.yaml": "site", "org.yaml": "org"}.get(path.name, doc.get("kind"))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator(name).iter_errors(as_json(doc))]
    assert errors == []


def test_schema_lines_of_sample_records_point_at_the_generated_files() -> None:
    for path in _sample_files():
        first = path.read_text(encoding="utf-8").splitlines()[0]
        if first.startswith("# yaml-language-server: $schema="):
            kind = yaml.safe_load(path.read_text(encoding="utf-8"))["kind"]
            assert first.endswith(f"/schema/{kind}.json"), path
            assert (path.parent / first.split("=", 1)[1]).resolve().is_file(), path


# -- both validators agree ------------------------------------------------------------------------


def _shape_cases() -> list[Path]:
    out = []
    for case in sorted(CASES.glob("*/*/*.yaml")):
        match = EXPECT.search(case.read_text(encoding="utf-8", errors="replace"))
        codes = {item.rsplit("@", 1)[0] for item in match.group(1).split()} if match else set()
        if codes <= SHAPE:
            out.append(case)
    return out


def _place(root: Path, case: Path) -> str:
    group = case.parent.parent.name
    place_case(root, case)
    return group if group in ("site", "org") else str(load_yaml(case.read_bytes(), "").data["kind"])


@pytest.mark.parametrize("case", _shape_cases(), ids=lambda p: str(p.relative_to(CASES)))
def test_validators_agree_on_the_test_cases(case: Path, tmp_path: Path) -> None:
    root = make_portal(tmp_path)
    name = _place(root, case)
    expected = check_fields(root, name)
    assert json_fields(name, load_yaml(case.read_bytes(), case.name).data) == expected
    if case.parent.name == "valid":
        assert expected == set()


def test_enough_invalid_cases_are_compared() -> None:
    invalid = [c for c in _shape_cases() if c.parent.name == "invalid"]
    assert len(invalid) >= 30
    assert {c.parent.parent.name for c in invalid} == {*KINDS, "org", "site"}


def own_case(change: str) -> str:
    """BASE with the top-level fields of ``change`` replaced, written as typed."""
    keys = {line.split(":", 1)[0] for line in change.splitlines()}
    kept = [line for line in BASE.splitlines() if line.split(":", 1)[0] not in keys]
    return "\n".join(kept) + "\n" + change


@pytest.mark.parametrize("name,change,fields", OWN_CASES, ids=[c[0] for c in OWN_CASES])
def test_validators_agree_on_own_cases(name: str, change: str, fields: set[str], tmp_path: Path) -> None:
    root = make_portal(tmp_path)
    text = own_case(change)
    write(record_path(root, "2025-04-09-own-case"), text)
    assert check_fields(root, "meeting") == fields
    assert json_fields("meeting", load_yaml(text.encode(), "x").data) == fields


def test_the_base_of_own_cases_is_valid(tmp_path: Path) -> None:
    root = make_portal(tmp_path)
    write(record_path(root, "2025-04-09-own-case"), BASE)
    assert check_fields(root, "meeting") == set()
    assert json_fields("meeting", yaml.safe_load(BASE)) == set()


def test_what_json_schema_cannot_say_is_only_in_check(tmp_path: Path) -> None:
    """A conditional requirement: check refuses, the editors' schema cannot."""
    root = make_portal(tmp_path)
    text = BASE.replace("members_meeting", "organizational_life")
    write(record_path(root, "2025-04-09-own-case"), text)
    findings = run_check(Options(root, rules=False)).report.sorted()
    assert [(f.code, f.field) for f in findings] == [("schema/required", "year")]
    assert json_fields("meeting", yaml.safe_load(text)) == set()
