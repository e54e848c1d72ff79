"""The kind registry: every record kind as its ``validators/schemas/<kind>.yaml`` declares it
(handbook: contributing.md#add-a-kind).

A schema file with a top-level ``kind:`` section is a record kind. The section gives the kind's
order among kinds, its names, its sub-type field, its lifecycle fields, what its record page shows
and which columns its open data carries. The fields' ``meta`` gives their site labels (``label``),
the labels of their allowed values (``values``, filed under ``enum`` when not the field's own
name) and, where a field needs more than its type's rendering, its renderer (``show``). The
envelope's ``lifecycle:`` section holds the lifecycle fields every record has.

Everything is read once per set of schema folders (:func:`gongkai.core.resources.schema_dirs`: the
portal's own ``validators/schemas/`` first, then the built-in one), so a kind is added by a
schema file alone.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from gongkai.core.resources import schema_dirs, use_portal
from gongkai.wording import Text, words

Pair = tuple[str, str]  # Chinese, English
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_OTHERS = ("definitions", "profile", "site")  # schema files of other files: never kinds, no labels


class SchemaFileError(ValueError):
    """A schema file that cannot serve as one (a portal's own, most likely): the portal cannot be
    loaded (exit 2), with the file and the reason in both languages."""

    def __init__(self, path: Path, problem: Text) -> None:
        self.file = "/".join(path.parts[-3:])  # validators/schemas/<name>.yaml
        self.problem = problem
        super().__init__(f"{self.file}: {problem.en}")


@dataclass(frozen=True)
class Lifecycle:
    """What may change after publication without a correction (handbook: data.md#changes)."""

    appended: Mapping[str, frozenset[str]] = field(default_factory=dict)  # list -> item keys that
    # may still change
    set_once: frozenset[str] = frozenset()  # may be set where it was not set
    free: frozenset[str] = frozenset()  # may change at any time

    def names(self) -> frozenset[str]:
        return frozenset(self.appended) | self.set_once | self.free


@dataclass(frozen=True)
class Kind:
    name: str
    order: int
    label: Pair  # the listing's name (plural where the language has one)
    noun: Pair  # one record of it, as ``new`` writes in its first comment
    articles: str  # the articles of the measures it serves, e.g. ``(5) (6) (28)``
    subtype: str | None  # the field that says which sort of it a record is
    lifecycle: Lifecycle
    page: tuple[str, ...]  # the record page's details, in this order
    shows: Mapping[str, str]  # field -> the record page's renderer for it (``meta: show``)
    fields: Mapping[str, Pair]  # its own field labels (they come first for its records)
    values: Mapping[str, Mapping[str, Pair]]  # its own value labels
    export: tuple[str, ...]  # the open-data columns of the kind, in this order


@dataclass(frozen=True)
class Registry:
    names: tuple[str, ...]  # the kinds, in their declared order
    kinds: Mapping[str, Kind]  # the same order
    envelope: Lifecycle
    fields: Mapping[str, Pair]  # field labels by name
    values: Mapping[str, Mapping[str, Pair]]  # value labels by field (or ``enum``) name


def use(root: Path) -> Registry:
    """Work on the portal ``root``: its own ``validators/schemas/`` count first. Raises
    :class:`SchemaFileError` when a schema file in use cannot be read."""
    use_portal(root)
    return registry()


def registry() -> Registry:
    """The registry of the schema folders in use (read once per set of folders)."""
    return _read(schema_dirs())


def names() -> tuple[str, ...]:
    """The record kinds, in their declared order."""
    return registry().names


def get(name: str) -> Kind | None:
    return registry().kinds.get(name)


def label(name: str) -> Pair | None:
    kind = get(name)
    return kind.label if kind is not None else None


def field_label(name: str, kind: str | None = None) -> Pair | None:
    """The kind's own label of the field if it has one, else the first a schema file gives."""
    own = get(kind) if kind is not None else None
    found = own.fields.get(name) if own is not None else None
    return found if found is not None else registry().fields.get(name)


def value_label(name: str, value: str, kind: str | None = None) -> Pair | None:
    own = get(kind) if kind is not None else None
    found = own.values.get(name, {}).get(value) if own is not None else None
    return found if found is not None else registry().values.get(name, {}).get(value)


def subtype(name: str) -> str | None:
    kind = get(name)
    return kind.subtype if kind is not None else None


# -- reading -------------------------------------------------------------------------------------


@cache
def _read(dirs: tuple[Path, ...]) -> Registry:
    files: dict[str, Any] = {}
    for folder in dirs:  # the portal's own file of a name comes first
        for path in sorted(folder.glob("*.yaml")):
            if path.stem not in files and path.stem not in _OTHERS:
                files[path.stem] = _load(path)
    kinds = [_kind(name, spec) for name, spec in files.items()
             if isinstance(spec, dict) and isinstance(spec.get("kind"), dict)]
    kinds.sort(key=lambda k: (k.order, k.name))
    fields: dict[str, Pair] = {}
    values: dict[str, dict[str, Pair]] = {}
    builtin = {path.stem for path in dirs[-1].glob("*.yaml")}
    for stem in sorted(files, key=lambda s: s not in builtin):  # a portal's kind cannot rename
        own_fields, own_values = _labels(files[stem])  # the fields of the built-in ones
        for name, pair in own_fields.items():
            fields.setdefault(name, pair)
        for name, pairs in own_values.items():
            for value, pair in pairs.items():
                values.setdefault(name, {}).setdefault(value, pair)
    envelope = files.get("envelope") or {}
    return Registry(tuple(k.name for k in kinds), {k.name: k for k in kinds},
                    _lifecycle(envelope.get("lifecycle")), fields, values)


def _load(path: Path) -> Any:
    """A schema file of our own or of the portal (trusted, as its profiles are), checked for the
    shape this module and :mod:`gongkai.validate.schemas` read."""
    try:
        spec = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
    except (OSError, UnicodeDecodeError) as exc:
        detail = Text("", f" ({type(exc).__name__})")  # the error's name, in English only
        raise SchemaFileError(path, words("schema-file.unreadable", detail=detail)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        raise SchemaFileError(path, words("schema-file.yaml", line=line)) from None
    if not isinstance(spec, dict) or not isinstance(spec.get("fields"), dict):
        raise SchemaFileError(path, words("schema-file.no-fields"))
    if "kind" in spec and not _is_kind_section(spec["kind"]):
        raise SchemaFileError(path, words("schema-file.kind"))
    return spec


def _is_kind_section(spec: Any) -> bool:
    """The shape of ``kind:`` (handbook: contributing.md#add-a-kind)."""
    if not isinstance(spec, dict) or not isinstance(spec.get("order"), int) or \
            isinstance(spec.get("order"), bool):
        return False
    pairs = [spec.get("label"), *([spec["noun"]] if "noun" in spec else [])]
    if not all(isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p)
               for p in pairs):
        return False
    lists = [spec.get(key, []) for key in ("page", "export")]
    lifecycle = spec.get("lifecycle", {})
    return (all(isinstance(x, list) and all(isinstance(v, str) for v in x) for x in lists)
            and isinstance(spec.get("subtype", ""), str) and isinstance(lifecycle, dict)
            and isinstance(spec.get("articles", ""), str)
            and isinstance(lifecycle.get("appended", {}), dict)
            and isinstance(spec.get("labels", {}), dict))


def _kind(name: str, file: dict[str, Any]) -> Kind:
    spec = file["kind"]
    page = tuple(spec.get("page") or ())
    shows = {str(field): str(rules["meta"]["show"]) for field, rules in file["fields"].items()
             if isinstance(rules, dict) and isinstance(rules.get("meta"), dict)
             and "show" in rules["meta"]}
    own_fields, own_values = _labels(file)
    return Kind(name, int(spec.get("order", 0)), _pair(spec.get("label"), name),
                _pair(spec.get("noun") or spec.get("label"), name), str(spec.get("articles", "")),
                spec.get("subtype"),
                _lifecycle(spec.get("lifecycle")), page, shows, own_fields, own_values,
                tuple(spec["export"]) if "export" in spec else page)


def _pair(value: Any, fallback: str) -> Pair:
    if isinstance(value, list) and len(value) == 2:
        return str(value[0]), str(value[1])
    return fallback, fallback


def _lifecycle(spec: Any) -> Lifecycle:
    spec = spec if isinstance(spec, dict) else {}
    appended = {str(k): frozenset(v or ()) for k, v in (spec.get("appended") or {}).items()}
    return Lifecycle(appended, frozenset(spec.get("set_once") or ()),
                     frozenset(spec.get("free") or ()))


def _metas(fields: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every field's name and ``meta``, sub-fields and list items included."""
    for name, rules in fields.items():
        yield from _rule_metas(str(name), rules)


def _rule_metas(name: str, rules: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    if not isinstance(rules, dict):
        return
    if isinstance(rules.get("meta"), dict):
        yield name, rules["meta"]
    sub = rules.get("schema")
    if rules.get("type") == "dict" and isinstance(sub, dict):
        yield from _metas(sub)
    elif rules.get("type") == "list" and isinstance(sub, dict):
        yield from _rule_metas(name, {k: v for k, v in sub.items() if k != "meta"})


def _labels(spec: Any) -> tuple[dict[str, Pair], dict[str, dict[str, Pair]]]:
    """The field and value labels one schema file gives, its ``kind: labels`` included."""
    fields: dict[str, Pair] = {}
    values: dict[str, dict[str, Pair]] = {}
    if not isinstance(spec, dict):
        return fields, values
    own = spec.get("kind")
    for name, pair in (own.get("labels") or {}).items() if isinstance(own, dict) else ():
        fields.setdefault(str(name), _pair(pair, str(name)))  # labels of no one field
    for name, meta in _metas(spec["fields"]) if isinstance(spec.get("fields"), dict) else ():
        _collect(name, meta, fields, values)
    return fields, values


def _collect(name: str, meta: dict[str, Any], fields: dict[str, Pair],
             values: dict[str, dict[str, Pair]]) -> None:
    """The first label of a name wins (tests/test_kind_registry.py: the files agree)."""
    if "label" in meta:
        fields.setdefault(name, _pair(meta["label"], name))
    if isinstance(meta.get("values"), dict):
        known = values.setdefault(str(meta.get("enum") or name), {})
        for value, pair in meta["values"].items():
            known.setdefault(str(value), _pair(pair, str(value)))
