"""Reads for the Nightly jobs page and API: a fixed number of queries whatever the history."""

import datetime
from dataclasses import dataclass, field

from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from .models import JobRun
from .registry import Job, jobs_in_order

HISTORY_RUNS = 14
FAILURE_DAYS = 30


@dataclass
class JobSummary:
    job: Job
    recent: list[JobRun] = field(default_factory=list)  # newest first

    @property
    def last(self) -> JobRun | None:
        return self.recent[0] if self.recent else None

    @property
    def last_success(self) -> JobRun | None:
        return next((r for r in self.recent if r.status == JobRun.Status.SUCCEEDED), None)

    @property
    def bars(self) -> list[tuple[JobRun, int]]:
        """Oldest first, each run's duration as a share (0-100) of the longest shown."""
        finished = [r for r in reversed(self.recent) if r.duration_seconds is not None]
        longest = max((r.duration_seconds for r in finished), default=0) or 1
        return [(r, max(4, round(100 * r.duration_seconds / longest))) for r in finished]


def job_summaries() -> list[JobSummary]:
    """Every registered job with its last HISTORY_RUNS runs: one query (a window function)."""
    ranked = (
        JobRun.objects.annotate(
            rank=Window(RowNumber(), partition_by=F("job"), order_by=F("started_at").desc())
        )
        .filter(rank__lte=HISTORY_RUNS)
        .order_by("job", "-started_at")
    )
    summaries = {job.name: JobSummary(job) for job in jobs_in_order()}
    for run in ranked:
        if run.job in summaries:
            summaries[run.job].recent.append(run)
    return list(summaries.values())


def recent_failures() -> QuerySet[JobRun]:
    since = timezone.now() - datetime.timedelta(days=FAILURE_DAYS)
    return JobRun.objects.filter(status__in=JobRun.FAILURES, started_at__gte=since).order_by(
        "-started_at"
    )[:20]


def job_runs() -> QuerySet[JobRun]:
    return JobRun.objects.select_related("requested_by").order_by("-started_at", "-id")
