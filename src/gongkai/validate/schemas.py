"""Cerberus schemas, read from ``validators/schemas/*.yaml``, and the shape check they drive.

Each kind's file lists its own fields; the envelope's fields are merged in. Before Cerberus
runs, :func:`prepare` turns quoted dates into dates and applies defaults, so Cerberus can run
with ``normalize=False`` (normalization is most of its cost). Schemas check shape only.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path as FilePath
from typing import Any, TypeGuard

import yaml

from gongkai.core.findings import ERROR, Finding, Path, field_path
from gongkai.core.resources import schema_dirs, schema_file
from gongkai.load.loader import InvalidDate, Loaded
from gongkai.validate import kinds
from gongkai.validate.fastschema import compile_schema
from gongkai.wording import Text, has, join, words

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def is_day(value: Any) -> TypeGuard[dt.date]:
    """A calendar date, not a date with a time (YAML reads ``2026-01-26 09:30`` as a datetime)."""
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


@cache
def _validator_class() -> type:
    """``StrictValidator``, made on first use: a valid document never needs Cerberus (see
    :mod:`gongkai.validate.fastschema`), so a warm ``check`` neither imports it nor builds validators."""
    import cerberus

    class StrictValidator(cerberus.Validator):  # type: ignore[misc]
        """Integers exclude booleans (YAML 1.1 reads ``no`` as False); dates exclude datetimes."""

        types_mapping = cerberus.Validator.types_mapping.copy()
        types_mapping["integer"] = cerberus.TypeDefinition("integer", (int,), (bool,))
        types_mapping["number"] = cerberus.TypeDefinition("number", (int, float), (bool,))
        types_mapping["day"] = cerberus.TypeDefinition("day", (dt.date,), (dt.datetime,))
        types_mapping["string"] = cerberus.TypeDefinition("string", (str,), (InvalidDate,))

    return StrictValidator


def __getattr__(name: str) -> Any:  # PEP 562: ``from gongkai.validate.schemas import StrictValidator``
    if name == "StrictValidator":
        return _validator_class()
    if name == "KINDS":  # the kinds of the schema folders in use (gongkai.validate.kinds)
        return kinds.names()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True)
class Schema:
    name: str
    fields: dict[str, Any]
    default_category: str | None
    certainly_valid: Callable[[Any], bool] | None = None  # gongkai.validate.fastschema: skip Cerberus

    @cached_property
    def validator(self) -> Any:
        """The Cerberus validator (a ``StrictValidator``), built when first needed."""
        return _validator_class()(_cerberus_only(self.fields), allow_unknown=False)


def _read_yaml(path: FilePath) -> Any:
    """A schema file of our own (trusted): libyaml's safe loader, the same values, faster."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)


_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_schema(name: str) -> Schema:
    """The merged schema of a kind (envelope + kind), or of ``org`` / ``site``."""
    return _load_schema(name, schema_dirs())


@cache
def _load_schema(name: str, dirs: tuple[FilePath, ...]) -> Schema:
    spec = _read_yaml(schema_file(name))
    fields: dict[str, Any] = {}
    if name in kinds.names():
        fields.update(copy.deepcopy(load_envelope()))
        fields["kind"]["allowed"] = [name]
    fields.update(_expand(spec["fields"]))
    default_category = spec.get("default_category")
    if default_category:
        fields["category"] = {**fields["category"], "default": default_category}
    return Schema(name, fields, default_category, compile_schema(_cerberus_only(fields)))


def load_envelope() -> dict[str, Any]:
    return _load_envelope(schema_dirs())


@cache
def _load_envelope(dirs: tuple[FilePath, ...]) -> dict[str, Any]:
    spec = _read_yaml(schema_file("envelope"))
    fields: dict[str, Any] = _expand(spec["fields"])
    fields["kind"]["allowed"] = list(kinds.names())
    return fields


def _definitions() -> dict[str, Any]:
    return _load_definitions(schema_dirs())


@cache
def _load_definitions(dirs: tuple[FilePath, ...]) -> dict[str, Any]:
    spec = _read_yaml(schema_file("definitions"))
    return dict(spec["definitions"])


def _expand(rules: Any) -> Any:
    """Replace ``{use: NAME, ...}`` by the named definition updated with the field's own rules."""
    if isinstance(rules, dict):
        own = {k: _expand(v) for k, v in rules.items() if k != "use"}
        if "use" in rules:
            return {**copy.deepcopy(_expand(_definitions()[rules["use"]])), **own}
        return own
    if isinstance(rules, list):
        return [_expand(v) for v in rules]
    return rules


def _cerberus_only(rules: Any) -> Any:
    """Drop our own annotations (``default`` stays: Cerberus ignores it without normalizing)."""
    if isinstance(rules, dict):
        return {k: _cerberus_only(v) for k, v in rules.items() if k not in ("meta", "examples")}
    if isinstance(rules, list):
        return [_cerberus_only(v) for v in rules]
    return rules


# -- prepare: dates and defaults -------------------------------------------------------------


def prepare(fields: dict[str, Any], doc: dict[str, Any], loaded: Loaded, file: str) -> list[Finding]:
    """Convert quoted ISO dates at date fields and apply defaults, in place."""
    findings: list[Finding] = []
    _prepare_mapping(fields, doc, (), loaded, file, findings)
    return findings


def _prepare_mapping(fields: dict[str, Any], doc: dict[str, Any], path: Path, loaded: Loaded,
                     file: str, findings: list[Finding]) -> None:
    for name, rules in fields.items():
        if name not in doc:
            if "default" in rules:
                doc[name] = copy.deepcopy(rules["default"])
            continue
        doc[name] = _prepare_value(rules, doc[name], (*path, name), loaded, file, findings)


def _prepare_value(rules: dict[str, Any], value: Any, path: Path, loaded: Loaded, file: str,
                   findings: list[Finding]) -> Any:
    kind = rules.get("type")
    if kind == "day" and isinstance(value, str) and not isinstance(value, InvalidDate):
        if _ISO_DATE.fullmatch(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                line, col = loaded.where(path)
                findings.append(Finding("schema/invalid-date", ERROR, file, line, col,
                                        field_path(path)))
                loaded.reported.add(path)
                return InvalidDate(value)
    elif kind == "dict" and isinstance(value, dict) and "schema" in rules:
        _prepare_mapping(rules["schema"], value, path, loaded, file, findings)
    elif kind == "list" and isinstance(value, list) and "schema" in rules:
        item_rules = rules["schema"]
        for index, item in enumerate(value):
            value[index] = _prepare_value(item_rules, item, (*path, index), loaded, file, findings)
    return value


# -- validate: Cerberus errors to findings -----------------------------------------------------



def validate(schema: Schema, doc: dict[str, Any], loaded: Loaded, file: str) -> list[Finding]:
    """Run Cerberus without normalization and map its error tree to findings with lines."""
    if schema.certainly_valid is not None and schema.certainly_valid(doc):
        return []  # Cerberus would find nothing either (gongkai.validate.fastschema)
    validator = schema.validator
    if validator.validate(doc, normalize=False):
        return []
    findings = []
    for error in _leaves(validator._errors):
        path = tuple(error.document_path)
        if any(path[: i + 1] in loaded.reported for i in range(len(path))):
            continue  # already reported by the loader or prepare, e.g. an impossible date
        finding = _to_finding(error, path, loaded, file)
        if finding is not None:
            findings.append(finding)
    return findings


def _leaves(errors: Any) -> Iterator[Any]:
    for error in errors:
        if error.is_group_error:
            yield from _leaves(error.child_errors)
        else:
            yield error


def _to_finding(error: Any, path: Path, loaded: Loaded, file: str) -> Finding | None:
    from cerberus import errors as cerr

    code, params = _classify(error)
    absent = error.code == cerr.REQUIRED_FIELD.code
    where = path[:-1] if absent else path  # a missing field points at its parent
    line, col = loaded.where(where)
    return Finding(code, ERROR, file, line, col, field_path(path), tuple(params.items()))


def _classify(error: Any) -> tuple[str, dict[str, Any]]:
    from cerberus import errors as cerr

    c = error.code
    if c in (cerr.REQUIRED_FIELD.code, cerr.NOT_NULLABLE.code, cerr.EMPTY_NOT_ALLOWED.code):
        return "schema/required", {}
    if c == cerr.UNKNOWN_FIELD.code:
        return "schema/unknown-field", {}
    if c == cerr.BAD_TYPE.code:
        names = error.constraint if isinstance(error.constraint, list) else [error.constraint]
        types = [words(f"type.{n}") if has(f"type.{n}") else Text(str(n), str(n)) for n in names]
        return "schema/type", {"expected": join(types, "list.or")}
    if c in (cerr.UNALLOWED_VALUE.code, cerr.UNALLOWED_VALUES.code):
        allowed = error.constraint if isinstance(error.constraint, Collection) else []
        return "schema/allowed", {"allowed": ", ".join(str(a) for a in allowed)}
    if c in (cerr.MIN_VALUE.code, cerr.MAX_VALUE.code):
        op = ">=" if c == cerr.MIN_VALUE.code else "<="
        return "schema/range", {"bound": f"{op} {error.constraint}"}
    if c in (cerr.MIN_LENGTH.code, cerr.MAX_LENGTH.code, cerr.ITEMS_LENGTH.code):
        op = ">=" if c == cerr.MIN_LENGTH.code else "<="
        return "schema/length", {"bound": f"{op} {error.constraint}"}
    if c == cerr.REGEX_MISMATCH.code:
        return "schema/pattern", {}
    if c in (cerr.DEPENDENCIES_FIELD.code, cerr.DEPENDENCIES_FIELD_VALUE.code,
             cerr.EXCLUDES_FIELD.code):
        return "schema/forbidden", {"reason": _dependency_words(error.constraint)}
    return "schema/type", {"expected": words("type.valid")}


def _dependency_words(constraint: Any) -> Text:
    if isinstance(constraint, dict):
        parts = [f"{k} = {'/'.join(map(str, v)) if isinstance(v, list) else v}"
                 for k, v in constraint.items()]
        return words("forbidden.only-when", when=", ".join(parts))
    return words("forbidden.conflicts", other=constraint)
