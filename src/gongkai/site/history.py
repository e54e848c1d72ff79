"""A record's history: what the record itself says (published, corrections, withdrawal) and,
from git, when each file under data/ was first added and last changed.

Git dates are shown only where they add something (:func:`events`), and under their own words
("收录入本网站", "网站最近更新") so that a reader cannot take them for unrecorded edits: the day a
record was added to the site is shown only when it is later than its publication (a record
disclosed before the portal existed), and the last change only when it is later than every
dated event the record lists (a progress note or an outcome added since).

One ``git log --name-status`` pass over data/ for the whole tree, never a process per file.
Dates only: no author names or e-mail addresses reach the site (personal data). A plain folder
gives nothing, and the site says less; a shallow clone knows when files last changed but not
when they were first added, so ``first`` stays unknown there. Commits dated after the as-of date
are left out, so a build "as of" a past day does not show later changes.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MARK = "\x01"


@dataclass(frozen=True)
class FileDates:
    first: dt.date | None  # None in a shallow clone
    last: dt.date


@dataclass(frozen=True)
class GitHistory:
    files: dict[str, FileDates] = field(default_factory=dict)  # portal-relative posix path
    shallow: bool = False

    def of(self, path: str) -> FileDates | None:
        return self.files.get(path)


NO_HISTORY = GitHistory()

# what each event is, in the order of events on the same day
PUBLISHED, ADDED, CORRECTED, WITHDRAWN, UPDATED = "published", "added", "corrected", "withdrawn", \
    "changed"
_ORDER = {PUBLISHED: 0, ADDED: 1, CORRECTED: 2, WITHDRAWN: 3, UPDATED: 4}
FROM_GIT = frozenset({ADDED, UPDATED})


@dataclass(frozen=True)
class Event:
    date: dt.date
    what: str  # PUBLISHED, ADDED, CORRECTED, WITHDRAWN or UPDATED
    note: str = ""


def events(published: dt.date, corrections: list[dict[str, Any]],
           withdrawn: dict[str, Any] | None, dates: FileDates | None) -> list[Event]:
    """The record's history, oldest first; git's dates only where they tell something new."""
    out = [Event(published, PUBLISHED)]
    out += [Event(c["date"], CORRECTED, str(c.get("note", ""))) for c in corrections]
    if withdrawn:
        out.append(Event(withdrawn["date"], WITHDRAWN, str(withdrawn.get("reason", ""))))
    if dates is not None:
        if dates.first is not None and dates.first > published:
            out.append(Event(dates.first, ADDED))
        if dates.last > max(e.date for e in out):
            out.append(Event(dates.last, UPDATED))
    return sorted(out, key=lambda e: (e.date, _ORDER[e.what]))


def _git(root: Path, *args: str) -> str | None:
    env = dict(os.environ, GIT_OPTIONAL_LOCKS="0", GIT_TERMINAL_PROMPT="0", LC_ALL="C")
    try:
        done = subprocess.run(["git", "-c", "core.quotepath=off", "-c", "log.showSignature=false",
                               *args], cwd=root, capture_output=True, env=env, timeout=300)
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.decode("utf-8", "replace")


def read(root: Path, as_of: dt.date) -> GitHistory:
    """The dates of every file under ``root/data`` that git knows; empty outside a checkout."""
    if not (root / "data").is_dir():
        return NO_HISTORY
    info = _git(root, "rev-parse", "--is-inside-work-tree", "--is-shallow-repository")
    if info is None or not info.startswith("true"):
        return NO_HISTORY
    shallow = info.split()[-1] == "true"
    log = _git(root, "log", "--no-renames", "--relative", f"--format={MARK}%cs",
               "--name-status", "--", "data")
    if log is None:
        return NO_HISTORY
    return GitHistory(parse_log(log, as_of, shallow), shallow)


def parse_log(log: str, as_of: dt.date, shallow: bool = False) -> dict[str, FileDates]:
    first: dict[str, dt.date] = {}
    last: dict[str, dt.date] = {}
    day: dt.date | None = None
    for line in log.splitlines():
        if line.startswith(MARK):
            try:
                day = dt.date.fromisoformat(line[1:].strip())
            except ValueError:
                day = None
            if day is not None and day > as_of:
                day = None  # a change after the build date does not exist yet
            continue
        status, _, path = line.partition("\t")
        if day is None or not path or status[:1] not in "AMT":
            continue
        first[path] = min(day, first.get(path, day))
        last[path] = max(day, last.get(path, day))
    return {p: FileDates(None if shallow else first[p], last[p]) for p in sorted(last)}
