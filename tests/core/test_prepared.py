"""core/prepared.py: the long statements are planned once per connection, and still counted,
logged and translated into Django's errors like any other."""

import pytest
from django.db import DataError, connection, transaction
from django.test.utils import CaptureQueriesContext

from core.prepared import prepared_cursor

pytestmark = pytest.mark.django_db


def _prepared_with(text: str) -> list[tuple[int, int]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements"
            " WHERE statement LIKE %s",
            [f"%{text}%"],
        )
        return cursor.fetchall()


def test_a_statement_is_prepared_once_and_reused_with_new_values():
    sql = "SELECT %s::int + 1 AS prepared_probe"
    for n in range(8):
        with prepared_cursor() as cursor:
            cursor.execute(sql, [n])
            assert cursor.fetchone() == (n + 1,)

    [(generic, custom)] = _prepared_with("prepared_probe")  # one statement, not eight
    assert generic + custom == 8


def test_named_parameters_and_query_counting_work_as_for_djangos_cursors(
    django_assert_num_queries,
):
    with django_assert_num_queries(1), prepared_cursor() as cursor:
        cursor.execute("SELECT %(a)s::int * %(b)s::int AS named_probe", {"a": 6, "b": 7})
        assert cursor.fetchone() == (42,)


def test_errors_are_djangos_and_leave_the_transaction_usable():
    with pytest.raises(DataError), transaction.atomic(), prepared_cursor() as cursor:
        cursor.execute("SELECT %s::int AS bad_probe", ["not a number"])
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


def test_the_query_log_shows_the_statement_with_its_values():
    """What assertNumQueries, DEBUG's log and the bench's recorder read back."""
    with CaptureQueriesContext(connection) as captured, prepared_cursor() as cursor:
        cursor.execute("SELECT %(a)s::int AS logged_probe, %(b)s::text", {"a": 5, "b": "x'y"})
    assert captured.captured_queries[-1]["sql"] == "SELECT 5::int AS logged_probe, 'x''y'::text"
