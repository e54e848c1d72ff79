"""Everything that can be checked from one file alone: bytes in, document and findings out.

Pure functions of (bytes, path, settings), so a result can be cached by content hash and files
can be checked in parallel.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gongkai.core.findings import Finding
from gongkai.load.layout import RecordFile
from gongkai.load.loader import Loaded, load_yaml
from gongkai.validate import kinds
from gongkai.validate.kindchecks import check_kind
from gongkai.validate.schemas import is_day, load_schema, prepare, validate
from gongkai.validate.textscan import may_carry_personal_data, scan_markdown, scan_personal_data
from gongkai.validate.versions import CURRENT, read_v1_election

DEFAULT_ZONE = "Asia/Shanghai"  # site.yaml's default (validators/schemas/site.yaml): known good
DEFAULT_MARKINGS = ["绝密", "机密", "秘密", "内部", "涉密"]
DEFAULT_PHRASES = ["内部资料", "内部文件", "内部使用", "内部传阅", "注意保存", "涉密文件"]


@dataclass(frozen=True)
class Settings:
    """What per-file checks need from site.yaml."""

    office_email_domains: tuple[str, ...] = ()
    banned_markings: tuple[str, ...] = tuple(DEFAULT_MARKINGS)
    banned_phrases: tuple[str, ...] = tuple(DEFAULT_PHRASES)
    schema_version: int = CURRENT  # 1: an election's body is read as elected_body


@dataclass
class Checked:
    file: str
    doc: dict[str, Any] | None
    loaded: Loaded
    findings: list[Finding] = field(default_factory=list)


def check_site_file(raw: bytes, file: str) -> Checked:
    checked = _check_shape(raw, file, "site")
    zone = checked.doc.get("timezone") if checked.doc is not None else None
    if isinstance(zone, str) and zone != DEFAULT_ZONE and not is_iana_zone(zone):
        checked.findings.append(checked.loaded.finding("schema/timezone", file, ("timezone",)))
    return checked


def is_iana_zone(name: str) -> bool:
    """A zone of the IANA database as Python knows it (zoneinfo: the system's or tzdata)."""
    import zoneinfo  # only for a site.yaml that names a zone: not on every check's path

    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def check_org_file(raw: bytes, file: str, folder: str, settings: Settings) -> Checked:
    checked = _check_shape(raw, file, "org")
    doc, loaded = checked.doc, checked.loaded
    if doc is None:
        return checked
    if isinstance(doc.get("id"), str) and doc["id"] != folder:
        checked.findings.append(loaded.finding("schema/id-mismatch", file, ("id",),
                                               value=doc["id"], folder=folder))
    checked.findings.extend(_status_history(doc, loaded, file))
    checked.findings.extend(scan_personal_data(doc, loaded, file, list(settings.office_email_domains),
                                               list(settings.banned_markings),
                                               list(settings.banned_phrases)))
    return checked


def check_record_file(raw: bytes, record: RecordFile, settings: Settings) -> Checked:
    file = record.path
    loaded = load_yaml(raw, file)
    checked = Checked(file, loaded.data, loaded, list(loaded.findings))
    doc = loaded.data
    if doc is None:
        return checked
    kind = doc.get("kind")
    known = kinds.names()
    if kind not in known:
        where = ("kind",) if "kind" in doc else ()
        code = "schema/allowed" if "kind" in doc else "schema/required"
        checked.findings.append(loaded.finding(code, file, where if where else ("kind",),
                                               allowed=", ".join(known)))
        checked.doc = None
        return checked
    if settings.schema_version != CURRENT:
        read_v1_election(doc, loaded)
    schema = load_schema(kind)
    checked.findings += prepare(schema.fields, doc, loaded, file)
    checked.findings += validate(schema, doc, loaded, file)
    checked.findings += _envelope(doc, loaded, record)
    checked.findings += check_kind(doc, loaded, file)
    if may_carry_personal_data(raw.decode("utf-8", "replace"), list(settings.banned_markings),
                               list(settings.banned_phrases)):
        checked.findings += scan_personal_data(doc, loaded, file,
                                               list(settings.office_email_domains),
                                               list(settings.banned_markings),
                                               list(settings.banned_phrases))
    checked.findings += scan_markdown(doc, loaded, file)
    return checked


def _check_shape(raw: bytes, file: str, name: str) -> Checked:
    loaded = load_yaml(raw, file)
    checked = Checked(file, loaded.data, loaded, list(loaded.findings))
    if loaded.data is not None:
        schema = load_schema(name)
        checked.findings += prepare(schema.fields, loaded.data, loaded, file)
        checked.findings += validate(schema, loaded.data, loaded, file)
    return checked


def _envelope(doc: dict[str, Any], loaded: Loaded, record: RecordFile) -> list[Finding]:
    file = record.path
    out = []
    date, published = doc.get("date"), doc.get("published")
    if is_day(date) and is_day(published) and doc.get("kind") != "notice" and published < date:
        out.append(loaded.finding("schema/date-order", file, ("published",), other="date"))
    if doc.get("scope") == "specific" and not doc.get("audience"):
        out.append(loaded.finding("schema/required", file, ("audience",)))
    if is_day(date) and not doc.get("corrections"):
        if record.stem[:10] != date.isoformat() or record.year != f"{date.year:04d}":
            out.append(loaded.finding("schema/stem-date", file, ("date",)))
    withdrawn = doc.get("withdrawn")
    if isinstance(withdrawn, dict) and is_day(date):
        when = withdrawn.get("date")
        if is_day(when) and when < date:
            out.append(loaded.finding("schema/date-order", file, ("withdrawn", "date"), other="date"))
    return out


def _status_history(doc: dict[str, Any], loaded: Loaded, file: str) -> list[Finding]:
    history = doc.get("history")
    events = [e for e in history if isinstance(e, dict)] if isinstance(history, list) else []
    dated = sorted((e for e in events if is_day(e.get("date"))), key=lambda e: e["date"])
    revoked_last = bool(dated) and dated[-1].get("event") == "revoked"
    if (doc.get("status") == "revoked") != revoked_last:
        return [loaded.finding("schema/status-history", file, ("status",) if "status" in doc
                               else ("history",))]
    return []
