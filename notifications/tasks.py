"""Celery tasks for reminders: thin, safe to run twice (unique keys)."""

from celery import shared_task
from django.utils import timezone

from jobs.runner import run_recorded

from . import digest, reminders


def _morning() -> int:
    day = timezone.localdate()
    created = reminders.send_reminders(day=day)
    digest.send_digests(day=day)
    return created


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_reminders_task() -> int | None:
    """Scheduled in CELERY_BEAT_SCHEDULE in the plan's morning; recorded as the job "reminders"."""
    return run_recorded("reminders", work=_morning, rows=lambda created: created)
