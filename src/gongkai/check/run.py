"""``check``, the one orchestrator: load -> validate -> model -> rules -> (pull-request mode)
-> result, narrowed to the scope asked (handbook: contributing.md#flow, rules.md#pull-request-mode).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from gongkai.check import changes
from gongkai.check.checktypes import CheckResult, Options
from gongkai.core.errors import PortalError
from gongkai.core.findings import Finding, Report, org_of
from gongkai.model import asof
from gongkai.model.load import load_portal
from gongkai.rules.periods import MAX_AS_OF
from gongkai.rules.published import future_published
from gongkai.validate.tuning import fewer_collections

if TYPE_CHECKING:
    from gongkai.git import gitrev

__all__ = ["CheckResult", "Options", "in_orgs", "run_check", "today_in"]


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
        return _run_changed(options)
    with fewer_collections():  # the rules too build much and discard little
        return _run_check(options)


def _run_check(options: Options) -> CheckResult:
    loaded = load_portal(options.root, cache=options.cache)
    site = loaded.portal.site
    as_of = options.as_of or today_in(str(site.get("timezone", "Asia/Shanghai")))
    if as_of > MAX_AS_OF:  # rules walk every period up to that day: bounded time and output
        raise PortalError("error.as-of-limit", as_of=as_of.isoformat(),
                          limit=MAX_AS_OF.isoformat())
    report = Report()
    report.extend(loaded.findings)
    report.extend(future_published(loaded.portal, as_of))
    status: list[dict[str, object]] = []
    notice_names_days, longest_term = asof.NOTICE_NAMES_DAYS, None
    if options.rules:
        from gongkai.rules import evaluate  # rules read the model only, never files

        outcome = evaluate(loaded.portal, as_of)
        report.extend(outcome.findings)
        status = outcome.status
        notice_names_days, longest_term = outcome.notice_names_days, outcome.longest_term
    if options.orgs:
        wanted = set(options.orgs)
        unknown = wanted - set(loaded.layout.org_folders)
        if unknown:
            raise PortalError("error.no-such-orgs", orgs=", ".join(sorted(unknown)))
        report = Report(list(in_orgs(report.findings, wanted)))
        status = [s for s in status if s.get("org") in wanted]
    return CheckResult(loaded, report, as_of, status, notice_names_days=notice_names_days,
                       longest_term=longest_term)


def in_orgs(findings: Iterable[Finding], orgs: set[str]) -> Iterable[Finding]:
    return (f for f in findings if org_of(f) in orgs)


def _run_changed(options: Options) -> CheckResult:
    """Pull-request mode: the full check now and at ``options.changed_since``, then the verdict
    on what the change is responsible for (:func:`gongkai.check.changes.verdict`)."""
    from gongkai.git import gitrev  # git (subprocess): only in pull-request mode

    assert options.changed_since is not None
    try:
        diff = gitrev.diff_since(options.root, options.changed_since)
        now = run_check(dataclasses.replace(options, changed_since=None, orgs=()))
        base = _check_at_base(diff, options, now.as_of)
    except gitrev.GitFailed as exc:
        raise PortalError("error.git-failed", error=exc) from None
    return changes.verdict(diff, options, now, base)


def _check_at_base(diff: gitrev.Diff, options: Options, as_of: dt.date) -> CheckResult | None:
    """The full check of the portal at the base commit, or None when there was no portal yet."""
    from gongkai.git import gitrev

    files = gitrev.portal_files(diff)
    if not any(f.path.parts[0] == "data" for f in files):
        return None
    with tempfile.TemporaryDirectory(prefix="gongkai-base-",
                                     dir=gitrev.scratch_folder(files)) as folder:
        gitrev.materialize(diff, files, Path(folder))
        at_base = dataclasses.replace(options, root=Path(folder), as_of=as_of, orgs=(), cache=False,
                                      changed_since=None, author=None)
        try:
            return run_check(at_base)
        except PortalError:  # e.g. no site.yaml yet: nothing was published to compare with
            return None
