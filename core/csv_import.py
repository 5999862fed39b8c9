"""Shared machinery for contract CSV imports (shared/contracts/README.md).

A file is checked for size and encoding in Python, copied as text into a temporary staging table
with PostgreSQL's COPY, and validated with set-based SQL; core.feeds runs these steps for every
feed. Nothing here writes to a real table, so a rejected file leaves the database exactly as it
was.

Line numbers count the header as line 1 and are physical lines: a record whose quoted value spans
lines is reported on the line it starts on, and the records after it on theirs.
"""

import codecs
import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import psycopg
from django.db import connection, transaction
from psycopg import sql

CHUNK_BYTES = 1 << 20
# A file bad on every row could yield millions of problems; past this many the report says so.
MAX_PROBLEMS_LISTED = 50_000
UTF8_BOM = codecs.BOM_UTF8
BLANK_BYTES = b" \t\r\n"


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


def check_header(header: Sequence[str], *, required: Iterable[str], known: Iterable[str]) -> None:
    """Missing required columns reject the file, as does a known column named twice; other
    columns are ignored (contract), whatever their names or number."""
    problems = []
    missing = [name for name in required if name not in header]
    if missing:
        problems.append(Problem(1, "header", "missing required columns: " + ", ".join(missing)))
    known = set(known)
    for name in sorted({n for n in header if n in known and header.count(n) > 1}):
        problems.append(Problem(1, "header", f"column {name} appears more than once"))
    if problems:
        raise ImportRejected(problems)


def data_end(path: Path) -> int:
    """Where the file's last non-blank line ends: trailing blank lines (spreadsheets and
    editors leave them) are not records, so they are never sent to COPY."""
    size = path.stat().st_size
    with path.open("rb") as handle:
        position = size
        while position > 0:
            start = max(0, position - CHUNK_BYTES)
            handle.seek(start)
            chunk = handle.read(position - start)
            content = len(chunk.rstrip(BLANK_BYTES))
            if content:
                last = start + content  # just past the last byte that is not blank
                handle.seek(last)
                rest = handle.read(CHUNK_BYTES)
                breaks = [i for i in (rest.find(b"\n"), rest.find(b"\r")) if i >= 0]
                return last + min(breaks) if breaks else size
            position = start
    return 0


def _file_chunks(path: Path, end: int) -> Iterator[bytes]:
    with path.open("rb") as handle:
        left = end
        while left > 0 and (chunk := handle.read(min(CHUNK_BYTES, left))):
            left -= len(chunk)
            yield chunk


def _selected_columns(path: Path, header: Sequence[str], keep: Sequence[int]) -> Iterator[bytes]:
    """The file as CSV with only the columns at `keep`, for a header with columns the import
    ignores: they get no staging column, so neither their number (PostgreSQL allows 1,600 per
    table) nor their names (identifiers are cut at 63 bytes) matter. Slower than handing the
    file to COPY as it is, so only such files take this path. Structural problems are collected
    on the way, numbered by physical line, and reject the file once it has been read."""
    problems = []
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([header[i] for i in keep])
    width = len(header)
    reader = csv.reader(_text_lines(path, data_end(path)), strict=True)
    next(reader)
    line = reader.line_num
    while True:
        try:
            row = next(reader, None)
        except csv.Error as error:
            problems.append(Problem(line + 1, *_csv_error(error)))
            break
        if row is None:
            break
        start, line = line + 1, reader.line_num
        if len(row) != width:
            problems.append(_width_problem(start, row, width))
        elif not problems:
            writer.writerow([row[i] for i in keep])
            if out.tell() >= CHUNK_BYTES:
                yield out.getvalue().encode()
                out.seek(0)
                out.truncate()
    if problems:
        raise ImportRejected(problems)
    yield out.getvalue().encode()


def _text_lines(path: Path, end: int) -> Iterator[str]:
    """The file's text up to `end`, line by line, decoded as it is read."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    rest = ""
    for chunk in _file_chunks(path, end):
        *lines, rest = (rest + decoder.decode(chunk)).split("\n")
        yield from (line + "\n" for line in lines)
    if rest := rest + decoder.decode(b"", final=True):
        yield rest


def copy_into_staging(
    *, table: str, path: Path, header: Sequence[str], columns: Iterable[str]
) -> int:
    """Create temp table `table`, one text column per header name the import reads (`columns`),
    and COPY the file in, up to its last non-blank line.

    Returns the number of data rows. A structurally broken file (wrong field count, open quote,
    NUL byte, a blank line between records) is rejected with every broken record listed.
    """
    wanted = set(columns)
    keep = [i for i, name in enumerate(header) if name in wanted]
    names = [header[i] for i in keep]
    end = data_end(path)
    chunks = _file_chunks(path, end) if len(keep) == len(header) else None
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(sql.Identifier(table)))
        # `stg_rec` numbers the rows in the order COPY reads them (COPY fills the identity row by
        # row; it is not in COPY's column list). The heap's ctid order is not the file's: COPY may
        # put a later row into an earlier page's free space, as a 100,000-row file showed.
        cursor.execute(
            sql.SQL(
                "CREATE TEMP TABLE {} ({}, stg_rec bigint GENERATED ALWAYS AS IDENTITY)"
            ).format(
                sql.Identifier(table),
                sql.SQL(", ").join(sql.SQL("{} text").format(sql.Identifier(c)) for c in names),
                sql.SQL("stg_rec bigint GENERATED ALWAYS AS IDENTITY"),
            )
        )
        copy_sql = sql.SQL("COPY {} ({}) FROM STDIN (FORMAT csv, HEADER true)").format(
            sql.Identifier(table), sql.SQL(", ").join(sql.Identifier(c) for c in names)
        )
        try:
            # A savepoint, so a failed COPY leaves the connection usable inside a transaction.
            with transaction.atomic(), cursor.cursor.copy(copy_sql) as copy:
                for chunk in chunks or _selected_columns(path, header, keep):
                    copy.write(chunk)
        except psycopg.DataError as error:
            raise ImportRejected(structural_problems(path, len(header), error)) from None
        return cursor.cursor.rowcount


def _csv_error(error: csv.Error) -> tuple[str, str]:
    if "NUL" in str(error):
        return "file", "contains a NUL byte"
    return "row", "a quoted value is never closed"


def _width_problem(line: int, row: list[str], width: int) -> Problem:
    if not row:
        return Problem(line, "row", "is blank; remove blank lines between records")
    return Problem(line, "row", f"has {len(row)} values; the header has {width}")


def structural_problems(path: Path, width: int, error: psycopg.Error) -> list[Problem]:
    """Explain a failed COPY record by record, by physical line; runs only on a broken file."""
    problems = []
    text = _data_text(path)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    line = 0
    try:
        for row in reader:
            start, line = line + 1, reader.line_num
            if start > 1 and len(row) != width:
                problems.append(_width_problem(start, row, width))
    except csv.Error as csv_error:
        problems.append(Problem(line + 1, *_csv_error(csv_error)))
    if "\x00" in text and not any(p.reason == "contains a NUL byte" for p in problems):
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


def _data_text(path: Path) -> str:
    return b"".join(_file_chunks(path, data_end(path))).decode("utf-8-sig")


def record_lines(path: Path, records: Iterable[int], *, rows: int) -> dict[int, int]:
    """The physical line each of `records` (1 = the first after the header) starts on, in a
    file of `rows` records.

    Record + 1 when the file has exactly one line per record; only when a quoted value spans
    lines (or the header does) is the file read through to count, and only for a rejected file.
    """
    wanted = set(records)
    newlines = sum(chunk.count(b"\n") for chunk in _file_chunks(path, data_end(path)))
    if newlines == rows:  # the header's line and one per record, the last without its newline
        return {record: record + 1 for record in wanted}
    found = {}
    with path.open("r", encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        next(reader, None)
        line, last = reader.line_num, max(wanted, default=0)
        for record, _row in enumerate(reader, start=1):
            if record in wanted:
                found[record] = line + 1
            if record >= last:
                break
            line = reader.line_num
    return found


def drop_staging(*tables: str) -> None:
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(sql.Identifier(table)))


def backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]
