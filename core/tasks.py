"""Housekeeping jobs, scheduled by beat (CELERY_BEAT_SCHEDULE in settings)."""

from importlib import import_module

from celery import shared_task
from django.conf import settings

from jobs.runner import run_recorded


@shared_task(acks_late=True, reject_on_worker_lost=True)
def clear_expired_sessions() -> None:
    """Expired sessions of logged-out users would otherwise stay in the table for ever.
    Recorded as the job "sessions"."""
    run_recorded("sessions", work=import_module(settings.SESSION_ENGINE).SessionStore.clear_expired)


@shared_task
def interrupt_silent_import_jobs() -> int:
    """Scheduled every minute: imports whose worker was lost become interrupted (retryable)."""
    from .import_jobs import interrupt_silent_jobs

    return interrupt_silent_jobs()
