"""Writes: "run now" sends a registered job's task to a worker, which records the run."""

from celery import current_app
from django.http import Http404

from .registry import JOBS, Job


def run_now(*, name: str) -> Job:
    """Queue the job's own task (the one beat sends), so a manual run is recorded, locked and
    notified exactly like a scheduled one."""
    job = JOBS.get(name)
    if job is None:
        raise Http404
    current_app.send_task(job.task)
    return job
