"""Long hand-written statements run as server-side prepared statements: planned once per
connection, not once per request.

Some of the portal's busiest statements are long SQL written by hand or compiled once (a
member's timeline, a UNION ALL of every app's source; the task list's UNION ALL; the clock
rules). Django sends every statement with its values inlined (client-side binding), so
PostgreSQL plans each one afresh, and planning them cost more than running them: about 3 ms of
planning for 0.3 ms of work for one member's timeline (issue 14). With server-side binding the
text is the same for every member, so the statement is prepared once on the connection (which
lives CONN_MAX_AGE seconds) and PostgreSQL soon keeps one generic plan for it.

Values travel apart from the text, typed by psycopg: a string as "unknown" (PostgreSQL takes
its type from the context, text when nothing says), a number by its size, so one statement may
be prepared once per width of its integers. The cursor is Django's own wrapper, so errors,
transactions and query logging (assertNumQueries) behave as for `connection.cursor()`.
"""

import psycopg
from django.db import connection


class _LoggedAs:
    """What Django's query log reads back from a cursor (`cursor._query.query`, which psycopg
    leaves empty for a prepared statement): the statement with its values inlined, composed
    only when something logs it (DEBUG, assertNumQueries), never in production."""

    def __init__(self, sql, params):
        self.sql, self.params = sql, params

    @property
    def query(self) -> bytes:
        return connection.ops.compose_sql(self.sql, self.params).encode()


class _PreparingCursor(psycopg.Cursor):
    """A server-side binding cursor that prepares every statement it runs."""

    def execute(self, query, params=None, *, prepare=None, binary=None):
        super().execute(query, params, prepare=True, binary=binary)
        self._query = _LoggedAs(query, params)
        return self


def prepared_cursor():
    """A cursor (use it as a context manager) whose statements are prepared on the connection.

    Parameters are `%s` or `%(name)s`, as for Django's cursors."""
    cursor = connection.cursor()  # health check, connection, thread check, query logging
    cursor.cursor.close()
    cursor.cursor = _PreparingCursor(connection.connection)
    return cursor


def is_prepared(cursor) -> bool:
    """Whether a Django cursor wrapper runs prepared statements (the bench's replay asks)."""
    return isinstance(getattr(cursor, "cursor", None), _PreparingCursor)
