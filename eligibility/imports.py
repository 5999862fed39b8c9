"""Diagnoses and utilization imports (shared/contracts/README.md): validate and merge in SQL.

`import_diagnoses` and `import_utilization` are the entry points; the upload page (through a
Celery task), the API and the `import_diagnoses` / `import_utilization` commands all call them.
They work as the roster import does (members/imports.py): the file is COPYed into a temp table,
cleaned into a second one in a single pass that also looks every CIN up in the roster (one hash
join), checked set-based, and merged by (member_id, source_id) with one UPDATE and one INSERT.
Any bad row rejects the file with every problem listed as `line N: column: reason` and nothing
stored changes; importing the same file again changes nothing; a later file updates rows by
(cin, source_id).

A utilization file runs to 5,000,000 rows (255 MB for 300,000 members), which shapes the SQL:
line numbers are worked out only for a rejected file, rules that read one column are checked
once per distinct value, rows identical to the stored ones are written by neither, and the
sorts and hashes get a larger `work_mem` for the length of the import (IMPORT_WORK_MEM).
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import connection, transaction

from core.csv_import import (
    MAX_PROBLEMS_LISTED,
    ImportRejected,
    ImportResult,
    Problem,
    check_file,
    check_header,
    copy_into_staging,
    drop_staging,
    limit_problems,
    read_header,
    rule_checks_sql,
)

from .import_checks import DIAGNOSES, UTILIZATION, Feed

# Enough for the roster's cin -> id hash (300,000 members), the sort of 5,000,000 keys and the
# hash of the stored rows in the merge to stay in memory instead of spilling to temp files; it
# is a per-operation budget, and one import runs at a time per worker process.
IMPORT_WORK_MEM = "512MB"
MERGE_LOCK = 4_201_727  # with the feed's table name: one merge per feed at a time


def _normalise_sql(feed: Feed, header: list[str]) -> str:
    """Clean every contract column and look the CIN up in the roster, in one pass.

    Absent optional columns read as ''. Each row keeps the staged row's ctid: COPY appended the
    staged rows in file order, so a rejected file's line numbers are recovered from it
    (`_problems_sql`) without numbering the rows of a good file, which would cost a pass that
    buffers every row.
    """
    cleaned = []
    for column in feed.columns:
        raw = f"coalesce(s.{column} COLLATE \"C\", '')" if column in header else "''::text"
        cleaned.append(f"{feed.clean.get(column, 'btrim({})').format(raw)} AS {column}")
    finished = [feed.finish.get(c, f"c.{c}") + f" AS {c}" for c in feed.columns]
    return f"""
        CREATE TEMP TABLE {feed.normalised_table} AS
        SELECT c.stg_ctid, {", ".join(finished)}, m.id AS member_id
        FROM (SELECT s.ctid AS stg_ctid, {", ".join(cleaned)} FROM {feed.staging_table} s
              OFFSET 0) c
        LEFT JOIN members_member m ON m.cin = c.cin
    """


def _any_problem_sql(feed: Feed) -> str:
    """The fast path: is anything wrong? One scan for the row rules, one hash each for the
    distinct values of the value-rule columns, and a check for repeated (member, source_id) keys.

    Repeated keys are found by sorting: rows arrive mostly grouped by member, and a sort then a
    group measured half the time of a hash of 5,000,000 keys.
    """
    table = feed.normalised_table
    checks = rule_checks_sql(table, feed.rules, feed.value_columns)
    checks.append(
        f"EXISTS (SELECT 1 FROM (SELECT member_id, source_id FROM {table} "
        "WHERE member_id IS NOT NULL AND source_id <> '' ORDER BY member_id, source_id OFFSET 0) k "
        "GROUP BY member_id, source_id HAVING count(*) > 1)"
    )
    return "SELECT " + "\n    OR ".join(checks)


def _problems_sql(feed: Feed) -> str:
    """Every (line, column, reason) of a rejected file; a repeated key names its first line.

    Line N is the (N-1)th staged row in ctid order, the order COPY wrote them.
    """
    flagged = ", ".join(
        f"CASE WHEN ({condition}) THEN '{column}' || E'\\t' || {reason} END"
        for column, condition, reason in feed.rules
    )
    return f"""
        WITH lines AS (
            SELECT ctid AS stg_ctid, row_number() OVER (ORDER BY ctid) + 1 AS line_no
            FROM {feed.staging_table}
        ), numbered AS (
            SELECT l.line_no, n.* FROM {feed.normalised_table} n JOIN lines l USING (stg_ctid)
        ), flagged AS (
            SELECT line_no, concat_ws(E'\\n', {flagged}) AS found FROM numbered n
        ), duplicates AS (
            SELECT line_no, min(line_no) OVER (PARTITION BY cin, source_id) AS first_line
            FROM numbered WHERE cin <> '' AND source_id <> ''
        )
        SELECT line_no, split_part(item, E'\\t', 1), split_part(item, E'\\t', 2)
        FROM flagged, string_to_table(found, E'\\n') AS item
        WHERE found <> ''
        UNION ALL
        SELECT line_no, 'source_id', 'the same cin and source_id are on line ' || first_line
        FROM duplicates WHERE line_no <> first_line
        ORDER BY 1, 2
        LIMIT {MAX_PROBLEMS_LISTED + 1}
    """


def _merge_sql(feed: Feed) -> list[str]:
    """Two statements, run under the feed's advisory lock: UPDATE the stored rows the file
    changes, then INSERT the keys that are new.

    One INSERT ... ON CONFLICT DO UPDATE did both, but a speculative insertion per row cost
    about a fifth of a 5,000,000-row first import; with imports of a feed serialized by the
    lock, no other session can insert the same key in between, so plain statements are safe.
    Rows identical to the stored ones are touched by neither (they are neither new nor changed).
    """
    rest = feed.merged_columns
    values = ", ".join(f"{expression} AS {c}" for c, expression in feed.stored.items())
    incoming = f"SELECT n.member_id, n.source_id, {values} FROM {feed.normalised_table} n"
    stored_cols = ", ".join(f"t.{c}" for c in rest)
    incoming_cols = ", ".join(f"v.{c}" for c in rest)
    update = f"""
        UPDATE {feed.table} AS t SET {", ".join(f"{c} = v.{c}" for c in rest)}
        FROM ({incoming}) v
        WHERE t.member_id = v.member_id AND t.source_id = v.source_id
          AND ({stored_cols}) IS DISTINCT FROM ({incoming_cols})
    """
    insert = f"""
        INSERT INTO {feed.table} (member_id, source_id, {", ".join(rest)})
        SELECT v.member_id, v.source_id, {incoming_cols}
        FROM ({incoming}) v
        WHERE NOT EXISTS (
            SELECT 1 FROM {feed.table} e
            WHERE e.member_id = v.member_id AND e.source_id = v.source_id)
    """
    return [update, insert]


@contextmanager
def _work_mem(size: str) -> Iterator[None]:
    """Raise this session's work_mem for the import and put it back after."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('work_mem')")
        previous = cursor.fetchone()[0]
        cursor.execute("SELECT set_config('work_mem', %s, false)", [size])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('work_mem', %s, false)", [previous])


def _header(feed: Feed, path: Path) -> list[str]:
    header = read_header(path)
    check_header(header, required=feed.required)
    return header


def import_feed(
    feed: Feed,
    path: Path,
    *,
    max_bytes: int,
    on_stage: Callable[[str, int], None] = lambda s, p: None,
) -> ImportResult:
    """Import `feed`'s file at `path`; raise ImportRejected (nothing changed) on any bad row."""
    on_stage("Checking the file", 5)
    check_file(path, max_bytes=max_bytes)
    header = _header(feed, path)
    columns = [c for c in header if c in feed.columns]
    try:
        on_stage("Reading rows", 10)
        rows = copy_into_staging(table=feed.staging_table, path=path, header=header)
        if rows == 0:
            raise ImportRejected([Problem(2, "file", f"the file has a header but no {feed.noun}")])
        with _work_mem(IMPORT_WORK_MEM):
            on_stage(f"Matching {rows:,} rows to members", 50)
            with connection.cursor() as cursor:
                cursor.execute(_normalise_sql(feed, columns))
                on_stage(f"Checking {rows:,} rows", 60)
                cursor.execute(_any_problem_sql(feed))
                if cursor.fetchone()[0]:
                    cursor.execute(_problems_sql(feed))
                    problems = [Problem(*row) for row in cursor.fetchall()]
                    raise ImportRejected(limit_problems(problems))
            on_stage(f"Saving {rows:,} {feed.noun}", 70)
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [MERGE_LOCK, feed.table]
                )
                update, insert = _merge_sql(feed)
                cursor.execute(update)
                updated = cursor.rowcount
                cursor.execute(insert)
                created = cursor.rowcount
        return ImportResult(rows=rows, created=created, updated=updated)
    finally:
        drop_staging(feed.staging_table, feed.normalised_table)


def import_diagnoses(
    path: Path, *, max_bytes: int, on_stage: Callable[[str, int], None] = lambda s, p: None
) -> ImportResult:
    """Import diagnoses.csv: codes stored upper case without the dot (F20.9 and F209 alike)."""
    return import_feed(DIAGNOSES, path, max_bytes=max_bytes, on_stage=on_stage)


def import_utilization(
    path: Path, *, max_bytes: int, on_stage: Callable[[str, int], None] = lambda s, p: None
) -> ImportResult:
    """Import utilization.csv: ED visits and stays, with Y/N/empty flags as true/false/None."""
    return import_feed(UTILIZATION, path, max_bytes=max_bytes, on_stage=on_stage)
