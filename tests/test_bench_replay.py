"""The HTTP load test's replay row (bench/http_replay.py): it must redo a step's own statements,
not the middleware's, and answer the step's bytes, or the ceiling it prints means nothing."""

import json

import pytest
from django.test import override_settings
from django.urls import reverse

from audit.models import AccessLog
from bench import http_replay
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def replay_file(tmp_path, monkeypatch):
    monkeypatch.setattr(http_replay, "REPLAY_FILE", tmp_path / "replay.json")
    monkeypatch.setattr(http_replay, "_recorded", None)
    return tmp_path / "replay.json"


@override_settings(ROOT_URLCONF="bench.http_urls")
def test_a_replayed_section_runs_its_own_statements_and_answers_its_bytes(
    client, care_manager, replay_file
):
    member = MemberFactory(care_manager=care_manager)
    client.force_login(care_manager)
    cookie = f"sessionid={client.cookies['sessionid'].value}; csrftoken=x"
    clocks = reverse("careplans:member_clocks", kwargs={"member_id": member.pk})
    original = client.get(clocks, HTTP_HX_REQUEST="true")

    [step] = http_replay.record([{"method": "GET", "path": clocks, "hx": 1}], cookie, "x")
    statements = json.loads(replay_file.read_text())[0]["statements"]
    assert step["path"] == "/bench/replay/0/"
    assert not any("django_session" in sql for sql in statements)  # the middleware's own
    assert any("audit_accesslog" in sql for sql in statements)  # the door's, kept

    logged = AccessLog.objects.count()
    replayed = client.get(step["path"], HTTP_HX_REQUEST="true")
    assert replayed.status_code == 200
    assert replayed.content == original.content
    assert AccessLog.objects.count() == logged + 1  # the door's write ran again


def test_statements_differing_only_in_literals_are_the_middlewares():
    floor = [
        'SELECT "django_session"."session_data" FROM "django_session" WHERE expire_date > '
        "'2026-12-01 04:00:00+00:00' AND session_key = 'abc'",
        'SELECT COUNT(*) AS "__count" FROM "members_member" WHERE care_manager_id = 7',
    ]
    step = [
        "BEGIN",
        'SELECT "django_session"."session_data" FROM "django_session" WHERE expire_date > '
        "'2026-12-01 04:00:09+00:00' AND session_key = 'abc'",
        'SELECT COUNT(*) AS "__count" FROM "members_member" WHERE care_manager_id = 7',
        "COMMIT",
    ]
    kept = http_replay.view_statements(step, http_replay.middleware_shapes(floor))
    assert kept == [step[2]]  # the view's count stays, though the floor made the same one
