"""Housekeeping jobs, scheduled by beat (CELERY_BEAT_SCHEDULE in settings)."""

from importlib import import_module

from celery import shared_task
from django.conf import settings


@shared_task
def clear_expired_sessions() -> None:
    """Expired sessions of logged-out users would otherwise stay in the table for ever."""
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()


@shared_task
def interrupt_silent_import_jobs() -> int:
    """Scheduled every minute: imports whose worker was lost become interrupted (retryable)."""
    from .import_jobs import interrupt_silent_jobs

    return interrupt_silent_jobs()
