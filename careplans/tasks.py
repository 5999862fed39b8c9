"""Celery tasks for care management: thin, id-taking, safe to run twice (refresh is an upsert)."""

from celery import shared_task

from careplans.clocks import services as clocks
from jobs.runner import run_recorded


@shared_task(acks_late=True, reject_on_worker_lost=True)
def refresh_all_clocks_task() -> int | None:
    """Scheduled nightly in CELERY_BEAT_SCHEDULE, and queued when a clock setting changes;
    recorded as the job "clocks"."""
    return run_recorded("clocks", work=clocks.refresh_everyone, rows=lambda running: running)
