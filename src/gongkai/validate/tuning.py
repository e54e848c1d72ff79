"""How a load runs fast, kept out of the loading story (portal.py): the validation cache, a
process pool for many files, plain system calls to read them, fewer garbage collections
(handbook: performance.md#cache, contributing.md#flow). What is checked is the same either way;
tests/test_cache.py compares both paths with the plain one.
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

from gongkai.core.findings import ERROR, Finding
from gongkai.load.layout import RecordFile
from gongkai.load.loader import Loaded
from gongkai.validate import kinds
from gongkai.validate.cache import Store, decode_entry, encode_entry
from gongkai.validate.filecheck import Checked, Settings, check_org_file, check_record_file
from gongkai.validate.schemas import load_schema


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


def check_files(root: Path, jobs: list[Job], settings: Settings, cache: bool) -> list[Checked]:
    """Each job's file checked alone, in the order of ``jobs``; ``cache=False`` neither reads nor
    writes the validation cache (:mod:`gongkai.validate.cache`)."""
    store = Store.open(root, settings) if cache else None
    results = _through_cache(root, jobs, settings, store)
    if store is not None:
        store.save()
    return results


PARALLEL_FROM = 400  # below this many files a process pool costs more than it saves


@dataclass(frozen=True, slots=True)
class Job:
    """One file to check alone: an organization's org.yaml or a record."""

    what: str  # "org" or "record"
    rel: str
    folder: str = ""  # org: the folder its id must match
    record: RecordFile | None = None


def _through_cache(root: Path, jobs: list[Job], settings: Settings,
                   store: Store | None) -> list[Checked]:
    results: list[Checked | None] = [None] * len(jobs)
    pending: list[tuple[int, Job, bytes | None, str]] = []
    for index, job in enumerate(jobs):
        if store is None:
            pending.append((index, job, None, ""))
            continue
        try:
            raw = read(root, job.rel)
        except OSError:  # check_one reports it
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
        for index, job, given, key in pending:
            checked = check_one(root, job, given, settings)
            if store is not None:
                store.put(job.rel, encode_entry(checked, key))
            results[index] = checked
    return [c for c in results if c is not None]


def _use_pool(count: int) -> bool:
    # fork is unsafe once threads exist (e.g. under ``mkdocs serve``)
    return count >= PARALLEL_FROM and (os.cpu_count() or 1) >= 2 and threading.active_count() == 1


def _in_pool(root: Path, pending: list[tuple[int, Job, bytes | None, str]],
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
        checked = check_one(root, job, raw, settings)
        line = encode_entry(checked, key)
        out.append(checked if line is None else line)
    return out


def _from_worker(root: Path, job: Job, key: str, out: str | Checked, settings: Settings,
                 store: Store | None) -> Checked:
    if isinstance(out, Checked):  # a value the cache format cannot carry: not cached
        return out
    checked = decode_entry(out, job.rel, key, str(root))
    if checked is None:  # cannot happen for our own encoding; be correct regardless
        return check_one(root, job, None, settings)
    if store is not None:
        store.put(job.rel, out)
    return checked


def check_one(root: Path, job: Job, raw: bytes | None, settings: Settings) -> Checked:
    """One file checked alone (gongkai.validate.filecheck), read first unless ``raw`` holds its bytes."""
    if raw is None:
        try:
            raw = read(root, job.rel)
        except OSError as exc:  # discovered, then unreadable (permissions, I/O, removed)
            reason = exc.strerror or type(exc).__name__
            return Checked(job.rel, None, Loaded(), [Finding(
                "yaml/unreadable", ERROR, job.rel, params=(("reason", reason),))])
    if job.record is not None:
        return check_record_file(raw, job.record, settings)
    return check_org_file(raw, job.rel, job.folder, settings)


def read(root: Path, rel: str) -> bytes:
    """The file's bytes; plain system calls, about twice as fast as ``open()`` for small files."""
    fd = os.open(f"{root}{os.sep}{rel}", os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        chunks = []
        while chunk := os.read(fd, 1 << 16):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)
