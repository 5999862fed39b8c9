"""Reads of the clocks: the settings in force and their history, a member's running clocks,
and the progress of a full recompute.
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import QuerySet, prefetch_related_objects
from django.utils import timezone

from careplans.models import ClockSetting, MemberClock
from core.model_rows import columns_of, from_row
from core.prepared import prepared_cursor
from members import extensions
from members.models import Member

REFRESH_STATUS_KEY = "careplans:clock-refresh"  # progress of a full recompute, in the cache


@dataclass(frozen=True)
class SettingValue:
    """The value in force for one setting key, and where it came from."""

    key: str
    label: str
    days: int
    configurable: bool
    source: str
    row: ClockSetting | None  # None: the default in code

    @property
    def basis(self) -> str:
        """Where the number of days comes from, in a care manager's words: "plan default", or
        "plan setting since 2026-02-01" (not "setting member_contact 30 days, default")."""
        if self.row is None:
            return "plan default"
        return f"plan setting since {timezone.localdate(self.row.changed_at)}"


# The latest row of each key. On every contact saved (the clocks' refresh) and every task list
# (the due-soon window), so one prepared statement of the table's own columns: the ORM built,
# compiled and planned a join to the user each time (issue 14).
CURRENT_SETTINGS_SQL = f"""
    SELECT DISTINCT ON (s.key) {columns_of(ClockSetting, "s")}
      FROM {ClockSetting._meta.db_table} s
     ORDER BY s.key, s.changed_at DESC, s.id DESC"""


def current_settings(*, with_authors: bool = False) -> dict[str, SettingValue]:
    """Every setting key with its value in force: the latest row for the key, else the default.

    One query; `with_authors` adds one for who changed each (the settings page shows them).
    """
    with prepared_cursor() as cursor:
        cursor.execute(CURRENT_SETTINGS_SQL)
        rows = {row.key: row for row in (from_row(ClockSetting, v) for v in cursor.fetchall())}
    if with_authors:
        prefetch_related_objects(list(rows.values()), "changed_by")
    values = {}
    for spec in extensions.clock_settings:
        row = rows.get(spec.key)
        values[spec.key] = SettingValue(
            key=spec.key,
            label=spec.label,
            days=row.days if row else spec.default_days,
            configurable=spec.configurable,
            source=spec.source,
            row=row,
        )
    return values


def setting_history() -> QuerySet[ClockSetting]:
    return ClockSetting.objects.select_related("changed_by").order_by("-changed_at", "-id")


def member_clocks(member: Member) -> QuerySet[MemberClock]:
    """The member's running clocks, the most urgent first."""
    return MemberClock.objects.filter(member=member).order_by("due_on", "clock")


def refresh_status() -> dict | None:
    return cache.get(REFRESH_STATUS_KEY)
