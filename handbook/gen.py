"""The handbook's generated tables, filled in at build time (a MkDocs hook, see mkdocs.yml).

A page asks for a table with a marker line, which this hook replaces before Markdown runs:

- ``<!-- gen:findings PREFIX -->``: every finding code of the group ``PREFIX`` (``yaml``, ``layout``,
  ``schema``, ``change``, ``rule``) with its Chinese and English wording, from the wording
  catalogue (``src/gongkai/wording/<lang>/findings.yaml``);
- ``<!-- gen:fields NAME -->``: the fields of a schema (``site``, ``org``, ``envelope`` or a kind),
  with type, whether required, allowed values and both descriptions, from
  ``validators/schemas/NAME.yaml``.

The tables therefore cannot go stale: a new code or field is in the handbook the next time it is
built, and ``tests/test_docs.py`` fails when one is missing from the built pages.
"""

from __future__ import annotations

import html
import logging
import re
from typing import Any

import yaml

from gongkai import wording
from gongkai.core import catalog
from gongkai.core.resources import schema_file
from gongkai.validate import kinds
from gongkai.validate.schemas import load_envelope, load_schema

MARKER = re.compile(r"^<!-- gen:(findings|fields) ([a-z_-]+) -->$", re.MULTILINE)
GROUPS = ("yaml", "layout", "schema", "change", "rule")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|{}<>#])")


def cell(text: str) -> str:
    """Text in a Markdown table cell, shown exactly as written (no markup, no HTML)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False).replace("\n", " "))


def codes(prefix: str) -> list[str]:
    return sorted(code for code in catalog.codes() if code.split("/", 1)[0] == prefix)


def findings_table(prefix: str) -> str:
    rows = ["| 代码 code | 中文 | English |", "|---|---|---|"]
    for code in codes(prefix):
        zh, en = (wording.template(code, lang) for lang in wording.LANGS)
        rows.append(f"| `{code}` | {cell(zh)} | {cell(en)} |")
    return "\n".join(rows)


def _type(rules: dict[str, Any]) -> str:
    kind = rules.get("type", "")
    if kind == "list" and isinstance(rules.get("schema"), dict):
        inner = rules["schema"].get("type", "")
        return f"list of {inner}" if inner else "list"
    return str(kind)


def _rows(fields: dict[str, Any], prefix: str = "") -> list[str]:
    rows = []
    for name, rules in fields.items():
        if not isinstance(rules, dict):
            continue
        path = f"{prefix}{name}"
        meta = rules.get("meta") or {}
        allowed = ", ".join(f"`{a}`" for a in rules.get("allowed", []))
        required = "✓" if rules.get("required") else ""
        rows.append(f"| `{path}` | {_type(rules)} | {required} | {allowed} | "
                    f"{cell(str(meta.get('zh', '')))} | {cell(str(meta.get('en', '')))} |")
        rows += _rows(_children(rules), path + ".")
    return rows


def _children(rules: dict[str, Any]) -> dict[str, Any]:
    """The fields of a mapping, or of the mappings a list holds."""
    schema = rules.get("schema")
    if rules.get("type") == "dict" and isinstance(schema, dict):
        return schema
    if rules.get("type") == "list" and isinstance(schema, dict) and schema.get("type") == "dict":
        return schema.get("schema", {})
    return {}


def own_fields(name: str) -> dict[str, Any]:
    """A kind's own fields (the envelope has its own table), or those of ``org``, ``site``,
    ``envelope``."""
    if name == "envelope":
        return load_envelope()
    fields = load_schema(name).fields
    if name in kinds.names():  # the names the kind's file gives (election's ``body`` replaces the envelope's)
        own = yaml.safe_load(schema_file(name).read_text(encoding="utf-8"))["fields"]
        return {key: fields[key] for key in own}
    return fields


def fields_table(name: str) -> str:
    rows = ["| 字段 field | type | 必填 required | 可选值 allowed | 说明 | description |",
            "|---|---|---|---|---|---|"]
    return "\n".join(rows + _rows(own_fields(name)))


def render(markdown: str) -> str:
    def table(match: re.Match[str]) -> str:
        what, name = match.groups()
        return findings_table(name) if what == "findings" else fields_table(name)

    return MARKER.sub(table, markdown)


def on_startup(**_: Any) -> None:
    """MkDocs hook: material's search segments Chinese with jieba, which logs its model loading
    at INFO; as the portal's own plugin does, keep the build's output to what matters."""
    logging.getLogger("jieba").setLevel(logging.WARNING)


def on_page_markdown(markdown: str, **_: Any) -> str:
    """MkDocs hook: fill in every marker of the page."""
    return render(markdown)
