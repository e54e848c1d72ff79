"""Calendar arithmetic of handbook: rules.md#dates."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.rules.periods import (
    add_duration,
    add_months,
    due_date,
    period_of,
    periods,
    term_end,
    valid_due,
)

D = dt.date


@pytest.mark.parametrize(("start", "months", "expected"), [
    (D(2025, 11, 30), 3, D(2026, 2, 28)),   # handbook rules.md#dates: 30 Nov + 3 months = 28 Feb
    (D(2023, 11, 30), 3, D(2024, 2, 29)),   # a leap February keeps the 29th
    (D(2025, 1, 31), 1, D(2025, 2, 28)),
    (D(2025, 3, 31), -1, D(2025, 2, 28)),
    (D(2025, 12, 15), 1, D(2026, 1, 15)),
    (D(2025, 8, 4), 0, D(2025, 8, 4)),
])
def test_add_months_clamps_to_the_end_of_a_shorter_month(start: dt.date, months: int,
                                                         expected: dt.date) -> None:
    assert add_months(start, months) == expected


@pytest.mark.parametrize(("start", "years", "end"), [
    (D(2024, 3, 28), 3, D(2027, 3, 27)),
    (D(2022, 1, 1), 4, D(2025, 12, 31)),
    (D(2024, 2, 29), 1, D(2025, 2, 27)),    # the day before 2025-02-28 (29 Feb clamps)
])
def test_a_term_ends_the_day_before_start_plus_n_years(start: dt.date, years: int,
                                                        end: dt.date) -> None:
    assert term_end(start, years) == end


def test_durations_in_days_or_months() -> None:
    assert add_duration(D(2025, 6, 12), {"days": 60}) == D(2025, 8, 11)
    assert add_duration(D(2025, 11, 30), {"months": 3}) == D(2026, 2, 28)


def test_periods_start_on_or_after_the_first_day_and_by_the_last() -> None:
    quarters = [p.id for p in periods("quarter", D(2025, 2, 1), D(2025, 10, 1))]
    assert quarters == ["2025-Q2", "2025-Q3", "2025-Q4"]
    assert [p.id for p in periods("year", D(2025, 1, 1), D(2026, 1, 1))] == ["2025", "2026"]
    assert [p.id for p in periods("year", D(2025, 1, 2), D(2026, 12, 31))] == ["2026"]
    halves = [p.id for p in periods("half", D(2025, 1, 1), D(2025, 12, 31))]
    assert halves == ["2025-H1", "2025-H2"]
    months = [p.id for p in periods("month", D(2025, 11, 1), D(2026, 1, 31))]
    assert months == ["2025-11", "2025-12", "2026-01"]


def test_period_bounds_and_labels() -> None:
    q = period_of("quarter", D(2025, 8, 20))
    assert (q.start, q.end, q.id) == (D(2025, 7, 1), D(2025, 9, 30), "2025-Q3")
    assert q.label("zh") == "2025 年第 3 季度" and q.label("en") == "Q3 2025"
    h = period_of("half", D(2025, 12, 31))
    assert (h.start, h.end, h.label("en")) == (D(2025, 7, 1), D(2025, 12, 31),
                                                "the second half of 2025")
    m = period_of("month", D(2024, 2, 10))
    assert (m.end, m.label("zh"), m.label("en")) == (D(2024, 2, 29), "2024 年 2 月", "February 2024")


def test_due_dates() -> None:
    year = period_of("year", D(2025, 5, 5))
    assert due_date("03-31", year) == D(2025, 3, 31)
    assert due_date("next-year-01-31", year) == D(2026, 1, 31)
    assert due_date("end", year) == D(2025, 12, 31)
    assert due_date("end", period_of("quarter", D(2025, 2, 1))) == D(2025, 3, 31)
    assert due_date("02-29", year) == D(2025, 2, 28)
    assert valid_due("next-year-03-31") and valid_due("end") and valid_due("02-29")
    assert not valid_due("13-01") and not valid_due("02-30") and not valid_due("tomorrow")
