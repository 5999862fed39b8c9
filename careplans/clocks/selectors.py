"""Reads of the clocks: the settings in force and their history, a member's running clocks,
and the progress of a full recompute.
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import timezone

from careplans.models import ClockSetting, MemberClock
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


def current_settings() -> dict[str, SettingValue]:
    """Every setting key with its value in force: the latest row for the key, else the default.

    One query (DISTINCT ON key).
    """
    rows = {
        row.key: row
        for row in ClockSetting.objects.select_related("changed_by")
        .order_by("key", "-changed_at", "-id")
        .distinct("key")
    }
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
