"""The HTTP load test's replay row (bench/http_replay.py): it must redo a step's own statements,
not the middleware's, and answer the step's bytes, or the ceiling it prints means nothing."""

import pytest
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from audit.models import AccessLog
from bench import http_replay
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def replay_file(tmp_path, monkeypatch):
    monkeypatch.setattr(http_replay, "REPLAY_FILE", tmp_path / "replay.pickle")
    monkeypatch.setattr(http_replay, "_recorded", None)
    return tmp_path / "replay.pickle"


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
    statements = http_replay.load_recorded(replay_file)[0]["statements"]
    assert step["path"] == "/bench/replay/0/"
    assert not any("django_session" in sql for sql, _ in statements)  # the middleware's own
    assert any("audit_accesslog" in sql for sql, _ in statements)  # the door's, kept

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
    recorded = [(sql, None) for sql in step]
    kept = http_replay.view_statements(recorded, http_replay.middleware_shapes(floor))
    assert kept == [(step[2], None)]  # the view's count stays, though the floor made the same one


@override_settings(ROOT_URLCONF="bench.http_urls")
def test_a_statement_the_view_prepares_is_replayed_prepared_with_its_parameters(
    client, care_manager, replay_file
):
    """The timeline runs prepared (core/prepared.py): replaying it with literals would plan it
    every time, and the ceiling would be lower than what the view itself costs."""
    member = MemberFactory(care_manager=care_manager)
    client.force_login(care_manager)
    cookie = f"sessionid={client.cookies['sessionid'].value}; csrftoken=x"
    contacts = reverse("careplans:member_contacts", kwargs={"member_id": member.pk})

    [step] = http_replay.record([{"method": "GET", "path": contacts, "hx": 1}], cookie, "x")
    statements = http_replay.load_recorded(replay_file)[0]["statements"]
    [params] = [p for sql, p in statements if "UNION ALL" in sql]
    assert params["member_id"] == member.pk  # sent apart from the text, which has no literal

    replayed = client.get(step["path"], HTTP_HX_REQUEST="true")
    assert replayed.status_code == 200
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", ["%UNION ALL%"]
        )
        assert cursor.fetchone()[0] >= 1


def test_the_views_python_budget_is_what_50_percent_leaves_beyond_the_replayed_sql():
    from bench.http_load import view_python_budget

    # floor 600 req/s: 50% is 300 req/s, 3.33 ms a request; the SQL alone takes 2.5 ms (400/s)
    allowed, used = view_python_budget(600.0, 400.0, 200.0)
    assert round(allowed, 2) == 0.83
    assert round(used, 2) == 2.5  # 5 ms a request at 200 req/s, 2.5 of them beyond the SQL


def test_rounds_add_up_requests_and_cpu_and_take_the_median_rounds_latency():
    from bench.http_load import combined_rounds

    def round_of(requests, seconds, p95_ms, cpu):
        return {
            "requests": requests, "duration_us": seconds * 1_000_000, "status_errors": 0,
            "socket_errors": 1, "errors": 1, "p50_us": p95_ms * 500, "p95_us": p95_ms * 1000,
            "p99_us": p95_ms * 1200, "max_us": p95_ms * 2000, "cpu": cpu,
        }  # fmt: skip

    # a slow spell in the middle round: it counts once among three, not for the whole row
    row = combined_rounds([round_of(500, 5, 100, 2.0), round_of(100, 5, 900, 1.0),
                           round_of(600, 5, 120, 2.5)])  # fmt: skip
    assert row["rps"] == 1200 / 15
    assert row["p95_us"] == 120_000 and row["max_us"] == 1_800_000
    assert row["errors"] == 3
    assert row["cpu_ms_per_request"] == 5.5 * 1000 / 1200
