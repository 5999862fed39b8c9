"""Writes to eligibility data: the diagnoses and utilization imports, and evaluations.

The same three doors as the roster import (members/services.py): `start_clinical_import` stores an
upload and queues it (page and API), the Celery task runs it with `run_clinical_import`, and
`import_clinical_file` runs a local file in this process (the commands). Every run is recorded on
an ImportJob, so progress, counts and problems look the same whichever door was used.
"""

import datetime
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from core import import_jobs
from core.csv_import import ImportResult
from core.dates import validate_as_of
from core.models import ImportJob
from core.queue import enqueue_on_commit

from . import evaluation
from .imports import import_diagnoses, import_utilization
from .models import Diagnosis, EvaluationRun, UtilizationEvent
from .rules import RULE_SET_VERSION

CLINICAL_KINDS = (ImportJob.Kind.DIAGNOSES, ImportJob.Kind.UTILIZATION)
IMPORTERS: dict[str, Callable[..., ImportResult]] = {
    ImportJob.Kind.DIAGNOSES: import_diagnoses,
    ImportJob.Kind.UTILIZATION: import_utilization,
}


def _check_kind(kind: str) -> None:
    if kind not in CLINICAL_KINDS:
        raise ValueError(f"not a clinical data import: {kind!r}")


def start_clinical_import(*, kind: str, uploaded_file, by) -> ImportJob:
    """Store an uploaded diagnoses or utilization file and queue it; the browser polls the job."""
    from .tasks import run_clinical_import_task

    _check_kind(kind)
    # A utilization file runs to 255 MB for 300,000 members.
    import_jobs.refuse_oversized(uploaded_file, limit=settings.CLINICAL_MAX_UPLOAD_BYTES)
    job = import_jobs.create_job(kind=kind, requested_by=by, uploaded_file=uploaded_file)
    import_jobs.queue_job(job, run_clinical_import_task)
    return job


def run_clinical_import(*, job_id: int, path: Path | None = None) -> ImportJob:
    """Run a queued diagnoses or utilization import (from its task, or a command's local path)."""
    job = ImportJob.objects.get(pk=job_id, kind__in=CLINICAL_KINDS)
    importer = IMPORTERS[job.kind]

    def run(file_path: Path, *, on_stage) -> ImportResult:
        return importer(file_path, max_bytes=settings.CLINICAL_MAX_UPLOAD_BYTES, on_stage=on_stage)

    table = {ImportJob.Kind.DIAGNOSES: Diagnosis, ImportJob.Kind.UTILIZATION: UtilizationEvent}[
        job.kind
    ]._meta.db_table
    return import_jobs.run_job(
        job=job, path=path or Path(job.file.path), importer=run, analyze=(table,)
    )


def import_clinical_file(*, kind: str, path: Path, by=None) -> ImportJob:
    """The commands' door: the same job record, run in this process."""
    _check_kind(kind)
    job = import_jobs.create_job(kind=kind, requested_by=by, source_name=path.name)
    return run_clinical_import(job_id=job.pk, path=path)


def evaluate_eligibility(*, as_of: datetime.date, by=None) -> EvaluationRun:
    """Evaluate the whole roster as of a day, in this process (the command, the nightly task).

    Raises ValidationError for a day outside core.dates' range."""
    validate_as_of(as_of)
    return evaluation.run_evaluation(evaluation.create_run(as_of=as_of, by=by))


def start_evaluation(*, as_of: datetime.date, by) -> EvaluationRun:
    """Queue an evaluation for a worker; the runs page polls its stage."""
    from .tasks import run_evaluation_task

    validate_as_of(as_of)
    run = evaluation.create_run(as_of=as_of, by=by)
    enqueue_on_commit(run_evaluation_task, run.pk, cleanup=lambda: evaluation.not_queued(run))
    return run


def retry_evaluation(*, run: EvaluationRun) -> EvaluationRun:
    """Queue an interrupted run again (safe: its decisions commit in one transaction)."""
    from .tasks import run_evaluation_task

    if not evaluation.reopen_for_retry(run):
        raise ValidationError("Only an interrupted evaluation can be retried.")
    enqueue_on_commit(run_evaluation_task, run.pk, cleanup=lambda: evaluation.not_queued(run))
    run.refresh_from_db()
    return run


def evaluate_tonight() -> EvaluationRun:
    """The nightly evaluation: once per plan day and rule set; a second call returns the first."""
    today = timezone.localdate()
    done = EvaluationRun.objects.filter(
        as_of=today, rule_version=RULE_SET_VERSION, status=EvaluationRun.Status.SUCCEEDED
    ).first()
    return done or evaluate_eligibility(as_of=today)
