"""The Nightly jobs page for plan admins: each job's last run, durations over time, failures, and
"run now", which queues the job's own task for a real worker; the page's query count is fixed."""

import datetime
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jobs.models import JobRun

pytestmark = pytest.mark.django_db


def _run(job, status="succeeded", seconds=2.0, days_ago=0, error=""):
    start = timezone.now() - datetime.timedelta(days=days_ago, seconds=seconds)
    return JobRun.objects.create(
        job=job, as_of=timezone.localdate() - datetime.timedelta(days=days_ago), status=status,
        started_at=start, finished_at=start + datetime.timedelta(seconds=seconds), rows=10,
        error=error,
    )  # fmt: skip


def test_page_shows_every_job_its_last_run_and_the_failures(client_for, plan_admin):
    for day in range(3):
        _run("stratification", seconds=10 + day, days_ago=day + 1)
    _run("stratification", status="failed", days_ago=0, error="Stratification #9 failed: x")
    response = client_for(plan_admin).get(reverse("jobs:nightly"))
    html = response.content.decode()
    summary = {s.job.name: s for s in response.context["summaries"]}
    assert set(summary) >= {"eligibility", "stratification", "clocks", "sessions"}
    assert summary["stratification"].last.status == "failed"
    assert len(summary["stratification"].bars) == 4
    assert "Stratification #9 failed: x" in html
    assert 'data-job="eligibility"' in html and "never" in html


def test_query_count_does_not_grow_with_history(client_for, plan_admin):
    client = client_for(plan_admin)
    client.get(reverse("jobs:nightly"))
    counts = []
    for runs in (2, 40):
        for n in range(runs):
            _run("clocks", days_ago=n)
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("jobs:nightly"))
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_api_lists_runs_of_one_job(client_for, plan_admin):
    _run("clocks")
    _run("sessions")
    runs = client_for(plan_admin).get(reverse("api:job-runs"), {"job": "clocks"}).json()
    assert [r["job"] for r in runs["results"]] == ["clocks"]
    assert runs["results"][0]["duration_seconds"] == pytest.approx(2.0)


def test_run_now_queues_the_job_for_a_worker_which_records_it(
    client_for, plan_admin, celery_worker
):
    response = client_for(plan_admin).post(reverse("jobs:run_now", args=["sessions"]))
    assert response.status_code == 302
    for _ in range(100):
        if JobRun.objects.filter(job="sessions", status="succeeded").exists():
            break
        time.sleep(0.1)
    assert JobRun.objects.filter(job="sessions", status="succeeded").count() == 1


def test_run_now_of_an_unknown_job_is_404(client_for, plan_admin):
    response = client_for(plan_admin).post(reverse("jobs:run_now", args=["no-such-job"]))
    assert response.status_code == 404
