"""Community Supports: the plan's offerings per county, authorizations (imported history and
those made in the portal) and closed-loop referrals with their history.

- CsOffering: the plan offers a service in a county from `effective_from` (a 1 January or 1
  July) to `effective_to` (a 30 June or 31 December, or open). Periods are never deleted: a
  change ends one period and starts another, so the history stays.
- CsAuthorization: one authorization, keyed by (member, source_id) = the plan's authorization
  number; cancelled ones never count toward a limit (referrals/limits.py).
- Referral: draft -> sent -> received -> accepted/declined -> authorized -> in service ->
  completed -> closed, or cancelled (referrals/services.py holds the allowed moves).
  ReferralEvent is its append-only history; ServiceDelivery the provider's delivery records.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cbo_partners.models import Partner
from members.models import Member

from . import catalog


class CsOffering(models.Model):
    county = models.CharField(max_length=40)
    service = models.CharField(max_length=40, choices=catalog.CHOICES)
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["county", "service", "effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["county", "service", "effective_from"], name="cs_offering_key"
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=F("effective_from")),
                name="cs_offering_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service} in {self.county} from {self.effective_from}"


class AuthorizationStatus(models.TextChoices):
    AUTHORIZED = "authorized", "Authorized"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"


class CsAuthorization(models.Model):
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="cs_authorizations")
    service = models.CharField(max_length=40, choices=catalog.CHOICES)
    start_date = models.DateField()
    end_date = models.DateField()
    units = models.PositiveIntegerField(null=True, blank=True)
    amount_usd = models.DecimalField(max_digits=11, decimal_places=2, null=True, blank=True)
    status = models.CharField(max_length=10, choices=AuthorizationStatus.choices)
    source_id = models.CharField("Authorization number", max_length=100)
    authorized_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    override_reason = models.TextField(max_length=2000, blank=True, db_default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["member", "service", "start_date"]
        constraints = [
            models.UniqueConstraint(fields=["member", "source_id"], name="cs_authorization_key"),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="cs_authorization_dates"
            ),
        ]
        indexes = [models.Index(fields=["member", "service"], name="cs_auth_member_service")]

    def __str__(self) -> str:
        return f"{self.source_id} {self.service}"


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")
    RECEIVED = "received", _("Received")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    AUTHORIZED = "authorized", _("Authorized")
    IN_SERVICE = "in_service", _("In service")
    COMPLETED = "completed", _("Completed")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class Reason(models.TextChoices):
    """Why a referral was declined or cancelled (community_supports.md, closed loop)."""

    NO_CAPACITY = "no_capacity", _("No capacity")
    MEMBER_DECLINED = "member_declined", _("Member declined")
    NOT_ELIGIBLE = "not_eligible", _("Not eligible")
    UNABLE_TO_CONTACT = "unable_to_contact", _("Unable to contact member")
    NOT_OFFERED = "not_offered", _("Service not offered in county")
    OTHER = "other", _("Other")


class ClosureReason(models.TextChoices):
    SERVICE_COMPLETED = "service_completed", _("Service completed")
    MEMBER_DECLINED = "member_declined", _("Member declined")
    UNABLE_TO_CONTACT = "unable_to_contact", _("Unable to contact member")
    NOT_ELIGIBLE = "not_eligible", _("Not eligible")
    OTHER = "other", _("Other")


class Urgency(models.TextChoices):
    ROUTINE = "routine", _("Routine")
    URGENT = "urgent", _("Urgent")


class Referral(models.Model):
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="cs_referrals")
    service = models.CharField(max_length=40, choices=catalog.CHOICES)
    provider = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="cs_referrals")
    reason = models.TextField(max_length=2000)
    urgency = models.CharField(max_length=10, choices=Urgency.choices, default=Urgency.ROUTINE)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(default=1)  # a save on an older version is refused
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # The provider accepts or declines by this day: 5 business days after sending
    # (core/business_days.py), kept so lists and the task list can sort and filter by it.
    decide_by = models.DateField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.CharField(max_length=20, choices=Reason.choices, blank=True)
    authorization = models.OneToOneField(
        CsAuthorization, on_delete=models.PROTECT, null=True, blank=True, related_name="referral"
    )
    service_started_on = models.DateField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closure_reason = models.CharField(max_length=20, choices=ClosureReason.choices, blank=True)
    connected = models.BooleanField(null=True, blank=True)
    connected_on = models.DateField(null=True, blank=True)
    cancel_reason = models.CharField(max_length=20, choices=Reason.choices, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["provider", "status"], name="cs_referral_provider_status"),
            models.Index(fields=["sent_at"], name="cs_referral_sent_at"),
        ]

    def __str__(self) -> str:
        return f"Referral {self.pk} ({self.service})"

    @property
    def service_name(self) -> str:
        return catalog.name_of(self.service)


class ReferralEvent(models.Model):
    """One step of a referral: who moved it to which status, when, and why."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=12, choices=Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    reason = models.CharField(max_length=20, blank=True)
    note = models.TextField(max_length=2000, blank=True)

    class Meta:
        ordering = ["referral", "at", "id"]
        indexes = [models.Index(fields=["referral", "status"], name="cs_event_referral_status")]

    def __str__(self) -> str:
        return f"{self.referral_id} {self.status} at {self.at}"


class ServiceDelivery(models.Model):
    """What the provider delivered: dates and units, recorded by its staff."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="deliveries")
    start_date = models.DateField()
    end_date = models.DateField()
    units = models.PositiveIntegerField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["referral", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="cs_delivery_dates"
            )
        ]

    def __str__(self) -> str:
        return f"{self.referral_id} {self.start_date}..{self.end_date}"
