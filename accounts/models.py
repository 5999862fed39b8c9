"""Organisations (the plan and its CBO partners) and the people who log in."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models


class Organization(models.Model):
    """A health plan or a community-based organisation; every user belongs to one."""

    class Kind(models.TextChoices):
        PLAN = "plan", "Health plan"
        CBO = "cbo", "Community-based organisation"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A portal user. Roles are groups (accounts.roles); the organisation scopes what they see."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    supervisor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="team",
        help_text="The supervisor whose team this care manager is on.",
    )
    # The interface language the user chose (settings.LANGUAGES); empty: the browser's.
    language = models.CharField(
        max_length=8, choices=settings.LANGUAGES, blank=True, db_default="", default=""
    )

    class Meta:
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class LoginDelay(models.Model):
    """Failed logins of one username, and when the next try is allowed (accounts.lockout)."""

    username = models.CharField(max_length=150, unique=True)
    failures = models.PositiveIntegerField(default=0)
    next_try_at = models.DateTimeField(null=True, blank=True)
    last_failure_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.username}: {self.failures} failed"
