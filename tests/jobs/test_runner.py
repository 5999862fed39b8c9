"""Every scheduled job run is recorded under a per-job lock (jobs/runner.py): rows and times on
success, the error's kind on failure (never data a database message might quote), a second
worker skipped while one runs, a dead worker's run marked interrupted, a dropped connection
recorded as a failed run, runs older than 400 days pruned."""

import datetime

import psycopg
import pytest
from django.db import connection
from django.utils import timezone

from jobs import registry
from jobs.models import JobRun
from jobs.runner import JobFailed, lock_key, run_recorded

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture
def heard():
    """Failure notices, as a listener (notifications registers one the same way) hears them."""
    notices = []
    registry.on_failure(notices.append)
    yield notices
    registry.FAILURE_LISTENERS.remove(notices.append)


@pytest.fixture
def other_worker():
    """A second database session, as another worker's would be."""
    settings = connection.settings_dict
    with psycopg.connect(
        host=settings["HOST"], port=settings["PORT"] or 5432, user=settings["USER"],
        dbname=settings["NAME"], autocommit=True,
    ) as other:  # fmt: skip
        yield other


def test_a_successful_run_records_day_times_and_rows():
    result = run_recorded("test_job", work=lambda: 41, rows=lambda n: n + 1)
    run = JobRun.objects.get(job="test_job")
    assert result == 41
    assert (run.status, run.rows, run.as_of) == ("succeeded", 42, timezone.localdate())
    assert run.started_at <= run.finished_at
    assert run.error == ""


def test_an_error_is_recorded_by_kind_only_and_plan_admins_are_told(heard):
    def work():
        raise ValueError("duplicate key (cin)=(91234567A)")

    assert run_recorded("test_job", work=work) is None
    run = JobRun.objects.get(job="test_job")
    assert run.status == "failed"
    assert "ValueError" in run.error and "91234567A" not in run.error
    assert heard == [run]


def test_a_job_failed_message_is_kept_as_written(heard):
    def work():
        raise JobFailed("Stratification #7 failed: the stratification stopped on an error")

    run_recorded("test_job", work=work)
    assert JobRun.objects.get(job="test_job").error.startswith("Stratification #7 failed")


def test_a_run_started_while_another_holds_the_lock_is_skipped(other_worker):
    JobRun.objects.create(job="test_job", as_of=timezone.localdate(), started_at=timezone.now())
    other_worker.execute("SELECT pg_advisory_lock(%s)", [lock_key("test_job")])
    called = []

    assert run_recorded("test_job", work=lambda: called.append(1)) is None

    assert called == []
    skipped = JobRun.objects.get(job="test_job", status="skipped")
    assert skipped.error.startswith("Another run of this job was in progress since ")
    assert JobRun.objects.filter(job="test_job", status="running").count() == 1


def test_a_dead_workers_run_is_marked_interrupted_by_the_next_run(heard):
    dead = JobRun.objects.create(
        job="test_job", as_of=timezone.localdate(), started_at=timezone.now() - DAY
    )
    run_recorded("test_job", work=lambda: 1)
    dead.refresh_from_db()
    assert dead.status == "interrupted" and dead.finished_at is not None
    assert "next run redid the work" in dead.error
    assert heard == [dead]
    assert JobRun.objects.filter(job="test_job", status="succeeded").count() == 1


def test_runs_older_than_400_days_are_pruned_when_the_job_runs_again():
    now = timezone.now()
    old = JobRun.objects.create(
        job="test_job", as_of=timezone.localdate(), started_at=now - 401 * DAY,
        status="succeeded",
    )  # fmt: skip
    kept = JobRun.objects.create(
        job="test_job", as_of=timezone.localdate(), started_at=now - 399 * DAY,
        status="succeeded",
    )  # fmt: skip
    run_recorded("test_job", work=lambda: 1)
    assert not JobRun.objects.filter(pk=old.pk).exists()
    assert JobRun.objects.filter(pk=kept.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_a_connection_dropped_mid_run_is_a_failed_run_and_the_lock_is_free(other_worker, heard):
    def work():
        other_worker.execute(
            "SELECT pg_terminate_backend(%s)", [connection.connection.info.backend_pid]
        )
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")

    assert run_recorded("test_job", work=work) is None
    run = JobRun.objects.get(job="test_job")
    assert run.status == "failed" and "OperationalError" in run.error
    assert heard == [run]
    assert run_recorded("test_job", work=lambda: 7) == 7  # the lock went with the connection


# Every-minute sweeps that mark lost imports and evaluations interrupted (core/heartbeat.py):
# a run row a minute would bury the nightly record, and they change nothing on a quiet night.
SWEEPS = {"interrupt-silent-import-jobs", "interrupt-silent-evaluations"}


def test_every_beat_entry_is_a_registered_job_or_names_one():
    from django.conf import settings

    tasks = {job.task for job in registry.JOBS.values()}
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in tasks or name in SWEEPS, name
