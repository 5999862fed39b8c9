"""Risk stratification results (shared/domain/risk.md): one row per member enrolled on a day.

`MemberRisk` keeps every fact that decided the tier and the evidence sentence, so the member
page, the export and an auditor read the same numbers. A day is replaced as a whole: re-running
it deletes and re-inserts that day's rows in one transaction. `StratificationRun` records each
execution (who asked, progress for the page that polls it, counts, the error of a failed run).
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models

from eligibility.models import EvaluationRun
from members.models import Member, RiskTier


class StratificationRun(models.Model):
    Status = EvaluationRun.Status  # one set of run states for the plan-wide engines

    as_of = models.DateField()
    rule_version = models.CharField(max_length=20)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.RUNNING)
    stage = models.CharField(max_length=100, blank=True)
    progress_percent = models.PositiveSmallIntegerField(default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    members_stratified = models.IntegerField(default=0)
    high_members = models.IntegerField(default=0)
    medium_members = models.IntegerField(default=0)
    rising_members = models.IntegerField(default=0)
    message = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-as_of", "-id"]
        indexes = [models.Index(fields=["status", "-as_of"], name="stratification_run_day")]

    def __str__(self) -> str:
        return f"Stratification #{self.pk} as of {self.as_of} ({self.rule_version})"

    @property
    def is_finished(self) -> bool:
        return self.status != self.Status.RUNNING

    @property
    def low_members(self) -> int:
        return self.members_stratified - self.high_members - self.medium_members


class MemberRisk(models.Model):
    """One member's tier as of a day, with the facts and the sentence that explain it."""

    # No index of its own: a day's rows are found (and replaced) by as_of, which is indexed.
    run = models.ForeignKey(
        StratificationRun, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+", db_index=False)
    as_of = models.DateField()
    rule_version = models.CharField(max_length=20)
    tier = models.CharField(max_length=6, choices=RiskTier.choices)
    score = models.SmallIntegerField()
    rising = models.BooleanField()
    previous_tier = models.CharField(max_length=6, choices=RiskTier.choices, blank=True)
    charlson = models.SmallIntegerField()
    charlson_conditions = models.JSONField(default=list)
    ed_6m = models.SmallIntegerField("ED visits in 6 months")
    ed_6m_dates = ArrayField(models.DateField(), default=list)
    ip_12m = models.SmallIntegerField("unplanned admissions in 12 months")
    ip_12m_dates = ArrayField(models.DateField(), default=list)
    homeless = models.BooleanField()
    homeless_basis = models.CharField(max_length=200, blank=True)
    lace = models.SmallIntegerField(null=True, blank=True)
    lace_stay_start = models.DateField(null=True, blank=True)
    lace_stay_end = models.DateField(null=True, blank=True)
    lace_unplanned = models.BooleanField(null=True)
    lace_l = models.SmallIntegerField(null=True)
    lace_a = models.SmallIntegerField(null=True)
    lace_c = models.SmallIntegerField(null=True)
    lace_e = models.SmallIntegerField(null=True)
    lace_ed_visits = models.SmallIntegerField(null=True)
    evidence = models.TextField()

    class Meta:
        ordering = ["-as_of", "member"]
        constraints = [
            models.UniqueConstraint(fields=["member", "as_of"], name="member_risk_day_unique"),
        ]
        indexes = [
            models.Index(fields=["as_of", "tier"], name="member_risk_day_tier"),
        ]

    def __str__(self) -> str:
        return f"member {self.member_id} {self.tier} as of {self.as_of}"

    @property
    def high_readmission_risk(self) -> bool:
        return self.lace is not None and self.lace >= 10
