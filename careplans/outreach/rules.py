"""The outreach rule before a member may be called "unable to reach" (shared/domain/timelines.md).

At least 3 outreach attempts on different days, over at least 30 days (configurable:
`unable_to_reach_span`), using at least 2 modes, since the episode's outreach began (ECM
outreach practice, used for CICM too). Counted in one query over the member's contacts, on the
plan's calendar days.
"""

import datetime
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Max, Min
from django.db.models.functions import TruncDate

from careplans.models import Contact, ContactKind

MIN_ATTEMPT_DAYS = 3
MIN_MODES = 2


@dataclass(frozen=True)
class OutreachSoFar:
    days: int
    modes: int
    first: datetime.date | None
    last: datetime.date | None

    @property
    def span_days(self) -> int:
        return (self.last - self.first).days if self.first and self.last else 0


def outreach_so_far(*, member_id: int, since: datetime.date, until: datetime.date) -> OutreachSoFar:
    plan_zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    attempts = (
        Contact.objects.filter(member_id=member_id, kind=ContactKind.OUTREACH)
        .annotate(day=TruncDate("occurred_at", tzinfo=plan_zone))
        .filter(day__gte=since, day__lte=until)
        .aggregate(
            days=Count("day", distinct=True),
            modes=Count("mode", distinct=True),
            first=Min("day"),
            last=Max("day"),
        )
    )
    return OutreachSoFar(**attempts)


def unable_to_reach_problem(
    *, member_id: int, since: datetime.date, until: datetime.date, span_days: int
) -> str | None:
    """Why the member may not be marked unable to reach yet, or None when the rule is met."""
    so_far = outreach_so_far(member_id=member_id, since=since, until=until)
    if (
        so_far.days >= MIN_ATTEMPT_DAYS
        and so_far.modes >= MIN_MODES
        and so_far.span_days >= span_days
    ):
        return None
    return (
        f"Before “unable to reach”, log at least {MIN_ATTEMPT_DAYS} outreach attempts on "
        f"different days over at least {span_days} days using at least {MIN_MODES} modes. "
        f"So far since {since.isoformat()}: attempts on {so_far.days} day(s) over "
        f"{so_far.span_days} day(s) by {so_far.modes} mode(s)."
    )
