"""Facts about an organization or a record that rules and the site both need: one function each.

The rule engine (:mod:`gongkai.rules.view`, :mod:`gongkai.rules.elections`) and the site
(:mod:`gongkai.site.view`) read the validated model through these functions, so a dashboard, a
record page and a finding never disagree about when an organization existed, which year a record
is about, how long a term is or how long a notice shows names (handbook:
contributing.md#one-fact).

This module sits between the model and its readers: it imports nothing of gongkai, and
:mod:`gongkai.model` builds on it. The arithmetic of dates lives in :mod:`gongkai.rules.periods`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

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
