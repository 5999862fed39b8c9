"""Celery tasks of the CBO partnership: thin, safe to run twice (the sweep is a sync)."""

from celery import shared_task

from cbo_partners.consent import services as consent
from jobs.runner import run_recorded


@shared_task(acks_late=True, reject_on_worker_lost=True)
def sweep_consents_task() -> int | None:
    """Scheduled daily in CELERY_BEAT_SCHEDULE; recorded as the job "cbo_consents": consents
    that expired or whose revocation day came lose their CBO grants (their open tasks go back
    to the plan care manager); consents that started give theirs."""
    return run_recorded("cbo_consents", work=consent.sweep, rows=lambda ended: ended)
