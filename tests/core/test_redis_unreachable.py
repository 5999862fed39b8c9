"""Redis unreachable (broker and cache pointed at a closed port): pages and the API keep working,
and work that cannot be queued fails visibly, leaves nothing queued, running or on disk, and can
be retried once the queue is back."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.throttling import UserRateThrottle
from rest_framework.views import APIView

from calaim.celery import app
from calaim.settings import base as base_settings
from core.models import ImportJob
from eligibility.models import EvaluationRun

CLOSED_PORT = "redis://127.0.0.1:1/0"
UNAVAILABLE = "The task queue is unavailable, try again"
ROSTER = b"cin,last_name,first_name\n"


def _point_broker_at(url):
    app.conf.broker_write_url = url  # where tasks are published
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def broker_down():
    _point_broker_at(CLOSED_PORT)
    yield
    _point_broker_at(None)


@pytest.fixture
def cache_down(settings, monkeypatch):
    # The production cache configuration (base settings), at a port nothing listens on.
    settings.CACHES = {"default": {**base_settings.CACHES["default"], "LOCATION": CLOSED_PORT}}
    # The test settings switch the throttle off; production keeps its counters in this cache.
    monkeypatch.setattr(APIView, "throttle_classes", [UserRateThrottle])


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _stored_files(media):
    return [p for p in media.rglob("*") if p.is_file()]


def test_the_throttled_api_answers_while_its_cache_is_down(client_for, care_manager, cache_down):
    response = client_for(care_manager).get("/api/members/")

    assert response.status_code == 200


def test_clock_settings_page_answers_while_the_cache_is_down(client_for, plan_admin, cache_down):
    response = client_for(plan_admin).get("/clock-settings/")

    assert response.status_code == 200


def test_roster_upload_fails_visibly_cleans_up_and_can_be_retried(
    transactional_db, client_for, plan_admin, broker_down, media
):
    client = client_for(plan_admin)
    upload = SimpleUploadedFile("members.csv", ROSTER, content_type="text/csv")

    response = client.post("/roster/import/", {"file": upload})

    assert response.status_code == 503
    assert UNAVAILABLE in response.content.decode()
    job = ImportJob.objects.get()
    assert (job.status, job.file.name) == (ImportJob.Status.FAILED, "")
    assert UNAVAILABLE in job.message
    assert _stored_files(media) == []

    _point_broker_at(None)  # the queue is back
    again = client.post(
        "/roster/import/", {"file": SimpleUploadedFile("members.csv", ROSTER)}, follow=False
    )
    assert again.status_code == 302
    assert ImportJob.objects.latest("id").status == ImportJob.Status.QUEUED
    app.control.purge()


@pytest.mark.parametrize("url", ["/api/imports/roster/", "/api/imports/diagnoses/"])
def test_api_upload_answers_503_and_leaves_no_queued_job_or_file(
    transactional_db, client_for, plan_admin, broker_down, media, url
):
    upload = SimpleUploadedFile("feed.csv", ROSTER, content_type="text/csv")

    response = client_for(plan_admin).post(url, {"file": upload})

    assert response.status_code == 503
    assert UNAVAILABLE in response.json()["detail"]
    assert not ImportJob.objects.exclude(status=ImportJob.Status.FAILED).exists()
    assert _stored_files(media) == []


def test_clinical_upload_page_fails_visibly(
    transactional_db, client_for, plan_admin, broker_down, media
):
    upload = SimpleUploadedFile("diagnoses.csv", ROSTER, content_type="text/csv")

    response = client_for(plan_admin).post(
        "/eligibility/import/", {"kind": "diagnoses", "file": upload}
    )

    assert response.status_code == 503
    assert UNAVAILABLE in response.content.decode()
    assert _stored_files(media) == []


def test_evaluation_start_fails_visibly_and_leaves_no_run_running(
    transactional_db, client_for, plan_admin, broker_down
):
    client = client_for(plan_admin)

    page = client.post("/eligibility/runs/", {"as_of": "2026-09-30"})
    api = client.post(
        "/api/eligibility/runs/", {"as_of": "2026-09-30"}, content_type="application/json"
    )

    assert page.status_code == 503 and UNAVAILABLE in page.content.decode()
    assert api.status_code == 503 and UNAVAILABLE in api.json()["detail"]
    assert not EvaluationRun.objects.filter(status=EvaluationRun.Status.RUNNING).exists()
    assert set(EvaluationRun.objects.values_list("message", flat=True)) == {
        "The task queue is unavailable, try again in a few minutes."
    }


def test_a_clock_setting_change_is_kept_and_says_the_refresh_waits_for_tonight(
    transactional_db, client_for, plan_admin, broker_down
):
    response = client_for(plan_admin).post(
        "/clock-settings/change/",
        {"key": "care_plan", "days": 20, "reason": "Board decision"},
        follow=True,
    )

    assert response.status_code == 200
    assert "task queue is unavailable" in response.content.decode()
