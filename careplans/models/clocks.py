"""Due-date clocks (shared/domain/timelines.md): settings with history, and computed clocks.

ClockSetting is append-only: a plan admin's change adds a row with who, when and why, and the
latest row per key is in force, so every due date can name the setting that produced it.
MemberClock holds each member's computed clocks (recomputed set-based for one member after a
change, and for everyone nightly, since "due soon" and "overdue" move with the calendar).
"""

from django.conf import settings
from django.db import models

from members.extensions import clock_label
from members.models import ClockSummary as ClockState  # one set of states: clocks and summary
from members.models import Member


class ClockSetting(models.Model):
    key = models.SlugField(max_length=40)
    days = models.PositiveIntegerField()
    reason = models.CharField(max_length=300, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["key", "-changed_at", "-id"]
        indexes = [models.Index(fields=["key", "-changed_at"], name="clock_setting_current")]

    def __str__(self) -> str:
        return f"{self.key} = {self.days} days"


class MemberClock(models.Model):
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="clocks")
    clock = models.CharField(max_length=40)  # a key of members.extensions.clock_rules
    due_on = models.DateField()
    state = models.CharField(max_length=10, choices=ClockState.choices)
    basis = models.CharField(max_length=300, help_text="What started the clock and which setting.")
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["member", "due_on"]
        constraints = [
            models.UniqueConstraint(fields=["member", "clock"], name="member_clock_unique"),
        ]
        indexes = [models.Index(fields=["state", "due_on"], name="member_clock_state")]

    def __str__(self) -> str:
        return f"{self.clock} due {self.due_on} ({self.state})"

    @property
    def label(self) -> str:
        """The clock's name as its registering app gave it ("Initial HRA")."""
        return clock_label(self.clock)
