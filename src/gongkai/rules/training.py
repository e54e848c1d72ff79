"""Training hours (6): the required hours of the regulation in force, and who met them.

v1 (``training: all_or_nothing``): the record is incomplete unless everyone met the hours. v2
(``shortfall_warning``, "一般不少于"): incomplete only when a group is missing or its required
hours are below the regulation in force; members who fell short are a warning with the counts.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gongkai.rules.periods import Period
from gongkai.rules.profile import RuleConfig
from gongkai.rules.view import OVERDUE, Check, OrgView, PortalView, RecordView, at_record, period_params
from gongkai.wording import Text, words

_GROUPS = (("members", "members_hours"), ("leaders", "leaders_hours"))


def training_incomplete(record: RecordView,
                        cfg: RuleConfig) -> tuple[Text, tuple[Any, ...]] | None:
    """v1 (frozen profiles): also incomplete while any member of a group fell short."""
    for group, key in _GROUPS:
        problem = _group_problem(record, cfg, group, key)
        if problem:
            return problem
        counts = record.get(group)
        met, total = counts.get("met_requirement"), counts.get("total")
        if met != total:
            return (words("incomplete.training-met", who=words(f"group.{group}"), total=total,
                          met=met), (group, "met_requirement"))
    return None


def training_required_incomplete(record: RecordView,
                                 cfg: RuleConfig) -> tuple[Text, tuple[Any, ...]] | None:
    """v2: the record is incomplete only when a group is missing or its required hours are below
    the regulation in force; members who fell short are :func:`training_shortfall`."""
    for group, key in _GROUPS:
        problem = _group_problem(record, cfg, group, key)
        if problem:
            return problem
    return None


def _group_problem(record: RecordView, cfg: RuleConfig, group: str,
                   key: str) -> tuple[Text, tuple[Any, ...]] | None:
    """A group's counts missing, or the hours it counted against below the regulation's."""
    counts = record.get(group)
    if not isinstance(counts, dict):
        return words("incomplete.missing", names=group), (group,)
    hours, least = counts.get("required_hours"), cfg.value(key)
    if isinstance(hours, int | float) and hours < least:
        return (words("incomplete.training-hours", field=f"{group}.required_hours",
                      hours=f"{hours:g}", requirement=words(f"training.requirement.{group}"),
                      least=f"{least:g}"), (group, "required_hours"))
    return None


def training_shortfall(view: PortalView, cfg: RuleConfig, org: OrgView, period: Period,
                       check: Check, records: list[RecordView]) -> Iterator[Check]:
    """v2 ("一般不少于"): members or leaders who fell short of the hours are a warning with the
    counts, never an error."""
    record = next(r for r in records if r.id == check.record)
    for group in ("members", "leaders"):
        counts = record.get(group)
        met, total = counts.get("met_requirement"), counts.get("total")
        if not isinstance(met, int) or not isinstance(total, int) or met >= total:
            continue
        issue = (("issue", words("issue.training-hours.shortfall", group=words(f"group.{group}"),
                                 total=total, met=met, short=total - met)),)
        yield Check(cfg.id, org.id, period.id, OVERDUE, check.due, check.citation,
                    params=period_params(period) + issue + tuple(
                        p for p in check.params
                        if p[0] in ("members_hours", "leaders_hours", "everyone")),
                    warning_only=True, **at_record(record, group, "met_requirement"))
