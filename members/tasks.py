"""Celery tasks: thin, id-taking, safe to run twice."""

from celery import shared_task

from . import services


@shared_task(acks_late=True, reject_on_worker_lost=True)
def run_roster_import_task(job_id: int) -> str:
    job = services.run_roster_import(job_id=job_id)
    return job.status
