"""A clerk's usual YAML slips, named at the line where they are, with the fix.

PyYAML reports most of them a line too low (where it gave up) and in its own English words. This
looks at the lines at and above the place it gave up for one of six slips (handbook/docs/data.md):
a full-width colon ``：``, no space after a colon (``scope:party``), a tab, a full-width space,
an unclosed quote, a list item without ``- ``. A file that parses but has a key holding a
full-width colon or space (``　by: 党委`` is a key "　by") is the same slip, found in its keys.
The wording is in gongkai/core/catalog.py (``yaml/…`` codes).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from gongkai.core.findings import ERROR, Finding, Path

LOOK_BACK = 3  # lines above the one PyYAML names, besides it
KEY = r"[A-Za-z_][A-Za-z0-9_]*"
NO_SPACE = re.compile(rf"^\s*(?:- )?(?P<key>{KEY}):(?P<value>[^\s:/][^#]*)$")
FULLWIDTH_COLON = re.compile(rf"^\s*(?:- )?{KEY}\s*：")
LEADING = re.compile(r"^[ \t\u3000]*")


def explain(raw: bytes, file: str, findings: list[Finding],
            lines: Mapping[Path, tuple[int, int]]) -> list[Finding] | None:
    """What to report instead of a parse's ``findings`` (``lines``: where each field is), or
    None when there is no slip: a ``yaml/syntax`` finding replaced by the slip that caused it,
    where one is found; otherwise a finding for each key that carries a full-width colon or
    space. A file with a slip is not usable."""
    text = raw.decode("utf-8", errors="replace").removeprefix("\ufeff")
    source = text.split("\n")
    for index, finding in enumerate(findings):
        if finding.code == "yaml/syntax":
            slip = find_slip(source, finding.line, dict(finding.params).get("problem", ""))
            if slip is None:
                return None
            code, line, column = slip
            return [*findings[:index], Finding(code, ERROR, file, line, column),
                    *findings[index + 1:]]
    bad = _slipped_keys(lines, source)
    if not bad:
        return None
    return [*findings, *(Finding(code, ERROR, file, line, column) for code, line, column in bad)]


def find_slip(lines: list[str], at: int, problem: str) -> tuple[str, int, int] | None:
    """(code, line, column) of the slip nearest above (or at) line ``at`` (1-based)."""
    last = min(at, len(lines))
    for number in range(last, max(0, last - LOOK_BACK - 1), -1):
        slip = _slip_on(lines, number, problem)
        if slip is not None:
            return slip
    return None


def _slip_on(lines: list[str], number: int, problem: str) -> tuple[str, int, int] | None:
    line = lines[number - 1]
    stripped = line.strip()
    if not stripped or stripped.startswith("#"):
        return None
    lead = LEADING.match(line)
    indent = lead.group(0) if lead else ""
    if "\t" in indent:
        return "yaml/tab", number, indent.index("\t") + 1
    if "\u3000" in indent:
        return "yaml/fullwidth-space", number, indent.index("\u3000") + 1
    if FULLWIDTH_COLON.match(line):
        return "yaml/fullwidth-colon", number, line.index("：") + 1
    after = re.search(rf"^\s*(?:- )?{KEY}:\u3000", line)
    if after:
        return "yaml/fullwidth-space", number, after.end()
    if NO_SPACE.match(line):
        return "yaml/no-space-after-colon", number, line.index(":") + 2
    quote = _unclosed_quote(line)
    if quote is not None and "end of stream" in problem:
        return "yaml/unclosed-quote", number, quote + 1
    if _missing_dash(lines, number):
        return "yaml/missing-dash", number, len(indent) + 1
    return None


def _unclosed_quote(line: str) -> int | None:
    """Index of a value's opening quote that the line does not close."""
    found = re.search(r"(?::\s+|^\s*-\s+)(?P<q>[\"'])", line)
    if not found:
        return None
    start, quote = found.start("q"), found.group("q")
    rest = line[start + 1:]
    closed = rest.replace(quote * 2, "") if quote == "'" else rest.replace('\\"', "")
    return None if quote in closed else start


def _missing_dash(lines: list[str], number: int) -> bool:
    """A plain line (no key) at the indentation of the list items just above it."""
    line = lines[number - 1]
    indent = len(line) - len(line.lstrip(" "))
    if ":" in line or line.lstrip().startswith("- "):
        return False
    for above in reversed(lines[:number - 1]):
        if not above.strip() or above.lstrip().startswith("#"):
            continue
        return len(above) - len(above.lstrip(" ")) == indent and above.lstrip().startswith("- ")
    return False


def _slipped_keys(where: Mapping[Path, tuple[int, int]],
                  lines: list[str]) -> list[tuple[str, int, int]]:
    found = []
    for path, (line, column) in sorted(where.items(), key=lambda item: item[1]):
        key = path[-1] if path else None
        if isinstance(key, str) and ("\u3000" in key or "：" in key):
            slip = _slip_on(lines, line, "")
            if slip is None:
                code = "yaml/fullwidth-space" if "\u3000" in key else "yaml/fullwidth-colon"
                slip = (code, line, column)
            found.append(slip)
    return found
