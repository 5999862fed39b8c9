"""Celery tasks: thin, id-taking, safe to run twice (a finished job is not run again, and the
merge is idempotent, so a job redelivered after a lost worker simply starts over)."""

from celery import shared_task
from django.utils import timezone

from jobs.runner import JobFailed, run_recorded

from . import services


@shared_task(acks_late=True, reject_on_worker_lost=True)
def run_clinical_import_task(job_id: int) -> str:
    """A diagnoses or utilization import; the job says which."""
    return services.run_clinical_import(job_id=job_id).status


@shared_task(acks_late=True, reject_on_worker_lost=True)
def run_evaluation_task(run_id: int) -> str:
    from .models import EvaluationRun

    return services.evaluation.run_evaluation(EvaluationRun.objects.get(pk=run_id)).status


def _evaluated_tonight():
    run = services.evaluate_tonight()
    if run.status != run.Status.SUCCEEDED:
        raise JobFailed(f"Evaluation #{run.pk} failed: {run.message}")
    return run


@shared_task(acks_late=True, reject_on_worker_lost=True)
def nightly_evaluation_task() -> int | None:
    """Scheduled in CELERY_BEAT_SCHEDULE; evaluates the roster as of the plan's day, once.
    Recorded as the job "eligibility" (jobs/runner.py: lock, run record, failure notice)."""
    run = run_recorded(
        "eligibility", work=_evaluated_tonight, rows=lambda run: run.members_evaluated
    )
    return run.pk if run else None


@shared_task(acks_late=True, reject_on_worker_lost=True)
def prune_determinations_task() -> int | None:
    """Scheduled weekly in CELERY_BEAT_SCHEDULE; see eligibility/retention.py for the policy."""
    from .retention import prune_determinations

    return run_recorded(
        "determination_pruning",
        work=lambda: prune_determinations(today=timezone.localdate()),
        rows=lambda deleted: deleted,
    )


@shared_task
def interrupt_silent_runs_task() -> int:
    """Scheduled every minute: evaluations whose worker was lost become interrupted."""
    return services.evaluation.interrupt_silent_runs()
