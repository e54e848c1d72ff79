"""The rule engine: required disclosures (handbook: rules.md).

:func:`evaluate` loads the portal's rule profile, builds one :class:`~gongkai.rules.view.PortalView`
of the portal as of a day, runs every enabled rule, and returns its findings (``rule/<id>``, plus
``schema/profile`` for a profile with problems) and the status list for the dashboard and
``check --format json``: one entry per organization, rule and period (or record).

Rules live in four families: :mod:`~gongkai.rules.organization`, :mod:`~gongkai.rules.elections`,
:mod:`~gongkai.rules.periodic` and :mod:`~gongkai.rules.records`. A rule is a function of the
view and its profile entry that yields :class:`~gongkai.rules.view.Check` items; it never reads
files.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from gongkai.core.findings import ERROR, WARNING, Finding
from gongkai.model import asof
from gongkai.model.portal import Portal
from gongkai.rules import elections, organization, periodic, records
from gongkai.rules.profile import DEFAULT_PROFILE, Profile, load_profile
from gongkai.rules.view import DUE_SOON, LATE, OK, OVERDUE, SEVERITY_ORDER, Check, PortalView, RuleSpec
from gongkai.wording import Text

__all__ = ["RULES", "V1_RULES", "RuleOutcome", "evaluate", "load_rule_profile"]

RULES: dict[str, RuleSpec] = dict(sorted({
    **organization.RULES, **elections.RULES, **periodic.RULES, **records.RULES,
}.items()))
# the rules of version 1: the frozen profiles name exactly these
V1_RULES = tuple(rule_id for rule_id, spec in RULES.items() if not spec.needs.new_in_v2)
_FINDING_STATUSES = (LATE, DUE_SOON, OVERDUE)


@dataclass
class RuleOutcome:
    findings: list[Finding] = field(default_factory=list)
    status: list[dict[str, Any]] = field(default_factory=list)
    notice_names_days: int = asof.NOTICE_NAMES_DAYS  # the profile's (handbook: data.md#notice)
    longest_term: asof.LongestTerm | None = None  # the profile's, for the site (asof.term)


def load_rule_profile(portal: Portal) -> tuple[Profile, list[Finding]]:
    """The profile named in site.yaml (default ``shanghai-organs``) and its findings.

    Raises :class:`~gongkai.core.errors.PortalError` for an unknown or unusable profile.
    """
    name = portal.site.get("profile")
    if not isinstance(name, str) or not name:
        name = DEFAULT_PROFILE
    return load_profile(portal.root, name, {rule_id: spec.needs for rule_id, spec in RULES.items()})


def evaluate(portal: Portal, as_of: dt.date) -> RuleOutcome:
    """Every enabled rule, for every organization and period up to ``as_of``."""
    profile, findings = load_rule_profile(portal)
    view = PortalView(portal, as_of, profile)
    checks: list[Check] = []
    for rule_id, spec in RULES.items():
        cfg = profile.rules.get(rule_id)
        if cfg is not None:
            checks.extend(spec.fn(view, cfg))
    lang = "en" if view.lang == "en" else "zh"
    findings += [to_finding(check, lang) for check in checks if check.status in _FINDING_STATUSES]
    findings.sort(key=lambda f: (f.sort_key, f.params))
    return RuleOutcome(findings, status_list(checks, lang), profile.notice_names_days,
                       elections.longest_term(profile))


def to_finding(check: Check, lang: str) -> Finding:
    """The finding about a check that is late, due soon or overdue; only here is its line looked
    up."""
    severity = ERROR if check.status == OVERDUE and not check.warning_only else WARNING
    due = check.due.isoformat() if check.due else ""
    params = check.params + (("period", check.period), ("due", due),
                             ("citation", Text(check.citation[0], check.citation[1])))
    line, column = check.where()
    return Finding(f"rule/{check.rule}", severity, check.file, line, column,
                   check.field, params, check.status, check.org, check.period, check.due,
                   check.citation[1 if lang == "en" else 0])


def status_list(checks: list[Check], lang: str) -> list[dict[str, Any]]:
    """One entry per (organization, rule, period): the worst status of its checks."""
    worst: dict[tuple[str, str, str], Check] = {}
    for check in checks:
        key = (check.org, check.rule, check.period)
        current = worst.get(key)
        if current is None or SEVERITY_ORDER[check.status] > SEVERITY_ORDER[current.status]:
            worst[key] = check
    out = []
    for (org, rule, period), check in sorted(worst.items()):
        if check.status == OK and not RULES[rule].list_ok:
            continue
        out.append({"org": org, "rule": rule, "period": period, "status": check.status,
                    "due": check.due.isoformat() if check.due else None, "record": check.record,
                    "citation": check.citation[1 if lang == "en" else 0]})
    return out
