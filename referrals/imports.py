"""Community Supports files (shared/contracts/README.md) on the one import pipeline,
core.feeds: `import_cs_offerings` and `import_cs_authorizations` stage, check set-based and merge
by key (all or nothing, every problem as `line N: column: reason`, a repeat changes nothing);
`check_cs_requests` stages and checks its file the same way, then answers every request with
referrals.limits.check_sql (the very statement the portal's authorization runs) and stores
nothing.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

from core.csv_import import ImportResult
from core.feeds import checked_feed, import_feed

from .import_checks import AUTHORIZATIONS, OFFERINGS, REQUESTS
from .limits import check_sql

MAX_BYTES = getattr(settings, "CLINICAL_MAX_UPLOAD_BYTES", 2 << 30)
CHECKS_HEADER = ("request_id", "cin", "service", "result", "limit", "detail")

Stage = Callable[[str, int], None]


@contextmanager
def _without_jit() -> Iterator[None]:
    """Turn JIT compilation off for this session while the limit check runs, then put it back.

    Over a file the check is one statement whose estimated cost is far above jit_above_cost, so
    PostgreSQL compiles some 150 expressions with LLVM before running it: measured 1.2 to 1.6 s
    for 100,000 requests, about a third of the statement, while the plan itself (hash joins and
    index lookups per request, not long scans of wide rows) ran no faster compiled."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('jit')")
        previous = cursor.fetchone()[0]
        cursor.execute("SELECT set_config('jit', 'off', false)")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('jit', %s, false)", [previous])


def import_cs_offerings(path: Path, *, on_stage: Stage = lambda s, p: None) -> ImportResult:
    """Offerings by (county, service, effective_from); overlapping periods reject the file."""
    return import_feed(OFFERINGS, path, max_bytes=MAX_BYTES, on_stage=on_stage)


def import_cs_authorizations(path: Path, *, on_stage: Stage = lambda s, p: None) -> ImportResult:
    """Authorization history by (cin, source_id): a later file corrects a source_id."""
    return import_feed(AUTHORIZATIONS, path, max_bytes=MAX_BYTES, on_stage=on_stage)


def check_cs_requests(path: Path, out: Path, *, on_stage: Stage = lambda s, p: None) -> int:
    """Write cs_checks.csv for the requests at `path` (one row each, in the file's order) with
    one COPY of the limit check; returns the number of requests. Nothing is stored.

    `ord` is the staged row's number, which COPY assigned in the file's order: unique and
    ascending with the file, all the check and the output's ORDER BY need, without numbering
    the rows again (a sort and a window pass). The service goes back to the database's default
    collation: staged text is C-collated, and compared in C with the authorizations' service the
    (member_id, service) index could not serve it, so every member's authorizations of all
    services were read and filtered (about 1 s more over 100,000 requests)."""
    with checked_feed(REQUESTS, path, max_bytes=MAX_BYTES, on_stage=on_stage) as rows:
        on_stage(f"Checking {rows:,} requests", 60)
        requests = f"""
            SELECT n.stg_ctid AS ord, n.member_id,
                   n.service COLLATE "default" AS service,
                   n.start_date::date AS s, n.end_date::date AS e,
                   NULLIF(n.units, '')::bigint AS units,
                   NULLIF(n.amount_usd, '')::numeric AS amount, NULL::bigint AS exclude_id,
                   n.request_id, n.cin
            FROM {REQUESTS.normalised_table} n"""
        statement = check_sql(requests).replace(
            "SELECT f.ord,", "SELECT f.ord, f.request_id, f.cin, f.service AS requested,", 1
        )
        copy = (
            "COPY (SELECT c.request_id, c.cin, c.requested, c.result, c.limit_code, c.detail "
            f"FROM ({statement}) c ORDER BY c.ord) TO STDOUT WITH (FORMAT csv, HEADER false)"
        ).replace("%%", "%")
        with _without_jit(), connection.cursor() as cursor, out.open("wb") as handle:
            handle.write((",".join(CHECKS_HEADER) + "\n").encode())
            with cursor.cursor.copy(copy) as stream:
                for chunk in stream:
                    handle.write(chunk)
    return rows
