"""Celery tasks: thin, id-taking, safe to run twice (a finished job is not run again, and the
merge is idempotent, so a job redelivered after a lost worker simply starts over)."""

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task(acks_late=True, reject_on_worker_lost=True)
def run_clinical_import_task(job_id: int) -> str:
    """A diagnoses or utilization import; the job says which."""
    return services.run_clinical_import(job_id=job_id).status


@shared_task(acks_late=True, reject_on_worker_lost=True)
def run_evaluation_task(run_id: int) -> str:
    from .models import EvaluationRun

    return services.evaluation.run_evaluation(EvaluationRun.objects.get(pk=run_id)).status


@shared_task(acks_late=True, reject_on_worker_lost=True)
def nightly_evaluation_task() -> int:
    """Scheduled in CELERY_BEAT_SCHEDULE; evaluates the roster as of the plan's day, once."""
    return services.evaluate_tonight().pk


@shared_task
def prune_determinations_task() -> int:
    """Scheduled weekly in CELERY_BEAT_SCHEDULE; see eligibility/retention.py for the policy."""
    from .retention import prune_determinations

    return prune_determinations(today=timezone.localdate())


@shared_task
def interrupt_silent_runs_task() -> int:
    """Scheduled every minute: evaluations whose worker was lost become interrupted."""
    return services.evaluation.interrupt_silent_runs()
