"""Shared machinery for contract CSV imports (shared/contracts/README.md).

A file is checked for size and encoding in Python, copied as text into a temporary staging table
with PostgreSQL's COPY, validated with set-based SQL, and merged in one statement by the caller.
Nothing here writes to a real table, so a rejected file leaves the database exactly as it was.

Line numbers count the header as line 1 and number CSV records, which equal physical lines unless
a quoted value spans lines.
"""

import codecs
import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import psycopg
from django.db import connection, transaction
from psycopg import sql

CHUNK_BYTES = 1 << 20
# A file bad on every row could yield millions of problems; past this many the report says so.
MAX_PROBLEMS_LISTED = 50_000
UTF8_BOM = codecs.BOM_UTF8


@dataclass(frozen=True, order=True)
class Problem:
    line: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.column}: {self.reason}"


class ImportRejected(Exception):
    """The file cannot be imported; `problems` lists every reason found."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = sorted(problems)
        super().__init__(f"{len(self.problems)} problem(s), first: {self.problems[0]}")


@dataclass(frozen=True)
class ImportResult:
    """What a merged file did: `rows` in the file, of which created, updated, and the rest
    unchanged (the shape core.import_jobs.run_job records on the job)."""

    rows: int
    created: int
    updated: int

    @property
    def unchanged(self) -> int:
        return self.rows - self.created - self.updated


def limit_problems(problems: list[Problem]) -> list[Problem]:
    if len(problems) <= MAX_PROBLEMS_LISTED:
        return problems
    last = problems[MAX_PROBLEMS_LISTED - 1].line
    return [
        *problems[:MAX_PROBLEMS_LISTED],
        Problem(last, "file", f"more problems after line {last} are not listed; fix these first"),
    ]


def human_size(size: int) -> str:
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} bytes"


def check_file(path: Path, *, max_bytes: int) -> None:
    """Refuse an empty, oversized or non-UTF-8 file, naming the line of the first bad byte."""
    size = path.stat().st_size
    if size == 0:
        raise ImportRejected([Problem(1, "file", "the file is empty")])
    if size > max_bytes:
        reason = f"the file is {human_size(size)}; the limit is {human_size(max_bytes)}"
        raise ImportRejected([Problem(1, "file", reason + ": split it and import the parts")])
    decoder = codecs.getincrementaldecoder("utf-8")()
    lines_before = 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK_BYTES):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as error:
                line = lines_before + chunk.count(b"\n", 0, error.start) + 1
                raise ImportRejected(
                    [
                        Problem(
                            line,
                            "file",
                            "is not UTF-8 text (save the file as CSV UTF-8 and import it again)",
                        )
                    ]
                ) from None
            lines_before += chunk.count(b"\n")
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise ImportRejected(
                [Problem(lines_before + 1, "file", "ends in the middle of a character")]
            ) from None


def read_header(path: Path) -> list[str]:
    with path.open("r", encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle), None)
    if not header or not any(name.strip() for name in header):
        raise ImportRejected([Problem(1, "header", "the first line must name the columns")])
    return [name.strip() for name in header]


def check_header(header: Sequence[str], *, required: Iterable[str]) -> None:
    """Missing required columns reject the file; extra columns are ignored (contract)."""
    problems = []
    missing = [name for name in required if name not in header]
    if missing:
        problems.append(Problem(1, "header", "missing required columns: " + ", ".join(missing)))
    seen = set()
    for name in header:
        if name and name in seen:
            problems.append(Problem(1, "header", f"column {name} appears more than once"))
        seen.add(name)
    if problems:
        raise ImportRejected(problems)


def staging_columns(header: Sequence[str]) -> list[str]:
    """Staging column names: the header's, with blanks given a placeholder."""
    return [name or f"_unnamed_{i}" for i, name in enumerate(header)]


def copy_into_staging(*, table: str, path: Path, header: Sequence[str]) -> int:
    """Create temp table `table` (one text column per header name) and COPY the file in.

    Returns the number of data rows. A structurally broken file (wrong field count, open quote,
    NUL byte) is rejected with every broken record listed.
    """
    columns = staging_columns(header)
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(sql.Identifier(table)))
        # No line-number column: COPY appends rows to a fresh heap in file order, so
        # `row_number() OVER (ORDER BY ctid) + 1` recovers the line when a problem needs one.
        cursor.execute(
            sql.SQL("CREATE TEMP TABLE {} ({})").format(
                sql.Identifier(table),
                sql.SQL(", ").join(sql.SQL("{} text").format(sql.Identifier(c)) for c in columns),
            )
        )
        copy_sql = sql.SQL("COPY {} ({}) FROM STDIN (FORMAT csv, HEADER true)").format(
            sql.Identifier(table), sql.SQL(", ").join(sql.Identifier(c) for c in columns)
        )
        try:
            # A savepoint, so a failed COPY leaves the connection usable inside a transaction.
            with (
                transaction.atomic(),
                cursor.cursor.copy(copy_sql) as copy,
                path.open("rb") as handle,
            ):
                while chunk := handle.read(CHUNK_BYTES):
                    copy.write(chunk)
        except psycopg.DataError as error:
            raise ImportRejected(structural_problems(path, len(header), error)) from None
        return cursor.cursor.rowcount


def structural_problems(path: Path, width: int, error: psycopg.Error) -> list[Problem]:
    """Explain a failed COPY record by record; runs only on a broken file, never on the hot path."""
    problems = []
    text = path.read_text(encoding="utf-8-sig")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    line = 0
    try:
        for line, row in enumerate(reader, start=1):
            if line > 1 and row and len(row) != width:
                problems.append(
                    Problem(line, "row", f"has {len(row)} values; the header has {width}")
                )
    except csv.Error:
        problems.append(Problem(line + 1, "row", "a quoted value is never closed"))
    if "\x00" in text:
        problems.append(
            Problem(text.count("\n", 0, text.index("\x00")) + 1, "file", "contains a NUL byte")
        )
    if not problems:
        match = re.search(r"line (\d+)", (error.diag.context or ""))
        problems.append(
            Problem(
                int(match.group(1)) if match else 1,
                "file",
                "cannot be read as CSV: " + (error.diag.message_primary or ""),
            )
        )
    return problems


def rule_checks_sql(
    table: str, rules: Iterable[tuple[str, str, str]], value_columns: Iterable[str]
) -> list[str]:
    """The fast path's tests (true when some row is bad), for the caller to OR together.

    `rules` are (column, condition over the row `n`, reason). A rule that reads one of
    `value_columns` and nothing else runs once per distinct value of that column: a file has far
    fewer distinct dates or codes than rows, and a full date check costs about a microsecond.
    The rest run in one scan of `table`. OFFSET 0 keeps the planner from pushing a value rule
    back down below DISTINCT, where it would run once per row again. Deriving the fast path from
    the same rules that explain a rejected file keeps the two from disagreeing.
    """
    per_value = set(value_columns)
    row_conditions, value_conditions = [], {}
    for _column, condition, _reason in rules:
        read = set(re.findall(r"\bn\.(\w+)", condition))
        if len(read) == 1 and (only := next(iter(read))) in per_value:
            value_conditions.setdefault(only, []).append(condition)
        else:
            row_conditions.append(condition)
    checks = []
    if row_conditions:
        checks.append(f"EXISTS (SELECT 1 FROM {table} n WHERE {_any_of(row_conditions)})")
    for column, conditions in value_conditions.items():
        checks.append(
            f"EXISTS (SELECT 1 FROM (SELECT DISTINCT {column} FROM {table} OFFSET 0) n "
            f"WHERE {_any_of(conditions)})"
        )
    return checks


def _any_of(conditions: Sequence[str]) -> str:
    return " OR ".join(f"({condition})" for condition in conditions)


def drop_staging(*tables: str) -> None:
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(sql.Identifier(table)))


def backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]
