"""``check``: load the portal, gather findings from every source, narrow them to the scope asked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from gongkai import asof, changes  # registers the change/… codes with every check
from gongkai.errors import PortalError
from gongkai.findings import Finding, Report, org_of
from gongkai.portal import LoadResult, fewer_collections, load_portal
from gongkai.published import future_published
from gongkai.rules.periods import MAX_AS_OF


@dataclass(frozen=True)
class Options:
    root: Path = Path(".")
    as_of: dt.date | None = None
    orgs: tuple[str, ...] = ()
    rules: bool = True
    changed_since: str | None = None  # pull-request mode (gongkai.changes)
    author: str | None = None
    allow_delete: bool = False
    cache: bool = True  # the validation cache (gongkai.cache); False neither reads nor writes it


@dataclass
class CheckResult:
    loaded: LoadResult
    report: Report
    as_of: dt.date
    status: list[dict[str, object]]  # per organization, rule and period (rules only)
    changes: dict[str, object] | None = None  # pull-request mode: what was compared, the scope
    notice_names_days: int = asof.NOTICE_NAMES_DAYS  # the rule profile's, when rules ran


def today_in(timezone: str) -> dt.date:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError  # only without --as-of

    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("Asia/Shanghai")
    return dt.datetime.now(zone).date()


def run_check(options: Options) -> CheckResult:
    """Raises :class:`PortalError` only when the portal cannot be loaded at all."""
    if options.changed_since is not None:
        return changes.run_changed(options, run_check)
    with fewer_collections():  # the rules too build much and discard little
        return _run_check(options)


def _run_check(options: Options) -> CheckResult:
    loaded = load_portal(options.root, cache=options.cache)
    site = loaded.portal.site
    as_of = options.as_of or today_in(str(site.get("timezone", "Asia/Shanghai")))
    if as_of > MAX_AS_OF:  # rules walk every period up to that day: bounded time and output
        raise PortalError(f"核查日期 {as_of.isoformat()} 晚于上限 {MAX_AS_OF.isoformat()}",
                          f"the as-of day {as_of.isoformat()} is past the limit "
                          f"{MAX_AS_OF.isoformat()}")
    report = Report()
    report.extend(loaded.findings)
    report.extend(future_published(loaded.portal, as_of))
    status: list[dict[str, object]] = []
    notice_names_days = asof.NOTICE_NAMES_DAYS
    if options.rules:
        from gongkai.rules import evaluate  # rules read the model only, never files

        outcome = evaluate(loaded.portal, as_of)
        report.extend(outcome.findings)
        status = outcome.status
        notice_names_days = outcome.notice_names_days
    if options.orgs:
        wanted = set(options.orgs)
        unknown = wanted - set(loaded.layout.org_folders)
        if unknown:
            raise PortalError(f"没有这个组织：{', '.join(sorted(unknown))}",
                              f"no such organization: {', '.join(sorted(unknown))}")
        report = Report(list(in_orgs(report.findings, wanted)))
        status = [s for s in status if s.get("org") in wanted]
    return CheckResult(loaded, report, as_of, status, notice_names_days=notice_names_days)


def in_orgs(findings: Iterable[Finding], orgs: set[str]) -> Iterable[Finding]:
    return (f for f in findings if org_of(f) in orgs)
