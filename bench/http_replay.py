"""The ceiling the journey's SQL sets: each step's own statements, replayed with no Python work.

The HTTP load test (bench/http_load.py) asks the journey mix to reach half the floor's requests
per second. Whether that is reachable depends on what PostgreSQL must do for each step, whatever
Python does around it. So the bench runs every step once in-process and records the statements
its view made (not those of the middleware, which the replay request makes again itself) and the
bytes it answered. `/bench/replay/<n>/` then goes through the same middleware, executes step n's
statements as they were sent, and answers the recorded bytes: no ORM, no forms, no templates.

Its requests per second bound the mix from above. Every approximation makes the replay cheaper
than the real step, so the bound stays a bound: writes commit once (the step may commit more
often), and a statement that looks like one the middleware makes is dropped even if the view made
it. A statement the view ran prepared (core/prepared.py) is replayed prepared, with its
parameters, so the replay plans it no more often than the view does.
"""

import contextlib
import pickle
import re
from pathlib import Path

from django.db import connection, transaction
from django.http import HttpResponse

from core.prepared import is_prepared, prepared_cursor

REPLAY_FILE = Path(__file__).resolve().parent / "out" / "http-replay.pickle"
TRANSACTION_CONTROL = re.compile(r"^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE SAVEPOINT)\b")
WRITE = re.compile(r"\b(INSERT|UPDATE|DELETE)\b")
_recorded: list[dict] | None = None


def shape(sql: str) -> str:
    """A statement with its literals blanked: the session lookup compares against the current
    time, so two requests' middleware statements differ only there."""
    return re.sub(r"\b\d+\b", "?", re.sub(r"'(?:[^']|'')*'", "?", sql))


def middleware_shapes(floor_statements: list[str]) -> set[str]:
    """What the middleware runs for a logged-in request: the floor's statements without the floor
    view's own count."""
    return {
        shape(sql)
        for sql in floor_statements
        if not ('FROM "members_member"' in sql and "COUNT(*)" in sql)
    }


def view_statements(statements: list[tuple], middleware: set[str]) -> list[tuple]:
    """The statements a step's view made, as (sql, params): not the middleware's, not
    transaction control. `params` is None for a statement recorded with its literals inlined;
    a prepared one keeps its parameters and is never the middleware's."""
    return [
        (sql, params)
        for sql, params in statements
        if params is not None or not (TRANSACTION_CONTROL.match(sql) or shape(sql) in middleware)
    ]


class _Recorder:
    """An execute wrapper keeping each statement as it reached PostgreSQL: with its literals
    inlined (as Django's client-side binding sends them), or prepared with its parameters."""

    def __init__(self):
        self.statements: list[tuple] = []

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        cursor = context["cursor"]
        if is_prepared(cursor) and not many:
            self.statements.append((sql, params))
        else:
            for values in params if many else [params]:
                literal = connection.ops.last_executed_query(cursor.cursor, sql, values)
                self.statements.append((literal, None))
        return result


def record(steps: list[dict], cookie: str, csrf: str) -> list[dict]:
    """Runs each step once in-process (Django's test client, the bench's settings) and writes
    what the replay needs to REPLAY_FILE; returns the replay's steps for the load script."""
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1", HTTP_COOKIE=cookie, HTTP_X_CSRFTOKEN=csrf)

    def send(step: dict):
        headers = {"HTTP_HX_REQUEST": "true"} if step.get("hx") else {}
        content_type = "application/x-www-form-urlencoded"
        recorder = _Recorder()
        with connection.execute_wrapper(recorder):
            response = client.generic(
                step["method"], step["path"], step.get("body", ""), content_type, **headers
            )
        if response.status_code != 200:
            raise SystemExit(f"recording {step['method']} {step['path']}: {response.status_code}")
        return response, recorder.statements

    _, floor_statements = send({"method": "GET", "path": "/bench/floor/"})
    middleware = middleware_shapes([sql for sql, _ in floor_statements])
    recorded, replay_steps = [], []
    for step in steps:
        response, statements = send(step)
        recorded.append(
            {
                "statements": view_statements(statements, middleware),
                "body": response.content,
                "content_type": response["Content-Type"],
            }
        )
        replay_steps.append({**step, "path": f"/bench/replay/{len(recorded) - 1}/"})
    REPLAY_FILE.parent.mkdir(parents=True, exist_ok=True)
    REPLAY_FILE.write_bytes(pickle.dumps(recorded))  # parameters: dates, lists, None
    return replay_steps


def load_recorded(path: Path) -> list[dict]:
    return pickle.loads(path.read_bytes())  # noqa: S301 (the bench's own file, from record())


def statements_per_step(path: Path = REPLAY_FILE) -> float:
    recorded = load_recorded(path)
    return sum(len(step["statements"]) for step in recorded) / len(recorded)


def replay(request, index: int) -> HttpResponse:
    """Step `index`'s statements, then its recorded answer (bench/http_urls.py routes here)."""
    global _recorded
    if _recorded is None:
        _recorded = load_recorded(REPLAY_FILE)
    step = _recorded[index]
    writes = any(WRITE.search(sql) for sql, _ in step["statements"])
    # one commit for a step that writes; reads in autocommit, as the views' reads run
    in_transaction = transaction.atomic(durable=True) if writes else contextlib.nullcontext()
    with in_transaction, connection.cursor() as literal, prepared_cursor() as prepared:
        for sql, params in step["statements"]:
            # as recorded: literals inlined, as psycopg sent them, or prepared as the view ran it
            cursor = literal if params is None else prepared
            cursor.execute(sql, params)
            if cursor.description:
                cursor.fetchall()
    return HttpResponse(step["body"], content_type=step["content_type"])
