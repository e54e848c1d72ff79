"""What ``check`` is asked (:class:`Options`) and what it answers (:class:`CheckResult`).

Their own module so that the orchestrator (``check.py``) and pull-request mode (``changes.py``),
which judges two results, both read them without importing each other (handbook:
contributing.md#flow).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from gongkai.model import asof

if TYPE_CHECKING:
    from gongkai.core.findings import Report
    from gongkai.model.load import LoadResult


@dataclass(frozen=True)
class Options:
    root: Path = Path(".")
    as_of: dt.date | None = None
    orgs: tuple[str, ...] = ()
    rules: bool = True
    changed_since: str | None = None  # pull-request mode (gongkai.check.changes)
    author: str | None = None
    allow_delete: bool = False
    cache: bool = True  # the validation cache (gongkai.validate.cache); False neither reads nor writes it


@dataclass
class CheckResult:
    loaded: LoadResult
    report: Report
    as_of: dt.date
    status: list[dict[str, object]]  # per organization, rule and period (rules only)
    changes: dict[str, object] | None = None  # pull-request mode: what was compared, the scope
    notice_names_days: int = asof.NOTICE_NAMES_DAYS  # the rule profile's, when rules ran
    longest_term: asof.LongestTerm | None = None  # the rule profile's, when rules ran
