"""Business days: Monday to Friday, less California's state holidays.

California Government Code §6700 lists the state holidays; a holiday that falls on a Sunday is
observed the following Monday, one that falls on a Saturday is not moved (§6701). Clocks that
count business days (a CBO's decision on an assignment, a Community Supports provider's answer)
use `add_business_days` in Python and `holidays_between` to pass the same days to SQL.
"""

import datetime
from functools import lru_cache


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> datetime.date:
    """The n-th `weekday` (Monday 0) of the month; n = -1 for the last."""
    if n > 0:
        first = datetime.date(year, month, 1)
        return first + datetime.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = datetime.date(year + (month == 12), month % 12 + 1, 1) - datetime.timedelta(days=1)
    return last - datetime.timedelta(days=(last.weekday() - weekday) % 7)


@lru_cache(maxsize=64)
def california_holidays(year: int) -> frozenset[datetime.date]:
    """The days California state offices are closed for a holiday in `year`."""
    mon, thu, fri = 0, 3, 4
    fixed = [
        datetime.date(year, 1, 1),  # New Year's Day
        datetime.date(year, 2, 12),  # Lincoln Day
        datetime.date(year, 3, 31),  # Cesar Chavez Day
        datetime.date(year, 6, 19),  # Juneteenth
        datetime.date(year, 7, 4),  # Independence Day
        datetime.date(year, 11, 11),  # Veterans Day
        datetime.date(year, 12, 25),  # Christmas Day
    ]
    observed = {day + datetime.timedelta(days=1) if day.weekday() == 6 else day for day in fixed}
    thanksgiving = _nth_weekday(year, 11, thu, 4)
    observed |= {
        _nth_weekday(year, 1, mon, 3),  # Martin Luther King Jr. Day
        _nth_weekday(year, 2, mon, 3),  # Presidents' Day
        _nth_weekday(year, 5, mon, -1),  # Memorial Day
        _nth_weekday(year, 9, mon, 1),  # Labor Day
        _nth_weekday(year, 9, fri, 4),  # Native American Day
        thanksgiving,
        thanksgiving + datetime.timedelta(days=1),  # the day after Thanksgiving
    }
    return frozenset(observed)


def is_business_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in california_holidays(day.year)


def add_business_days(day: datetime.date, days: int) -> datetime.date:
    """The `days`-th business day after `day` (day itself not counted)."""
    current, left = day, days
    while left > 0:
        current += datetime.timedelta(days=1)
        if is_business_day(current):
            left -= 1
    return current


def holidays_between(start_year: int, end_year: int) -> list[datetime.date]:
    """Every holiday of the years start_year..end_year, sorted (for a SQL date[] parameter)."""
    return sorted(d for y in range(start_year, end_year + 1) for d in california_holidays(y))


# SQL for the `days`-th business day after `start` (both SQL expressions), with the holidays
# in the date[] parameter %(holidays)s (holidays_between around the plan's today).
ADD_BUSINESS_DAYS_SQL = (
    "(SELECT g.d::date FROM generate_series({start} + 1, {start} + {days} * 2 + 14,"
    " interval '1 day') AS g(d) WHERE extract(isodow FROM g.d) < 6"
    " AND g.d::date <> ALL(%(holidays)s::date[]) ORDER BY g.d OFFSET {days} - 1 LIMIT 1)"
)
