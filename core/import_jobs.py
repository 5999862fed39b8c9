"""Running an import as a job the browser can watch: progress, then counts or the problem list.

Each import (roster now; diagnoses and utilization later) supplies a function
`importer(path, on_stage=...) -> result with rows/created/updated/unchanged`. Running a finished
job again does nothing; running an interrupted one starts it over, which is safe because every
importer merges idempotently.

A running job records a heartbeat (core/heartbeat.py); one whose worker died is marked
interrupted by `interrupt_silent_jobs` and offered for retry (`retry_job`). Only one worker runs a
job at a time: `run_job` claims it with one UPDATE, so a task redelivered after a lost worker and
a person's retry cannot both run it.
"""

import logging
from collections.abc import Callable
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from . import heartbeat, maintenance
from .csv_import import ImportRejected, backend_pid, human_size
from .models import ImportJob, ImportProblem
from .queue import QUEUE_UNAVAILABLE, enqueue_on_commit

INTERRUPTED_MESSAGE = (
    "The import stopped when its worker was lost; nothing was changed. Retry to run it again."
)
# kind -> the Celery task that runs a job of that kind; apps register theirs in ready().
RUNNERS: dict[str, object] = {}


def register_runner(kind: str, task) -> None:
    RUNNERS[kind] = task


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


def interrupt_silent_jobs() -> int:
    """Mark running jobs whose heartbeat stopped as interrupted; returns how many."""
    running = ImportJob.objects.filter(status=ImportJob.Status.RUNNING)
    return heartbeat.silent(running).update(
        status=ImportJob.Status.INTERRUPTED,
        stage="Interrupted: the worker was lost",
        finished_at=timezone.now(),
        message=INTERRUPTED_MESSAGE,
    )


def retry_job(job: ImportJob) -> ImportJob:
    """Queue an interrupted job again with its kept file; QueueUnavailable when the broker is
    down (the job then ends failed, core/queue.py)."""
    if not job.can_retry:
        raise ValidationError("Only an interrupted import whose file is kept can be retried.")
    claimed = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.INTERRUPTED).update(
        status=ImportJob.Status.QUEUED,
        stage="Queued again",
        progress_percent=0,
        finished_at=None,
        message="",
    )
    if not claimed:
        raise ValidationError("This import was retried already.")
    job.refresh_from_db()
    queue_job(job, RUNNERS[job.kind])
    return job


def _claim(job: ImportJob) -> bool:
    """Take the job for this worker: queued, interrupted, or running with a stopped heartbeat."""
    claimable = ImportJob.objects.filter(pk=job.pk).filter(
        Q(status__in=[ImportJob.Status.QUEUED, ImportJob.Status.INTERRUPTED])
        | Q(status=ImportJob.Status.RUNNING, pk__in=heartbeat.silent(ImportJob.objects.all()))
    )
    return bool(
        claimable.update(
            status=ImportJob.Status.RUNNING,
            started_at=timezone.now(),
            heartbeat_at=timezone.now(),
            finished_at=None,
            message="",
        )
    )


def run_job(
    *, job: ImportJob, path: Path, importer: Callable, analyze: tuple[str, ...] = ()
) -> ImportJob:
    """Run the job's file through `importer`; a merge that changed rows ANALYZEs `analyze`."""
    if not _claim(job):
        job.refresh_from_db()
        return job
    job.refresh_from_db()
    _update(
        job,
        stage="Starting",
        progress_percent=1,
        backend_pid=backend_pid(),
        size_bytes=path.stat().st_size,
    )
    with heartbeat.heartbeat(ImportJob.objects.filter(pk=job.pk)):
        _run_claimed(job=job, path=path, importer=importer)
    if job.status == ImportJob.Status.SUCCEEDED and (job.created_count or job.updated_count):
        maintenance.analyze(*analyze)
    return job


def _run_claimed(*, job: ImportJob, path: Path, importer: Callable) -> ImportJob:
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
