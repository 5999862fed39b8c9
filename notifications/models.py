"""In-app notifications, and each user's choice of a daily email digest.

A notification is keyed by (user, key, day): `key` names what it is about ("clock:42:initial_hra",
"risk:42", "job:7"), so the nightly reminders insert with ON CONFLICT DO NOTHING and a reminder
is never sent twice for the same clock and day, however often the job runs. The stored title
names no member; the notification centre shows the member's name only while the user may still
see that member.
"""

from django.conf import settings
from django.db import models

from members.models import Member


class Notification(models.Model):
    class Kind(models.TextChoices):
        CLOCK = "clock", "Due date"
        RISK = "risk", "Risk"
        JOB = "job", "Nightly job"
        CBO = "cbo", "CBO partnership"
        MESSAGE = "message", "Message"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    key = models.CharField(max_length=80)
    day = models.DateField()
    # No index of its own: notifications are read by user (members are never deleted: the
    # access log protects them), and the nightly reminders write hundreds of thousands.
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, null=True, blank=True, related_name="+", db_index=False
    )
    title = models.CharField(max_length=200)
    link = models.CharField(max_length=200)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-day", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key", "day"], name="notification_once_per_day"
            ),
        ]
        indexes = [
            models.Index(
                fields=["user", "-day"], name="notification_unread",
                condition=models.Q(read_at__isnull=True),
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.kind} for {self.user_id} on {self.day}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class DigestPreference(models.Model):
    """A user's choice of the daily email digest (off until they turn it on)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_preference"
    )
    daily_digest = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"digest {'on' if self.daily_digest else 'off'} for {self.user_id}"


class DigestSent(models.Model):
    """One row per user and day a digest went out: never two digests on one day."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="digest_once_per_day"),
        ]

    def __str__(self) -> str:
        return f"digest to {self.user_id} on {self.day}"
