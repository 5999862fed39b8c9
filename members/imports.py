"""The roster import (members.csv in shared/contracts/README.md): validate and merge in SQL.

`import_roster` is the one entry point; the upload view (through a Celery task), the API and the
`import_members` command all call it. The file is all-or-nothing: any bad row rejects it with
every problem listed as `line N: column: reason`, and nothing stored changes. A good file updates
members by CIN in a single INSERT ... ON CONFLICT statement, so a repeat import changes nothing.

Speed: the checks run in one pass over the staged rows and use C-level string functions
(translate, length, hashed `= ANY`) rather than regular expressions, which cost a microsecond or
more per call. Line numbers are worked out only when a file is rejected.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.db import connection, transaction

from core.csv_import import (
    MAX_PROBLEMS_LISTED,
    ImportRejected,
    Problem,
    check_file,
    check_header,
    copy_into_staging,
    drop_staging,
    limit_problems,
    read_header,
)

from . import roster_checks as checks

REQUIRED = (
    "cin", "last_name", "first_name", "date_of_birth", "sex", "county", "plan_product",
    "enrollment_start",
)  # fmt: skip
MEMBER_COLUMNS = (
    "cin", "mbi", "last_name", "first_name", "date_of_birth", "sex", "race_ethnicity",
    "preferred_language", "county", "address_line", "city", "zip", "phone", "plan_product",
    "enrollment_start", "enrollment_end", "housing_status", "incarceration_release_date",
    "nursing_facility_resident", "wants_community_transition", "ltc_level_of_care",
    "pregnancy_end_date", "currently_pregnant", "ccs_enrolled", "child_welfare_involved",
)  # fmt: skip
STAGING_TABLE = "stg_roster"
NORMALISED_TABLE = "stg_roster_normalised"


@dataclass(frozen=True)
class RosterResult:
    rows: int
    created: int
    updated: int

    @property
    def unchanged(self) -> int:
        return self.rows - self.created - self.updated


def _normalise_sql(header: list[str]) -> str:
    """One pass that trims and cases every contract column into NORMALISED_TABLE.

    Absent optional columns read as ''. `row_number() OVER ()` numbers rows in scan order, which
    for a temp table just filled by COPY is file order (temp tables never use synchronised or
    parallel scans), so line N of the file is row N - 1 here.
    """
    parts = []
    for column in MEMBER_COLUMNS:
        raw = f"coalesce(s.{column}, '')" if column in header else "''"
        parts.append(f"{checks.NORMALISE.get(column, 'btrim({})').format(raw)} AS {column}")
    return (
        f"CREATE TEMP TABLE {NORMALISED_TABLE} AS "
        f"SELECT row_number() OVER () + 1 AS line_no, {', '.join(parts)} FROM {STAGING_TABLE} s"
    )


def _any_problem_sql() -> str:
    """The fast path: is any row bad? One scan, no line numbers, stops at the first bad row."""
    conditions = " OR ".join(f"({condition})" for _, condition, _ in checks.rules())
    return f"""
        SELECT EXISTS (SELECT 1 FROM {NORMALISED_TABLE} n WHERE {conditions})
            OR EXISTS (SELECT 1 FROM {NORMALISED_TABLE} WHERE cin <> ''
                       GROUP BY cin HAVING count(*) > 1)
    """


def _problems_sql() -> str:
    """Every (line, column, reason) of a rejected file, in one pass plus the duplicate check."""
    flagged = ", ".join(
        f"CASE WHEN ({condition}) THEN '{column}' || E'\\t' || {reason} END"
        for column, condition, reason in checks.rules()
    )
    return f"""
        WITH flagged AS (
            SELECT line_no, concat_ws(E'\\n', {flagged}) AS found FROM {NORMALISED_TABLE} n
        ), duplicates AS (
            SELECT line_no, min(line_no) OVER (PARTITION BY cin) AS first_line
            FROM {NORMALISED_TABLE} WHERE cin <> ''
        )
        SELECT line_no, split_part(item, E'\\t', 1), split_part(item, E'\\t', 2)
        FROM flagged, string_to_table(found, E'\\n') AS item
        WHERE found <> ''
        UNION ALL
        SELECT line_no, 'cin', 'the same CIN is on line ' || first_line
        FROM duplicates WHERE line_no <> first_line
        ORDER BY 1, 2
        LIMIT {MAX_PROBLEMS_LISTED + 1}
    """


def _merge_sql() -> str:
    columns = ", ".join(MEMBER_COLUMNS)
    values = ", ".join(checks.STORED.get(c, "n.{}").format(c) for c in MEMBER_COLUMNS)
    rest = [c for c in MEMBER_COLUMNS if c != "cin"]
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in rest)
    current = ", ".join(f"m.{c}" for c in rest)
    incoming = ", ".join(f"EXCLUDED.{c}" for c in rest)
    return f"""
        WITH merged AS (
            INSERT INTO members_member AS m ({columns}, created_at, updated_at)
            SELECT {values}, now(), now() FROM {NORMALISED_TABLE} n
            ON CONFLICT (cin) DO UPDATE SET {updates}, updated_at = now()
            WHERE ({current}) IS DISTINCT FROM ({incoming})
            RETURNING (xmax = 0) AS inserted
        )
        SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM merged
    """


def _header(path: Path) -> list[str]:
    header = read_header(path)
    check_header(header, required=REQUIRED)
    return header


def import_roster(
    path: Path, *, max_bytes: int, on_stage: Callable[[str, int], None] = lambda s, p: None
) -> RosterResult:
    """Import members.csv at `path`; raise ImportRejected (nothing changed) on any bad row."""
    on_stage("Checking the file", 5)
    check_file(path, max_bytes=max_bytes)
    header = _header(path)
    columns = [c for c in header if c in MEMBER_COLUMNS]
    try:
        on_stage("Reading rows", 10)
        rows = copy_into_staging(table=STAGING_TABLE, path=path, header=header)
        if rows == 0:
            raise ImportRejected([Problem(2, "file", "the file has a header but no members")])
        on_stage(f"Checking {rows:,} rows", 40)
        with connection.cursor() as cursor:
            cursor.execute(_normalise_sql(columns))
            cursor.execute(_any_problem_sql(), checks.today_iso())
            if cursor.fetchone()[0]:
                cursor.execute(_problems_sql(), checks.today_iso())
                problems = [Problem(*row) for row in cursor.fetchall()]
                raise ImportRejected(limit_problems(problems))
        on_stage(f"Saving {rows:,} members", 70)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(_merge_sql())
            created, updated = cursor.fetchone()
        return RosterResult(rows=rows, created=created, updated=updated)
    finally:
        drop_staging(STAGING_TABLE, NORMALISED_TABLE)
