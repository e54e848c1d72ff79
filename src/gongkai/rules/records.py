"""Rules about one record at a time (13) (14) (15) (25): assessment results made public,
consultation before a major decision, the outcome of a decision, petitions handled in time,
and timely disclosure.

They apply to every record visible as of the day checked, whatever its organization's status;
for a record dated before ``checks_from`` their findings are warnings, never errors. The status
list carries every resolution with a ``due`` and every petition with cases (they have deadlines
still to come), and only the records that are not ok for the other rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from gongkai.model import asof
from gongkai.rules.citations import duration
from gongkai.rules.periods import add_duration
from gongkai.rules.profile import RuleConfig, RuleNeeds
from gongkai.rules.view import (
    LATE,
    OK,
    OVERDUE,
    Check,
    PortalView,
    RuleSpec,
    at_record,
    issue_late_or_open,
)
from gongkai.wording import words


def assessment_public(view: PortalView, cfg: RuleConfig) -> Iterator[Check]:
    """(13): the inner-party assessment of an organization is made public (scope: public)."""
    for record in view.records:
        if record.kind != "appraisal" or record.type != "organization_assessment":
            continue
        scope = str(record.get("scope"))
        yield Check(cfg.id, record.org, record.id, OK if scope == "public" else OVERDUE,
                    record.date, view.citation(cfg), warning_only=view.before_checks_from(record.date),
                    params=(("scope", scope),), **at_record(record, "scope"))


def consultation_before_decision(view: PortalView, cfg: RuleConfig) -> Iterator[Check]:
    """(14) (15): a major decision is preceded by a consultation that closes by its date."""
    for record in view.records:
        if record.kind != "resolution" or record.get("major") is not True:
            continue
        consultation = record.get("consultation")
        closes = consultation.get("to") if isinstance(consultation, dict) else None
        where: tuple[str, ...]
        if not isinstance(closes, dt.date):
            ok, where = False, ("consultation",)
            issue = (("issue", words("issue.consultation-before-decision.missing")),)
        else:
            ok, where = closes <= record.date, ("consultation", "to")
            issue = (("issue", words("issue.consultation-before-decision.late",
                                     closes=closes.isoformat())),)
        yield Check(cfg.id, record.org, record.id, OK if ok else OVERDUE, record.date,
                    view.citation(cfg), warning_only=view.before_checks_from(record.date),
                    params=() if ok else issue, **at_record(record, *where))


def resolution_outcome(view: PortalView, cfg: RuleConfig) -> Iterator[Check]:
    """(14): once a decision's ``due`` has passed, its ``outcome`` is published within the
    limit."""
    limit = cfg.param("limit")
    for record in view.records:
        finish = record.get("due")
        if record.kind != "resolution" or not isinstance(finish, dt.date):
            continue
        deadline = add_duration(finish, limit.value)
        outcome = asof.outcome(record.data, view.as_of)
        met = None if outcome is None else outcome["date"]
        status = view.status(cfg, met, deadline)
        issue = issue_late_or_open(met, status, "issue.resolution-outcome.late",
                                   "issue.resolution-outcome.open")
        yield Check(cfg.id, record.org, record.id, status, deadline, view.citation(cfg, limit),
                    warning_only=view.before_checks_from(record.date),
                    params=issue + (("finish", finish.isoformat()),),
                    **at_record(record, "outcome" if met is not None else "due"))


def petition_handled(view: PortalView, cfg: RuleConfig) -> Iterator[Check]:
    """(25): no case stays open longer than the limit after it was received."""
    limit = cfg.param("limit")
    for record in view.records:
        if record.kind != "petition":
            continue
        for index, case in enumerate(record.get("cases") or []):
            received = case.get("received_on") if isinstance(case, dict) else None
            if not isinstance(received, dt.date):
                continue
            deadline = add_duration(received, limit.value)
            handled_on = case.get("handled_on")
            if case.get("status") == "handled" and handled_on is None:
                met: dt.date | None = received  # handled, on a day not recorded
            else:
                met = view.known(handled_on)
            status = view.status(cfg, met, deadline)
            if met is not None:
                issue = (("issue", words("issue.petition-handled.late", met=met.isoformat())),)
            else:
                issue = (("issue", words("issue.petition-handled.overdue" if status == OVERDUE
                                         else "issue.petition-handled.due-soon")),)
            yield Check(cfg.id, record.org, record.id, status, deadline, view.citation(cfg, limit),
                        warning_only=view.before_checks_from(record.date),
                        params=issue + (("index", str(index)), ("received", received.isoformat()),
                                        ("limit", duration(limit.value))),
                        **at_record(record, "cases", index))


def timely_disclosure(view: PortalView, cfg: RuleConfig) -> Iterator[Check]:
    """(14): a record is published within the limit after its date (warning). Only late records
    are listed."""
    limit = cfg.param("limit")
    for record in view.records:
        due = add_duration(record.date, limit.value)
        if record.published <= due:
            continue
        days = (record.published - record.date).days
        yield Check(cfg.id, record.org, record.id, LATE, due, view.citation(cfg, limit),
                    warning_only=True,
                    params=(("published", record.published.isoformat()),
                            ("date", record.date.isoformat()), ("days", str(days)),
                            ("limit", duration(limit.value))),
                    **at_record(record, "published"))


RULES: dict[str, RuleSpec] = {
    "assessment-public": RuleSpec(assessment_public, RuleNeeds(), list_ok=False),
    "consultation-before-decision": RuleSpec(consultation_before_decision, RuleNeeds(),
                                             list_ok=False),
    "resolution-outcome": RuleSpec(resolution_outcome, RuleNeeds(("limit",))),
    "petition-handled": RuleSpec(petition_handled, RuleNeeds(("limit",))),
    "timely-disclosure": RuleSpec(timely_disclosure, RuleNeeds(("limit",)), list_ok=False),
}

