"""Which file under ``data/`` is what (handbook: data.md#layout); anything else is a finding.

Walks with ``os.scandir`` and never follows a symbolic link.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from gongkai.core.findings import ERROR, Finding

ORG_ID = re.compile(r"[a-z0-9][a-z0-9-]{1,62}")
STEM = re.compile(r"(\d{4})-(\d{2})-(\d{2})-[a-z0-9-]{1,60}")
YEAR = re.compile(r"\d{4}")


@dataclass(frozen=True, slots=True)
class RecordFile:
    org: str
    year: str
    stem: str
    path: str  # relative to the portal root, posix

    @property
    def id(self) -> str:
        return f"{self.org}/{self.stem}"


@dataclass
class Layout:
    site: str | None = None
    orgs: dict[str, str] = field(default_factory=dict)  # org id -> org.yaml path
    org_folders: list[str] = field(default_factory=list)
    records: list[RecordFile] = field(default_factory=list)
    attachments: dict[str, dict[str, str]] = field(default_factory=dict)  # record id -> name -> path
    findings: list[Finding] = field(default_factory=list)


def discover(root: Path, data_dir: str = "data") -> Layout:
    """Classify every file under ``root/data_dir``; paths in the result are relative to root."""
    layout = Layout()
    base = root / data_dir

    prefix = os.path.join(str(root), "")
    tail = str(base)[len(prefix):]
    fast = str(base).startswith(prefix) and os.path.normpath(tail) == tail

    def rel(path: str) -> str:
        # scandir names hold no separator, "." or "..": cutting the root's prefix is enough
        if fast:
            return path[len(prefix):].replace(os.sep, "/")
        return Path(os.path.relpath(path, root)).as_posix()

    def bad(path: str, code: str = "layout/unexpected-file", **params: str) -> None:
        layout.findings.append(Finding(code, ERROR, rel(path), params=tuple(params.items())))

    for entry in _entries(str(base)):
        if entry.is_symlink():
            bad(entry.path, "layout/symlink")
        elif entry.name == "site.yaml" and entry.is_file():
            layout.site = rel(entry.path)
        elif entry.name == "orgs" and entry.is_dir():
            for org in _entries(entry.path):
                _org_folder(org, layout, bad, rel)
        else:
            bad(entry.path)
    return layout


def _entries(path: str) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(path) as it:
            return sorted(it, key=lambda e: e.name)
    except (FileNotFoundError, NotADirectoryError):
        return []


def _org_folder(org: os.DirEntry[str], layout: Layout, bad, rel) -> None:  # type: ignore[no-untyped-def]
    if org.is_symlink():
        return bad(org.path, "layout/symlink")
    if not org.is_dir():
        return bad(org.path)
    if not ORG_ID.fullmatch(org.name):
        return bad(org.path, "layout/bad-org-id")
    layout.org_folders.append(org.name)
    for entry in _entries(org.path):
        if entry.is_symlink():
            bad(entry.path, "layout/symlink")
        elif entry.name == "org.yaml" and entry.is_file():
            layout.orgs[org.name] = rel(entry.path)
        elif entry.is_dir() and YEAR.fullmatch(entry.name):
            _year_folder(org.name, entry, layout, bad, rel)
        elif entry.is_dir():
            bad(entry.path, "layout/bad-year")
        else:
            bad(entry.path)
    if org.name not in layout.orgs:
        layout.findings.append(Finding("layout/missing-org-file", ERROR, rel(org.path) + "/org.yaml"))


def _year_folder(org: str, year: os.DirEntry[str], layout: Layout, bad, rel) -> None:  # type: ignore[no-untyped-def]
    entries = _entries(year.path)
    stems = {e.name[:-5] for e in entries if e.name.endswith(".yaml") and e.is_file()}
    for entry in entries:
        if entry.is_symlink():
            bad(entry.path, "layout/symlink")
        elif entry.is_file() and entry.name.endswith(".yaml"):
            stem = entry.name[:-5]
            if not STEM.fullmatch(stem):
                bad(entry.path, "layout/bad-stem")
            elif stem[:4] != year.name:
                bad(entry.path, "layout/year-mismatch", stem_date=stem[:10], year=year.name)
                layout.records.append(RecordFile(org, year.name, stem, rel(entry.path)))
            else:
                layout.records.append(RecordFile(org, year.name, stem, rel(entry.path)))
        elif entry.is_dir() and entry.name in stems:
            files = _attachment_files(entry, bad)
            layout.attachments[f"{org}/{entry.name}"] = {n: rel(p) for n, p in files}
        elif entry.is_dir():
            bad(entry.path, "layout/orphan-attachments", stem=entry.name)
        else:
            bad(entry.path)


def _attachment_files(folder: os.DirEntry[str], bad) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    files = []
    for entry in _entries(folder.path):
        if entry.is_symlink():
            bad(entry.path, "layout/symlink")
        elif entry.is_file():
            files.append((entry.name, entry.path))
        else:
            bad(entry.path)
    return files
