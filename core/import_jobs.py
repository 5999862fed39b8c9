"""Running an import as a job the browser can watch: progress, then counts or the problem list.

Each import (roster now; diagnoses and utilization later) supplies a function
`importer(path, on_stage=...) -> result with rows/created/updated/unchanged`. Running a finished
job again does nothing; running an interrupted one starts it over, which is safe because every
importer merges idempotently.
"""

import logging
from collections.abc import Callable
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .csv_import import ImportRejected, backend_pid, human_size
from .models import ImportJob, ImportProblem
from .queue import QUEUE_UNAVAILABLE, enqueue_on_commit

logger = logging.getLogger(__name__)


def refuse_oversized(uploaded_file, *, limit: int) -> None:
    """Refuse an upload over `limit` bytes before it is stored or queued."""
    if uploaded_file.size > limit:
        raise ValidationError(
            f"The file is {human_size(uploaded_file.size)}; the limit is {human_size(limit)}. "
            "Split it and import the parts."
        )


def create_job(*, kind: str, requested_by, uploaded_file=None, source_name: str = "") -> ImportJob:
    job = ImportJob(kind=kind, requested_by=requested_by, source_name=source_name)
    if uploaded_file is not None:
        job.source_name = uploaded_file.name[:255]
        job.size_bytes = uploaded_file.size
        job.file.save(f"{kind}.csv", uploaded_file, save=False)
    job.save()
    return job


def queue_job(job: ImportJob, task) -> None:
    """Queue the job's task after commit; if the broker is down, the job ends failed with the
    reason, its file is deleted and QueueUnavailable reaches the caller (core/queue.py)."""

    def cleanup() -> None:
        if job.file:
            job.file.delete(save=False)
        _update(
            job,
            file="",
            status=ImportJob.Status.FAILED,
            finished_at=timezone.now(),
            stage="Not queued: nothing was changed",
            progress_percent=100,
            message=QUEUE_UNAVAILABLE,
        )

    enqueue_on_commit(task, job.pk, cleanup=cleanup)


def _update(job: ImportJob, **fields) -> None:
    for name, value in fields.items():
        setattr(job, name, value)
    ImportJob.objects.filter(pk=job.pk).update(**fields)


def run_job(*, job: ImportJob, path: Path, importer: Callable) -> ImportJob:
    if job.is_finished:
        return job
    _update(
        job,
        status=ImportJob.Status.RUNNING,
        started_at=timezone.now(),
        stage="Starting",
        progress_percent=1,
        backend_pid=backend_pid(),
        size_bytes=path.stat().st_size,
    )
    try:
        result = importer(
            path,
            on_stage=lambda stage, percent: _update(job, stage=stage, progress_percent=percent),
        )
    except ImportRejected as rejected:
        with transaction.atomic():
            ImportProblem.objects.bulk_create(
                (
                    ImportProblem(
                        job=job, line=p.line, column=p.column[:100], reason=p.reason[:300]
                    )
                    for p in rejected.problems
                ),
                batch_size=5000,
            )
            _update(
                job,
                status=ImportJob.Status.REJECTED,
                finished_at=timezone.now(),
                stage="Rejected: nothing was changed",
                progress_percent=100,
                problem_count=len(rejected.problems),
            )
    except Exception as error:  # noqa: BLE001 - recorded on the job, which the user sees
        # A traceback or database message may quote file contents (PHI): log the class only.
        logger.error("import job %s failed: %s", job.pk, type(error).__name__)
        _update(
            job,
            status=ImportJob.Status.FAILED,
            finished_at=timezone.now(),
            stage="Failed: nothing was changed",
            progress_percent=100,
            message="The import stopped on an internal error. Nothing was changed; "
            "try again or contact support with the job number.",
        )
    else:
        _update(
            job,
            status=ImportJob.Status.SUCCEEDED,
            finished_at=timezone.now(),
            stage="Done",
            progress_percent=100,
            rows_total=result.rows,
            created_count=result.created,
            updated_count=result.updated,
            unchanged_count=result.unchanged,
        )
    finally:
        if job.file and job.is_finished:
            job.file.delete(save=False)
            ImportJob.objects.filter(pk=job.pk).update(file="")
    return job
