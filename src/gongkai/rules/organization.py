"""The organizations themselves (2) (32): approval of establishment, renaming and revocation,
a discipline body, and the share of full-time party staff.

``org-approval`` checks every event dated on or before as-of (a warning for an event before
``checks_from``); the status list carries only the events that are not ok. ``discipline-body``
and ``party-staff-ratio`` are warnings about the organization as it is now (period ``now``, or
the year of the latest stats).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from fractions import Fraction

from gongkai.model import asof
from gongkai.rules.profile import Param, RuleConfig, RuleNeeds
from gongkai.rules.view import OK, OVERDUE, Check, PortalView, RuleSpec, at_org
from gongkai.wording import Text, words

EVENTS = ("established", "renamed", "revoked")  # their names: ``event.<event>`` in words.yaml
# the discipline body each type of organization needs (why: ``discipline.<type>`` in words.yaml)
DISCIPLINE = {"committee": "commission", "general_branch": "member", "branch": "member"}


def org_approval(view: PortalView, cfg: RuleConfig) -> Iterator[Check]:
    """(2): establishment, renaming and revocation are approved by the higher organization."""
    for org in view.orgs:
        history = org.org.data.get("history") or []
        for index, event in enumerate(history):
            day, kind = event.get("date"), event.get("event")
            if not isinstance(day, dt.date) or day > view.as_of or kind not in EVENTS:
                continue
            approval = event.get("approval")
            approved = view.known(approval.get("date")) if isinstance(approval, dict) else None
            yield Check(cfg.id, org.id, f"{kind}-{day.isoformat()}",
                        OK if approved is not None else OVERDUE, day, view.citation(cfg),
                        warning_only=view.before_checks_from(day),
                        params=(("event", words(f"event.{kind}")),
                                ("date", day.isoformat())),
                        **at_org(org, "history", index))


def discipline_body(view: PortalView, cfg: RuleConfig) -> Iterator[Check]:
    """(2): a discipline commission (committees) or member (general branches, branches with a
    committee) is recorded in org.yaml (warning)."""
    for org in view.orgs:
        needed = DISCIPLINE.get(org.type)
        if not org.active or needed is None or (org.type == "branch" and not org.has_committee):
            continue
        body = org.org.data.get("discipline")
        kind = body.get("kind") if isinstance(body, dict) else None
        ok = kind == "commission" if needed == "commission" else kind in ("member", "commission")
        where = ("discipline",) if body is not None else ()
        yield Check(cfg.id, org.id, "now", OK if ok else OVERDUE, None, view.citation(cfg),
                    warning_only=True,
                    params=(("needed", words(f"discipline.{org.type}")), ("kind", needed)),
                    **at_org(org, *where))


def party_staff_ratio(view: PortalView, cfg: RuleConfig) -> Iterator[Check]:
    """(32): full-time party staff are min%-max% of the organ's staff, by the latest stats that
    give both numbers (warning)."""
    low, high = cfg.param("min_percent"), cfg.param("max_percent")
    for org in view.orgs:
        if not org.active or org.type != "committee":
            continue
        stats = asof.latest_stats(org.org.data, view.as_of, "staff", "party_staff_full_time",
                                  keep=lambda entry: entry["staff"] > 0)
        if stats is None:
            continue
        index, latest = stats
        staff, party = latest["staff"], latest["party_staff_full_time"]
        share = Fraction(party * 100, staff)
        ok = Fraction(str(low.value)) <= share <= Fraction(str(high.value))
        yield Check(cfg.id, org.id, str(latest["year"]), OK if ok else OVERDUE, None,
                    view.citation(cfg, low, high), warning_only=True,
                    params=(("year", str(latest["year"])), ("party_staff", str(party)),
                            ("staff", str(staff)), ("percent", f"{float(share):.2f}"),
                            ("min", f"{low.value:g}"), ("max", f"{high.value:g}")),
                    **at_org(org, "stats", index))


def org_setup(view: PortalView, cfg: RuleConfig) -> Iterator[Check]:
    """From the member count of the latest ``stats`` year in org.yaml (warnings): a branch of 7
    or more members sets up a committee; a branch has at most 50 members and a general branch at
    most 100 (the regulation in force at as-of)."""
    current = cfg.at(view.as_of)
    if not current.enabled:
        return
    for org in view.orgs:
        if not org.active or org.members is None:
            continue
        for issue, used in _setup_issues(org.type, org.members, org.has_committee, current):
            yield Check(cfg.id, org.id, "now", OVERDUE, None, view.citation(current, used),
                        warning_only=True, params=issue, **at_org(org, "stats"))


def _setup_issues(type_: str, members: int, has_committee: bool,
                  cfg: RuleConfig) -> Iterator[tuple[tuple[tuple[str, Text], ...], Param]]:
    least, most = cfg.param("committee_from"), cfg.param(
        "branch_max" if type_ == "branch" else "general_branch_max")
    if type_ == "branch" and not has_committee and members >= least.value:
        yield ((("issue", words("issue.org-setup.no-committee", members=members,
                                least=least.value)),), least)
    if type_ in ("branch", "general_branch") and members > most.value:
        yield ((("issue", words("issue.org-setup.too-many", members=members,
                                most=most.value)),), most)


RULES: dict[str, RuleSpec] = {
    "org-setup": RuleSpec(org_setup, RuleNeeds(("committee_from", "branch_max",
                                                "general_branch_max"), new_in_v2=True)),
    "org-approval": RuleSpec(org_approval, RuleNeeds(), list_ok=False),
    "discipline-body": RuleSpec(discipline_body, RuleNeeds()),
    "party-staff-ratio": RuleSpec(party_staff_ratio, RuleNeeds(("min_percent", "max_percent"))),
}

