"""Calendar arithmetic for rules: periods, month and year steps, term ends, due dates.

Dates run to 9999-12-31 (handbook: data.md#dates). Arithmetic that would pass either end of
the calendar stops there: a due date beyond 9999-12-31 becomes 9999-12-31, a day no check ever
reaches (``--as-of`` has a limit, :data:`MAX_AS_OF`), so in practice "no due date"
(handbook/docs/security.md, "Hostile input").

The arithmetic of days, months and terms is :mod:`gongkai.core.dates`, shared with the as-of facts
(:mod:`gongkai.model.asof`); its names are kept here for the rules (handbook: rules.md#dates).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from gongkai.core.dates import FIRST_DAY as FIRST_DAY
from gongkai.core.dates import LAST_DAY, ONE_DAY
from gongkai.core.dates import add_days as add_days
from gongkai.core.dates import add_duration as add_duration
from gongkai.core.dates import add_months as add_months
from gongkai.core.dates import add_years as add_years
from gongkai.core.dates import day_before_months_later as _day_before_months_later
from gongkai.core.dates import minus_duration as minus_duration
from gongkai.core.dates import term_end as term_end
from gongkai.wording import Text, words

_MONTHS_IN = {"year": 12, "half": 6, "quarter": 3, "month": 1}
_DUE = re.compile(r"(next-year-)?(\d{2})-(\d{2})")
MAX_AS_OF = dt.date(2199, 12, 31)  # rules walk every period up to the as-of day: keep it bounded


@dataclass(frozen=True, order=True)
class Period:
    """A calendar year, half-year, quarter or month."""

    start: dt.date
    end: dt.date
    unit: str

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def id(self) -> str:
        """``2025``, ``2025-H1``, ``2025-Q3`` or ``2025-03``."""
        index = (self.start.month - 1) // _MONTHS_IN[self.unit] + 1
        return {"year": f"{self.year}", "half": f"{self.year}-H{index}",
                "quarter": f"{self.year}-Q{index}",
                "month": f"{self.year}-{self.start.month:02d}"}[self.unit]

    def label(self, lang: str) -> str:
        return self.words().in_(lang)

    def words(self) -> Text:
        """The period in words (``rule-period.<unit>`` in the catalogue)."""
        index = (self.start.month - 1) // _MONTHS_IN[self.unit] + 1
        key = f"rule-period.{self.unit}"
        if self.unit == "half":
            return words(key, year=self.year, half=words(f"half.{index}"))
        if self.unit == "month":
            return words(key, year=self.year, month=words(f"month.{self.start.month}"))
        return words(key, year=self.year, n=index)


def period_of(unit: str, day: dt.date) -> Period:
    """The period of ``unit`` that contains ``day``."""
    size = _MONTHS_IN[unit]
    start = dt.date(day.year, (day.month - 1) // size * size + 1, 1)
    return Period(start, _day_before_months_later(start, size), unit)


def periods(unit: str, first: dt.date, last: dt.date) -> Iterator[Period]:
    """Every period of ``unit`` that starts on or after ``first`` and on or before ``last``."""
    period = period_of(unit, first)
    if period.start < first:
        period = _next(period)
    while period.start <= last:
        yield period
        if period.end >= LAST_DAY:
            return
        period = _next(period)


def _next(period: Period) -> Period:
    start = period.end + ONE_DAY
    return Period(start, _day_before_months_later(start, _MONTHS_IN[period.unit]), period.unit)


def valid_due(spec: str) -> bool:
    """A due-date spec: ``end`` (of the period), ``MM-DD`` (of its year) or ``next-year-MM-DD``."""
    if spec == "end":
        return True
    match = _DUE.fullmatch(spec)
    if match is None:
        return False
    month, day = int(match.group(2)), int(match.group(3))
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(2000, month)[1]


def due_date(spec: str, period: Period) -> dt.date:
    """The due date of ``period`` under ``spec`` (see :func:`valid_due`); 02-29 clamps."""
    if spec == "end":
        return period.end
    match = _DUE.fullmatch(spec)
    if match is None:
        raise ValueError(f"not a due-date spec: {spec!r}")
    year = period.end.year + (1 if match.group(1) else 0)
    if year > LAST_DAY.year:
        return LAST_DAY
    month, day = int(match.group(2)), int(match.group(3))
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))
