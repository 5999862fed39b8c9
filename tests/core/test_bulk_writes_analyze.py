"""Bulk writes ANALYZE the tables they changed (core/maintenance.py): after an import, an
evaluation or the full clock refresh, the planner's row estimate (pg_class.reltuples, set by
ANALYZE) equals the table's real row count instead of what it was before the write."""

import datetime

from django.db import connection

from careplans.clocks.services import refresh_member_clocks
from careplans.models import MemberClock
from eligibility.services import evaluate_eligibility
from members.models import Member
from members.services import import_roster_file
from tests.careplans.work_factories import cicm_member
from tests.factories import MemberFactory
from tests.members.test_roster_import import row, write_csv


def _analyze_baseline(*tables: str) -> None:
    """Statistics as they were before the write, so a stale estimate shows."""
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {table}")


def _estimate_matches_count(table: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [table])
        [(estimate,)] = cursor.fetchall()
        cursor.execute(f"SELECT count(*) FROM {table}")
        [(count,)] = cursor.fetchall()
    return estimate == count


def test_a_roster_import_analyzes_the_members_table(db, tmp_path):
    path = write_csv(tmp_path, [row(cin=f"9123456{n}A") for n in range(7)])
    _analyze_baseline("members_member")

    import_roster_file(path=path)

    assert Member.objects.count() == 7
    assert _estimate_matches_count("members_member")


def test_an_evaluation_analyzes_what_it_wrote(db):
    for _ in range(5):
        MemberFactory(housing_status="homeless")
    tables = ("eligibility_determination", "eligibility_programenrollment",
              "eligibility_enrollmenttransition")  # fmt: skip
    _analyze_baseline(*tables)

    evaluate_eligibility(as_of=datetime.date(2026, 9, 30))

    for table in tables:
        assert _estimate_matches_count(table), table


def test_the_full_clock_refresh_analyzes_the_clocks(db):
    for _ in range(4):
        cicm_member()
    _analyze_baseline("careplans_memberclock")

    refresh_member_clocks(member_ids=None)

    assert _estimate_matches_count("careplans_memberclock")
    assert MemberClock.objects.exists()
