"""Clinical facts the eligibility rules read (shared/domain/populations.md), loaded from the plan's
diagnoses.csv and utilization.csv feeds (shared/contracts/README.md).

Each row is keyed by the feed's own id within a member, (member, source_id), so a later file
updates it. Millions of rows arrive per file, so each table has only the indexes the import's
merge and the per-member date-window reads need; the member's own foreign-key index is left out
because both composite indexes start with the member.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from members.models import Member, Program

from .rules import population_title


class Diagnosis(models.Model):
    """One ICD-10-CM code recorded for a member on a day. Codes are stored upper case, no dot."""

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="diagnoses", db_index=False
    )
    icd10_code = models.CharField("ICD-10-CM code", max_length=7, db_collation="C")
    diagnosis_date = models.DateField()
    source_id = models.CharField(max_length=100, db_collation="C")

    class Meta:
        ordering = ["member", "-diagnosis_date", "icd10_code"]
        verbose_name_plural = "diagnoses"
        constraints = [
            models.UniqueConstraint(fields=["member", "source_id"], name="diagnosis_source_unique"),
        ]
        indexes = [models.Index(fields=["member", "diagnosis_date"], name="diagnosis_member_date")]

    def __str__(self) -> str:
        return f"{self.formatted_code} on {self.diagnosis_date}"

    @property
    def formatted_code(self) -> str:
        """ICD-10-CM is written with a dot after the category: F209 -> F20.9."""
        code = self.icd10_code
        return f"{code[:3]}.{code[3:]}" if len(code) > 3 else code


class EventType(models.TextChoices):
    ED_VISIT = "ed_visit", "ED visit"
    INPATIENT_ADMISSION = "inpatient_admission", "Inpatient admission"
    SNF_STAY = "snf_stay", "SNF stay"
    OBSERVATION_STAY = "observation_stay", "Observation stay"


class UtilizationEvent(models.Model):
    """An ED visit or a stay. `unplanned` and `avoidable` are None when the feed does not know."""

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="utilization_events", db_index=False
    )
    event_type = models.CharField(max_length=20, choices=EventType.choices)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    unplanned = models.BooleanField(null=True)
    avoidable = models.BooleanField(null=True)
    source_id = models.CharField(max_length=100, db_collation="C")

    class Meta:
        ordering = ["member", "-start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "source_id"], name="utilization_source_unique"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="utilization_end_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["member", "start_date"], name="utilization_member_start"),
        ]

    def __str__(self) -> str:
        return f"{self.get_event_type_display()} on {self.start_date}"


class EligibilityStatus(models.TextChoices):
    ELIGIBLE = "eligible", "Eligible"
    NOT_ELIGIBLE = "not_eligible", "Not eligible"


class EvaluationRun(models.Model):
    """One evaluation of the whole roster as of a day, under one rule-set version.

    Runs are ordered by (as_of, id): the *current* run is the latest completed one in that order,
    and each run's *previous* run is the one before it, so re-evaluating a past day for an audit
    does not replace tonight's results.
    """

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Done"
        FAILED = "failed", "Failed"
        # Its worker stopped mid-run (core/heartbeat.py); nothing was stored and it can be retried.
        INTERRUPTED = "interrupted", "Interrupted"

    as_of = models.DateField()
    rule_version = models.CharField(max_length=20)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.RUNNING)
    stage = models.CharField(max_length=100, blank=True)
    progress_percent = models.PositiveSmallIntegerField(default=0)
    previous_run = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    members_evaluated = models.IntegerField(default=0)
    eligible_members = models.IntegerField(default=0)
    newly_eligible_members = models.IntegerField(default=0)
    message = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-as_of", "-id"]
        indexes = [models.Index(fields=["status", "-as_of", "-id"], name="evaluation_run_current")]

    def __str__(self) -> str:
        return f"Evaluation #{self.pk} as of {self.as_of} ({self.rule_version})"

    @property
    def is_finished(self) -> bool:
        return self.status != self.Status.RUNNING

    @property
    def can_retry(self) -> bool:
        return self.status == self.Status.INTERRUPTED


class Determination(models.Model):
    """The engine's answer for one member, program and population of focus in one run.

    A member eligible for nothing gets one row with an empty population, status not_eligible and
    the nearest miss as evidence (the shape of the contract's determinations.csv). `is_new` marks
    an eligible population the previous run did not find: the supervisors' worklist.
    """

    run = models.ForeignKey(
        EvaluationRun, on_delete=models.CASCADE, related_name="determinations", db_index=False
    )
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="determinations", db_index=False
    )
    program = models.CharField(max_length=4, choices=Program.choices)
    population = models.CharField(max_length=20, blank=True)
    status = models.CharField(max_length=12, choices=EligibilityStatus.choices)
    evidence = models.TextField()
    is_new = models.BooleanField(default=False)

    class Meta:
        ordering = ["program", "population"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "member", "program", "population"], name="determination_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["member", "run"], name="determination_member_run"),
            models.Index(
                fields=["run", "member"],
                name="determination_new",
                condition=Q(is_new=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program} {self.population or '(none)'}: {self.status}"

    @property
    def population_title(self) -> str:
        return population_title(self.population)


class ReviewDecision(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed the determination")
    OVERRIDE_ELIGIBLE = "override_eligible", _("Override: eligible")
    OVERRIDE_NOT_ELIGIBLE = "override_not_eligible", _("Override: not eligible")


OVERRIDE_DECISIONS = (ReviewDecision.OVERRIDE_ELIGIBLE, ReviewDecision.OVERRIDE_NOT_ELIGIBLE)


class DeterminationReview(models.Model):
    """A care manager's confirmation or override of one population for a member, kept forever.

    Keyed by member, program and population rather than by run, so an override survives every
    later evaluation; the latest review for a key is the one in force (a confirmation after an
    override returns the member to the engine's answer).
    """

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+", db_index=False)
    program = models.CharField(max_length=4, choices=Program.choices)
    population = models.CharField(max_length=20)
    decision = models.CharField(max_length=25, choices=ReviewDecision.choices)
    reason = models.TextField(blank=True)
    determination = models.ForeignKey(
        Determination, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField()

    class Meta:
        ordering = ["-reviewed_at", "-id"]
        indexes = [
            models.Index(
                fields=["member", "program", "population", "-reviewed_at"],
                name="review_member_recent",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(decision__in=OVERRIDE_DECISIONS) | ~Q(reason=""),
                name="review_override_needs_reason",
            )
        ]

    def __str__(self) -> str:
        return f"{self.program} {self.population}: {self.decision}"

    @property
    def population_title(self) -> str:
        return population_title(self.population)

    @property
    def is_override(self) -> bool:
        return self.decision in OVERRIDE_DECISIONS
