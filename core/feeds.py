"""One pipeline for every contract import (shared/contracts/README.md): the roster and the
clinical feeds describe themselves as a `Feed`, and `import_feed` runs them the same way.

1. The file is checked for size and encoding and its header read (core.csv_import).
2. COPY puts it, as text, in a temp staging table (only the columns the feed reads).
3. One pass cleans every column into a second temp table (and may join a lookup, such as the
   roster's member ids); each row keeps its staged row's number, the one way records are numbered.
4. The fast path asks whether anything is wrong: the rules in one scan, those that read one
   low-cardinality column once per distinct value (one more scan for all such columns), and a
   sort for repeated keys.
5. Only a rejected file is numbered: the staged rows in stg_rec order (COPY's file order), then the
   physical lines the records start on, and every problem is listed as `line N: column: reason`.
6. A good file is merged by its key in one transaction under an advisory lock per target table:
   one UPDATE of the changed rows, one INSERT of the new; the table is analyzed when rows
   changed, so plans stay right.

All or nothing: nothing is written to a real table before step 6, and step 6 is one transaction.
`work_mem` is raised for the length of the import so sorts and hashes stay in memory.
"""

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction
from psycopg import sql

from .csv_import import (
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
    record_lines,
)
from .import_rules import Rule

# Per sort or hash: enough for 5,000,000 keys and a 300,000-member lookup to stay in memory.
# One import runs at a time per worker process.
IMPORT_WORK_MEM = "512MB"
MERGE_LOCK = 4_201_727  # with the target table's name: one merge per table at a time


@dataclass(frozen=True)
class Feed:
    """One contract file: its columns and rules, how values are cleaned and stored, and how its
    rows are merged into `table`."""

    kind: str
    noun: str  # "members", "diagnoses": for "the file has a header but no ..."
    table: str
    columns: tuple[str, ...]
    required: tuple[str, ...]
    rules: tuple[Rule, ...]
    # Repeated keys reject the file: reported on the key's last column, naming the first line.
    unique_key: tuple[str, ...]
    repeated_key_reason: str
    # How each stored column is computed from the normalised row `n`, and the columns of them
    # that identify a stored row (the merge updates by them).
    stored: Mapping[str, str]
    merge_key: tuple[str, ...]
    # What the fast path sorts to find repeated keys, when cheaper than `unique_key`: an integer
    # id looked up for a text key sorts faster (a second for 5,000,000 rows).
    sort_key: tuple[str, ...] = ()
    value_columns: tuple[str, ...] = ()  # few distinct values: checked once per value
    clean: Mapping[str, str] = field(default_factory=dict)  # over the raw text `{}`; btrim
    finish: Mapping[str, str] = field(default_factory=dict)  # over the cleaned row `c`
    lookup: str = ""  # a join after cleaning, e.g. "LEFT JOIN members_member m ON m.cin = c.cin"
    looked_up: str = ""  # what the join adds, e.g. "m.id AS member_id"
    params: Callable[[], dict] = dict  # query parameters the rules read, e.g. today
    timestamps: bool = False  # the table has created_at and updated_at to set

    @property
    def staging_table(self) -> str:
        return f"stg_{self.kind}"

    @property
    def normalised_table(self) -> str:
        return f"stg_{self.kind}_normalised"


def split_rules(feed: Feed) -> tuple[list[str], dict[str, list[str]]]:
    """The conditions tested per row, and per distinct value of each of `value_columns`.

    A rule that reads one of the feed's `value_columns` and nothing else runs once per distinct
    value of that column: a file has far fewer distinct dates or codes than rows, and a full date
    check costs about a microsecond. Deriving the fast path from the same rules that explain a
    rejected file keeps the two from disagreeing.
    """
    per_value = set(feed.value_columns)
    per_row, by_value = [], {}
    for _column, condition, _reason in feed.rules:
        read = set(re.findall(r"\bn\.(\w+)", condition))
        if len(read) == 1 and (only := next(iter(read))) in per_value:
            by_value.setdefault(only, []).append(condition)
        else:
            per_row.append(condition)
    return per_row, by_value


def _any_of(conditions: Sequence[str]) -> str:
    return " OR ".join(f"({condition})" for condition in conditions) or "false"


def normalise_sql(feed: Feed, header: list[str]) -> str:
    """Clean every contract column (absent optional ones read as '') in one pass, C-collated so
    comparisons are a memcmp; keep the staged row's number for numbering a rejected file."""
    cleaned = []
    for column in feed.columns:
        raw = f"coalesce(s.{column} COLLATE \"C\", '')" if column in header else "''::text"
        cleaned.append(f"{feed.clean.get(column, 'btrim({})').format(raw)} AS {column}")
    finished = [feed.finish.get(c, f"c.{c}") + f" AS {c}" for c in feed.columns]
    looked_up = f", {feed.looked_up}" if feed.looked_up else ""
    return f"""
        CREATE TEMP TABLE {feed.normalised_table} AS
        SELECT c.stg_ctid, {", ".join(finished)}{looked_up}
        FROM (SELECT s.stg_rec AS stg_ctid, {", ".join(cleaned)} FROM {feed.staging_table} s
              OFFSET 0) c
        {feed.lookup}
    """


def _present(key: tuple[str, ...]) -> str:
    return " AND ".join(f"{c} <> ''" for c in key)


def any_problem_sql(feed: Feed) -> str:
    """The fast path: is anything wrong? The row rules in one scan; the value columns' rules
    once per distinct value, all columns' values gathered in one more scan (GROUPING SETS: one
    hash per column; OFFSET 0 so the planner cannot push the rules back below it to run per
    row; in the output a row carries one column's value, the others NULL, and cleaned values
    are never NULL); and repeated keys, found by sorting: rows arrive mostly grouped, and a sort
    then a group measured half the time of a hash of 5,000,000 keys."""
    table, key = feed.normalised_table, ", ".join(feed.sort_key or feed.unique_key)
    per_row, by_value = split_rules(feed)
    checks = [f"EXISTS (SELECT 1 FROM {table} n WHERE {_any_of(per_row)})"]
    if by_value:
        columns = ", ".join(by_value)
        sets = ", ".join(f"({column})" for column in by_value)
        broken = _any_of(
            [f"n.{column} IS NOT NULL AND ({_any_of(rules)})" for column, rules in by_value.items()]
        )
        checks.append(
            f"EXISTS (SELECT 1 FROM (SELECT {columns} FROM {table} "
            f"GROUP BY GROUPING SETS ({sets}) OFFSET 0) n WHERE {broken})"
        )
    # No filter for absent keys: a row without one breaks a rule anyway, so a false "repeated"
    # among them only sends an already rejected file to the listing, which is exact.
    checks.append(
        f"EXISTS (SELECT 1 FROM (SELECT {key} FROM {table} ORDER BY {key} OFFSET 0) k "
        f"GROUP BY {key} HAVING count(*) > 1)"
    )
    return "SELECT " + "\n    OR ".join(checks)


def problems_sql(feed: Feed) -> str:
    """Every (record, column, reason, first record of a repeated key) of a rejected file.

    Record N is the Nth staged row in stg_rec order, the order COPY read them.
    """
    flagged = ", ".join(
        f"CASE WHEN ({condition}) THEN '{column}' || E'\\t' || {reason} END"
        for column, condition, reason in feed.rules
    )
    key = ", ".join(feed.unique_key)
    return f"""
        WITH records AS (
            SELECT stg_rec AS stg_ctid, row_number() OVER (ORDER BY stg_rec) AS record
            FROM {feed.staging_table}
        ), numbered AS (
            SELECT r.record, n.* FROM {feed.normalised_table} n JOIN records r USING (stg_ctid)
        ), flagged AS (
            SELECT record, concat_ws(E'\\n', {flagged}) AS found FROM numbered n
        ), repeats AS (
            SELECT record, min(record) OVER (PARTITION BY {key}) AS first_record
            FROM numbered WHERE {_present(feed.unique_key)}
        )
        SELECT record, split_part(item, E'\\t', 1), split_part(item, E'\\t', 2), NULL::bigint
        FROM flagged, string_to_table(found, E'\\n') AS item
        WHERE found <> ''
        UNION ALL
        SELECT record, '{feed.unique_key[-1]}', '', first_record
        FROM repeats WHERE record <> first_record
        ORDER BY 1, 2
        LIMIT {MAX_PROBLEMS_LISTED + 1}
    """


def _problems(feed: Feed, path: Path, rows: int, found: list[tuple]) -> list[Problem]:
    """The problems with records turned into the physical lines they start on."""
    records = {row[0] for row in found} | {row[3] for row in found if row[3] is not None}
    lines = record_lines(path, records, rows=rows)
    return [
        Problem(
            lines[record],
            column,
            reason if first is None else f"{feed.repeated_key_reason} {lines[first]}",
        )
        for record, column, reason, first in found
    ]


@contextmanager
def raised_work_mem(size: str = IMPORT_WORK_MEM) -> Iterator[None]:
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


def merge_sql(feed: Feed) -> tuple[str, str]:
    """UPDATE the stored rows the file changes, then INSERT the keys that are new.

    One INSERT ... ON CONFLICT DO UPDATE did both, but a speculative insertion per row cost about
    a fifth of a 5,000,000-row first import, and it locks every conflicting row even when its
    WHERE is false; the UPDATE touches (and locks) only rows that differ, so a repeat import
    writes nothing. With merges into a table serialized by the advisory lock, no other session
    can insert the same key in between, so plain statements are safe.
    """
    key, rest = feed.merge_key, [c for c in feed.stored if c not in feed.merge_key]
    values = ", ".join(f"{expression} AS {c}" for c, expression in feed.stored.items())
    incoming = f"SELECT {values} FROM {feed.normalised_table} n"
    stored_cols = ", ".join(f"t.{c}" for c in rest)
    incoming_cols = ", ".join(f"v.{c}" for c in rest)
    same_key = " AND ".join(f"{{0}}.{c} = v.{c}" for c in key)
    touched = ", updated_at = now()" if feed.timestamps else ""
    update = f"""
        UPDATE {feed.table} AS t SET {", ".join(f"{c} = v.{c}" for c in rest)}{touched}
        FROM ({incoming}) v
        WHERE {same_key.format("t")} AND ({stored_cols}) IS DISTINCT FROM ({incoming_cols})
    """
    columns = ", ".join(feed.stored)
    stamps = (", created_at, updated_at", ", now(), now()") if feed.timestamps else ("", "")
    insert = f"""
        INSERT INTO {feed.table} ({columns}{stamps[0]})
        SELECT {", ".join(f"v.{c}" for c in feed.stored)}{stamps[1]}
        FROM ({incoming}) v
        WHERE NOT EXISTS (SELECT 1 FROM {feed.table} e WHERE {same_key.format("e")})
    """
    return update, insert


def _merge(feed: Feed, rows: int) -> ImportResult:
    update, insert = merge_sql(feed)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [MERGE_LOCK, feed.table])
        # Into an empty table (a plan's first load) there is nothing to update: skipping the
        # UPDATE saves a pass that computes every incoming row's typed values for no match.
        cursor.execute(
            sql.SQL("SELECT EXISTS (SELECT 1 FROM {})").format(sql.Identifier(feed.table))
        )
        updated = 0
        if cursor.fetchone()[0]:
            cursor.execute(update)
            updated = cursor.rowcount
        cursor.execute(insert)
        created = cursor.rowcount
    if updated or created:
        with connection.cursor() as cursor:
            cursor.execute(sql.SQL("ANALYZE {}").format(sql.Identifier(feed.table)))
    return ImportResult(rows=rows, created=created, updated=updated)


@contextmanager
def checked_feed(
    feed: Feed,
    path: Path,
    *,
    max_bytes: int,
    on_stage: Callable[[str, int], None] = lambda s, p: None,
) -> Iterator[int]:
    """Stage and check `feed`'s file; inside, `feed.normalised_table` holds the good file (the
    number of rows is yielded) and work_mem is raised. ImportRejected on any bad row. The temp
    tables are dropped after. A feed that is checked and never stored (a file of requests to
    answer) uses this alone."""
    on_stage("Checking the file", 5)
    check_file(path, max_bytes=max_bytes)
    header = read_header(path)
    check_header(header, required=feed.required, known=feed.columns)
    try:
        on_stage("Reading rows", 10)
        rows = copy_into_staging(
            table=feed.staging_table, path=path, header=header, columns=feed.columns
        )
        if rows == 0:
            raise ImportRejected([Problem(2, "file", f"the file has a header but no {feed.noun}")])
        with raised_work_mem():
            on_stage(f"Checking {rows:,} rows", 40)
            with connection.cursor() as cursor:
                cursor.execute(normalise_sql(feed, header))
                cursor.execute(any_problem_sql(feed), feed.params())
                if cursor.fetchone()[0]:
                    cursor.execute(problems_sql(feed), feed.params())
                    if found := cursor.fetchall():
                        raise ImportRejected(limit_problems(_problems(feed, path, rows, found)))
            yield rows
    finally:
        drop_staging(feed.staging_table, feed.normalised_table)


def import_feed(
    feed: Feed,
    path: Path,
    *,
    max_bytes: int,
    on_stage: Callable[[str, int], None] = lambda s, p: None,
) -> ImportResult:
    """Import `feed`'s file at `path`; raise ImportRejected (nothing changed) on any bad row."""
    with checked_feed(feed, path, max_bytes=max_bytes, on_stage=on_stage) as rows:
        on_stage(f"Saving {rows:,} {feed.noun}", 70)
        return _merge(feed, rows)
