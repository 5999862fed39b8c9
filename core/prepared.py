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

import re
from functools import lru_cache

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


# psycopg's placeholders: %s, %(name)s (and %b, %t), and %% for a literal percent sign.
_PLACEHOLDER = re.compile(r"%(?:\((?P<name>[^)]+)\))?(?P<format>.)", re.DOTALL)


@lru_cache(maxsize=256)
def numbered(sql: str) -> tuple[str, tuple[str, ...] | None]:
    """`sql` with PostgreSQL's own $1, $2... for psycopg's placeholders, and the parameter
    names in $-order (None: positional). Kept per text.

    psycopg rewrites the placeholders of every statement it sends, and keeps the rewrite only
    for statements under 4 kB: the timeline's, the task list's and the clocks' statements are
    longer, and rewriting them again on each request cost about 0.2 ms of every request of the
    HTTP load test's journey. Written as psycopg reads placeholders; a name used twice is one
    parameter."""
    names: dict[str, int] = {}
    positional = 0

    def number(match: re.Match) -> str:
        nonlocal positional
        name, fmt = match["name"], match["format"]
        if fmt == "%" and name is None:
            return "%"
        if fmt not in "sbt":
            raise psycopg.ProgrammingError(f"unsupported placeholder {match[0]!r}")
        if name is None:
            positional += 1
            return f"${positional}"
        return f"${names.setdefault(name, len(names) + 1)}"

    converted = _PLACEHOLDER.sub(number, sql)
    if names and positional:
        raise psycopg.ProgrammingError("positional and named placeholders cannot be mixed")
    return converted, tuple(names) if names else None


class _PreparingCursor(psycopg.RawCursor):
    """A server-side binding cursor that prepares every statement it runs. It takes psycopg's
    %s / %(name)s placeholders like Django's cursors and sends PostgreSQL's $n (`numbered`)."""

    def execute(self, query, params=None, *, prepare=None, binary=None):
        if params is None:  # as psycopg: no parameters, the text as it is (%% stays %%)
            super().execute(query, None, prepare=True, binary=binary)
        else:
            text, names = numbered(query)
            values = [params[name] for name in names] if names is not None else list(params)
            super().execute(text, values, prepare=True, binary=binary)
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
