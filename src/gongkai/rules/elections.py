"""Elections and leadership (3) (35) (37): term lengths, term expiry, approval of candidates or
results, vacant posts of secretary and deputy secretary, rotation of full-time secretaries.

``term-expiry`` and ``vacancy-filled`` are state rules: checked at as-of whatever the period.
The others are record rules: one check per election, a warning for an election dated before
``checks_from``; the status list carries only the elections that are not ok.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from gongkai.model import asof
from gongkai.rules.citations import duration
from gongkai.rules.periods import add_duration, minus_duration
from gongkai.rules.profile import Profile, RuleConfig, RuleNeeds
from gongkai.rules.view import (
    OK,
    OVERDUE,
    Check,
    OrgView,
    PortalView,
    RecordView,
    RuleSpec,
    at_org,
    at_record,
    issue_late_or_open,
)
from gongkai.wording import Text, join, words


def _general(view: PortalView, org: str) -> list[RecordView]:
    return view.of(org, "election", "general")


def _allowed(years: list[int]) -> Text:
    return join([Text(str(y), str(y)) for y in sorted(years)], "list.or-spaced")


def term_length(view: PortalView, cfg: RuleConfig) -> Iterator[Check]:
    """(3): a general election's ``term_years`` is one the profile allows for its body."""
    for org in view.orgs:
        if org.type == "working_committee":
            continue
        for election in _general(view, org.id):
            current = cfg.at(election.date)  # the term in force on the election's day
            terms = current.param("terms")
            body = election.get("elected_body")
            allowed = terms.value.get(body)
            if not allowed:
                continue
            years = asof.term_years(election.data)
            ok = years is not None and years in allowed
            issue = (("issue", words("issue.term-length.years", years=years)
                      if years is not None else words("issue.term-length.missing")),)
            yield Check(cfg.id, org.id, election.id, OK if ok else OVERDUE, election.date,
                        view.citation(current, terms),
                        warning_only=view.before_checks_from(election.date),
                        params=issue + (("body", words(f"body.{body}")),
                                        ("allowed", _allowed(allowed))),
                        **at_record(election, "term_years"))


def longest_term(profile: Profile) -> asof.LongestTerm:
    """:data:`gongkai.model.asof.LongestTerm` from the profile: the longest of ``terms`` in force on
    the election's day for its body (``term-expiry``'s, else ``term-length``'s); the rules judge
    a term without ``term_years`` by it, and the site shows that end (handbook:
    rules.md#rules-table)."""
    expiry, length = profile.rules.get("term-expiry"), profile.rules.get("term-length")

    def longest(body: Any, start: dt.date) -> int | None:
        terms = (expiry.at(start).params.get("terms") if expiry else None) or (
            length.at(start).params.get("terms") if length else None)
        allowed = terms.value.get(body) if terms else None
        return max(allowed) if allowed else None
    return longest


def term_expiry(view: PortalView, cfg: RuleConfig) -> Iterator[Check]:
    """(3) (37): the latest general election's term has not ended, or an approved postponement
    covers as-of. Without any general election on record, the current leadership's election is
    due ``grace`` after checks_from (or the establishment)."""
    for org in view.orgs:
        if not org.active or org.type == "working_committee":
            continue
        elections = _general(view, org.id)
        if elections:
            check = _current_term(view, cfg, org, elections[-1])
            if check is not None:
                yield check
                yield from _long_postponement(view, cfg, org, elections[-1])
        elif org.periodic_from is not None:
            grace = cfg.param("grace")
            due = add_duration(org.periodic_from, grace.value)
            status = view.status(cfg, None, due)
            yield Check(cfg.id, org.id, "term", status, due, view.citation(cfg, grace),
                        params=(("issue", words("issue.term-expiry.no-election")),),
                        **at_org(org))


def _current_term(view: PortalView, cfg: RuleConfig, org: OrgView,
                  latest: RecordView) -> Check | None:
    term = asof.term(latest.data, latest.date, view.as_of, longest_term(view.profile))
    if term is None:
        return None
    years, end, due = term.years, term.end, term.due
    where = ("term_years",) if term.extended_to is None else ("postponement",)
    status = view.status(cfg, None, due)
    start = latest.date.isoformat()
    if due != end:
        passed = "overdue" if status == OVERDUE else "due-soon"
        issue = (("issue", words(f"issue.term-expiry.postponed-{passed}", until=due.isoformat())),)
    else:
        issue = (("issue", words("issue.term-expiry.ended" if status == OVERDUE else
                                 "issue.term-expiry.ends", start=start, years=years,
                                 end=end.isoformat())),)
    return Check(cfg.id, org.id, "term", status, due, view.citation(cfg), params=issue,
                 **at_record(latest, *where))


def _long_postponement(view: PortalView, cfg: RuleConfig, org: OrgView,
                       latest: RecordView) -> Iterator[Check]:
    """An approved postponement beyond the longest the regulations allow ("一般不超过1年"): a
    warning asking for the approval's justification, whatever the election's date."""
    term = asof.term(latest.data, latest.date, view.as_of, longest_term(view.profile))
    postponement = latest.get("postponement")
    until = postponement.get("until") if isinstance(postponement, dict) else None
    if term is None or not isinstance(until, dt.date):
        return
    end = term.end
    current = cfg.at(end)  # the limit in force when the term ends
    limit = current.params.get("postpone_max")
    if limit is None or until <= add_duration(end, limit.value):
        return
    issue = (("issue", words("issue.term-expiry.long-postponement", until=until.isoformat(),
                             end=end.isoformat(), limit=duration(limit.value))),)
    yield Check(cfg.id, org.id, "postponement", OVERDUE, until, view.citation(current, limit),
                params=issue, warning_only=True, **at_record(latest, "postponement", "until"))


def early_election(view: PortalView, cfg: RuleConfig, previous: RecordView,
                   election: RecordView) -> Check | None:
    """A general election held well before the previous term ended needs the higher
    organization's approval (``advance_approval``)."""
    within = cfg.params.get("advance_within")
    term = asof.term(previous.data, previous.date, view.as_of)  # its own term_years only
    if within is None or term is None:
        return None
    end = term.end
    if election.date >= minus_duration(end, within.value):
        return None
    approval = election.get("advance_approval")
    ok = isinstance(approval, dict) and isinstance(approval.get("date"), dt.date) \
        and approval["date"] <= election.date
    issue = (("issue", words("issue.term-expiry.early", end=end.isoformat())),)
    return Check(cfg.id, election.org, election.id, OK if ok else OVERDUE, election.date,
                 view.citation(cfg, within), warning_only=view.before_checks_from(election.date),
                 params=issue + (("election_type", str(election.type)),),
                 **at_record(election, "advance_approval"))


def election_approval(view: PortalView, cfg: RuleConfig) -> Iterator[Check]:
    """(3): candidates approved before the election; for a direct election without candidates,
    the result approved on or after it."""
    for election in view.records:
        if election.kind != "election":
            continue
        ok, issue, where = _approval(view, election)
        general = _general(view, election.org)
        index = general.index(election) if election in general else 0
        if index > 0:
            early = early_election(view, cfg.at(election.date), general[index - 1], election)
            if early is not None and early.status != OK:
                yield early
        yield Check(cfg.id, election.org, election.id, OK if ok else OVERDUE, election.date,
                    view.citation(cfg), warning_only=view.before_checks_from(election.date),
                    params=issue + (("election_type", str(election.type)),),
                    **at_record(election, *where))


def _approval(view: PortalView, election: RecordView) -> tuple[bool, Any, tuple[str, ...]]:
    day = election.date.isoformat()
    if election.get("direct_without_candidates") is True:
        approval = election.get("result_approval")
        when = view.known(approval.get("date")) if isinstance(approval, dict) else None
        if when is None:
            return False, (("issue", words("issue.election-approval.no-result-approval")),), \
                ("result_approval",)
        if when < election.date:
            return False, (("issue", words("issue.election-approval.result-before",
                                           when=when.isoformat(), day=day)),), \
                ("result_approval", "date")
        return True, (), ("result_approval",)
    approval = election.get("candidates_approval")
    when = approval.get("date") if isinstance(approval, dict) else None
    if not isinstance(when, dt.date):
        return False, (("issue", words("issue.election-approval.no-candidates-approval")),), \
            ("candidates_approval",)
    if when >= election.date:
        return False, (("issue", words("issue.election-approval.candidates-not-before",
                                       when=when.isoformat(), day=day)),), \
            ("candidates_approval", "date")
    return True, (), ("candidates_approval",)


def vacancy_filled(view: PortalView, cfg: RuleConfig) -> Iterator[Check]:
    """(3): a vacant post of secretary or deputy secretary is filled within the limit."""
    positions, limit = cfg.value("positions"), cfg.param("limit")
    for org in view.orgs:
        if not org.active:
            continue
        for vacancy in view.of(org.id, "vacancy"):
            since = vacancy.get("since")
            if vacancy.type not in positions or not isinstance(since, dt.date):
                continue
            due = add_duration(since, limit.value)
            met = asof.filled_on(vacancy.data, view.as_of)
            status = view.status(cfg, met, due)
            issue = issue_late_or_open(met, status, "issue.vacancy-filled.late",
                                       "issue.vacancy-filled.open")
            yield Check(cfg.id, org.id, vacancy.id, status, due, view.citation(cfg, limit),
                        params=issue + (("position", words(f"position.{vacancy.type}")),
                                        ("since", since.isoformat())),
                        **at_record(vacancy, "filled" if met is not None else "since"))


def secretary_rotation(view: PortalView, cfg: RuleConfig) -> Iterator[Check]:
    """(35): a full-time secretary is not elected for more consecutive terms than the profile
    allows (warning)."""
    max_terms = cfg.param("max_terms")
    for org in view.orgs:
        run, previous = 0, None
        for election in _general(view, org.id):
            elected = election.get("elected")
            name = elected.get("secretary") if isinstance(elected, dict) else None
            run = run + 1 if name and name == previous else (1 if name else 0)
            previous = name
            if election.get("full_time_secretary") is not True or not name:
                continue
            status = OVERDUE if run > max_terms.value else OK
            yield Check(cfg.id, org.id, election.id, status, election.date,
                        view.citation(cfg, max_terms), warning_only=True,
                        params=(("terms", str(run)), ("max_terms", str(max_terms.value))),
                        **at_record(election, "elected", "secretary"))


RULES: dict[str, RuleSpec] = {
    "term-length": RuleSpec(term_length, RuleNeeds(("terms",)), list_ok=False),
    "term-expiry": RuleSpec(term_expiry, RuleNeeds(("grace",), ("terms", "postpone_max"))),
    "election-approval": RuleSpec(election_approval, RuleNeeds((), ("advance_within",)),
                                  list_ok=False),
    "vacancy-filled": RuleSpec(vacancy_filled, RuleNeeds(("limit", "positions"))),
    "secretary-rotation": RuleSpec(secretary_rotation, RuleNeeds(("max_terms",)), list_ok=False),
}

