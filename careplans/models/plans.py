"""The individualized care plan (ICP) of an enrolled member.

A plan holds the member's problems/needs (pre-filled from flagged needs), goals (the member's
own words, a measurable goal, a target date, a status), tasks (an owner and a due date), the
interdisciplinary care team and the member's acknowledgement. Every save of a plan and its
parts is one django-reversion revision (careplans/history.py), so any two versions can be put
side by side. `revision` is the optimistic lock: a save names the revision it started from and
is refused, with nothing lost, if someone saved in between.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from members.models import Member, Program

from .assessments import AssessmentNeed, Need


class CarePlanStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class AcknowledgementMethod(models.TextChoices):
    SIGNED = "signed", _("Signed")
    VERBAL = "verbal", _("Verbal")
    DECLINED = "declined", _("Declined to acknowledge")


class CarePlan(models.Model):
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="care_plans")
    program = models.CharField(max_length=4, choices=Program.choices)
    status = models.CharField(
        max_length=10, choices=CarePlanStatus.choices, default=CarePlanStatus.ACTIVE
    )
    revision = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_on = models.DateField()
    updated_at = models.DateTimeField(auto_now=True)
    last_reviewed_on = models.DateField(null=True, blank=True)
    acknowledged_on = models.DateField(null=True, blank=True)
    acknowledgement_method = models.CharField(
        max_length=10, choices=AcknowledgementMethod.choices, blank=True
    )

    class Meta:
        ordering = ["member", "-created_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "program"],
                condition=Q(status="active"),
                name="care_plan_one_active_per_program",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program} care plan of member {self.member_id}"


class CarePlanProblem(models.Model):
    plan = models.ForeignKey(CarePlan, on_delete=models.CASCADE, related_name="problems")
    need = models.ForeignKey(
        Need, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source = models.ForeignKey(
        AssessmentNeed, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    description = models.CharField(max_length=300)
    resolved_on = models.DateField(null=True, blank=True)
    sud = models.BooleanField(
        "Substance use (42 CFR Part 2)",
        default=False,
        help_text="Shown to CBO staff only under a Part 2 consent naming their organisation.",
    )

    class Meta:
        ordering = ["plan", "id"]

    def __str__(self) -> str:
        return self.description


class GoalStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    MET = "met", _("Met")
    NOT_MET = "not_met", _("Not met")
    DISCONTINUED = "discontinued", _("Discontinued")


class GoalProposal(models.TextChoices):
    """A goal a CBO partner proposed, until the plan care manager accepts or rejects it."""

    PROPOSED = "proposed", _("Proposed by the CBO, waiting for the plan care manager")
    ACCEPTED = "accepted", _("Proposed by the CBO, accepted")
    REJECTED = "rejected", _("Proposed by the CBO, rejected")


class CarePlanGoal(models.Model):
    plan = models.ForeignKey(CarePlan, on_delete=models.CASCADE, related_name="goals")
    problem = models.ForeignKey(
        CarePlanProblem, on_delete=models.SET_NULL, null=True, blank=True, related_name="goals"
    )
    member_words = models.TextField("The member's goal, in their words", blank=True)
    measurable_goal = models.CharField(max_length=300)
    target_date = models.DateField()
    status = models.CharField(
        max_length=15, choices=GoalStatus.choices, default=GoalStatus.NOT_STARTED
    )
    sud = models.BooleanField(
        "Substance use (42 CFR Part 2)",
        default=False,
        help_text="Shown to CBO staff only under a Part 2 consent naming their organisation.",
    )
    proposal = models.CharField(
        max_length=10,
        choices=GoalProposal.choices,
        blank=True,
        help_text="Empty for the plan's own goals.",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    proposal_note = models.CharField("Why rejected", max_length=300, blank=True)

    class Meta:
        ordering = ["plan", "target_date", "id"]

    def __str__(self) -> str:
        return self.measurable_goal


class TaskOwner(models.TextChoices):
    PLAN_CARE_MANAGER = "plan_cm", _("Plan care manager")
    CBO_CARE_MANAGER = "cbo_cm", _("CBO care manager")
    MEMBER = "member", _("Member")
    CARE_TEAM = "care_team", _("Other care-team member")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class CarePlanTask(models.Model):
    """An intervention or task. A plan care manager's open tasks fill their task list."""

    plan = models.ForeignKey(CarePlan, on_delete=models.CASCADE, related_name="tasks")
    goal = models.ForeignKey(
        CarePlanGoal, on_delete=models.SET_NULL, null=True, blank=True, related_name="tasks"
    )
    description = models.CharField(max_length=300)
    owner = models.CharField(max_length=10, choices=TaskOwner.choices)
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    owner_name = models.CharField(max_length=200, blank=True)
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    created_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sud = models.BooleanField(
        "Substance use (42 CFR Part 2)",
        default=False,
        help_text="Shown to CBO staff only under a Part 2 consent naming their organisation.",
    )

    class Meta:
        ordering = ["plan", "due_on", "id"]
        indexes = [
            models.Index(
                fields=["owner_user", "due_on"],
                condition=Q(status="open"),
                name="task_open_by_owner",
            )
        ]

    def __str__(self) -> str:
        return self.description


class CareTeamMember(models.Model):
    """Someone on the member's interdisciplinary care team (PCP, specialist, CBO CM, caregiver)."""

    plan = models.ForeignKey(CarePlan, on_delete=models.CASCADE, related_name="team")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=100)
    organization = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=20, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["plan", "role", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})"
