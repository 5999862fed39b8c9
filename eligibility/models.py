"""Clinical facts the eligibility rules read (shared/domain/populations.md), loaded from the plan's
diagnoses.csv and utilization.csv feeds (shared/contracts/README.md).

Each row is keyed by the feed's own id within a member, (member, source_id), so a later file
updates it. Millions of rows arrive per file, so each table has only the indexes the import's
merge and the per-member date-window reads need; the member's own foreign-key index is left out
because both composite indexes start with the member.
"""

from django.db import models
from django.db.models import F, Q

from members.models import Member


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
