"""Celery tasks: thin and id-taking; a job redelivered after a lost worker starts over (the
merge is idempotent)."""

from celery import shared_task

from . import import_services


@shared_task(acks_late=True, reject_on_worker_lost=True)
def run_cs_import_task(job_id: int) -> str:
    """A cs_offerings.csv or cs_authorizations.csv import; the job says which."""
    return import_services.run_cs_import(job_id=job_id).status
