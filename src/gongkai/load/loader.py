"""Safe YAML loading with a line map, refusing everything the data contract forbids.

libyaml (``CSafeLoader``) composes the node tree; we construct plain values from the nodes
ourselves so that every field path gets its line and column, duplicate keys and foreign tags
become findings, and an impossible date such as 2025-02-30 is reported at its node instead of
PyYAML's bare ``ValueError``. Aliases are refused before composing: the only way to make one is
an anchor, so a file without ``&`` needs no alias check at all.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from gongkai.core.findings import ERROR, Finding, Path, field_path
from gongkai.load.yamlslips import explain

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 16

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_T = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_T + name for name in ("str", "int", "float", "bool", "null", "timestamp")}
_BASE60_TAGS = {_T + "int", _T + "float"}
_CONSTRUCT = SafeConstructor.yaml_constructors
_CTOR = SafeConstructor()
# What YAML forbids raw (its "printable" set, YAML 1.1 §5.1): C0 controls but tab, LF and CR;
# DEL; C1 controls but NEL (U+0085); the non-characters U+FFFE and U+FFFF. 63 in all.
FORBIDDEN_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


class InvalidDate(str):
    """A scalar that looked like a date but names no real day; already reported."""


@dataclass
class Loaded:
    """One parsed file: its value (None when unreadable), where each field is, what went wrong."""

    data: Any = None
    lines: dict[Path, tuple[int, int]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    reported: set[Path] = field(default_factory=set)

    def where(self, path: Path) -> tuple[int, int]:
        """Line and column of a field, or of its nearest parent that exists."""
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path, (1, 1))

    def finding(self, code: str, file: str, path: Path, severity: str = ERROR,
                **params: Any) -> Finding:
        """A finding at a field's line (its parent's, when the field is absent)."""
        line, column = self.where(path)
        return Finding(code, severity, file, line, column, field_path(path),
                       tuple(params.items()))


def load_yaml(raw: bytes, file: str) -> Loaded:
    """Parse one file's bytes. Never raises for bad input: problems become findings, and a
    clerk's usual slips are named at their line (gongkai.load.yamlslips)."""
    out = _parse(raw, file)
    explained = explain(raw, file, out.findings, out.lines)
    if explained is not None:  # a slip: the file is not usable
        out.findings, out.data = explained, None
    return out


def _parse(raw: bytes, file: str) -> Loaded:
    out = Loaded()

    def fail(code: str, line: int = 1, column: int = 1, **params: Any) -> Loaded:
        out.findings.append(Finding(code, ERROR, file, line, column, params=tuple(params.items())))
        out.data = None
        return out

    if len(raw) > MAX_BYTES:
        return fail("yaml/too-large", 1, 0, limit=MAX_BYTES, size=len(raw))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return fail("yaml/encoding", line, 1, byte=exc.start)
    text = text.removeprefix("\ufeff")
    if "&" in text:
        anchor = _first_anchor(text)
        if anchor is not None:
            return fail("yaml/alias", *anchor)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and "end of stream" in (exc.problem or ""):
            mark = exc.context_mark  # where the unclosed quote or bracket opened
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        if "expected a single document" in str(exc):
            return fail("yaml/multiple-documents", line, col)
        if "nesting depth" in str(exc):
            return fail("yaml/too-deep", line, col, limit=MAX_DEPTH)
        return fail("yaml/syntax", line, col, problem=exc.problem or str(exc))
    except yaml.reader.ReaderError:  # a raw control character: libyaml gives a byte offset only
        line, col, char = _forbidden_char(text)
        return fail("yaml/control-char", line, col, char=char)
    except RecursionError:  # pure-Python composer on absurd nesting
        return fail("yaml/too-deep", 1, 1, limit=MAX_DEPTH)
    finally:
        loader.dispose()
    if node is None:
        return fail("yaml/not-mapping")
    if not isinstance(node, yaml.MappingNode):
        return fail("yaml/not-mapping", node.start_mark.line + 1, node.start_mark.column + 1)
    out.lines[()] = (1, 1)
    out.data = _Walker(file, out).value(node, (), 0)
    return out


def _forbidden_char(text: str) -> tuple[int, int, str]:
    """Line, column and U+ name of the first character YAML forbids raw."""
    match = FORBIDDEN_CHARS.search(text)
    if match is None:  # cannot happen: the reader refused something; point at the file
        return 1, 1, "?"
    start = match.start()
    line_start = text.rfind("\n", 0, start) + 1
    return text.count("\n", 0, start) + 1, start - line_start + 1, f"U+{ord(match.group()):04X}"


def _first_anchor(text: str) -> tuple[int, int] | None:
    """Position of the first anchor or alias, from libyaml's event stream (no composing)."""
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if getattr(event, "anchor", None) is not None:
                mark = event.start_mark
                return mark.line + 1, mark.column + 1
    except yaml.YAMLError:
        return None  # the composer reports the syntax error with its position
    return None


class _Walker:
    def __init__(self, file: str, out: Loaded) -> None:
        self.file = file
        self.out = out

    def report(self, code: str, node: yaml.Node, path: Path, **params: Any) -> None:
        mark = node.start_mark
        self.out.findings.append(
            Finding(code, ERROR, self.file, mark.line + 1, mark.column + 1,
                    field_path(path), tuple(params.items()))
        )
        self.out.reported.add(path)

    def value(self, node: yaml.Node, path: Path, depth: int) -> Any:
        if depth > MAX_DEPTH:
            self.report("yaml/too-deep", node, path, limit=MAX_DEPTH)
            return None
        if isinstance(node, yaml.MappingNode):
            if node.tag != _T + "map":
                self.report("yaml/tag", node, path, tag=node.tag)
                return None
            return self.mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _T + "seq":
                self.report("yaml/tag", node, path, tag=node.tag)
                return None
            items = []
            for index, item in enumerate(node.value):
                here = (*path, index)
                self.out.lines[here] = (item.start_mark.line + 1, item.start_mark.column + 1)
                items.append(self.value(item, here, depth + 1))
            return items
        return self.scalar(node, path)

    def mapping(self, node: yaml.MappingNode, path: Path, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != _T + "str":
                self.report("yaml/key-type", key_node, path)
                continue
            key = key_node.value
            here = (*path, key)
            line, col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if key in result:
                first = self.out.lines[here][0]
                self.report("yaml/duplicate-key", key_node, here, key=key, first=first)
                continue
            self.out.lines[here] = (line, col)
            result[key] = self.value(value_node, here, depth + 1)
        return result

    def scalar(self, node: yaml.Node, path: Path) -> Any:
        if node.tag not in _SCALAR_TAGS:
            self.report("yaml/tag", node, path, tag=node.tag)
            return None
        if node.tag in _BASE60_TAGS and ":" in node.value:
            return node.value  # YAML 1.1 base 60 (12:30 = 750): text, so the schema reports it
        try:
            value = _CONSTRUCT[node.tag](_CTOR, node)
        except ValueError:  # e.g. 2025-02-30: PyYAML raises without a position
            self.report("schema/invalid-date", node, path)
            return InvalidDate(node.value)
        if isinstance(value, dt.datetime):
            return value  # a date with a time: the schema reports the wrong type
        return value
