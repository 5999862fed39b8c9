"""Where the roster import spends its time (BENCH_PROFILE=1): each step of
`members.imports.import_roster`, replayed with the pipeline's own SQL and timed on its own, the
SQL statements under EXPLAIN (ANALYZE, BUFFERS, WAL). The merge runs twice inside
transactions that are rolled back: into an empty members table (a first import) and over the
stored members (a re-import), so the database is left as it was found.
"""

import time
from pathlib import Path

from django.db import connection, transaction

from core import feeds
from core.csv_import import check_file, check_header, copy_into_staging, drop_staging, read_header
from members.imports import ROSTER

PLAN_LINES = 40
PLAN_LINE_CHARS = 160


class _Rollback(Exception):
    pass


def _explain(label: str, statement: str, params=None, *, show_plan: bool = True) -> float:
    """Run `statement` under EXPLAIN ANALYZE; print the plan and the WAL it wrote (this
    statement's own, from EXPLAIN's WAL option), return the seconds."""
    with connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, WAL) " + statement, params)
        lines = [row[0] for row in cursor.fetchall()]
        wall = time.perf_counter() - started
    wal = next((line.strip() for line in lines if line.strip().startswith("WAL:")), "WAL: none")
    print(f"  {label:<44} {wall:8.2f} s   {wal}")
    if show_plan:
        for line in lines[:PLAN_LINES]:
            cut = line if len(line) <= PLAN_LINE_CHARS else line[: PLAN_LINE_CHARS - 3] + "..."
            print(f"      {cut}")
        if len(lines) > PLAN_LINES:
            print(f"      ... {len(lines) - PLAN_LINES} more plan lines")
    return wall


def _timed(label: str, step) -> float:
    started = time.perf_counter()
    result = step()
    seconds = time.perf_counter() - started
    extra = f"  -> {result:,}" if isinstance(result, int) else ""
    print(f"  {label:<44} {seconds:8.2f} s{extra}")
    return seconds


def _in_rollback(step) -> None:
    try:
        with transaction.atomic():
            step()
            raise _Rollback
    except _Rollback:
        pass


def run(*, path: Path, header: list[str]) -> dict:
    """Print and return seconds per step of one import of `path` (members already stored)."""
    print("\n== roster import profile (each step on its own; merges rolled back)")
    size = path.stat().st_size
    steps: dict[str, float] = {}
    steps["check_file"] = _timed(
        "check_file (UTF-8 decode in Python)", lambda: check_file(path, max_bytes=size)
    )
    steps["read_header"] = _timed(
        "read_header + check_header",
        lambda: check_header(read_header(path), required=ROSTER.required, known=ROSTER.columns),
    )
    try:
        steps["copy"] = _timed(
            "copy_into_staging (COPY)",
            lambda: copy_into_staging(
                table=ROSTER.staging_table, path=path, header=header, columns=ROSTER.columns
            ),
        )
        steps["normalise"] = _explain(
            "normalise (CREATE TEMP TABLE AS)",
            feeds.normalise_sql(ROSTER, header),
            show_plan=False,
        )
        steps["checks"] = _explain(
            "checks (any_problem_sql)", feeds.any_problem_sql(ROSTER), ROSTER.params()
        )

        def merge(label: str) -> float:
            """core.feeds' two merge statements, each under EXPLAIN ANALYZE."""
            update, insert = feeds.merge_sql(ROSTER)
            return _explain(f"{label}: update", update) + _explain(f"{label}: insert", insert)

        def first_merge():
            with connection.cursor() as cursor:
                cursor.execute("TRUNCATE members_member CASCADE")
            steps["merge_first"] = merge("merge into empty members (rolled back)")

        def merge_again():
            steps["merge_again"] = merge("merge over stored members (rolled back)")

        _in_rollback(first_merge)
        _in_rollback(merge_again)
    finally:
        drop_staging(ROSTER.staging_table, ROSTER.normalised_table)
    return steps
