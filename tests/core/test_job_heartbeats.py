"""A job whose worker was lost is noticed within minutes: running imports and evaluations stamp a
heartbeat; one silent for JOB_SILENCE_SECONDS is marked interrupted (by the beat task, and when
its page or API is read) and offered for retry, and the retry runs it safely on a real worker."""

import datetime
import time

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone

from core import heartbeat
from core.models import ImportJob
from core.tasks import interrupt_silent_import_jobs
from eligibility.models import EvaluationRun
from eligibility.tasks import interrupt_silent_runs_task, run_evaluation_task
from members.models import Member
from members.tasks import run_roster_import_task
from tests import factories
from tests.factories import EvaluationRunFactory, MemberFactory
from tests.members.test_roster_import import GOOD, HEADER

LONG_AGO = datetime.timedelta(minutes=10)


def _roster_bytes(count: int) -> bytes:
    lines = [",".join(HEADER)]
    for n in range(count):
        cells = {**GOOD, "cin": f"9{n:07d}A"}
        lines.append(",".join(f'"{cells.get(col, "")}"' for col in HEADER))
    return ("\n".join(lines) + "\n").encode()


def _lost_roster_job(admin, *, count=3) -> ImportJob:
    """A roster upload whose worker died at 70%: running, its file kept, its heartbeat stale."""
    job = ImportJob(kind=ImportJob.Kind.ROSTER, requested_by=admin, source_name="members.csv")
    job.file.save("roster.csv", ContentFile(_roster_bytes(count)), save=False)
    job.status, job.stage, job.progress_percent = ImportJob.Status.RUNNING, "Merging", 70
    job.started_at = job.heartbeat_at = timezone.now() - LONG_AGO
    job.save()
    return job


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_beat_runs_both_sweeps_every_minute():
    tasks = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert tasks["core.tasks.interrupt_silent_import_jobs"] == 60.0
    assert tasks["eligibility.tasks.interrupt_silent_runs_task"] == 60.0


def test_a_running_job_stamps_its_heartbeat_until_it_ends(transactional_db):
    job = ImportJob.objects.create(kind=ImportJob.Kind.ROSTER, status=ImportJob.Status.RUNNING)
    rows = ImportJob.objects.filter(pk=job.pk)

    with heartbeat.heartbeat(rows, interval=0.1):
        first = rows.get().heartbeat_at
        time.sleep(0.5)
        later = rows.get().heartbeat_at
    last = rows.get().heartbeat_at
    time.sleep(0.3)

    assert first is not None and later > first
    assert rows.get().heartbeat_at == last  # the thread stopped with the block


def test_the_beat_task_interrupts_silent_jobs_and_leaves_live_ones(db, plan_admin, media):
    lost = _lost_roster_job(plan_admin)
    live = ImportJob.objects.create(
        kind=ImportJob.Kind.ROSTER, status=ImportJob.Status.RUNNING, heartbeat_at=timezone.now()
    )
    waiting = ImportJob.objects.create(kind=ImportJob.Kind.ROSTER)

    assert interrupt_silent_import_jobs.run() == 1

    lost.refresh_from_db()
    assert (lost.status, lost.can_retry) == (ImportJob.Status.INTERRUPTED, True)
    assert "Retry" in lost.message
    assert ImportJob.objects.get(pk=live.pk).status == ImportJob.Status.RUNNING
    assert ImportJob.objects.get(pk=waiting.pk).status == ImportJob.Status.QUEUED


def test_viewing_a_lost_job_shows_it_interrupted_with_a_retry_button(client_for, plan_admin, media):
    job = _lost_roster_job(plan_admin)
    client = client_for(plan_admin)

    page = client.get(f"/imports/{job.pk}/").content.decode()
    api = client.get(f"/api/imports/{job.pk}/").json()

    assert 'data-status="interrupted"' in page
    assert f'action="/imports/{job.pk}/retry/"' in page
    assert (api["status"], api["can_retry"]) == ("interrupted", True)


def test_a_redelivered_task_leaves_a_job_another_worker_is_running(transactional_db, media):
    job = ImportJob.objects.create(
        kind=ImportJob.Kind.ROSTER, status=ImportJob.Status.RUNNING, heartbeat_at=timezone.now()
    )
    job.file.save("roster.csv", ContentFile(_roster_bytes(1)))

    assert run_roster_import_task.run(job.pk) == ImportJob.Status.RUNNING
    assert not Member.objects.exists()


@pytest.mark.celery
def test_retry_runs_the_lost_import_on_a_worker_exactly_once(
    client, celery_worker, media, settings
):
    admin = factories.plan_admin(username="admin.retry")
    client.force_login(admin)
    job = _lost_roster_job(admin, count=3)
    client.get(f"/imports/{job.pk}/")  # the page notices the lost worker

    response = client.post(f"/imports/{job.pk}/retry/")
    job.refresh_from_db()
    assert response.status_code == 302 and job.status in {"queued", "running", "succeeded"}
    _wait(lambda: ImportJob.objects.get(pk=job.pk).is_finished)

    job.refresh_from_db()
    assert (job.status, job.created_count, job.file.name) == ("succeeded", 3, "")
    assert Member.objects.count() == 3
    again = client.post(f"/api/imports/{job.pk}/retry/")
    assert again.status_code == 409


@pytest.mark.celery
def test_a_lost_evaluation_is_interrupted_and_retried_over_the_api(client, celery_worker):
    admin = factories.plan_admin(username="admin.evalretry")
    client.force_login(admin)
    MemberFactory(housing_status="homeless")
    run = EvaluationRunFactory(
        status="running", stage="Deciding populations", progress_percent=50,
        heartbeat_at=timezone.now() - LONG_AGO,
    )  # fmt: skip

    assert interrupt_silent_runs_task.run() == 1
    listed = client.get("/api/eligibility/runs/").json()["results"][0]
    assert (listed["status"], listed["can_retry"]) == ("interrupted", True)
    assert (
        f'action="/eligibility/runs/{run.pk}/retry/"'
        in client.get(f"/eligibility/runs/{run.pk}/").content.decode()
    )

    response = client.post(f"/api/eligibility/runs/{run.pk}/retry/")
    assert response.status_code == 202
    _wait(lambda: EvaluationRun.objects.get(pk=run.pk).is_finished)

    run.refresh_from_db()
    assert (run.status, run.members_evaluated, run.eligible_members) == ("succeeded", 1, 1)
    assert run_evaluation_task.run(run.pk) == "succeeded"  # a late redelivery changes nothing
    assert client.post(f"/api/eligibility/runs/{run.pk}/retry/").status_code == 409


def _wait(done, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if done():
            return
        time.sleep(0.2)
    raise AssertionError(f"not finished in {timeout} s")
