"""Old evaluations lose their determinations, except a monthly snapshot; summaries stay."""

import datetime

from django.conf import settings

from eligibility.models import Determination, EvaluationRun
from eligibility.retention import prune_determinations
from tests.factories import DeterminationFactory, EvaluationRunFactory, MemberFactory


def _run_with_rows(as_of: datetime.date, member) -> EvaluationRun:
    run = EvaluationRunFactory(as_of=as_of)
    DeterminationFactory(run=run, member=member)
    return run


def test_prune_keeps_recent_runs_and_the_last_run_of_each_month(db):
    member = MemberFactory()
    early_may = _run_with_rows(datetime.date(2026, 5, 10), member)
    end_of_may = _run_with_rows(datetime.date(2026, 5, 31), member)
    recent = _run_with_rows(datetime.date(2026, 11, 1), member)

    deleted = prune_determinations(today=datetime.date(2026, 11, 23))

    assert deleted == 1
    assert not Determination.objects.filter(run=early_may).exists()
    assert Determination.objects.filter(run=end_of_may).exists()  # May's monthly snapshot
    assert Determination.objects.filter(run=recent).exists()
    assert EvaluationRun.objects.filter(pk=early_may.pk).exists()  # the summary row stays


def test_pruning_is_scheduled_weekly():
    entry = settings.CELERY_BEAT_SCHEDULE["weekly-determination-pruning"]
    assert entry["task"] == "eligibility.tasks.prune_determinations_task"
    from calaim.celery import app

    app.loader.import_default_modules()
    assert entry["task"] in app.tasks


def test_the_weekly_task_prunes_as_of_the_plans_day(db):
    from eligibility.tasks import prune_determinations_task

    member = MemberFactory()
    old = _run_with_rows(datetime.date(2020, 1, 10), member)
    _run_with_rows(datetime.date(2020, 1, 20), member)  # January 2020's snapshot stays

    assert prune_determinations_task.apply().get() == 1
    assert not Determination.objects.filter(run=old).exists()
