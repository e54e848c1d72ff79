"""``new``: write a record skeleton where it belongs, for a person to fill in.

The skeleton is generated from the kind's Cerberus schema (:func:`gongkai.validate.schemas.load_schema`),
so a new field shows up in it without touching this module. Required fields get a placeholder:
a blank value, which ``check`` reports as ``schema/required`` at that very line until it is filled
in (``scope`` is always left blank: a person chooses who may see a record). Optional fields are
commented out with a one-line hint from the schema's ``meta`` in the site language. The first line
points editors at the JSON Schema written by ``gongkai schema``.

Slugs: an ASCII title gives its words (``Annual work plan`` -> ``annual-work-plan``); any other
title gives the kind and six hex digits of the title's SHA-1 (``resolution-3f9a2c``), stable
across runs and machines; no title gives the kind alone.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from gongkai.core.errors import PortalError
from gongkai.load.layout import ORG_ID
from gongkai.load.loader import load_yaml
from gongkai.model.load import use_schemas
from gongkai.validate import kinds
from gongkai.validate.schemas import load_schema
from gongkai.wording import Text, area, join, words

SLUG_MAX = 60
HASH_DIGITS = 6
ENVELOPE_HEAD = ("kind", "title", "date", "published", "scope")

def _words(lang: str) -> dict[str, str]:
    """The general words of a skeleton's comments (``wording/<lang>/skeleton.yaml``)."""
    return {key.removeprefix("skeleton."): template
            for key, template in area("skeleton", "en" if lang == "en" else "zh").items()}



class FileExists(PortalError):
    """The record file is there already: ``new`` never overwrites (exit 1)."""


@dataclass(frozen=True)
class SiteInfo:
    language: str = "zh"
    timezone: str = "Asia/Shanghai"


def site_info(root: Path) -> SiteInfo:
    """Language and time zone from data/site.yaml, tolerating a broken file (check reports it)."""
    if not (root / "data").is_dir():
        raise PortalError("error.no-data-dir", data_dir="data")
    path = root / "data" / "site.yaml"
    if not path.is_file():
        raise PortalError("error.no-site", data_dir="data")
    doc = load_yaml(path.read_bytes(), "data/site.yaml").data or {}
    language = doc.get("language")
    timezone = doc.get("timezone")
    return SiteInfo("en" if language == "en" else "zh",
                    timezone if isinstance(timezone, str) else "Asia/Shanghai")


def slug(title: str | None, kind: str) -> str:
    """A file-name slug matching ``[a-z0-9-]{1,60}`` (handbook: data.md#layout); the same title,
    the same slug."""
    text = unicodedata.normalize("NFKC", title or "").strip()
    if not text:
        return kind
    if text.isascii():
        words = re.findall(r"[a-z0-9]+", text.lower())
        joined = ""
        for word in words:
            candidate = f"{joined}-{word}" if joined else word
            if len(candidate) > SLUG_MAX:
                break
            joined = candidate
        if joined:
            return joined
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:HASH_DIGITS]
    return f"{kind}-{digest}"


def record_path(org: str, date: dt.date, kind: str, title: str | None) -> str:
    """Where the record goes, relative to the portal root (posix)."""
    return f"data/orgs/{org}/{date.year:04d}/{date.isoformat()}-{slug(title, kind)}.yaml"


def check_arguments(root: Path, kind: str, org: str) -> None:
    """Refuse an unknown kind or organization with the list of known ones (exit 2). The kinds are
    the registry's (:mod:`gongkai.validate.kinds`), the portal's own schema files included."""
    use_schemas(root)
    known_kinds = kinds.names()
    if kind not in known_kinds:
        # each kind with its noun, which only the Chinese listing shows
        kinds_listed = join([words("error.kind-item", kind=k, noun=Text(_noun(k, "zh"), ""))
                            for k in known_kinds], "list.kinds")
        raise PortalError("error.no-kind", kind=kind, guess=_guess(kind, known_kinds),
                          kinds=kinds_listed)
    orgs_dir = root / "data" / "orgs"
    known = sorted(p.parent.name for p in orgs_dir.glob("*/org.yaml")) if orgs_dir.is_dir() else []
    if not ORG_ID.fullmatch(org) or org not in known:
        listing = ", ".join(known) or "-"
        raise PortalError("error.no-org", org=org, guess=_guess(org, known), orgs=listing)


def _guess(given: str, known: Sequence[str]) -> Text:
    """"Did you mean …?" with the closest known name, or nothing."""
    close = difflib.get_close_matches(given, known, n=1)
    return words("error.did-you-mean", name=close[0]) if close else Text("", "")


def write_skeleton(root: Path, kind: str, org: str, date: dt.date, title: str | None,
                   lang: str, published: dt.date | None = None) -> str:
    """Write the skeleton and return its path relative to ``root``. Never overwrites.

    ``published`` is the day it is written (today): the day of the event would make a record
    written late look on time; never before ``date`` (schema/date-order)."""
    check_arguments(root, kind, org)
    rel = record_path(org, date, kind, title)
    target = root / rel
    schema_ref = Path(os.path.relpath(root / "schema" / f"{kind}.json", target.parent)).as_posix()
    text = render(kind, lang, schema_ref, date, title, max(published or date, date))
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(target, "x", encoding="utf-8", newline="\n") as handle:  # "x": never overwrite
            handle.write(text)
    except FileExistsError:
        raise FileExists("error.file-exists", file=rel) from None
    return rel


# -- rendering ---------------------------------------------------------------------------------


def render(kind: str, lang: str, schema_ref: str, date: dt.date, title: str | None,
           published: dt.date | None = None) -> str:
    words = _words(lang)
    fields = load_schema(kind).fields
    name = _noun(kind, lang)
    lines = [f"# yaml-language-server: $schema={schema_ref}",
             "# " + words["intro"].format(kind=name), "# " + words["then"],
             f"kind: {kind}"]
    lines.append(_line("", "title", _scalar(title) if title else "", _hint(fields["title"], lang)))
    for key, day in (("date", date), ("published", published or date)):
        lines.append(_line("", key, day.isoformat(), _hint(fields[key], lang)))
    lines.append(f"# {_meta(fields['scope'], lang)}{words['scope']}")
    lines.append("scope:")
    required = [k for k, r in fields.items() if r.get("required") and k not in ENVELOPE_HEAD]
    for key in required:
        lines += _field(key, fields[key], lang)
    optional = [k for k, r in fields.items() if not r.get("required")]
    after_publication = kinds.registry().envelope.names()  # corrections, withdrawn
    lines += ["", f"# {words['optional']}"]
    for key in (k for k in optional if k not in after_publication):
        lines += _field(key, fields[key], lang, mark="# ")
    lines += ["", f"# {words['later']}"]
    for key in (k for k in optional if k in after_publication):
        lines += _field(key, fields[key], lang, mark="# ")
    return "\n".join(lines) + "\n"


def _noun(kind: str, lang: str) -> str:
    """One record of the kind, as its schema file's ``kind: noun`` names it."""
    found = kinds.get(kind)
    noun = found.noun if found is not None else (kind, kind)
    return noun[1 if lang == "en" else 0]


def _field(key: str, rules: dict[str, Any], lang: str, *, indent: str = "", lead: str = "",
           mark: str = "", nested: bool = False) -> list[str]:
    """A field and its sub-fields; ``mark`` comments the lines out, ``lead`` is ``- `` or blank
    for the fields of a list item."""
    optional = not rules.get("required")
    if nested and optional:
        mark = "# "  # an optional sub-field stays commented out even in a required mapping
    value = ""
    if mark and isinstance(rules.get("default"), str):
        value = rules["default"]
    elif _is_block(rules):
        value = "|"
    out = [_line(f"{mark}{indent}{lead}", key, value, _hint(rules, lang, optional=nested and optional))]
    inner = indent + " " * len(lead) + "  "
    sub = rules.get("schema")
    if rules.get("type") == "dict" and isinstance(sub, dict):
        for name, child in sub.items():
            out += _field(name, child, lang, indent=inner, mark=mark, nested=True)
    elif rules.get("type") == "list" and isinstance(sub, dict):
        item = sub.get("schema")
        if sub.get("type") == "dict" and isinstance(item, dict):
            for index, (name, child) in enumerate(item.items()):
                out += _field(name, child, lang, indent=inner, lead="- " if index == 0 else "  ",
                              mark=mark, nested=True)
        else:
            out.append(f"{mark}{inner}-")
    return out


def _line(prefix: str, key: str, value: str, hint: str) -> str:
    head = f"{prefix}{key}:" + (f" {value}" if value else "")
    return f"{head}  # {hint}" if hint else head


def _meta(rules: dict[str, Any], lang: str) -> str:
    meta = rules.get("meta") or {}
    return str(meta.get("en" if lang == "en" else "zh", ""))


def _hint(rules: dict[str, Any], lang: str, optional: bool = False) -> str:
    words = _words(lang)
    parts = [_meta(rules, lang) + (words["opt"] if optional else "")]
    kind = rules.get("type")
    if kind == "day":
        parts.append(words["day"])
    elif kind == "integer":
        low, high = rules.get("min"), rules.get("max")
        if low is not None and high is not None:
            parts.append(f"{words['integer']} {low}-{high}")
        else:
            parts.append(words["count"] if low == 0 else words["integer"])
    elif kind == "number":
        parts.append(words["number"])
    elif kind == "boolean":
        parts.append(words["boolean"])
    elif _is_block(rules):
        parts.append(words["block"])
    allowed = rules.get("allowed")
    if allowed and len(allowed) > 1:
        parts.append(words["allowed"] + " / ".join(str(a) for a in allowed))
    if "default" in rules and isinstance(rules["default"], str | bool | int):
        parts.append(words["default"] + str(rules["default"]))
    return words["sep"].join(p for p in parts if p)


def _is_block(rules: dict[str, Any]) -> bool:
    """Long free text (a Markdown body) is written as a YAML block scalar."""
    return rules.get("type") == "string" and rules.get("maxlength", 0) > 2000 and "allowed" not in rules


def _scalar(text: str) -> str:
    """``text`` as a YAML scalar: plain when YAML reads it back unchanged, else double-quoted."""
    plain = text.strip() == text and "#" not in text and "\n" not in text
    if plain:
        try:
            plain = yaml.safe_load(f"k: {text}") == {"k": text}
        except yaml.YAMLError:
            plain = False
    return text if plain else json.dumps(text, ensure_ascii=False)
