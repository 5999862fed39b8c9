"""Roster import of a synthetic members.csv against psql's `\\copy` of the same file.

The baseline is the cheapest way PostgreSQL can take the file: `\\copy` into an UNLOGGED table of
text columns, no checks, no indexes. The import is timed as callers run it,
`members.imports.import_roster(path, max_bytes=..., on_stage=...)`: first into an empty members
table (every row created), then the same file again (every row unchanged). The on_stage callback
splits each import into its stages.
"""

import os
import subprocess
import time
from pathlib import Path

from django.conf import settings
from django.db import connection
from psycopg import sql

from bench import import_profile

COPY_TABLE = "bench_copy_baseline"
COPY_REPEATS = 3
COPY_LABEL = "psql \\copy, UNLOGGED all-text table"


def truncate_members() -> None:
    """Empty the members table and everything that points at it."""
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE members_member RESTART IDENTITY CASCADE")


def checkpoint() -> None:
    """Start each timed step with no dirty buffers left over from the one before."""
    with connection.cursor() as cursor:
        cursor.execute("CHECKPOINT")


def _psql(db: dict, command: str) -> str:
    args = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", db["host"], "-p", str(db["port"])]
    args += ["-U", db["user"], "-d", db["dbname"], "-c", command]
    env = {**os.environ, "PGPASSWORD": db["password"]} if db["password"] else None
    done = subprocess.run(args, check=True, capture_output=True, text=True, env=env)
    return done.stdout


def copy_baseline(path: Path, header: list[str], db: dict) -> tuple[float, int]:
    """Seconds for psql to `\\copy` the file into a fresh UNLOGGED all-text table; and its rows."""
    columns = [name or f"_unnamed_{i}" for i, name in enumerate(header)]
    table = sql.Identifier(COPY_TABLE)
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(table))
        cursor.execute(
            sql.SQL("CREATE UNLOGGED TABLE {} ({})").format(
                table,
                sql.SQL(", ").join(sql.SQL("{} text").format(sql.Identifier(c)) for c in columns),
            )
        )
    checkpoint()
    quoted = str(path).replace("'", "''")
    started = time.perf_counter()
    _psql(db, f"\\copy {COPY_TABLE} FROM '{quoted}' WITH (FORMAT csv, HEADER true)")
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(table))
        rows = cursor.fetchone()[0]
        cursor.execute(sql.SQL("DROP TABLE {}").format(table))
    return seconds, rows


def timed_import(path: Path):
    """Run the real import; returns (seconds, result, [(stage, seconds)])."""
    from members.imports import import_roster

    marks: list[tuple[str, float]] = []
    max_bytes = max(settings.ROSTER_MAX_UPLOAD_BYTES, path.stat().st_size)
    checkpoint()
    started = time.perf_counter()
    result = import_roster(
        path,
        max_bytes=max_bytes,
        on_stage=lambda stage, _percent: marks.append((stage, time.perf_counter())),
    )
    finished = time.perf_counter()
    ends = [at for _, at in marks[1:]] + [finished]
    stages = [(stage, end - at) for (stage, at), end in zip(marks, ends, strict=True)]
    return finished - started, result, stages


def _print_import(label: str, seconds: float, copy_s: float, result, stages) -> None:
    print(
        f"  {label:<36} {seconds:6.2f} s  = {seconds / copy_s:.2f}x copy: "
        f"created {result.created:,}, updated {result.updated:,}, unchanged {result.unchanged:,}"
    )
    for stage, took in stages:
        print(f"    {stage:<34} {took:6.2f} s  ({100 * took / seconds:.0f}%)")


def run(*, path: Path, db: dict, profile: bool = False) -> dict:
    from bench.floor import print_floor, storage_floor
    from core.csv_import import read_header

    header = read_header(path)
    size = path.stat().st_size
    print(
        f"\n== roster import: {path.parent.name}/{path.name}, {size / 1e6:.1f} MB, "
        f"{len(header)} columns (load average {os.getloadavg()[0]:.1f})"
    )
    truncate_members()

    copies = [copy_baseline(path, header, db) for _ in range(COPY_REPEATS)]
    copy_s, rows = min(copies)
    tries = ", ".join(f"{s:.2f} s" for s, _ in copies)
    print(f"  {rows:,} rows")
    print(f"  {COPY_LABEL:<36} {copy_s:6.2f} s  (best of {tries})")

    first_s, first, first_stages = timed_import(path)
    _print_import("import (empty table)", first_s, copy_s, first, first_stages)
    second_s, second, second_stages = timed_import(path)
    _print_import("re-import (same file)", second_s, copy_s, second, second_stages)

    if first.created != rows or second.unchanged != rows:
        raise RuntimeError(
            f"unexpected import result: {rows:,} rows copied, first {first}, second {second}"
        )
    floor = storage_floor("members_member", ("cin",), db)
    print_floor(floor, copy_s)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE members_member")

    if profile:
        import_profile.run(path=path, header=header)

    return {
        "file_bytes": size,
        "rows": rows,
        "copy_s": copy_s,
        "first_s": first_s,
        "first_ratio": first_s / copy_s,
        "first_stages": first_stages,
        "second_s": second_s,
        "second_ratio": second_s / copy_s,
        "second_stages": second_stages,
        "floor": floor,
    }
