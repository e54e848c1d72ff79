"""The kind registry (gongkai.validate.kinds, handbook: contributing.md#add-a-kind).

A kind is its schema file and its cases folder: in a portal made from the sample's site, a new
kind with only ``validators/schemas/<kind>.yaml`` is checked, written by ``new``, exported by
``schema``, shown on its record page with its fields, carried by open data with its columns and
listed on the browse and About pages. And the registry agrees with the schema files it is read from.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).parent / "site"))

import sitekit  # noqa: E402

from gongkai.core import resources  # noqa: E402
from gongkai.site import exports, recordpage  # noqa: E402
from gongkai.validate import kinds
from gongkai.validate.schemas import load_schema  # noqa: E402
from portal_kit import write  # noqa: E402
from test_cases import CASES, assert_case  # noqa: E402

SURVEY = """\
# survey: a survey of opinions, a kind of this portal's own (tests/test_kind_registry.py)
kind:
  order: 115
  label: [问卷调查, Surveys]
  noun: [问卷调查, survey]
  subtype: survey_type
  page: [survey_type, respondents, findings, items]
  export: [survey_type, respondents, findings, followed_up]
  lifecycle:
    set_once: [followed_up]
default_category: masses
fields:
  survey_type:
    type: string
    required: true
    allowed: [members, masses]
    meta: {label: [调查对象, Surveyed],
           values: {members: [党员问卷, Members' survey], masses: [群众问卷, Public survey]},
           zh: 调查对象, en: who was surveyed}
  respondents: {use: count, required: true, meta: {label: [答卷人数, Respondents], zh: 答卷人数, en: respondents}}
  findings: {type: string, maxlength: 500, meta: {label: [主要发现, Findings], zh: 主要发现, en: findings}}
  followed_up: {type: day, meta: {label: [反馈日期, Followed up], zh: 向群众反馈的日期, en: the day the findings were reported back}}
  items:  # a name the built-in plan uses for its own table: this kind's own label and rendering
    type: list
    schema: {type: string, maxlength: 100}
    meta: {label: [问卷题目, Questions], zh: 问卷题目, en: questions asked}
"""

VALID = """\
kind: survey
title: 社区群众满意度问卷
date: 2026-03-02
published: 2026-03-05
scope: public
survey_type: masses
respondents: 137
findings: 群众希望延长党群服务中心开放时间
items: [开放时间, 服务项目]
"""

INVALID = """\
# expect: schema/allowed@7 schema/required@1
kind: survey
title: 党员问卷
date: 2026-03-02
published: 2026-03-05
scope: public
survey_type: everyone
"""


@pytest.fixture
def portal(tmp_path: Path) -> Iterator[Path]:
    """The two-organization portal with the sample's site and a kind of its own: only its schema
    file in the portal's ``validators/schemas/``."""
    root = sitekit.new_portal(tmp_path / "portal")
    write(root / "validators" / "schemas" / "survey.yaml", SURVEY)
    yield root
    resources.use_portal(None)  # in-process checks of this portal must not leak into other tests


def test_cases_of_a_new_kind(portal: Path, tmp_path: Path) -> None:
    cases = tmp_path / "cases" / "survey"
    valid = write(cases / "valid" / "2026-03-02-survey.yaml", VALID)
    invalid = write(cases / "invalid" / "2026-03-02-bad-survey.yaml", INVALID)
    assert_case(portal, valid)
    (portal / "data" / "orgs" / "case-branch" / "2026" / valid.name).unlink()
    assert_case(portal, invalid)


def test_new_writes_a_new_kind(portal: Path) -> None:
    done = sitekit.gongkai(portal, "new", "survey", "--org", "case-branch", "--date", "2026-03-02",
                           "--title", "Survey")
    assert done.returncode == 0, done.stderr
    text = (portal / done.stdout.strip()).read_text(encoding="utf-8")
    assert "新建的问卷调查记录" in text and "kind: survey" in text
    assert re.search(r"^survey_type:  # 调查对象；可选值：members / masses$", text, re.M)
    assert re.search(r"^respondents:  # 答卷人数", text, re.M)
    assert re.search(r"^# findings:  # 主要发现", text, re.M)
    wrong = sitekit.gongkai(portal, "new", "surveys", "--org", "case-branch")
    assert wrong.returncode == 2 and "survey（问卷调查）" in wrong.stderr


def test_schema_exports_a_new_kind(portal: Path) -> None:
    done = sitekit.gongkai(portal, "schema")
    assert done.returncode == 0, done.stderr
    schema = json.loads((portal / "schema" / "survey.json").read_text(encoding="utf-8"))
    assert schema["properties"]["survey_type"]["enum"] == ["members", "masses"]
    assert schema["properties"]["kind"]["enum"] == ["survey"]
    assert {"respondents", "findings", "title", "scope"} <= set(schema["properties"])
    record = json.loads((portal / "schema" / "plan.json").read_text(encoding="utf-8"))
    assert "survey" not in record["properties"]["kind"]["enum"]


def test_site_shows_a_new_kind(portal: Path, tmp_path: Path) -> None:
    write(portal / "data" / "orgs" / "case-branch" / "2026" / "2026-03-02-survey.yaml", VALID)
    site = tmp_path / "site"
    done = sitekit.mkdocs_build(portal, site)
    assert done.returncode == 0, done.stdout + done.stderr
    page = (site / "records" / "case-branch" / "2026-03-02-survey" / "index.html").read_text("utf-8")
    assert "问卷调查 · 群众问卷" in page  # the kind and its sub-type
    for label, value in (("调查对象", "群众问卷"), ("答卷人数", "137"),
                         ("主要发现", "群众希望延长党群服务中心开放时间"),
                         ("问卷题目", "<ul><li>开放时间</li><li>服务项目</li></ul>")):
        assert re.search(rf"<dt>{label}</dt>\s*<dd>{value}</dd>", page), label
    browse = (site / "browse" / "index.html").read_text("utf-8")
    assert re.search(r'<a href="[^"]*kinds/survey/[^"]*">问卷调查</a>', browse)
    about = (site / "about" / "index.html").read_text("utf-8")
    assert re.search(r'<li><a href="[^"]*kinds/survey/[^"]*">问卷调查</a>：1 条</li>', about)
    rows = json.loads((site / "data" / "kinds" / "survey.json").read_text("utf-8"))
    rows = rows["records"] if isinstance(rows, dict) else rows
    assert rows[0]["respondents"] == 137 and rows[0]["type"] == "masses"
    assert "followed_up" in rows[0]
    header = next(csv.reader(io.StringIO((site / "data" / "kinds" / "survey.csv")
                                         .read_text("utf-8-sig"))))
    assert header[-8:-4] == ["survey_type", "respondents", "findings", "followed_up"]


def test_check_and_changes_know_a_new_kind(portal: Path) -> None:
    record = write(portal / "data" / "orgs" / "case-branch" / "2026" / "2026-03-02-survey.yaml",
                   VALID)
    done = sitekit.gongkai(portal, "check", "--no-cache", "--as-of", "2026-06-30", "--format",
                           "json")
    findings = json.loads(done.stdout)["findings"]
    assert findings and not [f for f in findings if not f["code"].startswith("rule/")], findings
    resources.use_portal(portal)
    try:
        from gongkai.model.recordiff import content_changes

        old = yaml.safe_load(VALID)
        assert content_changes(old, {**old, "followed_up": "2026-04-01"}) == []
        assert content_changes(old, {**old, "respondents": 140}) == [("respondents",)]
    finally:
        resources.use_portal(None)
    assert record.is_file()


# -- the registry and the schema files agree ---------------------------------------------------


def _own_fields(name: str) -> dict[str, Any]:
    return load_schema(name).fields


def test_every_kind_is_named_in_both_languages() -> None:
    registry = kinds.registry()
    assert list(registry.kinds) == sorted(registry.kinds, key=lambda k: registry.kinds[k].order)
    assert len({k.order for k in registry.kinds.values()}) == len(registry.kinds)
    for kind in registry.kinds.values():
        for zh, en in (kind.label, kind.noun):
            assert re.search(r"[\u4e00-\u9fff]", zh) and en.isascii() and en != kind.name or \
                en == kind.name == kind.noun[1], kind.name


def test_every_declared_field_exists() -> None:
    for kind in kinds.registry().kinds.values():
        fields = _own_fields(kind.name)
        for name in kind.page:
            assert name in fields or name in recordpage.COMPOSITE, (kind.name, name)
            assert kinds.field_label(name), (kind.name, name)
        for name, renderer in kind.shows.items():
            assert renderer in recordpage.RENDERERS, (kind.name, name, renderer)
        for name in kind.export:
            assert name in fields or name in exports.COMPUTED, (kind.name, name)
        if kind.subtype is not None:
            rules = fields[kind.subtype]
            assert rules.get("required") and set(rules["allowed"]) == set(
                kinds.registry().values[kind.subtype]), kind.name
        lifecycle = kind.lifecycle
        for name in lifecycle.names():
            assert name in fields, (kind.name, name)
        for name, keys in lifecycle.appended.items():
            assert fields[name]["type"] == "list", (kind.name, name)
            assert keys <= set(fields[name]["schema"]["schema"]), (kind.name, name)


def _metas(rules: Any, name: str = "") -> Iterator[tuple[str, dict[str, Any], dict[str, Any]]]:
    if isinstance(rules, dict):
        if isinstance(rules.get("meta"), dict):
            yield name, rules["meta"], rules
        for key, value in rules.items():
            if key != "meta":
                yield from _metas(value, key if key != "schema" else name)


def test_labels_agree_across_files() -> None:
    """A field's label and its value labels: every value allowed has one, none is declared twice
    with another wording (the site files them by name)."""
    seen: dict[str, tuple[str, str]] = {}
    values: dict[tuple[str, str], tuple[str, str]] = {}
    for path in sorted(resources.schema_dirs()[-1].glob("*.yaml")):
        for name, meta, rules in _metas(yaml.safe_load(path.read_text("utf-8"))):
            if "label" in meta:
                assert seen.setdefault(name, tuple(meta["label"])) == tuple(meta["label"]), name
            if "values" in meta:
                assert set(meta["values"]) == set(rules["allowed"]), (path.name, name)
                for value, pair in meta["values"].items():
                    key = (meta.get("enum", name), value)
                    assert values.setdefault(key, tuple(pair)) == tuple(pair), key
                    assert len(pair) == 2 and re.search(r"[\u4e00-\u9fff]", pair[0]), key


def test_every_kind_has_a_cases_folder() -> None:
    for name in kinds.names():
        assert list((CASES / name / "valid").glob("*.yaml")), name


@pytest.mark.parametrize(("text", "reason"), [
    ("kind: {order: 1\n", "YAML error at line 2"),
    ("kind: {order: 1, label: [问卷调查]}\nfields: {}\n", "its kind: section is malformed"),
    ("kind: {order: 1, label: [问卷调查, Surveys]}\n", "no fields: mapping"),
])
def test_a_broken_schema_file_of_the_portal_stops_with_a_message(
        portal: Path, text: str, reason: str) -> None:
    write(portal / "validators" / "schemas" / "survey.yaml", text)
    for args in (("check", "--no-cache", "--lang", "en"), ("schema",),
                 ("new", "survey", "--org", "case-branch", "--lang", "en")):
        done = sitekit.gongkai(portal, *args)
        assert done.returncode == 2, (args, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr
        assert "validators/schemas/survey.yaml" in done.stderr, (args, done.stderr)
        if args[0] != "schema":  # schema has no --lang: its message is in Chinese
            assert reason in done.stderr, (args, done.stderr)


def test_the_handbook_lists_the_kinds_of_the_registry() -> None:
    """data.md's table of kinds is generated (handbook/gen_kinds.py), one row per kind."""
    import importlib.util

    handbook = Path(__file__).parents[1] / "handbook"
    assert "<!-- gen:kinds -->" in (handbook / "docs" / "data.md").read_text("utf-8")
    spec = importlib.util.spec_from_file_location("gen_kinds", handbook / "gen_kinds.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rows = module.kinds_table().splitlines()[2:]
    assert [row.split("`")[1] for row in rows] == list(kinds.names())
    assert rows[0] == "| `plan` | 工作计划 | (5) (6) (28) | [plan](#plan) | `own_decisions` |"


def test_the_cache_sees_a_portal_schema_change(portal: Path) -> None:
    """The validation cache keys on the portal's own schema files too (gongkai.validate.cache)."""
    write(portal / "data" / "orgs" / "case-branch" / "2026" / "2026-03-02-survey.yaml", VALID)

    def schema_codes() -> list[str]:
        done = sitekit.gongkai(portal, "check", "--as-of", "2026-06-30", "--format", "json")
        return [f["code"] for f in json.loads(done.stdout)["findings"]
                if not f["code"].startswith("rule/")]

    assert schema_codes() == []
    schema = portal / "validators" / "schemas" / "survey.yaml"
    schema.write_text(SURVEY.replace("maxlength: 500", "maxlength: 5"), encoding="utf-8")
    assert schema_codes() == ["schema/length"]


def test_a_portal_kind_labels_its_own_fields_only(portal: Path) -> None:
    """A field name the built-in kinds use too keeps their label for them and elsewhere."""
    kinds.use(portal)
    try:
        assert kinds.field_label("items", "survey") == ("问卷题目", "Questions")
        assert kinds.field_label("items", "plan") == kinds.field_label("items") == ("主要事项", "Items")
        assert "survey" in kinds.names() and "items" not in kinds.get("survey").shows
    finally:
        resources.use_portal(None)
    assert "survey" not in kinds.names()
