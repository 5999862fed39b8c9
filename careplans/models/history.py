"""Care management done before the portal: past completed HRAs and care plans per member, loaded
from the hra_history.csv contract file (careplans/clocks/history.py). The clocks count from
them as from work done in the portal, so a plan going live starts from the truth; and tasks a
supervisor snoozed, with who, when, until when and why (kept: a snooze is never edited)."""

from django.conf import settings
from django.db import models

from members.models import Member

TASK_ITEM_KIND = "task"  # the "My tasks" kind of an open care-plan task (plans/extensions.py)


class PriorRecordKind(models.TextChoices):
    HRA = "hra", "HRA"
    CARE_PLAN = "care_plan", "Care plan"


class PriorRecord(models.Model):
    """One HRA or care plan completed before the portal, as the plan's earlier system knew it."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="prior_records")
    source_id = models.CharField(max_length=100)
    record_type = models.CharField(max_length=10, choices=PriorRecordKind.choices)
    completed_on = models.DateField()
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["member", "-completed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "source_id"], name="prior_record_member_source"
            ),
        ]
        indexes = [
            models.Index(
                fields=["member", "record_type", "-completed_on"], name="prior_record_latest"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_record_type_display()} {self.completed_on}"


class TaskSnooze(models.Model):
    """A "My tasks" item hidden until a day, by a supervisor, with a reason. Rows are never
    deleted: a snooze ends on its day, or earlier when a supervisor lifts it (lifted_at/by), and
    stays as the item's history either way."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="task_snoozes")
    item_kind = models.CharField(max_length=40)  # a task source's kind: "task", a clock key
    item_id = models.BigIntegerField()
    until = models.DateField(help_text="Hidden until this day; it shows again on it.")
    reason = models.CharField(max_length=300)
    snoozed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    snoozed_at = models.DateTimeField()
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        ordering = ["-snoozed_at", "-id"]
        indexes = [
            models.Index(fields=["item_kind", "item_id", "until"], name="task_snooze_item"),
        ]

    def __str__(self) -> str:
        return f"{self.item_kind} {self.item_id} until {self.until}"
