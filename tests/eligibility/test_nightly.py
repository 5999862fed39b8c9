"""The nightly evaluation: scheduled by Celery beat to a task that exists, run as of the plan's
own calendar day (California, not the server's UTC day), and only once per day."""

import datetime
from unittest import mock

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.utils import timezone

from calaim.celery import app
from eligibility.models import EvaluationRun
from eligibility.tasks import nightly_evaluation_task
from tests.factories import EvaluationRunFactory, MemberFactory

ENTRY = "nightly-eligibility-evaluation"


def at(utc: datetime.datetime):
    return mock.patch.object(timezone, "now", return_value=utc)


def registered_tasks() -> set[str]:
    app.loader.import_default_modules()
    return set(app.tasks)


def test_every_beat_entry_names_a_registered_task():
    tasks = registered_tasks()
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in tasks, name


def test_nightly_entry_runs_the_evaluation_task_at_3_in_the_plans_time_zone():
    entry = settings.CELERY_BEAT_SCHEDULE[ENTRY]

    assert entry["task"] == "eligibility.tasks.nightly_evaluation_task"
    assert entry["task"] in registered_tasks()
    assert app.tasks[entry["task"]].run is nightly_evaluation_task.run
    assert entry["schedule"] == crontab(hour=3, minute=0)
    assert settings.CELERY_TIMEZONE == settings.TIME_ZONE == "America/Los_Angeles"


@pytest.fixture
def roster(db):
    MemberFactory(housing_status="homeless")
    MemberFactory(housing_status="housed")


def test_nightly_task_evaluates_as_of_the_plans_day_not_utcs(roster):
    # 05:30 UTC on 1 October is 22:30 on 30 September in California.
    with at(datetime.datetime(2026, 10, 1, 5, 30, tzinfo=datetime.UTC)):
        run_id = nightly_evaluation_task.apply().get()

    run = EvaluationRun.objects.get(pk=run_id)
    assert run.as_of == datetime.date(2026, 9, 30)
    assert (run.status, run.members_evaluated, run.eligible_members) == ("succeeded", 2, 1)
    assert run.requested_by is None


def test_nightly_task_runs_once_per_plan_day(roster):
    with at(datetime.datetime(2026, 9, 30, 10, 0, tzinfo=datetime.UTC)):
        first = nightly_evaluation_task.apply().get()
    with at(datetime.datetime(2026, 10, 1, 6, 59, tzinfo=datetime.UTC)):  # 23:59 in California
        again = nightly_evaluation_task.apply().get()
    with at(datetime.datetime(2026, 10, 1, 10, 0, tzinfo=datetime.UTC)):
        next_day = nightly_evaluation_task.apply().get()

    assert again == first
    assert next_day != first
    assert list(EvaluationRun.objects.order_by("id").values_list("as_of", flat=True)) == [
        datetime.date(2026, 9, 30),
        datetime.date(2026, 10, 1),
    ]


def test_a_failed_night_is_tried_again(roster):
    failed = EvaluationRunFactory(as_of=datetime.date(2026, 9, 30), status="failed")
    with at(datetime.datetime(2026, 9, 30, 10, 0, tzinfo=datetime.UTC)):
        run_id = nightly_evaluation_task.apply().get()

    assert run_id != failed.pk
    assert EvaluationRun.objects.get(pk=run_id).status == "succeeded"
