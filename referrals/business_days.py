"""Business days for the referral clock "the provider accepts or declines within 5 business
days": weekends and California state holidays (CalHR's list, Government Code section 6700) are
skipped. A holiday on a Sunday is observed on the Monday after; one on a Saturday is not moved.
"""

import datetime
from functools import cache

ONE_DAY = datetime.timedelta(days=1)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> datetime.date:
    """The nth `weekday` (Monday = 0) of the month; n = -1 for the last."""
    if n > 0:
        first = datetime.date(year, month, 1)
        return first + datetime.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = datetime.date(year + month // 12, month % 12 + 1, 1) - ONE_DAY
    return last - datetime.timedelta(days=(last.weekday() - weekday) % 7)


@cache
def california_holidays(year: int) -> frozenset[datetime.date]:
    fixed = [(1, 1), (3, 31), (6, 19), (7, 4), (11, 11), (12, 25)]
    days = {datetime.date(year, month, day) for month, day in fixed}
    days = {d + ONE_DAY if d.weekday() == 6 else d for d in days}
    thanksgiving = _nth_weekday(year, 11, 3, 4)
    days |= {
        _nth_weekday(year, 1, 0, 3),  # Martin Luther King Jr. Day
        _nth_weekday(year, 2, 0, 3),  # Presidents' Day
        _nth_weekday(year, 5, 0, -1),  # Memorial Day
        _nth_weekday(year, 9, 0, 1),  # Labor Day
        _nth_weekday(year, 9, 4, 4),  # Native American Day
        thanksgiving,
        thanksgiving + ONE_DAY,
    }
    return frozenset(days)


def is_business_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in california_holidays(day.year)


def add_business_days(start: datetime.date, days: int) -> datetime.date:
    """The `days`th business day after `start` (start itself not counted)."""
    day = start
    while days > 0:
        day += ONE_DAY
        if is_business_day(day):
            days -= 1
    return day
