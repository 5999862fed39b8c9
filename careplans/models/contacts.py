"""Outreach attempts and contacts with or about a member (what state reviewers count)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from members.models import Member


class ContactKind(models.TextChoices):
    OUTREACH = "outreach", _("Outreach attempt")
    CONTACT = "contact", _("Contact")


class ContactMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("Phone")
    VIDEO = "video", _("Video")
    TEXT = "text", _("Text message")
    MAIL = "mail", _("Mail")


class ReachedParty(models.TextChoices):
    NOBODY = "nobody", _("Nobody")
    MEMBER = "member", _("Member")
    CAREGIVER = "caregiver", _("Caregiver / family")
    REPRESENTATIVE = "representative", _("Authorized representative")
    PROVIDER = "provider", _("Provider")
    CBO = "cbo", _("CBO care manager")


class ContactOutcome(models.TextChoices):
    REACHED = "reached", _("Reached")
    LEFT_MESSAGE = "left_message", _("Left a message")
    NO_ANSWER = "no_answer", _("No answer")
    WRONG_NUMBER = "wrong_number", _("Wrong or disconnected number")
    RETURNED_MAIL = "returned_mail", _("Mail returned")
    DECLINED = "declined", _("Member declined")


class Contact(models.Model):
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField(max_length=10, choices=ContactKind.choices)
    occurred_at = models.DateTimeField()
    mode = models.CharField(max_length=10, choices=ContactMode.choices)
    reached = models.CharField(max_length=15, choices=ReachedParty.choices)
    outcome = models.CharField(max_length=15, choices=ContactOutcome.choices)
    duration_minutes = models.PositiveIntegerField(null=True, blank=True)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    shared_with_cbo = models.BooleanField(
        "Shared with the CBO",
        default=False,
        help_text="Off: plan-internal, never shown to CBO staff.",
    )
    by_organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The CBO whose staff recorded it (empty: recorded by the plan).",
    )
    sud = models.BooleanField(
        "Substance use (42 CFR Part 2)",
        default=False,
        help_text="Shown to CBO staff only under a Part 2 consent naming their organisation.",
    )

    class Meta:
        ordering = ["member", "-occurred_at"]
        indexes = [models.Index(fields=["member", "-occurred_at"], name="contact_member_recent")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} by {self.get_mode_display()} at {self.occurred_at}"
