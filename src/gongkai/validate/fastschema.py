"""A compiled proof of validity that lets a valid document skip Cerberus.

Cerberus costs about 0.2 ms per record here, 40% of checking a valid file, most of it spent
walking its own rule tables. :func:`compile_schema` turns a schema into nested closures that
answer one question only: *is this document certainly valid?* When the answer is yes, Cerberus
would report no error either; for anything else (an invalid document, a value of an unexpected
Python type, a rule this module does not know) the answer is "not certain" and Cerberus runs as
before and reports its errors. So no check is weakened: this is a shortcut for the common case.

It mirrors Cerberus 1.3 (``normalize=False``, no unknown fields, no ``update``) for exactly the
rules our schemas use: ``type`` (with :class:`~gongkai.validate.schemas.StrictValidator`'s types, checked
by exact Python type, which is stricter), ``required``, ``allowed``, ``min``, ``max``,
``minlength``, ``maxlength``, ``regex``, ``schema`` (of a dict or of a list's items),
``keysrules``, ``valuesrules`` and ``dependencies`` on fields of the same mapping, plus the
annotations Cerberus skips when validating (``default``, ``meta``). A value of None is never
certain (``nullable`` is not used). A schema using any other rule compiles to None: no shortcut.
``tests/test_fastschema.py`` compares the two on every test case and thousands of mutations.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence, Sized
from typing import Any

Check = Callable[[Any], bool]  # a value -> certainly valid
FieldCheck = Callable[[Any, Any], bool]  # a value and the mapping that holds it

_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,), "integer": (int,), "number": (int, float), "day": (dt.date,),
    "boolean": (bool,), "list": (list,), "dict": (dict,),
}
_KNOWN = {"type", "required", "allowed", "min", "max", "minlength", "maxlength", "regex", "schema",
          "keysrules", "valuesrules", "dependencies", "default", "meta"}


class Unsupported(Exception):
    """A rule or form this module does not mirror: the schema gets no shortcut."""


def compile_schema(fields: Mapping[str, Any]) -> Check | None:
    """The shortcut for a document of ``fields`` (a Cerberus schema), or None."""
    try:
        return _mapping(fields)
    except Unsupported:
        return None


def _mapping(fields: Mapping[str, Any]) -> Check:
    if not isinstance(fields, Mapping) or not all(isinstance(r, Mapping) for r in fields.values()):
        raise Unsupported("a schema that is not a mapping of rule sets")
    checks = {name: _field(rules) for name, rules in fields.items()}
    required = frozenset(name for name, rules in fields.items() if rules.get("required") is True)

    def check(doc: Any) -> bool:
        if type(doc) is not dict:
            return False
        for name, value in doc.items():
            field = checks.get(name)
            if field is None or not field(value, doc):
                return False
        return required.issubset(doc)

    return check


def _field(rules: Mapping[str, Any], in_mapping: bool = True) -> FieldCheck:
    unknown = set(rules) - _KNOWN
    if unknown:
        raise Unsupported(", ".join(sorted(map(str, unknown))))
    types = _types(rules.get("type"))
    tests: list[FieldCheck] = []
    if types is not None:
        tests.append(lambda v, _: type(v) in types)
    tests += [_allowed(rules["allowed"])] if "allowed" in rules else []
    tests += _bounds(rules)
    if "regex" in rules:
        tests.append(_regex(rules["regex"]))
    if "schema" in rules:
        tests.append(_schema(rules["schema"], types))
    for rule, of_keys in (("keysrules", True), ("valuesrules", False)):
        if rule in rules:
            tests.append(_each(rules[rule], types, of_keys))
    if "dependencies" in rules:
        if not in_mapping:
            raise Unsupported("dependencies outside a mapping")
        tests.append(_dependencies(rules["dependencies"]))

    if types is not None and len(tests) == 1:  # the common field: a type and nothing else
        return lambda value, _: type(value) in types  # None is of no type we accept

    def check(value: Any, mapping: Any) -> bool:
        if value is None:  # Cerberus: not nullable
            return False
        for test in tests:
            if not test(value, mapping):
                return False
        return True

    return check


def _types(names: Any) -> frozenset[type] | None:
    if names is None:
        return None
    names = [names] if isinstance(names, str) else names
    if not isinstance(names, Sequence) or not all(n in _TYPES for n in names):
        raise Unsupported(f"type {names!r}")
    return frozenset(t for n in names for t in _TYPES[n])


def _allowed(allowed: Any) -> FieldCheck:
    if not isinstance(allowed, (list, tuple)):
        raise Unsupported("allowed that is not a list")

    def check(value: Any, _: Any) -> bool:
        if isinstance(value, Iterable) and not isinstance(value, str):
            return all(x in allowed for x in value)
        return value in allowed

    return check


def _bounds(rules: Mapping[str, Any]) -> list[FieldCheck]:
    out: list[FieldCheck] = []
    if "min" in rules:
        out.append(_compare(lambda v, bound: not v < bound, rules["min"]))
    if "max" in rules:
        out.append(_compare(lambda v, bound: not v > bound, rules["max"]))
    if "minlength" in rules:
        low = _int(rules["minlength"])
        out.append(lambda v, _: not isinstance(v, Sized) or len(v) >= low)
    if "maxlength" in rules:
        high = _int(rules["maxlength"])
        out.append(lambda v, _: not isinstance(v, Sized) or len(v) <= high)
    return out


def _compare(holds: Callable[[Any, Any], bool], bound: Any) -> FieldCheck:
    def check(value: Any, _: Any) -> bool:
        try:
            return holds(value, bound)
        except TypeError:  # Cerberus lets an incomparable value pass; here it is not certain
            return False

    return check


def _int(value: Any) -> int:
    if type(value) is not int:
        raise Unsupported("a length that is not an integer")
    return value


def _regex(pattern: Any) -> FieldCheck:
    if not isinstance(pattern, str):
        raise Unsupported("regex")
    compiled = re.compile(pattern if pattern.endswith("$") else pattern + "$")  # as Cerberus
    return lambda v, _: not isinstance(v, str) or compiled.match(v) is not None


def _schema(schema: Any, types: frozenset[type] | None) -> FieldCheck:
    """Of a dict: its fields; of a list: each item's rules (Cerberus decides by the value)."""
    if types == frozenset({dict}):
        fields = _mapping(schema)
        return lambda v, _: fields(v)
    if types == frozenset({list}) and isinstance(schema, Mapping):
        item = _field(schema, in_mapping=False)
        return lambda v, _: all(item(x, None) for x in v)
    raise Unsupported("schema without a single type dict or list")


def _each(rules: Any, types: frozenset[type] | None, of_keys: bool) -> FieldCheck:
    if types != frozenset({dict}) or not isinstance(rules, Mapping):
        raise Unsupported("keysrules or valuesrules without type dict")
    item = _field(rules, in_mapping=False)
    if of_keys:
        return lambda v, _: all(item(k, None) for k in v)
    return lambda v, _: all(item(x, None) for x in v.values())


def _dependencies(dependencies: Any) -> FieldCheck:
    if isinstance(dependencies, str):
        dependencies = [dependencies]
    if isinstance(dependencies, Mapping):
        wanted = {name: _values(values) for name, values in dependencies.items()}
        _simple_names(wanted)
        return lambda _, m: all(name in m and m[name] in values for name, values in wanted.items())
    if isinstance(dependencies, list):
        names = list(dependencies)
        _simple_names(names)
        return lambda _, m: all(name in m for name in names)
    raise Unsupported("dependencies")


def _values(values: Any) -> list[Any]:
    if not isinstance(values, Sequence) or isinstance(values, str):
        return [values]
    return list(values)


def _simple_names(names: Iterable[Any]) -> None:
    for name in names:
        if not isinstance(name, str) or "." in name or name.startswith("^"):
            raise Unsupported(f"dependency on {name!r}")
