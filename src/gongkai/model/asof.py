"""Facts about an organization or a record that rules and the site both need: one function each.

The rule engine (:mod:`gongkai.rules.view`, :mod:`gongkai.rules.elections`) and the site
(:mod:`gongkai.site.view`) read the validated model through these functions, so a dashboard, a
record page and a finding never disagree about when an organization existed, which year a record
is about, how long a term is or how long a notice shows names (handbook:
contributing.md#one-fact).

This module sits between the model and its readers: it imports nothing of gongkai but the
calendar arithmetic (:mod:`gongkai.core.dates`), and :mod:`gongkai.model.portal` builds on it. Functions take
a record's or an organization's data (and a record's date on the day, :func:`date_on`), so the
rules' views and the site's records both fit. Profile values come in as arguments: the
notice-names window and the longest term a body may serve (:data:`LongestTerm`), both resolved
once by the rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

from gongkai.core import dates

NOTICE_NAMES_DAYS = 30
"""Days after a notice closes during which its names are shown, unless the rule profile sets
``notice_names_days`` (handbook: data.md#notice)."""


def whole_number(value: Any) -> int | None:
    """``value`` if it is an integer; a boolean is not (YAML 1.1 reads ``yes`` as true;
    handbook: data.md#dates)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def record_year(data: Mapping[str, Any], date: dt.date) -> int:
    """The year a record is about: its ``year`` field where the kind has one, else the year of
    ``date`` (handbook: data.md#kinds, rules.md#evaluation). ``year: true`` is no year."""
    year = whole_number(data.get("year"))
    return date.year if year is None else year


def term_years(data: Mapping[str, Any]) -> int | None:
    """An election's ``term_years`` when it is a whole number (handbook: data.md#election)."""
    return whole_number(data.get("term_years"))


def _events(org: Mapping[str, Any], event: str) -> list[dt.date]:
    history = org.get("history") or []
    return [e["date"] for e in history if isinstance(e, dict) and e.get("event") == event]


def established(org: Mapping[str, Any]) -> dt.date | None:
    """The organization's first ``established`` event; none: established before ``checks_from``
    (handbook: data.md#org-yaml)."""
    dates = _events(org, "established")
    return min(dates) if dates else None


def revoked(org: Mapping[str, Any]) -> dt.date | None:
    """The day a revoked organization was revoked: its last ``revoked`` event; ``None`` while its
    ``status`` is active (handbook: data.md#org-yaml)."""
    if org.get("status", "active") == "active":
        return None
    dates = _events(org, "revoked")
    return max(dates) if dates else None


def revoked_by(org: Mapping[str, Any], day: dt.date) -> dt.date | None:
    """:func:`revoked` if that day is on or before ``day`` (handbook: rules.md#evaluation)."""
    when = revoked(org)
    return when if when is not None and when <= day else None


def exists_on(org: Mapping[str, Any], day: dt.date) -> bool:
    """Whether the organization had been established by ``day`` (revoked or not)."""
    start = established(org)
    return start is None or start <= day


def active_on(org: Mapping[str, Any], day: dt.date) -> bool:
    """Established by ``day`` and not revoked by then (handbook: rules.md#evaluation)."""
    return exists_on(org, day) and revoked_by(org, day) is None


# -- a record's lifecycle on a day ---------------------------------------------------------------


def known(value: Any, day: dt.date) -> dt.date | None:
    """A lifecycle date (``filled.date``, ``outcome.date``, an approval's date …) if it is a date
    on or before ``day``: a later one is not there yet (handbook: rules.md#evaluation)."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime) and value <= day:
        return value
    return None


def withdrawal(record: Mapping[str, Any], day: dt.date) -> dict[str, Any] | None:
    """The record's ``withdrawn`` entry if it is dated on or before ``day``; a withdrawal dated
    later is undone (handbook: data.md#changes, rules.md#evaluation)."""
    entry = record.get("withdrawn")
    return entry if isinstance(entry, dict) and known(entry.get("date"), day) else None


def corrections_by(record: Mapping[str, Any], day: dt.date) -> list[dict[str, Any]]:
    """The record's ``corrections`` dated on or before ``day``, by date (handbook:
    data.md#changes)."""
    items = [c for c in record.get("corrections") or []
             if isinstance(c, dict) and known(c.get("date"), day)]
    return sorted(items, key=lambda c: c["date"])


def date_on(data: Mapping[str, Any], stem: str, day: dt.date) -> dt.date:
    """The record's ``date`` as of ``day``: a date corrected after that day was still its file
    name's (the stem's) then (handbook: data.md#changes, rules.md#evaluation)."""
    date: dt.date = data["date"]
    if data.get("corrections"):  # without one, the schema holds the date to the stem's
        stem_date = _stem_date(stem)
        if stem_date is not None and date != stem_date and not corrections_by(data, day):
            return stem_date
    return date


def _stem_date(stem: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(stem[:10])
    except ValueError:
        return None


def outcome(data: Mapping[str, Any], day: dt.date) -> dict[str, Any] | None:
    """A resolution's ``outcome`` if it is dated on or before ``day`` (handbook:
    data.md#resolution, rules.md#rules-table)."""
    entry = data.get("outcome")
    return entry if isinstance(entry, dict) and known(entry.get("date"), day) else None


def filled_on(data: Mapping[str, Any], day: dt.date) -> dt.date | None:
    """The day a vacancy was filled, if on or before ``day``; else it is still open (handbook:
    data.md#vacancy, rules.md#rules-table)."""
    filled = data.get("filled")
    return known(filled.get("date"), day) if isinstance(filled, dict) else None


def names_shown_until(data: Mapping[str, Any], days: int) -> dt.date | None:
    """The last day a notice shows its subjects' names: ``days`` (the profile's
    ``notice_names_days``) after its window closes; ``None``: no closing day (handbook:
    data.md#notice)."""
    end = data.get("to")
    return dates.add_days(end, days) if isinstance(end, dt.date) else None


def window_state(window: Mapping[str, Any], day: dt.date) -> str | None:
    """A notice's or a consultation's window (``from``, ``to``, both days included) on ``day``:
    ``upcoming``, ``open`` or ``closed``; ``None`` without both days (handbook: data.md#notice,
    site.md#pages)."""
    start, end = window.get("from"), window.get("to")
    if not isinstance(start, dt.date) or not isinstance(end, dt.date):
        return None
    return "upcoming" if day < start else ("open" if day <= end else "closed")


def names_shown(data: Mapping[str, Any], day: dt.date, days: int) -> bool:
    """Whether a notice still shows names on ``day`` (:func:`names_shown_until`)."""
    until = names_shown_until(data, days)
    return until is None or day <= until


# -- an organization's figures -------------------------------------------------------------------


def latest_stats(data: Mapping[str, Any], day: dt.date, *fields: str,
                 keep: Callable[[dict[str, Any]], bool] | None = None,
                 ) -> tuple[int, dict[str, Any]] | None:
    """The organization's ``stats`` entry of the latest year up to ``day``'s year that gives
    every one of ``fields`` as a whole number (and passes ``keep``), with its index (the later
    one in the file on a tie; handbook: data.md#org-yaml, rules.md#rules-table)."""
    stats = data.get("stats")
    found = [(entry["year"], index, entry) for index, entry in enumerate(stats)
             if isinstance(entry, dict) and (year := whole_number(entry.get("year"))) is not None
             and year <= day.year and all(whole_number(entry.get(f)) is not None for f in fields)
             and (keep is None or keep(entry))] if isinstance(stats, list) else []
    if not found:
        return None
    _, index, entry = max(found, key=lambda item: item[:2])
    return index, entry


def members_on(data: Mapping[str, Any], day: dt.date) -> tuple[int, int] | None:
    """(year, member count) of :func:`latest_stats` up to ``day``."""
    latest = latest_stats(data, day, "members")
    return None if latest is None else (latest[1]["year"], latest[1]["members"])


# -- terms and leadership ------------------------------------------------------------------------

LongestTerm = Callable[[Any, dt.date], "int | None"]
"""The longest term (years) the rule profile allows an elected body (``elected_body``) whose
election is on a day; the rules build it from their profile (handbook: rules.md#rules-table)."""


@dataclass(frozen=True)
class Term:
    """An election's term: from its date, ``years`` long, to ``end``; ``assumed``: the election
    gives no ``term_years`` and the longest term allowed counts; ``extended_to``: an approved
    postponement (known on the day) past ``end`` (handbook: rules.md#rules-table)."""

    start: dt.date
    years: int
    end: dt.date
    assumed: bool = False
    extended_to: dt.date | None = None

    @property
    def due(self) -> dt.date:
        """The last day of the term in force: the postponement's, else the term's."""
        return self.extended_to or self.end


def term(data: Mapping[str, Any], start: dt.date, day: dt.date,
         longest: LongestTerm | None = None) -> Term | None:
    """The term of the election ``data`` held on ``start``, as of ``day``. Without
    ``term_years``, a general election's term is the longest ``longest`` allows; ``None``: no
    length is known."""
    years, assumed = term_years(data), False
    if years is None and longest is not None and data.get("election_type") == "general":
        years, assumed = longest(data.get("elected_body"), start), True
    if years is None:
        return None
    end = dates.term_end(start, years)
    until = postponed_until(data, day)
    return Term(start, years, end, assumed, until if until is not None and until > end else None)


def postponed_until(data: Mapping[str, Any], day: dt.date) -> dt.date | None:
    """An election's ``postponement.until`` if its approval is dated on or before ``day``."""
    postponement = data.get("postponement")
    if not isinstance(postponement, dict):
        return None
    approval, until = postponement.get("approval"), postponement.get("until")
    approved = known(approval.get("date"), day) if isinstance(approval, dict) else None
    return until if approved is not None and isinstance(until, dt.date) else None


class Dated(Protocol):
    """A record as rules or site hold it."""

    @property
    def id(self) -> str: ...

    @property
    def kind(self) -> str: ...

    @property
    def data(self) -> dict[str, Any]: ...


R = TypeVar("R", bound=Dated)


@dataclass
class Leadership(Generic[R]):
    """Who leads an organization on a day, its term and its open posts, and the records that
    say so (handbook: site.md#as-of)."""

    secretary: str | None = None
    deputies: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    term: Term | None = None
    vacancies: list[tuple[str, dt.date]] = field(default_factory=list)
    sources: list[R] = field(default_factory=list)


def leadership(records: Iterable[R], date_of: Callable[[R], dt.date], day: dt.date,
               longest: LongestTerm | None = None) -> Leadership[R] | None:
    """The latest general election among ``records`` (an organization's, not withdrawn, by
    their date on ``day``: ``date_of``), then later by-elections and vacancies, filled or open
    on ``day``. ``None`` without a general election."""
    items = sorted(((date_of(r), r.id, r) for r in records
                    if r.kind in ("election", "vacancy")), key=lambda item: item[:2])
    generals = [item for item in items if item[2].kind == "election"
                and item[2].data.get("election_type") == "general"]
    if not generals:
        return None
    start, _, base = generals[-1]
    elected = base.data.get("elected") or {}
    lead: Leadership[R] = Leadership(
        secretary=elected.get("secretary"), deputies=list(elected.get("deputy_secretaries") or []),
        members=list(elected.get("members") or []), term=term(base.data, start, day, longest),
        sources=[base])
    for date, _, record in items:
        if date <= start:
            continue
        if record.kind == "vacancy":
            _vacancy(lead, record, date, day)
        elif record.data.get("election_type") == "by_election":
            _by_election(lead, record)
    return lead


def _by_election(lead: Leadership[R], record: R) -> None:
    elected = record.data.get("elected") or {}
    if elected.get("secretary"):
        lead.secretary = elected["secretary"]
        lead.vacancies = [v for v in lead.vacancies if v[0] != "secretary"]
    for name in elected.get("deputy_secretaries") or []:
        if name not in lead.deputies:
            lead.deputies.append(name)
    for name in elected.get("members") or []:
        if name not in lead.members:
            lead.members.append(name)
    lead.sources.append(record)


def _vacancy(lead: Leadership[R], record: R, date: dt.date, day: dt.date) -> None:
    position = str(record.data.get("position"))
    lead.sources.append(record)
    name = (record.data.get("filled") or {}).get("name")
    if filled_on(record.data, day) is not None and name:
        if position == "secretary":
            lead.secretary = name
        elif position == "deputy_secretary" and name not in lead.deputies:
            lead.deputies.append(name)
        elif position == "member" and name not in lead.members:
            lead.members.append(name)
        return
    if position == "secretary":
        lead.secretary = None
    lead.vacancies.append((position, record.data.get("since") or date))
