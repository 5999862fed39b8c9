"""Celery tasks for risk stratification: thin, id-taking, safe to run twice."""

from celery import shared_task

from jobs.runner import JobFailed, run_recorded

from . import services


@shared_task(acks_late=True, reject_on_worker_lost=True)
def run_stratification_task(run_id: int) -> str:
    from . import engine
    from .models import StratificationRun

    return engine.run_stratification(StratificationRun.objects.get(pk=run_id)).status


def _stratified_tonight():
    run = services.stratify_tonight()
    if run.status != run.Status.SUCCEEDED:
        raise JobFailed(f"Stratification #{run.pk} failed: {run.message}")
    return run


@shared_task(acks_late=True, reject_on_worker_lost=True)
def nightly_stratification_task() -> int | None:
    """Scheduled in CELERY_BEAT_SCHEDULE after the eligibility evaluation; recorded as the job
    "stratification" (jobs/runner.py: lock, run record, failure notice)."""
    run = run_recorded(
        "stratification", work=_stratified_tonight, rows=lambda run: run.members_stratified
    )
    return run.pk if run else None
