"""The evaluation runs page: plan admins queue an evaluation as of a day (a real Celery worker
runs it), watch its stage and progress over htmx until it finishes, then see its counts."""

import datetime
import time
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from eligibility.models import EvaluationRun
from tests import factories
from tests.factories import EvaluationRunFactory, MemberFactory

HTMX = {"HTTP_HX_REQUEST": "true"}
RUNS = "/eligibility/runs/"


def test_runs_url_is_the_documented_one():
    assert reverse("eligibility:runs") == RUNS


def test_runs_page_lists_runs_with_counts_and_who_asked(client_for, plan_admin):
    EvaluationRunFactory(
        as_of=datetime.date(2026, 9, 29), requested_by=plan_admin, members_evaluated=1200,
        eligible_members=300, newly_eligible_members=45,
    )  # fmt: skip
    EvaluationRunFactory(as_of=datetime.date(2026, 9, 30), status="running", stage="Counting")

    response = client_for(plan_admin).get(RUNS)

    html = response.content.decode()
    assert response.status_code == 200
    assert [r.as_of.isoformat() for r in response.context["page"].object_list] == [
        "2026-09-30",
        "2026-09-29",
    ]
    for text in ("2026-09-29", "2026.1", "1,200", "300", "45", "Counting", "Running", "Done"):
        assert text in html, text
    assert (plan_admin.get_full_name() or plan_admin.username) in html
    assert 'hx-trigger="every 2s"' in html  # a run is still going: the table refreshes itself


def test_the_date_defaults_to_today_in_the_plans_time_zone(client_for, plan_admin):
    # 05:30 UTC on 1 October is still 30 September in California.
    late_evening = datetime.datetime(2026, 10, 1, 5, 30, tzinfo=datetime.UTC)
    with mock.patch.object(timezone, "now", return_value=late_evening):
        response = client_for(plan_admin).get(RUNS)

    assert 'value="2026-09-30"' in response.content.decode()


@pytest.mark.parametrize("bad", ["2026-02-30", "09/30/2026", "tomorrow", ""])
def test_a_bad_date_is_answered_with_a_message_on_the_field(client_for, plan_admin, bad):
    response = client_for(plan_admin).post(RUNS, {"as_of": bad})

    html = response.content.decode()
    assert response.status_code == 422
    assert 'id="id_as_of_error"' in html
    assert 'aria-describedby="id_as_of_helptext id_as_of_error"' in html
    assert "YYYY-MM-DD" in response.context["form"].errors["as_of"][0]
    assert not EvaluationRun.objects.exists()


def test_finished_run_shows_counts_and_the_download_and_stops_polling(client_for, plan_admin):
    run = EvaluationRunFactory(members_evaluated=4, eligible_members=3, newly_eligible_members=2)

    response = client_for(plan_admin).get(reverse("eligibility:run", args=[run.pk]), **HTMX)

    html = response.content.decode()
    assert response.templates[0].name == "eligibility/_run_progress.html"
    assert 'data-status="succeeded"' in html
    assert 'data-count="new">2<' in html
    assert reverse("eligibility:run_determinations", args=[run.pk]) in html
    assert "hx-trigger" not in html


def test_the_poll_that_says_done_also_brings_the_runs_table_up_to_date(client_for, plan_admin):
    """Issue 13, bug 8: the page said Done while its runs table still showed "Running -
    Gathering facts (5%)". The poll that sees the run finished swaps the table too (out of
    band), from the same read."""
    run = EvaluationRunFactory(status="running", stage="Gathering facts", progress_percent=5)
    client = client_for(plan_admin)
    page = client.get(reverse("eligibility:run", args=[run.pk])).content.decode()
    assert "Gathering facts (5%)" in page
    EvaluationRun.objects.filter(pk=run.pk).update(status="succeeded", stage="Done")

    polled = client.get(reverse("eligibility:run", args=[run.pk]), **HTMX).content.decode()

    assert 'data-status="succeeded"' in polled
    assert '<section id="run-table" class="card" hx-swap-oob="true"' in polled
    assert "Gathering facts (5%)" not in polled
    assert "Running" not in polled


def test_running_run_is_polled_and_a_failed_one_says_why(client_for, plan_admin):
    running = EvaluationRunFactory(
        status="running", stage="Deciding populations", progress_percent=50
    )
    failed = EvaluationRunFactory(status="failed", message="Nothing was stored.")
    client = client_for(plan_admin)

    polled = client.get(reverse("eligibility:run", args=[running.pk]), **HTMX).content.decode()
    full = client.get(reverse("eligibility:run", args=[failed.pk])).content.decode()

    assert 'hx-trigger="every 1s"' in polled
    assert 'aria-valuenow="50"' in polled
    assert "Deciding populations" in polled
    assert "Nothing was stored." in full
    assert "<h1>Eligibility evaluations</h1>" in full


def test_htmx_refresh_of_the_runs_table_is_only_the_table(client_for, plan_admin):
    EvaluationRunFactory()

    response = client_for(plan_admin).get(RUNS, **HTMX)

    assert response.templates[0].name == "eligibility/_run_table.html"
    assert b"<html" not in response.content


@pytest.mark.parametrize("role", ["supervisor", "care_manager", "cbo_user"])
def test_only_plan_admins_reach_runs(db, request, client_for, role):
    run = EvaluationRunFactory()
    client = client_for(request.getfixturevalue(role))

    assert client.get(RUNS).status_code == 404
    assert client.post(RUNS, {"as_of": "2026-09-30"}).status_code == 404
    assert client.get(reverse("eligibility:run", args=[run.pk])).status_code == 404
    assert EvaluationRun.objects.count() == 1


def test_missing_run_is_404(client_for, plan_admin):
    assert client_for(plan_admin).get(reverse("eligibility:run", args=[999_999])).status_code == 404


def wait_until_finished(client, url, timeout=30.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        html = client.get(url, **HTMX).content.decode()
        if 'data-status="running"' not in html:
            return html
        time.sleep(0.2)
    raise AssertionError(f"the run did not finish in {timeout} s")


@pytest.mark.celery
def test_admin_queues_an_evaluation_and_a_worker_runs_it(client, celery_worker):
    admin = factories.plan_admin(username="admin.runs")
    MemberFactory(housing_status="homeless")
    MemberFactory(housing_status="housed")
    client.force_login(admin)

    response = client.post(RUNS, {"as_of": "2026-09-30"})

    run = EvaluationRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("eligibility:run", args=[run.pk])
    assert (run.as_of, run.requested_by, run.rule_version) == (
        datetime.date(2026, 9, 30),
        admin,
        "2026.1",
    )
    html = wait_until_finished(client, response["Location"])
    assert 'data-status="succeeded"' in html
    assert 'data-count="members">2<' in html
    assert 'data-count="eligible">1<' in html
    assert 'data-count="new">1<' in html
    run.refresh_from_db()
    assert (run.status, run.stage, run.progress_percent) == ("succeeded", "Done", 100)
