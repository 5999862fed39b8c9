"""As-of days lie in a sane range at every door (core/dates.py), and the "current" evaluation is
the latest one for a day no later than today, so a run dated in the future cannot hide tonight's."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from eligibility import services
from eligibility.evaluation import current_run
from eligibility.models import EvaluationRun
from tests.factories import EvaluationRunFactory

RUNS_API = "/api/eligibility/runs/"
RUNS_PAGE = "/eligibility/runs/"
TOMORROW = timezone.localdate() + datetime.timedelta(days=1)


@pytest.mark.parametrize("day", ["9999-12-31", TOMORROW.isoformat(), "1999-12-31"])
def test_api_refuses_an_as_of_day_out_of_range_and_queues_nothing(client_for, plan_admin, day):
    response = client_for(plan_admin).post(
        RUNS_API, {"as_of": day}, content_type="application/json"
    )

    assert response.status_code == 400
    assert day in response.json()["as_of"][0]
    assert not EvaluationRun.objects.exists()


def test_runs_page_refuses_a_future_day_with_the_reason(client_for, plan_admin):
    response = client_for(plan_admin).post(RUNS_PAGE, {"as_of": "9999-12-31"})

    assert response.status_code == 422
    assert "9999-12-31 is after today" in response.content.decode()
    assert not EvaluationRun.objects.exists()


@override_settings(EARLIEST_AS_OF=datetime.date(2026, 1, 1))
def test_the_earliest_day_is_a_setting(client_for, plan_admin):
    response = client_for(plan_admin).post(RUNS_PAGE, {"as_of": "2025-12-31"})

    assert response.status_code == 422
    assert "before 2026-01-01" in response.content.decode()


@pytest.mark.parametrize("command", ["evaluate_eligibility", "export_determinations"])
def test_commands_refuse_a_future_day_with_exit_status_1(db, tmp_path, command):
    out = ["--out", str(tmp_path / "d.csv")] if command == "export_determinations" else []
    with pytest.raises(CommandError, match="after today") as raised:
        call_command(command, "--as-of", "9999-12-31", *out)

    assert raised.value.returncode == 1
    assert not EvaluationRun.objects.exists()


def test_services_refuse_a_future_day_for_tasks_and_other_callers(db, plan_admin):
    with pytest.raises(ValidationError):
        services.evaluate_eligibility(as_of=TOMORROW)
    with pytest.raises(ValidationError):
        services.start_evaluation(as_of=TOMORROW, by=plan_admin)
    assert not EvaluationRun.objects.exists()


def test_a_future_dated_run_never_becomes_current(db):
    today = timezone.localdate()
    EvaluationRunFactory(as_of=datetime.date(9999, 12, 31))  # stored before the range existed
    yesterday = EvaluationRunFactory(as_of=today - datetime.timedelta(days=1))
    assert current_run() == yesterday

    tonight = EvaluationRunFactory(as_of=today)
    assert current_run() == tonight
