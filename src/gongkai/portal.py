"""Load a portal: discover files, check each, check across files, build the model.

Data flows one way: layout -> per-file checks -> cross-file checks -> model. The result is the
model of the valid files plus every finding; nothing here raises for bad data. Only a portal that
cannot be loaded at all (no ``data/site.yaml``) raises :class:`PortalError`.
"""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gongkai import crossfile, kinds
from gongkai.cache import Store, decode_entry, encode_entry
from gongkai.filecheck import Checked, Settings, check_org_file, check_record_file, check_site_file
from gongkai.findings import ERROR, Finding
from gongkai.layout import Layout, RecordFile, discover
from gongkai.loader import Loaded
from gongkai.model import Org, Portal, Record
from gongkai.schemas import load_schema
from gongkai.versions import old_version, version_of


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


def load_portal(root: Path, data_dir: str = "data", cache: bool = True) -> LoadResult:
    """``cache=False`` neither reads nor writes the validation cache (:mod:`gongkai.cache`)."""
    with fewer_collections():
        return _load_portal(root.resolve(), data_dir, cache)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Loading makes many objects that live on and little garbage: a full collection would only
    rescan the growing portal again and again (a tenth of a warm ``check``). Young garbage, such
    as Cerberus's validator cycles, is still collected."""
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], 20_000), max(old[1], 20), max(old[2], 1_000))
    try:
        yield
    finally:
        gc.set_threshold(*old)


def _load_portal(root: Path, data_dir: str, cache: bool) -> LoadResult:
    use_schemas(root)
    if not (root / data_dir).is_dir():
        raise PortalError(f"找不到数据目录 {data_dir}/（请在门户仓库的根目录运行）",
                          f"no {data_dir}/ folder here (run from the portal repository's root)")
    layout = discover(root, data_dir)
    if layout.site is None and (root / data_dir / "site.yaml").is_symlink():
        raise PortalError(f"{data_dir}/site.yaml 是符号链接，已拒绝（data/ 下不允许链接）",
                          f"{data_dir}/site.yaml is a symbolic link: refused (no links under "
                          "data/)")
    if layout.site is None:
        raise PortalError(f"缺少 {data_dir}/site.yaml，无法加载门户",
                          f"{data_dir}/site.yaml is missing: the portal cannot be loaded")
    findings = list(layout.findings)
    site_checked = check_site_file(_read_site(root, layout.site), layout.site)
    findings += site_checked.findings
    site: dict[str, Any] = site_checked.doc if site_checked.doc is not None else {}
    findings += old_version(site, site_checked.loaded, layout.site)
    settings = Settings(tuple(_strings(site.get("office_email_domains"))),
                        tuple(_strings(site.get("banned_markings"))),
                        tuple(_strings(site.get("banned_phrases"))), version_of(site))
    checked: dict[str, Checked] = {layout.site: site_checked}
    store = Store.open(root, settings) if cache else None
    jobs = [_Job("org", path, folder=oid) for oid, path in layout.orgs.items()]
    jobs += [_Job("record", rf.path, record=rf) for rf in layout.records]
    results = _check_files(root, jobs, settings, store)
    if store is not None:
        store.save()
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


PARALLEL_FROM = 400  # below this many files a process pool costs more than it saves


@dataclass(frozen=True, slots=True)
class _Job:
    """One file to check alone: an organization's org.yaml or a record."""

    what: str  # "org" or "record"
    rel: str
    folder: str = ""  # org: the folder its id must match
    record: RecordFile | None = None


def _check_files(root: Path, jobs: list[_Job], settings: Settings,
                 store: Store | None) -> list[Checked]:
    results: list[Checked | None] = [None] * len(jobs)
    pending: list[tuple[int, _Job, bytes | None, str]] = []
    for index, job in enumerate(jobs):
        if store is None:
            pending.append((index, job, None, ""))
            continue
        try:
            raw = _read(root, job.rel)
        except OSError:  # _check reports it
            pending.append((index, job, None, ""))
            continue
        key = store.key(job.what, job.rel, raw)
        hit = store.get(job.rel, key)
        if hit is None:
            pending.append((index, job, raw, key))
        else:
            results[index] = hit
    if _use_pool(len(pending)):
        for (index, job, _, key), out in zip(pending, _in_pool(root, pending, settings),
                                             strict=True):
            results[index] = _from_worker(root, job, key, out, settings, store)
    else:
        for index, job, read, key in pending:
            checked = _check(root, job, read, settings)
            if store is not None:
                store.put(job.rel, encode_entry(checked, key))
            results[index] = checked
    return [c for c in results if c is not None]


def use_schemas(root: Path) -> None:
    """The portal's own ``validators/schemas/`` count, first (handbook:
    contributing.md#add-a-kind); a schema file that cannot serve stops here (exit 2)."""
    try:
        kinds.use(root)
    except kinds.SchemaFileError as exc:
        raise PortalError(exc.zh, exc.en) from None


def _use_pool(count: int) -> bool:
    # fork is unsafe once threads exist (e.g. under ``mkdocs serve``)
    return count >= PARALLEL_FROM and (os.cpu_count() or 1) >= 2 and threading.active_count() == 1


def _in_pool(root: Path, pending: list[tuple[int, _Job, bytes | None, str]],
             settings: Settings) -> Iterator[str | Checked]:
    """Results in order, as they come. The workers inherit the tasks (fork) and are sent only
    ranges of them; they send back JSON entry lines, cheaper to decode here than pickled
    objects (and the line maps stay text until a finding needs a line)."""
    import multiprocessing

    for name in (*kinds.names(), "org"):
        load_schema(name)  # once, before the fork, instead of once per worker
    jobs = os.cpu_count() or 1
    tasks = [(job, raw, key) for _, job, raw, key in pending]
    size = min(512, max(16, len(tasks) // (jobs * 16)))
    ranges = [(start, min(start + size, len(tasks))) for start in range(0, len(tasks), size)]
    _WORKER.update(root=root, settings=settings, tasks=tasks)
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            for batch in pool.imap(_work, ranges):
                yield from batch
    finally:
        _WORKER.clear()


_WORKER: dict[str, Any] = {}  # what a forked worker inherits: root, settings, tasks


def _work(span: tuple[int, int]) -> list[str | Checked]:
    root, settings = _WORKER["root"], _WORKER["settings"]
    out: list[str | Checked] = []
    for job, raw, key in _WORKER["tasks"][span[0]:span[1]]:
        checked = _check(root, job, raw, settings)
        line = encode_entry(checked, key)
        out.append(checked if line is None else line)
    return out


def _from_worker(root: Path, job: _Job, key: str, out: str | Checked, settings: Settings,
                 store: Store | None) -> Checked:
    if isinstance(out, Checked):  # a value the cache format cannot carry: not cached
        return out
    checked = decode_entry(out, job.rel, key, str(root))
    if checked is None:  # cannot happen for our own encoding; be correct regardless
        return _check(root, job, None, settings)
    if store is not None:
        store.put(job.rel, out)
    return checked


def _check(root: Path, job: _Job, raw: bytes | None, settings: Settings) -> Checked:
    if raw is None:
        try:
            raw = _read(root, job.rel)
        except OSError as exc:  # discovered, then unreadable (permissions, I/O, removed)
            reason = exc.strerror or type(exc).__name__
            return Checked(job.rel, None, Loaded(), [Finding(
                "yaml/unreadable", ERROR, job.rel, params=(("reason", reason),))])
    if job.record is not None:
        return check_record_file(raw, job.record, settings)
    return check_org_file(raw, job.rel, job.folder, settings)


def _read(root: Path, rel: str) -> bytes:
    """The file's bytes; plain system calls, about twice as fast as ``open()`` for small files."""
    fd = os.open(f"{root}{os.sep}{rel}", os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        chunks = []
        while chunk := os.read(fd, 1 << 16):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _read_site(root: Path, rel: str) -> bytes:
    """site.yaml's bytes; a file that cannot be read stops the whole portal (exit 2)."""
    try:
        return _read(root, rel)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise PortalError(f"无法读取 {rel}（{reason}），门户无法加载",
                          f"{rel} cannot be read ({reason}): the portal cannot be loaded") from None


def _strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
