"""``gongkai migrate``: rewrite a version-1 portal as version 2 (handbook/docs/data.md,
"从第 1 版迁移 Migrating from version 1").

The files are edited line by line, never re-dumped: comments, quoting, key order and blank lines
stay as the clerk wrote them, and the diff shows only the changed keys. Election records are
rewritten first and site.yaml last, so an interrupted run is finished by running it again; a
portal already at version 2 is left untouched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from gongkai.core.errors import PortalError
from gongkai.load.layout import discover
from gongkai.load.loader import load_yaml
from gongkai.validate.versions import CURRENT, NEW_BODY, OLD_BODY, needs_rename
from gongkai.wording import text

_VERSION_LINE = re.compile(r"^(schema_version\s*:\s*)1(\s*(?:#.*)?)$")


@dataclass
class Migration:
    changed: list[str] = field(default_factory=list)  # files rewritten, relative to the root
    skipped: list[str] = field(default_factory=list)  # files that could not be read as YAML


def migrate(root: Path, data_dir: str = "data") -> Migration:
    """Raises :class:`PortalError` when there is no portal here or its version is unknown."""
    root = root.resolve()
    if not (root / data_dir).is_dir():
        raise PortalError("error.no-data-dir", data_dir=data_dir)
    layout = discover(root, data_dir)
    if layout.site is None:
        raise PortalError("error.migrate-no-site", data_dir=data_dir)
    site_text = (root / layout.site).read_text(encoding="utf-8")
    version = load_yaml(site_text.encode("utf-8"), layout.site).data
    found = version.get("schema_version") if isinstance(version, dict) else None
    if found not in (1, CURRENT) or isinstance(found, bool):
        raise PortalError("error.migrate-version", version=CURRENT)
    out = Migration()
    if found == CURRENT:
        return out
    for record in layout.records:
        _election(root, record.path, out)
    new_site = _site_text(site_text)
    if new_site is None:
        raise PortalError("error.migrate-no-line")
    _write(root / layout.site, new_site)
    out.changed.append(layout.site)
    return out


def _election(root: Path, rel: str, out: Migration) -> None:
    raw = (root / rel).read_bytes()
    loaded = load_yaml(raw, rel)
    if loaded.data is None:  # check reports why; name it here only if it may be an election
        if b"election" in raw:
            out.skipped.append(rel)
        return
    if not needs_rename(loaded.data):
        return
    line, column = loaded.lines[(OLD_BODY,)]
    lines = raw.decode("utf-8").split("\n")
    text = lines[line - 1]
    start = column - 1
    quote = text[start] if text[start] in "'\"" else ""
    key = f"{quote}{OLD_BODY}{quote}"
    if not text.startswith(key, start):  # a key spelled some other way: leave it to the clerk
        out.skipped.append(rel)
        return
    lines[line - 1] = f"{text[:start]}{quote}{NEW_BODY}{quote}{text[start + len(key):]}"
    _write(root / rel, "\n".join(lines))
    out.changed.append(rel)


def _site_text(text: str) -> str | None:
    lines = text.split("\n")
    for index, line in enumerate(lines):
        match = _VERSION_LINE.match(line)
        if match:
            lines[index] = f"{match.group(1)}{CURRENT}{match.group(2)}"
            return "\n".join(lines)
    return None


def _write(path: Path, text: str) -> None:
    """Bytes as they were, line endings included (``split("\\n")`` keeps any ``\\r``)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(text)


def report(result: Migration, lang: str) -> str:
    if not result.changed and not result.skipped:
        return text("migrate.nothing", lang, version=CURRENT) + "\n"
    lines = [text("migrate.rewrote", lang, path=path) for path in result.changed]
    lines += [text("migrate.skipped", lang, path=path) for path in result.skipped]
    elections = sum(1 for p in result.changed if not p.endswith("site.yaml"))
    lines.append(text("migrate.done", lang, version=CURRENT, elections=elections))
    return "\n".join(lines) + "\n"
