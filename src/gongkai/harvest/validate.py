"""Is a fetched body a catalog this gongkai reads? JSON, an object, a ``catalog_version`` not
newer than ours, and valid against the shipped schema (handbook: federation.md#catalog)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

import jsonschema

from gongkai.core.federation import CATALOG_VERSION, catalog_schema


@dataclass(frozen=True)
class Verdict:
    doc: dict[str, Any] | None
    error: str | None = None  # a code of harvest/reasons.py
    detail: str = ""


@cache
def _validator() -> Any:
    return jsonschema.Draft7Validator(catalog_schema())


def check_catalog(body: bytes) -> Verdict:
    try:
        doc = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        return Verdict(None, "not-json", str(exc)[:200])
    if not isinstance(doc, dict):
        return Verdict(None, "invalid", "not a JSON object")
    version = doc.get("catalog_version")
    if type(version) is int and version > CATALOG_VERSION:
        return Verdict(None, "future-version", f"catalog_version {version} > {CATALOG_VERSION}")
    error = jsonschema.exceptions.best_match(_validator().iter_errors(doc))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "(root)"
        return Verdict(None, "invalid", f"{where}: {error.message}"[:300])
    return Verdict(doc)
