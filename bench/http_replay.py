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
it.
"""

import contextlib
import json
import re
from pathlib import Path

from django.db import connection, transaction
from django.http import HttpResponse

REPLAY_FILE = Path(__file__).resolve().parent / "out" / "http-replay.json"
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


def view_statements(statements: list[str], middleware: set[str]) -> list[str]:
    """The statements a step's view made: not the middleware's, not transaction control."""
    return [
        sql
        for sql in statements
        if not TRANSACTION_CONTROL.match(sql) and shape(sql) not in middleware
    ]


def record(steps: list[dict], cookie: str, csrf: str) -> list[dict]:
    """Runs each step once in-process (Django's test client, the bench's settings) and writes
    what the replay needs to REPLAY_FILE; returns the replay's steps for the load script."""
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1", HTTP_COOKIE=cookie, HTTP_X_CSRFTOKEN=csrf)

    def send(step: dict):
        headers = {"HTTP_HX_REQUEST": "true"} if step.get("hx") else {}
        content_type = "application/x-www-form-urlencoded"
        with CaptureQueriesContext(connection) as captured:
            response = client.generic(
                step["method"], step["path"], step.get("body", ""), content_type, **headers
            )
        if response.status_code != 200:
            raise SystemExit(f"recording {step['method']} {step['path']}: {response.status_code}")
        return response, [query["sql"] for query in captured.captured_queries]

    _, floor_statements = send({"method": "GET", "path": "/bench/floor/"})
    middleware = middleware_shapes(floor_statements)
    recorded, replay_steps = [], []
    for step in steps:
        response, statements = send(step)
        recorded.append(
            {
                "statements": view_statements(statements, middleware),
                "body": response.content.decode(),
                "content_type": response["Content-Type"],
            }
        )
        replay_steps.append({**step, "path": f"/bench/replay/{len(recorded) - 1}/"})
    REPLAY_FILE.parent.mkdir(parents=True, exist_ok=True)
    REPLAY_FILE.write_text(json.dumps(recorded))
    return replay_steps


def statements_per_step(path: Path = REPLAY_FILE) -> float:
    recorded = json.loads(path.read_text())
    return sum(len(step["statements"]) for step in recorded) / len(recorded)


def replay(request, index: int) -> HttpResponse:
    """Step `index`'s statements, then its recorded answer (bench/http_urls.py routes here)."""
    global _recorded
    if _recorded is None:
        _recorded = json.loads(REPLAY_FILE.read_text())
    step = _recorded[index]
    writes = any(WRITE.search(sql) for sql in step["statements"])
    # one commit for a step that writes; reads in autocommit, as the views' reads run
    in_transaction = transaction.atomic(durable=True) if writes else contextlib.nullcontext()
    with in_transaction, connection.cursor() as cursor:
        for sql in step["statements"]:
            cursor.execute(sql)  # as recorded: literals inlined, as psycopg sent them
            if cursor.description:
                cursor.fetchall()
    return HttpResponse(step["body"], content_type=step["content_type"])
