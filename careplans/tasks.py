"""Celery tasks for care management: thin, id-taking, safe to run twice (refresh is an upsert)."""

from celery import shared_task

from careplans.clocks import services as clocks


@shared_task(acks_late=True, reject_on_worker_lost=True)
def refresh_all_clocks_task() -> int:
    """Scheduled nightly in CELERY_BEAT_SCHEDULE, and queued when a clock setting changes."""
    return clocks.refresh_everyone()
