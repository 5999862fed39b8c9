"""The partnership with community-based organisations (CICM's defining requirement).

- Partner: the directory entry of a CBO organisation (accounts.Organization of kind CBO), with
  the auth group its staff share (guardian grants go to that group), capacity and contacts.
- PartnerContract: what the contract covers for a period (counties, populations of focus,
  Community Supports, languages). History of changes is kept by django-reversion.
- CboAssignment: a member given to a CBO for community-based care management in one program;
  pending until the CBO's lead accepts (naming one of its care managers) or declines with a
  reason; ended or reassigned with a reason. CboAssignmentEvent is its append-only history.
- Consent: the member's consent to share with named recipient organisations, by scope; Part 2
  (substance use disorder records) must name its recipients. Revoked with a date.
- MemberUserObjectPermission / MemberGroupObjectPermission: guardian's direct-foreign-key
  permission models for members, so the member scope can join them in SQL with integer keys.
- Thread / Message / MessageAttachment / ThreadReadState: the plan<->CBO conversation, one
  thread per assignment; messages are never edited or deleted.
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from accounts.models import Organization
from members.models import Member, Program


class Partner(models.Model):
    """A CBO in the plan's directory."""

    organization = models.OneToOneField(
        Organization,
        on_delete=models.PROTECT,
        related_name="partner",
        limit_choices_to={"kind": Organization.Kind.CBO},
    )
    group = models.OneToOneField(
        Group,
        on_delete=models.PROTECT,
        related_name="partner",
        help_text="The auth group of the CBO's staff; object grants on shared members go to it.",
    )
    capacity = models.PositiveIntegerField(
        help_text="The most members the CBO will carry at once (accepted and pending assignments)."
    )
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    address = models.CharField(max_length=300, blank=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organization__name"]

    def __str__(self) -> str:
        return self.organization.name


class PartnerContract(models.Model):
    """One period of a CBO's contract with the plan and what it covers."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="contracts")
    reference = models.CharField("Contract number", max_length=60, blank=True)
    effective_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    counties = ArrayField(models.CharField(max_length=40), default=list, blank=True)
    populations = ArrayField(
        models.CharField(max_length=40),
        default=list,
        blank=True,
        help_text="Populations of focus served (codes of shared/domain/populations.md).",
    )
    community_supports = ArrayField(
        models.CharField(max_length=40),
        default=list,
        blank=True,
        help_text="Community Supports provided (codes of shared/domain/community_supports.md).",
    )
    languages = ArrayField(models.CharField(max_length=40), default=list, blank=True)
    programs = ArrayField(models.CharField(max_length=4, choices=Program.choices), default=list)

    class Meta:
        ordering = ["partner", "-effective_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("effective_on")),
                name="contract_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.partner} from {self.effective_on}"


class PartnerContact(models.Model):
    """A person to reach at a CBO (not necessarily a portal user)."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=200)
    title = models.CharField(max_length=120, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    primary = models.BooleanField(default=False)

    class Meta:
        ordering = ["partner", "-primary", "name"]

    def __str__(self) -> str:
        return self.name


class AssignmentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the CBO's decision")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    ENDED = "ended", _("Ended")


class DeclineReason(models.TextChoices):
    NO_CAPACITY = "no_capacity", "No capacity"
    OUTSIDE_AREA = "outside_area", "Outside service area"
    LANGUAGE = "language", "Language"
    OTHER = "other", "Other"


OPEN_ASSIGNMENT = Q(status__in=[AssignmentStatus.PENDING, AssignmentStatus.ACCEPTED])


class CboAssignment(models.Model):
    """A member given to a CBO for community-based care management in one program."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="cbo_assignments")
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="assignments")
    program = models.CharField(max_length=4, choices=Program.choices)
    status = models.CharField(
        max_length=10, choices=AssignmentStatus.choices, default=AssignmentStatus.PENDING
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField()
    over_capacity_reason = models.TextField(max_length=2000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.CharField(max_length=20, choices=DeclineReason.choices, blank=True)
    decline_note = models.TextField(max_length=2000, blank=True)
    cbo_care_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cbo_assignments",
        help_text="The CBO's care manager for this member, named by the CBO's lead.",
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    end_reason = models.TextField(max_length=2000, blank=True)
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        help_text="The assignment this one reassigned.",
    )

    class Meta:
        ordering = ["-assigned_at", "-id"]
        indexes = [
            models.Index(fields=["partner", "status"], name="cbo_assignment_partner"),
            models.Index(fields=["member", "program"], name="cbo_assignment_member"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "program"],
                condition=OPEN_ASSIGNMENT,
                name="cbo_assignment_one_open_per_program",
            )
        ]

    def __str__(self) -> str:
        return f"{self.partner} · {self.program} · {self.get_status_display()}"


class CboAssignmentEvent(models.Model):
    """One step of an assignment's history (append-only), for the history and the timeline."""

    class Kind(models.TextChoices):
        ASSIGNED = "assigned", _("Assigned to the CBO")
        ACCEPTED = "accepted", _("Accepted by the CBO")
        DECLINED = "declined", _("Declined by the CBO")
        CARE_MANAGER_CHANGED = "cm_changed", _("CBO care manager changed")
        REASSIGNED = "reassigned", _("Reassigned")
        ENDED = "ended", _("Ended")

    assignment = models.ForeignKey(CboAssignment, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField()
    reason = models.TextField(max_length=2000, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.get_kind_display()


class ConsentScope(models.TextChoices):
    CARE_COORDINATION = "care_coordination", _("Care coordination")
    BEHAVIORAL_HEALTH = "behavioral_health", _("Behavioral health")
    SUD_PART2 = "sud_part2", _("Substance use disorder records (42 CFR Part 2)")


class ConsentMethod(models.TextChoices):
    WRITTEN = "written", _("Written")
    VERBAL = "verbal", _("Verbal")
    ELECTRONIC = "electronic", _("Electronic")


class Consent(models.Model):
    """The member's consent to share their record with named organisations, by scope.

    Active on a day when effective_on <= day, (expires_on is null or day <= expires_on) and not
    revoked on or before that day.
    """

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="consents")
    recipients = models.ManyToManyField(Partner, related_name="consents")
    scopes = ArrayField(models.CharField(max_length=20, choices=ConsentScope.choices))
    method = models.CharField(max_length=12, choices=ConsentMethod.choices)
    effective_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()
    form = models.FileField(upload_to="consents/%Y/%m/", blank=True, max_length=300)
    form_name = models.CharField(max_length=200, blank=True)
    form_content_type = models.CharField(max_length=60, blank=True)
    revoked_on = models.DateField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revocation_note = models.TextField(max_length=2000, blank=True)

    class Meta:
        ordering = ["-effective_on", "-id"]
        indexes = [models.Index(fields=["member"], name="consent_member")]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=F("effective_on")),
                name="consent_expires_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"Consent {self.pk} from {self.effective_on}"

    @property
    def scope_labels(self) -> list[str]:
        """The scopes as people read them ("Care coordination", not "care_coordination")."""
        labels = dict(ConsentScope.choices)
        return [labels.get(scope, scope) for scope in self.scopes]


class MemberUserObjectPermission(UserObjectPermissionBase):
    """guardian's direct-foreign-key user grants on members (integer keys, joinable in SQL)."""

    content_object = models.ForeignKey(Member, on_delete=models.CASCADE)


class MemberGroupObjectPermission(GroupObjectPermissionBase):
    """guardian's direct-foreign-key group grants on members: a CBO's group sees a member.

    A CBO's grant carries the days its consent covers (valid_from..valid_until, kept by
    cbo_partners.grants.sync_member_grants), so the member scope checks the calendar in the
    same index lookup: an expiry cuts access on its day without a job, and the scope costs no
    join to the consent tables.
    """

    content_object = models.ForeignKey(Member, on_delete=models.CASCADE)
    valid_from = models.DateField(null=True, blank=True)
    valid_until = models.DateField(null=True, blank=True)

    class Meta(GroupObjectPermissionBase.Meta):
        indexes = [
            models.Index(
                fields=["group", "content_object"],
                name="member_grant_group",
                include=["valid_from", "valid_until"],
            )
        ]


class Thread(models.Model):
    """The plan<->CBO conversation about one member under one CBO assignment."""

    assignment = models.OneToOneField(
        CboAssignment, on_delete=models.CASCADE, related_name="thread"
    )
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="cbo_threads")
    created_at = models.DateTimeField(auto_now_add=True)
    last_message_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-last_message_at", "-id"]

    def __str__(self) -> str:
        return f"Thread {self.pk}"


class Message(models.Model):
    """One message; never edited or deleted (a correction is a new message)."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(max_length=10_000)
    sent_at = models.DateTimeField()
    task = models.ForeignKey(
        "careplans.CarePlanTask",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages",
        help_text="The care-plan task this message is about, if any.",
    )
    sud = models.BooleanField(
        "Substance use (42 CFR Part 2)",
        default=False,
        help_text="Shown to CBO staff only under a Part 2 consent naming their organisation.",
    )

    class Meta:
        ordering = ["sent_at", "id"]
        indexes = [models.Index(fields=["thread", "sent_at"], name="message_thread")]

    def __str__(self) -> str:
        return f"Message {self.pk}"


class MessageAttachment(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="messages/%Y/%m/", max_length=300)
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()

    def __str__(self) -> str:
        return self.name


class ThreadReadState(models.Model):
    """How far a user has read a thread; unread = messages after last_read_at by others."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="read_states")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_read_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["thread", "user"], name="thread_read_once_per_user")
        ]

    def __str__(self) -> str:
        return f"Thread {self.thread_id} read by {self.user_id}"
