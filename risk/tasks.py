"""Celery tasks for risk stratification: thin, id-taking, safe to run twice."""

from celery import shared_task

from . import services


@shared_task(acks_late=True, reject_on_worker_lost=True)
def run_stratification_task(run_id: int) -> str:
    from . import engine
    from .models import StratificationRun

    return engine.run_stratification(StratificationRun.objects.get(pk=run_id)).status


@shared_task(acks_late=True, reject_on_worker_lost=True)
def nightly_stratification_task() -> int:
    """Scheduled in CELERY_BEAT_SCHEDULE after the eligibility evaluation."""
    return services.stratify_tonight().pk
