"""determinations.csv (shared/contracts/README.md, "determinations.csv — export"), written by
PostgreSQL itself.

The stored determinations already have the contract's shape: one row per member, program and
eligible population, plus one not_eligible row with an empty population for a member in none.
So the export is one `COPY (SELECT ...) TO STDOUT (FORMAT csv, HEADER)` streamed to a file:
PostgreSQL's CSV output is RFC 4180 quoting (a value is quoted only when it holds a comma, a
quote or a line break, quotes doubled), UTF-8 as the connection's client encoding, lines ending
in LF. An empty population or evidence is written as NULL so the cell is empty, not `""`. A cell
a spreadsheet would run as a formula gets a leading apostrophe (core/spreadsheet.py).

Order: cin, program, population compared byte by byte (COLLATE "C"), so the file is the same
whatever the database's locale.
"""

import datetime
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from django.db import connection

from accounts import access
from audit.models import AccessLog
from core.spreadsheet import formula_safe_sql

from .models import Determination, EvaluationRun

HEADER = ("cin", "program", "population", "status", "as_of", "rule_version", "evidence")
FILE_NAME = "determinations.csv"
CHUNK_BYTES = 1024 * 1024

# Every column is text; each passes through core.spreadsheet's formula guard.
COPY_DETERMINATIONS = f"""
    COPY (
        SELECT {formula_safe_sql("m.cin")} AS cin, {formula_safe_sql("d.program")} AS program,
               {formula_safe_sql("NULLIF(d.population, '')")} AS population,
               {formula_safe_sql("d.status")} AS status,
               to_char(r.as_of, 'YYYY-MM-DD') AS as_of,
               {formula_safe_sql("r.rule_version")} AS rule_version,
               {formula_safe_sql("NULLIF(d.evidence, '')")} AS evidence
        FROM eligibility_determination d
        JOIN eligibility_evaluationrun r ON r.id = d.run_id
        JOIN members_member m ON m.id = d.member_id
        WHERE d.run_id = %(run_id)s
        ORDER BY m.cin COLLATE "C", d.program COLLATE "C", d.population COLLATE "C"
    ) TO STDOUT WITH (FORMAT csv, HEADER true)
"""


class NothingToExport(Exception):
    """The run has no determinations to export: it is still running or it failed."""


def latest_run_as_of(as_of: datetime.date) -> EvaluationRun | None:
    """The latest succeeded run for that day (a re-run after new data supersedes an earlier one)."""
    return (
        EvaluationRun.objects.filter(as_of=as_of, status=EvaluationRun.Status.SUCCEEDED)
        .order_by("-id")
        .first()
    )


def write_determinations(*, run: EvaluationRun, out: BinaryIO) -> int:
    """Stream the run's determinations.csv into a binary file; returns the number of data rows."""
    if run.status != EvaluationRun.Status.SUCCEEDED:
        raise NothingToExport(f"evaluation #{run.pk} has not succeeded ({run.status})")
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(COPY_DETERMINATIONS, {"run_id": run.pk}) as copy:
            for chunk in copy:
                out.write(chunk)
        return raw.rowcount


def record_export(who, *, run: EvaluationRun) -> None:
    """One access-log row naming every member in the run's determinations.csv, gathered by
    PostgreSQL in one INSERT ... SELECT; `who` is the request, or an access.Actor for a command
    or task (logged with "system/task" as the address)."""
    access.record_members_shown(
        who, members=Determination.objects.filter(run=run), viewed=AccessLog.View.EXPORT
    )


@contextmanager
def replacing(path: Path) -> Iterator[BinaryIO]:
    """A binary file that becomes `path` only when the block succeeds.

    Written next to `path` under a temporary name and renamed into place, so a reader never sees
    half a file and a failure leaves none behind (an existing file stays as it was). The
    temporary file is created on entry, so an unwritable place fails before any work is done.
    """
    path = Path(path)
    handle, temp_name = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".partial"
    )
    try:
        with os.fdopen(handle, "wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp_name, 0o644)
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def download_name(run: EvaluationRun) -> str:
    return f"determinations-{run.as_of.isoformat()}-run{run.pk}.csv"
