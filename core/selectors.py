"""Reads of import jobs for the progress panel and the API."""

from django.db import connection
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts.access.capabilities import Capability, require

from .models import ImportJob, ImportProblem

READING_STAGE_SPAN = (10, 50)  # the percent range the COPY stage covers


def import_job_for(user, job_id: int) -> ImportJob:
    """An import job, for those who may import (a rejected file's report can quote row
    positions); 404 alike for missing and not allowed."""
    require(user, Capability.IMPORT)
    return get_object_or_404(ImportJob.objects.select_related("requested_by"), pk=job_id)


def live_progress_percent(job: ImportJob) -> int:
    """While the file streams into PostgreSQL, read COPY's own byte counter for a smooth bar."""
    if job.status != ImportJob.Status.RUNNING or not job.backend_pid or not job.size_bytes:
        return job.progress_percent
    if job.progress_percent != READING_STAGE_SPAN[0]:
        return job.progress_percent
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT bytes_processed FROM pg_stat_progress_copy WHERE pid = %s", [job.backend_pid]
        )
        row = cursor.fetchone()
    if not row:
        return job.progress_percent
    low, high = READING_STAGE_SPAN
    return low + int((high - low) * min(1.0, row[0] / job.size_bytes))


def problems_of(job: ImportJob) -> QuerySet[ImportProblem]:
    return job.problems.order_by("line", "id")
