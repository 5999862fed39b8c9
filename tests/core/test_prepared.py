"""core/prepared.py: the long statements are planned once per connection, and still counted,
logged and translated into Django's errors like any other."""

import pytest
from django.db import DataError, connection, transaction
from django.test.utils import CaptureQueriesContext
from psycopg import ProgrammingError

from core.prepared import numbered, prepared_cursor

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


def test_placeholders_become_postgresqls_own_numbers_once_per_text():
    """Long statements (over psycopg's 4 kB cache) are rewritten to $n once, not per request;
    a name used twice is one parameter, %% stays a percent sign."""
    padding = "-- " + "x" * 5000 + "\n"
    sql = padding + "SELECT %(a)s::int + %(a)s::int, %(b)s::text, '100%%' AS numbered_probe"
    numbered.cache_clear()
    for a in (1, 2):
        with prepared_cursor() as cursor:
            cursor.execute(sql, {"a": a, "b": "x", "unused": 0})
            assert cursor.fetchone() == (2 * a, "x", "100%")
    assert numbered.cache_info().misses == 1
    assert numbered(sql)[0].endswith("SELECT $1::int + $1::int, $2::text, '100%' AS numbered_probe")


def test_positional_placeholders_and_mistakes():
    with prepared_cursor() as cursor:
        cursor.execute("SELECT %s::int, %s::text AS positional_probe", [7, "seven"])
        assert cursor.fetchone() == (7, "seven")
    with pytest.raises(ProgrammingError):
        numbered("SELECT %s, %(a)s")
    with pytest.raises(ProgrammingError):
        numbered("SELECT 'a%' || %s")
