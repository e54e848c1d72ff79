"""gongkai.validate.fastschema against Cerberus: whenever the shortcut says "certainly valid", Cerberus
finds no error. Checked on every test case, the sample portal, the profiles, and thousands of
seeded mutations of them; and the shortcut does apply to the valid documents."""

from __future__ import annotations

import copy
import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gongkai.core.resources import validators_dir
from gongkai.load.loader import InvalidDate, load_yaml
from gongkai.validate.fastschema import compile_schema
from gongkai.validate.schemas import KINDS, Schema, load_schema, prepare

REPO = Path(__file__).resolve().parents[1]
HOSTILE: list[Any] = [
    None, "", "x", "x" * 3000, "specific", "public", "committee", "2025-01-01", "(1)", "a b",
    0, -1, 1, 10 ** 6, True, False, 1.5, -0.5, float("nan"), float("inf"),
    dt.date(2025, 1, 1), dt.datetime(2025, 1, 1, 9, 30), InvalidDate("2025-02-30"),
    [], [None], ["x"], [1], [{}], [{"x": 1}], {}, {"x": 1}, {"days": 3}, {"value": 1},
]


def _schema_of(path: Path, doc: dict[str, Any]) -> str | None:
    if path.name == "site.yaml" or path.parent.name in ("site",):
        return "site"
    if path.name == "org.yaml" or "/org/" in path.as_posix():
        return "org"
    if path.parent.name == "profiles":
        return "profile"
    kind = doc.get("kind")
    return kind if kind in KINDS else None


def documents() -> list[tuple[Schema, dict[str, Any], str]]:
    """(schema, prepared document, where) for every YAML file we have."""
    files = sorted((REPO / "tests" / "cases").glob("*/*/*.yaml"))
    files += sorted((REPO / "data").rglob("*.yaml"))
    files += sorted((validators_dir() / "profiles").glob("*.yaml"))
    out = []
    for path in files:
        loaded = load_yaml(path.read_bytes(), path.name)
        if not isinstance(loaded.data, dict):
            continue
        name = _schema_of(path, loaded.data)
        if name is None:
            continue
        schema = load_schema(name)
        prepare(schema.fields, loaded.data, loaded, path.name)
        out.append((schema, loaded.data, str(path.relative_to(REPO))))
    return out


DOCS = documents()


def cerberus_valid(schema: Schema, doc: Any) -> bool:
    return bool(schema.validator.validate(doc, normalize=False))


def certainly_valid(schema: Schema, doc: Any) -> bool:
    assert schema.certainly_valid is not None, f"{schema.name} compiled to no shortcut"
    return schema.certainly_valid(doc)


def test_every_schema_has_a_shortcut() -> None:
    for name in (*KINDS, "org", "site", "profile"):
        assert load_schema(name).certainly_valid is not None, name


def test_shortcut_never_disagrees_on_our_files() -> None:
    agree = 0
    for schema, doc, where in DOCS:
        fast, slow = certainly_valid(schema, doc), cerberus_valid(schema, doc)
        assert slow or not fast, f"{where}: certainly valid, but Cerberus says {schema.validator.errors}"
        agree += fast == slow
    assert agree == len(DOCS), "the shortcut should apply to every valid file we have"


def _paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield (*path, key)
            yield from _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield (*path, index)
            yield from _paths(item, (*path, index))


def _containers(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(value, dict):
        yield path
    for sub in _paths(value, path):
        node = _at(value, sub[len(path):])
        if isinstance(node, dict):
            yield sub


def _at(doc: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        doc = doc[part]
    return doc


def mutations(doc: dict[str, Any], rng: random.Random) -> Iterator[dict[str, Any]]:
    paths = list(_paths(doc))
    values = [_at(doc, p) for p in paths]
    for path in paths:  # every field or item removed
        out = copy.deepcopy(doc)
        del _at(out, path[:-1])[path[-1]]
        yield out
    for container in _containers(doc):  # an unknown field at every level
        out = copy.deepcopy(doc)
        _at(out, container)["zz_unknown"] = 1
        yield out
    for path in rng.sample(paths, min(len(paths), 12)):  # hostile and borrowed values
        for value in [*rng.sample(HOSTILE, 8), *rng.sample(values, min(len(values), 4))]:
            out = copy.deepcopy(doc)
            _at(out, path[:-1])[path[-1]] = copy.deepcopy(value)
            yield out


def test_shortcut_never_disagrees_on_mutations() -> None:
    rng = random.Random(20261125)
    checked = certain = 0
    valid = [(schema, doc, where) for schema, doc, where in DOCS if cerberus_valid(schema, doc)]
    cases = [d for d in valid if d[2].startswith("tests/") or "profiles" in d[2]]
    for schema, doc, where in cases + rng.sample(valid, 60):
        for mutated in mutations(doc, rng):
            fast = certainly_valid(schema, mutated)
            if fast:
                assert cerberus_valid(schema, mutated), (where, mutated, schema.validator.errors)
                certain += 1
            checked += 1
    assert checked > 5000 and certain > 500  # both sides of the question were exercised


@pytest.mark.parametrize("rules", [
    {"x": {"type": "string", "nullable": True}},
    {"x": {"type": "string", "coerce": int}},
    {"x": {"type": "datetime"}},
    {"x": {"anyof": [{"type": "string"}, {"type": "integer"}]}},
    {"x": {"type": "list", "schema": {"type": "string"}, "dependencies": {"y.z": 1}}},
    {"x": {"schema": {"y": {"type": "string"}}}},
])
def test_rules_it_does_not_mirror_get_no_shortcut(rules: dict[str, Any]) -> None:
    assert compile_schema(rules) is None


SYNTHETIC: list[dict[str, Any]] = [
    {"x": {"type": "string"}},
    {"x": {"type": "integer", "min": 0, "max": 10}},
    {"x": {"type": "number", "min": 0.5}},
    {"x": {"type": ["string", "integer"], "max": 3}},
    {"x": {"type": "list", "allowed": ["a", "b"]}},
    {"x": {"type": "string", "allowed": ["a", "b"]}},
    {"x": {"allowed": ["a", 1]}},
    {"x": {"minlength": 1, "maxlength": 3}},
    {"x": {"regex": "[a-z]+"}},
    {"x": {"type": "string", "regex": "a|b$"}},
    {"x": {"type": "dict", "keysrules": {"type": "string", "allowed": ["k"]},
           "valuesrules": {"type": "integer", "min": 1}}},
    {"x": {"type": "list", "schema": {"type": "dict", "schema": {"y": {"type": "string", "required": True}}}}},
    {"x": {"type": "dict", "schema": {"y": {"type": "day", "required": True}}}},
    {"x": {"type": "string", "dependencies": {"y": ["a"]}}, "y": {"type": "string"}},
    {"x": {"type": "string", "dependencies": {"y": "a"}}, "y": {}},
    {"x": {"type": "string", "dependencies": ["y"]}, "y": {"type": "string"}},
    {"x": {"type": "string", "dependencies": "y"}, "y": {}},
    {"x": {"type": "string", "required": True}, "y": {"type": "boolean"}},
    {"x": {}},
]
VALUES: list[Any] = [*HOSTILE, "a", "b", "k", "ab", "abc", "abcd", "A", "a\n", {"k": 1}, {"k": 0}, {"j": 1},
                     [{"y": "s"}], [{"y": 1}], [{}], {"y": dt.date(2025, 1, 1)}, {"y": "2025-01-01"},
                     ["a"], ["a", "c"], ["b", "a"], 5, 11, 0.4, 0.6, 3.0, 4]


@pytest.mark.parametrize("fields", SYNTHETIC, ids=repr)
def test_shortcut_never_disagrees_rule_by_rule(fields: dict[str, Any]) -> None:
    """Every rule the shortcut mirrors, alone, against a broad set of values."""
    from gongkai.validate.schemas import StrictValidator

    validator = StrictValidator(fields, allow_unknown=False)
    fast = compile_schema(validator.schema)
    assert fast is not None
    docs: list[dict[str, Any]] = [{}, {"y": "a"}, {"z": 1}]
    docs += [{"x": v} for v in VALUES]
    docs += [{"x": v, "y": w} for v in VALUES for w in ("a", "z", None, True, 1)]
    certain = 0
    for doc in docs:
        if fast(doc):
            assert validator.validate(copy.deepcopy(doc), normalize=False), (doc, validator.errors)
            certain += 1
    assert certain  # the shortcut applies to some documents of every schema
