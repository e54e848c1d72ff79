"""Calendar arithmetic: days, months and years added, a term's last day.

The as-of facts (:mod:`gongkai.model.asof`) and the rules' periods (:mod:`gongkai.rules.periods`)
both count with these, so a term ends on the same day for a finding and for a page. Dates run to
9999-12-31 (handbook: data.md#dates); arithmetic that would pass either end of the calendar stops
there (handbook: security.md, "Hostile input"). A term of N years that starts on D ends the day
before D + N years; adding months clamps to the end of a shorter month (30 Nov + 3 months =
28 Feb; handbook: rules.md#dates). This module imports nothing of gongkai.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping

ONE_DAY = dt.timedelta(days=1)
FIRST_DAY, LAST_DAY = dt.date.min, dt.date.max


def add_days(day: dt.date, days: int) -> dt.date:
    """``day`` plus ``days`` (negative: minus), stopping at the ends of the calendar."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return LAST_DAY if days > 0 else FIRST_DAY


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole months, clamped to the last day of a shorter month."""
    years, month0 = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month0 + 1
    if not FIRST_DAY.year <= year <= LAST_DAY.year:
        return LAST_DAY if year > LAST_DAY.year else FIRST_DAY
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def day_before_months_later(day: dt.date, months: int) -> dt.date:
    """The last day of ``months`` months from ``day``: a period's or a term's end."""
    if day.year + (day.month - 1 + months) // 12 > LAST_DAY.year:
        return LAST_DAY  # it would end after the calendar does
    return add_months(day, months) - ONE_DAY


def add_years(day: dt.date, years: int) -> dt.date:
    return add_months(day, 12 * years)


def term_end(start: dt.date, years: int) -> dt.date:
    """The last day of a term of ``years`` that starts on ``start``."""
    return day_before_months_later(start, 12 * years)


def add_duration(day: dt.date, duration: Mapping[str, int]) -> dt.date:
    """``day`` plus a profile duration ``{days: N}`` or ``{months: N}``."""
    return add_days(add_months(day, int(duration.get("months", 0))),
                    int(duration.get("days", 0)))


def minus_duration(day: dt.date, duration: Mapping[str, int]) -> dt.date:
    return add_days(add_months(day, -int(duration.get("months", 0))),
                    -int(duration.get("days", 0)))
