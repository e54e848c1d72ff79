"""Load a portal: discover files, check each, check across files, build the model.

Data flows one way: layout -> per-file checks -> cross-file checks -> model. The result is the
model of the valid files plus every finding; nothing here raises for bad data. Only a portal that
cannot be loaded at all (no ``data/site.yaml``) raises :class:`PortalError`.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gongkai import crossfile
from gongkai.filecheck import Checked, Settings, check_org_file, check_record_file, check_site_file
from gongkai.findings import Finding
from gongkai.layout import Layout, RecordFile, discover
from gongkai.model import Org, Portal, Record


class PortalError(Exception):
    """The portal cannot be loaded at all (exit code 2)."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh, self.en = zh, en

    def message(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


@dataclass
class LoadResult:
    portal: Portal
    findings: list[Finding]
    checked: dict[str, Checked]  # file -> per-file result
    layout: Layout


def load_portal(root: Path, data_dir: str = "data") -> LoadResult:
    root = root.resolve()
    if not (root / data_dir).is_dir():
        raise PortalError(f"找不到数据目录 {data_dir}/（请在门户仓库的根目录运行）",
                          f"no {data_dir}/ folder here (run from the portal repository's root)")
    layout = discover(root, data_dir)
    if layout.site is None:
        raise PortalError(f"缺少 {data_dir}/site.yaml，无法加载门户",
                          f"{data_dir}/site.yaml is missing: the portal cannot be loaded")
    findings = list(layout.findings)
    site_checked = check_site_file(_read(root, layout.site), layout.site)
    findings += site_checked.findings
    site: dict[str, Any] = site_checked.doc if site_checked.doc is not None else {}
    settings = Settings(tuple(_strings(site.get("office_email_domains"))),
                        tuple(_strings(site.get("banned_markings"))))
    checked: dict[str, Checked] = {layout.site: site_checked}
    orgs = {oid: check_org_file(_read(root, path), path, oid, settings)
            for oid, path in layout.orgs.items()}
    checked_records = check_records(root, layout.records, settings)
    records = {rf.id: (rf, c) for rf, c in zip(layout.records, checked_records, strict=True)}
    for c in orgs.values():
        findings += c.findings
        checked[c.file] = c
    for _, c in records.values():
        findings += c.findings
        checked[c.file] = c
    findings += crossfile.check_org_tree(site, site_checked, orgs)
    org_ids, record_ids = set(orgs), set(records)
    for rid, (_, c) in records.items():
        findings += crossfile.check_references(rid, c, org_ids, record_ids)
        findings += crossfile.check_attachments(c, layout.attachments.get(rid, {}), str(root))
    portal = _model(root, site, layout, orgs, records, findings)
    return LoadResult(portal, findings, checked, layout)


def _model(root: Path, site: dict[str, Any], layout: Layout, orgs: dict[str, Checked],
           records: dict[str, tuple[RecordFile, Checked]], findings: list[Finding]) -> Portal:
    bad_files = {f.file for f in findings if f.severity == "error"}
    model_orgs = {oid: Org(oid, c.file, c.doc, c.loaded) for oid, c in sorted(orgs.items())
                  if c.doc is not None and c.file not in bad_files}
    model_records = {}
    for rid, (rf, c) in sorted(records.items()):
        if c.doc is not None and c.file not in bad_files and rf.org in model_orgs:
            model_records[rid] = Record(rid, rf.org, rf.stem, rf.path, c.doc, c.loaded,
                                        dict(layout.attachments.get(rid, {})))
    return Portal(root, site, layout.site or "", model_orgs, model_records, set(records))


PARALLEL_FROM = 400  # below this many files a process pool costs more than it saves


def check_records(root: Path, files: list[RecordFile], settings: Settings) -> list[Checked]:
    """Check record files, on every core when there are many and it is safe to fork."""
    jobs = os.cpu_count() or 1
    if len(files) < PARALLEL_FROM or jobs < 2 or threading.active_count() > 1:
        return [_check_one(root, rf, settings) for rf in files]
    context = multiprocessing.get_context("fork")
    work = [(root, rf, settings) for rf in files]
    with context.Pool(jobs) as pool:
        return pool.starmap(_check_one, work, chunksize=max(16, len(work) // (jobs * 8)))


def _check_one(root: Path, rf: RecordFile, settings: Settings) -> Checked:
    return check_record_file(_read(root, rf.path), rf, settings)


def _read(root: Path, rel: str) -> bytes:
    return (root / rel).read_bytes()


def _strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
