"""Load a portal: discover files, check each, check across files, build the model.

Data flows one way: layout -> per-file checks -> cross-file checks -> model. The result is the
model of the valid files plus every finding; nothing here raises for bad data. Only a portal that
cannot be loaded at all (no ``data/site.yaml``) raises :class:`PortalError`. How the per-file
checks run fast (validation cache, process pool, reads, garbage collection) is
:mod:`gongkai.validate.tuning`'s concern, not this story's (handbook: contributing.md#flow).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gongkai.core.errors import PortalError
from gongkai.core.findings import Finding
from gongkai.load.layout import Layout, RecordFile, discover
from gongkai.model.portal import Org, Portal, Record
from gongkai.validate import crossfile, kinds
from gongkai.validate.filecheck import Checked, Settings, check_site_file
from gongkai.validate.tuning import Job, check_files, fewer_collections, read
from gongkai.validate.versions import old_version, version_of


@dataclass
class LoadResult:
    portal: Portal
    findings: list[Finding]
    checked: dict[str, Checked]  # file -> per-file result
    layout: Layout


def load_portal(root: Path, data_dir: str = "data", cache: bool = True) -> LoadResult:
    """``cache=False`` neither reads nor writes the validation cache (:mod:`gongkai.validate.cache`)."""
    with fewer_collections():
        return _load_portal(root.resolve(), data_dir, cache)


def _load_portal(root: Path, data_dir: str, cache: bool) -> LoadResult:
    use_schemas(root)
    layout = _discover(root, data_dir)
    site_file = layout.site or ""
    findings = list(layout.findings)
    site_checked = check_site_file(_read_site(root, site_file), site_file)
    findings += site_checked.findings
    site: dict[str, Any] = site_checked.doc if site_checked.doc is not None else {}
    findings += old_version(site, site_checked.loaded, site_file)
    settings = Settings(tuple(_strings(site.get("office_email_domains"))),
                        tuple(_strings(site.get("banned_markings"))),
                        tuple(_strings(site.get("banned_phrases"))), version_of(site))
    checked: dict[str, Checked] = {site_file: site_checked}
    jobs = [Job("org", path, folder=oid) for oid, path in layout.orgs.items()]
    jobs += [Job("record", rf.path, record=rf) for rf in layout.records]
    results = check_files(root, jobs, settings, cache)
    orgs = dict(zip(layout.orgs, results[:len(layout.orgs)], strict=True))
    records = {rf.id: (rf, c) for rf, c in zip(layout.records, results[len(layout.orgs):],
                                                strict=True)}
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


def _discover(root: Path, data_dir: str) -> Layout:
    """Which file under ``data/`` is what; without a usable site.yaml the portal stops here."""
    if not (root / data_dir).is_dir():
        raise PortalError("error.no-data-dir", data_dir=data_dir)
    layout = discover(root, data_dir)
    if layout.site is None and (root / data_dir / "site.yaml").is_symlink():
        raise PortalError("error.site-symlink", data_dir=data_dir)
    if layout.site is None:
        raise PortalError("error.no-site", data_dir=data_dir)
    return layout


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
    return Portal(root, site, layout.site or "", model_orgs, model_records)


def use_schemas(root: Path) -> None:
    """The portal's own ``validators/schemas/`` count, first (handbook:
    contributing.md#add-a-kind); a schema file that cannot serve stops here (exit 2)."""
    try:
        kinds.use(root)
    except kinds.SchemaFileError as exc:
        raise PortalError("error.schema-file", file=exc.file, problem=exc.problem) from None


def _read_site(root: Path, rel: str) -> bytes:
    """site.yaml's bytes; a file that cannot be read stops the whole portal (exit 2)."""
    try:
        return read(root, rel)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise PortalError("error.site-unreadable", file=rel, reason=reason) from None


def _strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
