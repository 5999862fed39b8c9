"""A real Celery worker is killed (SIGKILL) in the middle of the nightly stratification: nothing of
the day is half-written, the next run marks the cut-off run interrupted, completes the work, and
its output is identical to an uninterrupted run's; the morning reminders are not duplicated.

The worker is held in the "deciding" step by a table lock the test takes, so it is killed at a
known point; PostgreSQL ends the dead worker's session (the test stands in for its connection
check), which rolls its transaction back as a lost connection would.
"""

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from jobs.models import JobRun
from notifications.models import Notification
from risk.models import MemberRisk, StratificationRun
from tests.factories import MemberFactory, care_manager
from tests.risk.risk_helpers import admission, diagnose, ed_visit, export_rows, stratify

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]
DAY = datetime.timedelta(days=1)


def _other_session():
    db = connection.settings_dict
    return psycopg.connect(
        host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"], dbname=db["NAME"],
        autocommit=True,
    )  # fmt: skip


def _start_worker() -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "calaim.settings.test",
        "DATABASE_URL": "postgres://{USER}@{HOST}:{port}/{NAME}".format(
            port=connection.settings_dict["PORT"] or 5432, **connection.settings_dict
        ),
        "REDIS_URL": settings.REDIS_URL,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "calaim", "worker", "--pool", "solo",
         "--without-heartbeat", "--without-mingle", "--without-gossip", "-l", "WARNING"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def _wait(condition, seconds=60.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError("timed out waiting")


def _roster(today):
    cm = care_manager(username="cm.killed")
    for n in range(30):
        member = MemberFactory(care_manager=cm, housing_status=["housed", "homeless"][n % 2])
        for k in range(n % 5):
            ed_visit(member, today - k * DAY)  # today's visits make tonight's risers
        if n % 3 == 0:
            diagnose(member, ["I50.9", "N18.3", "E11.22", "C78.0"][n % 4], today - 10 * DAY)
        if n % 4 == 0:
            admission(member, today - 9 * DAY, today - 2 * DAY, unplanned=n % 8 == 0)
    return cm


def test_killed_worker_leaves_nothing_half_written_and_the_next_run_completes_it(tmp_path):
    from calaim.celery import app

    today = timezone.localdate()
    _roster(today)
    stratify(today - DAY)  # yesterday's tiers, so tonight has risers to remind about
    app.control.purge()
    worker = _start_worker()
    try:
        with _other_session() as blocker:
            blocker.execute("BEGIN")
            blocker.execute("LOCK TABLE risk_memberrisk IN ACCESS EXCLUSIVE MODE")
            app.send_task("risk.tasks.nightly_stratification_task")
            _wait(
                lambda: StratificationRun.objects.filter(
                    as_of=today, stage="Deciding tiers"
                ).exists()
            )
            time.sleep(0.5)  # the worker is now blocked on the DELETE of today's rows
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=30)
            blocker.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE query LIKE 'DELETE FROM risk_memberrisk%%' AND pid <> pg_backend_pid()"
            )
            blocker.execute("ROLLBACK")
    finally:
        if worker.poll() is None:
            worker.kill()

    assert not MemberRisk.objects.filter(as_of=today).exists()  # nothing half-written
    assert JobRun.objects.get(job="stratification").status == "running"  # cut off

    worker = _start_worker()
    try:
        app.send_task("risk.tasks.nightly_stratification_task")
        _wait(lambda: JobRun.objects.filter(job="stratification", status="succeeded").exists())
        app.send_task("notifications.tasks.send_reminders_task")
        _wait(lambda: JobRun.objects.filter(job="reminders", status="succeeded").count() == 1)
        app.send_task("notifications.tasks.send_reminders_task")
        _wait(lambda: JobRun.objects.filter(job="reminders", status="succeeded").count() == 2)
    finally:
        worker.terminate()
        worker.wait(timeout=30)

    runs = dict(JobRun.objects.filter(job="stratification").values_list("status", "error"))
    assert set(runs) == {"interrupted", "succeeded"}
    assert StratificationRun.objects.filter(as_of=today, status="interrupted").count() == 1
    recovered = export_rows(today, tmp_path)
    stratify(today)  # an uninterrupted run of the same day, in this process
    assert export_rows(today, tmp_path) == recovered
    assert len(recovered) == 31

    keys = list(Notification.objects.filter(kind="risk").values_list("user_id", "key", "day"))
    assert keys and len(keys) == len(set(keys))
    assert JobRun.objects.filter(job="reminders").order_by("started_at").last().rows == 0
