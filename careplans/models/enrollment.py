"""Program enrollment: a member's CICM or ECM episodes and every change of their status.

An episode runs identified -> outreach -> enrolled -> disenrolled (or declined / unable to
reach), shared/domain/populations.md "Program enrollment and disenrollment". It lives with the
outreach attempts (Contact) because the outreach rule decides when "unable to reach" is allowed.
The tables keep the names they were created with under eligibility (db_table), so moving the
models here changed no data.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from members.models import Member, Program


class EnrollmentStatus(models.TextChoices):
    IDENTIFIED = "identified", _("Identified")
    OUTREACH = "outreach", _("Outreach")
    ENROLLED = "enrolled", _("Enrolled")
    DISENROLLED = "disenrolled", _("Disenrolled")
    DECLINED = "declined", _("Declined")
    UNABLE_TO_REACH = "unable_to_reach", _("Unable to reach")


OPEN_ENROLLMENT_STATUSES = (
    EnrollmentStatus.IDENTIFIED,
    EnrollmentStatus.OUTREACH,
    EnrollmentStatus.ENROLLED,
)


class DisenrollmentReason(models.TextChoices):
    """DHCS ECM discontinuation reasons, used for CICM too (shared/domain/populations.md)."""

    GOALS_MET = "goals_met", _("Goals met / ready to transition to a lower level of care")
    DECLINED = "declined", _("Member declined or opted out")
    UNABLE_TO_REACH = "unable_to_reach", _("Unable to reach after the outreach rules")
    NO_LONGER_MEETS_CRITERIA = "no_longer_meets_criteria", _("Member no longer meets criteria")
    MOVED_OR_LOST_COVERAGE = (
        "moved_or_lost_coverage",
        _("Member moved out of the service area or lost coverage"),
    )
    DUPLICATIVE_PROGRAM = "duplicative_program", _("Member is in a duplicative program")
    DIED = "died", _("Member died")
    NOT_ENGAGED = "not_engaged", _("Member not engaged / not responsive to care plan")
    OTHER = "other", _("Other")


class ProgramEnrollment(models.Model):
    """One episode of a member in CICM or ECM: identified -> outreach -> enrolled -> disenrolled.

    An episode ends as disenrolled, declined or unable to reach; a later one starts a new row, so
    at most one episode per member and program is open at a time (a partial unique constraint).
    """

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="program_enrollments", db_index=False
    )
    program = models.CharField(max_length=4, choices=Program.choices)
    status = models.CharField(max_length=20, choices=EnrollmentStatus.choices)
    identified_on = models.DateField()
    outreach_started_on = models.DateField(null=True, blank=True)
    enrolled_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=30, choices=DisenrollmentReason.choices, blank=True)
    end_reason_text = models.CharField(max_length=500, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "eligibility_programenrollment"
        ordering = ["member", "program", "-identified_on", "-id"]
        indexes = [models.Index(fields=["member", "program"], name="enrollment_member_program")]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "program"],
                condition=Q(status__in=OPEN_ENROLLMENT_STATUSES),
                name="enrollment_one_open_per_program",
            ),
            models.CheckConstraint(
                condition=~Q(end_reason=DisenrollmentReason.OTHER) | ~Q(end_reason_text=""),
                name="enrollment_other_reason_needs_text",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program} {self.get_status_display()}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ENROLLMENT_STATUSES


class EnrollmentTransition(models.Model):
    """Every status change of an enrollment episode: from, to, the day it took effect, who, why."""

    enrollment = models.ForeignKey(
        ProgramEnrollment, on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(max_length=20, choices=EnrollmentStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=EnrollmentStatus.choices)
    effective_on = models.DateField()
    reason = models.CharField(max_length=30, choices=DisenrollmentReason.choices, blank=True)
    note = models.CharField(max_length=500, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField()

    class Meta:
        db_table = "eligibility_enrollmenttransition"
        ordering = ["enrollment", "changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or 'new'} -> {self.to_status} on {self.effective_on}"
