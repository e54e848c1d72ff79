"""``schema``: JSON Schema (draft-07) for editors, generated from the Cerberus schemas.

One file per kind (``plan.json`` …), ``org.json`` and ``site.json``, each converted from
:func:`gongkai.validate.schemas.load_schema` so that there is no second copy that could drift. An editor
with the YAML extension (yaml-language-server) reads the ``# yaml-language-server: $schema=…``
line of a record and then completes field names, lists the allowed values with their Chinese and
English descriptions, and underlines a typo or a wrong type while the person types.

Mapping: ``string``/``integer``/``number``/``boolean`` keep their names; ``day`` is
``{"type": "string", "format": "date"}`` plus an ISO pattern (an editor reads YAML 1.2, where
``2026-03-15`` is a string); ``list`` is ``array`` with ``items``; ``dict`` is ``object`` with
``properties``, ``required`` and ``additionalProperties: false``; ``allowed`` is ``enum``;
``min``/``max`` are ``minimum``/``maximum``; ``minlength``/``maxlength`` are
``minLength``/``maxLength`` (``minItems``/``maxItems`` on a list); ``regex`` is ``pattern``,
anchored ``^(?:…)$`` because Cerberus matches the whole value; Cerberus ``dependencies`` (a field
allowed only for some values of another) is draft-07 ``dependencies``; ``meta`` is
``description`` ("中文 / English"); ``default`` is kept. A Cerberus rule this module does not know
raises :class:`UnknownRule`, so adding one to a schema cannot silently drop it from the editors'
copy.

What JSON Schema here cannot express, and only ``gongkai check`` reports:

- impossible calendar dates inside the pattern (``2026-02-30``): only an editor that checks
  ``format: date`` flags them;
- arithmetic and order between fields (``schema/arithmetic``, ``schema/date-order``: present <=
  expected, handled + pending = received, published not before date …);
- conditional requirements that live in ``kindchecks.py`` and ``filecheck.py`` (``audience``
  when scope is ``specific``, ``year`` for organizational and democratic life meetings,
  ``results`` for the democratic appraisal of members, democratic-life-only fields);
- anything across files: references to organizations and records (``schema/unknown-ref``), the
  organization tree, attachments, the file name and year folder against ``date``
  (``schema/stem-date``), ``id`` against the folder name;
- the content of text: personal data, classification markings, raw HTML and unsafe links in
  Markdown;
- YAML itself: duplicate keys, anchors and aliases, tags;
- the rules of the measures (``rule/…``) and the pull-request checks (``change/…``).

One difference runs the other way: draft-07 calls ``2.0`` an integer, Cerberus does not.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from gongkai.validate import kinds
from gongkai.validate.schemas import load_schema
from gongkai.wording import bilingual

DRAFT = "http://json-schema.org/draft-07/schema#"
CATALOG_FILE = "portal-catalog.json"
ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
_SIMPLE = {"string": "string", "integer": "integer", "number": "number", "boolean": "boolean"}
# Cerberus rules that are ours (meta, examples) or that need no counterpart here.
_HANDLED = {"type", "required", "allowed", "min", "max", "minlength", "maxlength", "regex",
            "schema", "dependencies", "default", "meta", "examples", "nullable"}


class UnknownRule(ValueError):
    """A Cerberus rule with no JSON Schema counterpart in this module."""


def names() -> tuple[str, ...]:
    """Every kind of the registry (handbook: contributing.md#add-a-kind), ``org`` and ``site``."""
    return (*kinds.names(), "org", "site")


def __getattr__(name: str) -> Any:  # PEP 562: ``NAMES``, the names of the schema folders in use
    if name == "NAMES":
        return names()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def json_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of a kind, ``org`` or ``site``."""
    fields = load_schema(name).fields
    out: dict[str, Any] = {"$schema": DRAFT, "title": _title(name)}
    out.update(_object(fields, (name,)))
    return out


def render(name: str) -> str:
    """Deterministic text: sorted keys, UTF-8 as is, a trailing newline."""
    return json.dumps(json_schema(name), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def texts() -> dict[str, str]:
    """Every file ``schema`` writes: one per Cerberus schema, and the portal catalog's schema
    (``portal-catalog.json``, shipped as JSON Schema itself: handbook: federation.md#catalog)."""
    from gongkai.core.federation import catalog_schema

    out = {f"{name}.json": render(name) for name in names()}
    out[CATALOG_FILE] = json.dumps(catalog_schema(), ensure_ascii=False, indent=2,
                                   sort_keys=True) + "\n"
    return out


def write_all(out_dir: Path) -> list[Path]:
    """Write every schema into ``out_dir``; unchanged files are left untouched."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in texts().items():
        path = out_dir / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    return written


def stale(out_dir: Path) -> list[str]:
    """The schema files in ``out_dir`` that are missing or differ from what would be written."""
    return [name for name, text in texts().items()
            if not (out_dir / name).is_file()
            or (out_dir / name).read_text(encoding="utf-8") != text]


def _title(name: str) -> str:
    if name in ("org", "site"):
        return bilingual(f"schema.title-{name}")
    return bilingual("schema.title-record", kind=name)


def _object(fields: dict[str, Any], where: tuple[Any, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": "object",
        "properties": {key: _field(rules, (*where, key)) for key, rules in fields.items()},
        "additionalProperties": False,
    }
    required = sorted(key for key, rules in fields.items() if rules.get("required"))
    if required:
        out["required"] = required
    dependencies = {key: _dependency(rules["dependencies"], (*where, key))
                    for key, rules in fields.items() if "dependencies" in rules}
    if dependencies:
        out["dependencies"] = dependencies
    return out


def _dependency(rule: Any, where: tuple[Any, ...]) -> dict[str, Any]:
    """Cerberus: the field is allowed only when each named field is present (with those values)."""
    if isinstance(rule, str):
        rule = [rule]
    if isinstance(rule, list):
        return {"required": sorted(rule)}
    if isinstance(rule, dict):
        properties = {k: {"enum": list(v) if isinstance(v, list) else [v]} for k, v in rule.items()}
        return {"required": sorted(rule), "properties": properties}
    raise UnknownRule(f"{'.'.join(map(str, where))}: dependencies {rule!r}")


def _field(rules: dict[str, Any], where: tuple[Any, ...]) -> dict[str, Any]:
    unknown = set(rules) - _HANDLED
    if unknown:
        raise UnknownRule(f"{'.'.join(map(str, where))}: no JSON Schema for {sorted(unknown)}")
    if rules.get("nullable"):
        raise UnknownRule(f"{'.'.join(map(str, where))}: nullable")
    kind = rules.get("type")
    out: dict[str, Any]
    if kind in _SIMPLE:
        out = {"type": _SIMPLE[kind]}
    elif kind == "day":
        out = {"type": "string", "format": "date", "pattern": ISO_DATE}
    elif kind == "list":
        out = {"type": "array"}
        if isinstance(rules.get("schema"), dict):
            out["items"] = _field(rules["schema"], (*where, "[]"))
    elif kind == "dict":
        out = _object(rules.get("schema", {}), where) if "schema" in rules else {"type": "object"}
    else:
        raise UnknownRule(f"{'.'.join(map(str, where))}: type {kind!r}")
    if "allowed" in rules:
        allowed = list(rules["allowed"])
        if kind == "list":
            out["items"] = {**out.get("items", {}), "enum": allowed}
        else:
            out["enum"] = allowed
    _bounds(rules, kind, out)
    if "regex" in rules:
        out["pattern"] = f"^(?:{rules['regex']})$"
    meta = rules.get("meta")
    if isinstance(meta, dict) and (meta.get("zh") or meta.get("en")):
        out["description"] = " / ".join(str(meta[k]) for k in ("zh", "en") if meta.get(k))
    if "default" in rules:
        out["default"] = rules["default"]
    if "examples" in rules:
        out["examples"] = list(rules["examples"])
    return out


def _bounds(rules: dict[str, Any], kind: Any, out: dict[str, Any]) -> None:
    if "min" in rules:
        out["minimum"] = rules["min"]
    if "max" in rules:
        out["maximum"] = rules["max"]
    low, high = ("minItems", "maxItems") if kind == "list" else ("minLength", "maxLength")
    if "minlength" in rules:
        out[low] = rules["minlength"]
    if "maxlength" in rules:
        out[high] = rules["maxlength"]
