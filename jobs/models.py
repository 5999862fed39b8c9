"""A record of every scheduled job run: job, as-of day, start, end, status, rows touched, error.

Kept 400 days (jobs/runner.py prunes a job's old rows each time it runs), so a plan admin can
see a year of nights and compare a night with the same one last year.
"""

from django.conf import settings
from django.db import models


class JobRun(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Done"
        FAILED = "failed", "Failed"
        INTERRUPTED = "interrupted", "Interrupted"
        SKIPPED = "skipped", "Skipped: already running"

    FAILURES = (Status.FAILED, Status.INTERRUPTED)

    job = models.CharField(max_length=40)
    as_of = models.DateField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.RUNNING)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    rows = models.IntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    worker_pid = models.IntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["job", "-started_at"], name="jobrun_job_recent")]

    def __str__(self) -> str:
        return f"{self.job} as of {self.as_of}: {self.status}"

    @property
    def duration_seconds(self) -> float | None:
        if self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()

    @property
    def is_failure(self) -> bool:
        return self.status in self.FAILURES
