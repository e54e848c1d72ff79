"""The one finding type every part of gongkai reports with, and the report that collects them.

Checks *yield* findings; nothing in the engine raises for bad data. Only the CLI and the MkDocs
entry turn a report into an exit code or a build error.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from gongkai.core.catalog import message

ERROR = "error"
WARNING = "warning"
SEVERITIES = (ERROR, WARNING)

Path = tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem, at one place.

    ``file`` is relative to the portal root (posix separators); ``line``/``column`` are 1-based,
    0 when the problem concerns a whole file. ``params`` fill the message template of ``code``.
    Rule findings also carry status, organization, period, due date and citation.
    """

    code: str
    severity: str
    file: str
    line: int = 0
    column: int = 0
    field: str = ""
    params: tuple[tuple[str, Any], ...] = ()
    status: str = ""
    org: str = ""
    period: str = ""
    due: date | None = None
    citation: str = ""

    def message(self, lang: str = "zh") -> str:
        return message(self.code, lang, dict(self.params), field=self.field)

    @property
    def sort_key(self) -> tuple[Any, ...]:
        return (self.file, self.line, self.column, self.code, self.field, self.period, self.org)

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        out: dict[str, Any] = {
            "code": self.code,
            "severity": self.severity,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "message": self.message(lang),
        }
        if self.code.startswith("rule/"):
            out.update(
                status=self.status,
                org=self.org,
                period=self.period,
                due=self.due.isoformat() if self.due else None,
                citation=self.citation,
            )
        return out


def org_of(finding: Finding) -> str:
    """The organization a finding belongs to: its own, or the folder its file is in."""
    return finding.org or org_of_file(finding.file)


def org_of_file(path: str) -> str:
    """``data/orgs/<id>/…`` -> ``<id>``; "" for a file outside the organizations' folders."""
    parts = path.split("/")
    return parts[2] if len(parts) > 2 and parts[1] == "orgs" else ""


def field_path(path: Path) -> str:
    """``('attendance', 'present')`` -> ``attendance.present``; list indexes as ``[0]``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


@dataclass
class Report:
    """Findings collected from every source, in a stable order."""

    findings: list[Finding] = field(default_factory=list)

    def extend(self, findings: Iterable[Finding]) -> None:
        self.findings.extend(findings)

    def sorted(self) -> list[Finding]:
        unique = {(f.sort_key, f.severity, f.params, f.due): f for f in self.findings}
        return sorted(unique.values(), key=lambda f: f.sort_key)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.sorted())

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.sorted() if f.severity == ERROR]

    @property
    def ok(self) -> bool:
        return not any(f.severity == ERROR for f in self.findings)
