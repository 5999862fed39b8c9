"""The access log as CSV for auditors: a date range of the plan's days, optionally one user.

HIPAA's audit controls (45 CFR 164.312(b)) ask that activity be *examined*, not only recorded;
auditors take the file into a spreadsheet, so every cell that a spreadsheet would read as a
formula is neutralised (OWASP "CSV injection"). The page, the API and `export_access_log`
all write through `write_access_log_csv`.
"""

import csv
import datetime
from collections.abc import Iterable, Iterator

from django.db.models import QuerySet
from django.utils import timezone

from .models import AccessLog

HEADER = [
    "viewed_at",
    "username",
    "user_name",
    "organization",
    "member_id",
    "member_cin",
    "viewed",
    "client_address",
    "members_shown",  # a list, search or export: the ids of every member it showed
    "channel",  # web, or system/task for a command or task
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value) -> str:
    """A cell a spreadsheet shows as text: a leading ' before = + - @ tab or carriage return."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def access_log_between(
    *, start: datetime.date, end: datetime.date, username: str | None = None
) -> QuerySet[AccessLog]:
    """Rows viewed on the plan's days start..end (inclusive), oldest first."""
    rows = AccessLog.objects.filter(
        viewed_at__gte=_day_start(start),
        viewed_at__lt=_day_start(end + datetime.timedelta(days=1)),
    )
    if username:
        rows = rows.filter(user__username=username)
    return rows.order_by("viewed_at", "id")


def access_log_rows(rows: QuerySet[AccessLog]) -> Iterator[list[str]]:
    labels = dict(AccessLog.View.choices)
    values = rows.values_list(
        "viewed_at",
        "user__username",
        "user__first_name",
        "user__last_name",
        "user__organization__name",
        "member_id",
        "member__cin",
        "viewed",
        "client_address",
        "member_ids",
        "channel",
    )
    for (
        viewed_at,
        username,
        first,
        last,
        org,
        member_id,
        cin,
        viewed,
        address,
        shown,
        channel,
    ) in values.iterator(chunk_size=5000):
        yield [
            spreadsheet_safe(value)
            for value in (
                timezone.localtime(viewed_at).isoformat(timespec="seconds"),
                username,
                f"{first} {last}".strip(),
                org,
                member_id,
                cin,
                labels.get(viewed, viewed),
                address,
                " ".join(str(member) for member in shown),
                channel,
            )
        ]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(rows: QuerySet[AccessLog]) -> Iterable[str]:
    """The CSV text line by line, for a streaming response."""
    writer = csv.writer(_Echo())
    yield writer.writerow(HEADER)
    for row in access_log_rows(rows):
        yield writer.writerow(row)


def write_access_log_csv(rows: QuerySet[AccessLog], out) -> int:
    """Write the CSV to a file; returns the number of rows written."""
    count = 0
    for count, line in enumerate(csv_lines(rows)):  # noqa: B007 - the header is line 0
        out.write(line)
    return count
