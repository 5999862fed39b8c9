"""Import jobs: one row per uploaded file, polled by the browser for progress and the result."""

from django.conf import settings
from django.db import models


class ImportJob(models.Model):
    """A file import run (roster, diagnoses, ...). Safe to run twice: every merge is idempotent."""

    class Kind(models.TextChoices):
        ROSTER = "roster", "Member roster"
        DIAGNOSES = "diagnoses", "Diagnoses"
        UTILIZATION = "utilization", "Utilization"
        HRA_HISTORY = "hra_history", "HRA and care plan history"
        CS_OFFERINGS = "cs_offerings", "Community Supports offerings"
        CS_AUTHORIZATIONS = "cs_authorizations", "Community Supports authorizations"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Imported"
        REJECTED = "rejected", "Rejected"
        FAILED = "failed", "Failed"
        INTERRUPTED = "interrupted", "Interrupted"

    # Interrupted: its worker stopped mid-run (core/heartbeat.py); it can be retried.
    FINISHED = (Status.SUCCEEDED, Status.REJECTED, Status.FAILED, Status.INTERRUPTED)

    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    stage = models.CharField(max_length=100, blank=True)
    progress_percent = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to="imports/", blank=True)
    source_name = models.CharField(max_length=255, blank=True)
    size_bytes = models.BigIntegerField(default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    backend_pid = models.IntegerField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    rows_total = models.IntegerField(default=0)
    created_count = models.IntegerField(default=0)
    updated_count = models.IntegerField(default=0)
    unchanged_count = models.IntegerField(default=0)
    problem_count = models.IntegerField(default=0)
    message = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} import #{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def can_retry(self) -> bool:
        """An interrupted upload whose file is still kept can be run again."""
        return self.status == self.Status.INTERRUPTED and bool(self.file)


class ImportProblem(models.Model):
    """One bad cell of a rejected file, reported as `line N: column: reason`."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="problems")
    line = models.IntegerField()
    column = models.CharField(max_length=100)
    reason = models.CharField(max_length=300)

    class Meta:
        ordering = ["line", "id"]
        indexes = [models.Index(fields=["job", "line"], name="importproblem_job_line")]

    def __str__(self) -> str:
        return f"line {self.line}: {self.column}: {self.reason}"
