"""Plan admins export the access log for a date range and a user (issue 14, "Also"): page, API
and command write the same CSV, with spreadsheet formulas neutralised."""

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from audit.exports import spreadsheet_safe
from tests import factories
from tests.factories import MemberFactory


def at(day: str, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.fromisoformat(f"{day}T{hour:02d}:00"))


def make_log(rows, member):
    """Insert rows with the given times: the model stamps "now" and rows cannot be updated."""
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO audit_accesslog (user_id, member_id, viewed, viewed_at, client_address)"
            " VALUES (%s, %s, %s, %s, '10.1.1.1')",
            [(user.pk, member.pk, viewed, when) for user, viewed, when in rows],
        )


def read_csv(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def entries(care_manager, other_care_manager):
    member = MemberFactory(care_manager=care_manager, cin="91234567A")
    make_log(
        [
            (care_manager, "member_page", at("2026-03-01", 9)),
            (care_manager, "care_plan", at("2026-03-02", 23)),
            (other_care_manager, "member_page", at("2026-03-02", 12)),
            (care_manager, "clocks", at("2026-03-03", 0)),
        ],
        member,
    )
    return member


def test_plan_admin_downloads_a_date_range_for_one_user(client_for, plan_admin, entries):
    response = client_for(plan_admin).get(
        reverse("audit:access_log_export"),
        {"download": "1", "start": "2026-03-01", "end": "2026-03-02", "user": "cm.one"},
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    rows = read_csv(b"".join(response.streaming_content).decode())
    assert [(r["username"], r["viewed"], r["viewed_at"][:10]) for r in rows] == [
        ("cm.one", "Member page", "2026-03-01"),
        ("cm.one", "Care plan", "2026-03-02"),
    ]
    assert rows[0]["member_cin"] == "91234567A"
    assert rows[0]["client_address"] == "10.1.1.1"


def test_everyone_in_the_range_when_no_user_is_chosen(client_for, plan_admin, entries):
    response = client_for(plan_admin).get(
        reverse("api:access-log-export"), {"start": "2026-03-02", "end": "2026-03-03"}
    )

    rows = read_csv(b"".join(response.streaming_content).decode())
    assert [r["username"] for r in rows] == ["cm.two", "cm.one", "cm.one"]


def test_a_reversed_range_is_refused_with_a_message(client_for, plan_admin):
    page = client_for(plan_admin).get(
        reverse("audit:access_log_export"),
        {"download": "1", "start": "2026-03-05", "end": "2026-03-01"},
    )
    api = client_for(plan_admin).get(
        reverse("api:access-log-export"), {"start": "2026-03-05", "end": "2026-03-01"}
    )

    assert page.status_code == 422
    assert "on or after the start date" in page.content.decode()
    assert api.status_code == 400
    assert "on or after the start date" in api.content.decode()


def test_only_plan_admins_export(client_for, supervisor, cbo_user):
    for user in (supervisor, cbo_user):
        client = client_for(user)
        assert client.get(reverse("audit:access_log_export")).status_code == 404
        assert (
            client.get(
                reverse("api:access-log-export"), {"start": "2026-03-01", "end": "2026-03-02"}
            ).status_code
            == 404
        )


def test_cells_that_a_spreadsheet_would_run_are_neutralised(client_for, plan_admin):
    hacker = factories.care_manager(
        username="cm.formula", first_name='=HYPERLINK("http://x")', last_name="Smith"
    )
    member = MemberFactory(care_manager=hacker)
    make_log([(hacker, "member_page", at("2026-03-01"))], member)

    response = client_for(plan_admin).get(
        reverse("api:access-log-export"), {"start": "2026-03-01", "end": "2026-03-01"}
    )

    row = read_csv(b"".join(response.streaming_content).decode())[0]
    assert row["user_name"].startswith("'=HYPERLINK")


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_every_formula_start_is_prefixed(value):
    assert spreadsheet_safe(value) == f"'{value}"


def test_plain_values_are_kept():
    assert spreadsheet_safe("Ana Garcia") == "Ana Garcia"
    assert spreadsheet_safe(None) == ""


def test_the_command_writes_the_same_csv(tmp_path, entries):
    out = tmp_path / "log.csv"

    call_command(
        "export_access_log",
        "--start",
        "2026-03-01",
        "--end",
        "2026-03-03",
        "--user",
        "cm.two",
        "--out",
        str(out),
    )

    rows = read_csv(out.read_text())
    assert [(r["username"], r["viewed"]) for r in rows] == [("cm.two", "Member page")]
