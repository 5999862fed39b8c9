"""The Community Supports imports as jobs, the three doors of every import (members/services.py):
`start_cs_import` stores an upload and queues it (page and API; the browser polls the job's
progress), the Celery task runs it with `run_cs_import`, and `import_cs_file` runs a local file
in this process (the commands). Progress, counts and problems look the same from every door."""

from pathlib import Path

from django.conf import settings

from core import import_jobs
from core.models import ImportJob

from .imports import import_cs_authorizations, import_cs_offerings
from .models import CsAuthorization, CsOffering

IMPORTERS = {
    ImportJob.Kind.CS_OFFERINGS: (import_cs_offerings, CsOffering),
    ImportJob.Kind.CS_AUTHORIZATIONS: (import_cs_authorizations, CsAuthorization),
}
KINDS = tuple(IMPORTERS)


def _check_kind(kind: str) -> None:
    if kind not in IMPORTERS:
        raise ValueError(f"not a Community Supports import: {kind!r}")


def start_cs_import(*, kind: str, uploaded_file, by) -> ImportJob:
    from .tasks import run_cs_import_task

    _check_kind(kind)
    import_jobs.refuse_oversized(uploaded_file, limit=settings.CLINICAL_MAX_UPLOAD_BYTES)
    job = import_jobs.create_job(kind=kind, requested_by=by, uploaded_file=uploaded_file)
    import_jobs.queue_job(job, run_cs_import_task)
    return job


def run_cs_import(*, job_id: int, path: Path | None = None) -> ImportJob:
    job = ImportJob.objects.get(pk=job_id, kind__in=KINDS)
    importer, model = IMPORTERS[job.kind]
    return import_jobs.run_job(
        job=job,
        path=path or Path(job.file.path),
        importer=importer,
        analyze=(model._meta.db_table,),
    )


def import_cs_file(*, kind: str, path: Path, by=None) -> ImportJob:
    """The commands' door: the same job record, run in this process."""
    _check_kind(kind)
    job = import_jobs.create_job(kind=kind, requested_by=by, source_name=path.name)
    return run_cs_import(job_id=job.pk, path=path)
