"""Celery tasks for care management: thin, id-taking, safe to run twice (refresh is an upsert)."""

from celery import shared_task

from careplans.clocks import services as clocks
from jobs.runner import run_recorded


@shared_task(acks_late=True, reject_on_worker_lost=True)
def refresh_all_clocks_task() -> int | None:
    """Scheduled nightly in CELERY_BEAT_SCHEDULE, and queued when a clock setting changes;
    recorded as the job "clocks"."""
    return run_recorded("clocks", work=clocks.refresh_everyone, rows=lambda running: running)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def run_history_import_task(job_id: int) -> str:
    """An hra_history.csv import (careplans/clocks/history.py)."""
    from careplans.clocks.history import run_history_import

    return run_history_import(job_id=job_id).status
