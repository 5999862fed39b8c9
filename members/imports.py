"""The roster import (members.csv in shared/contracts/README.md): validate and merge in SQL.

`import_roster` is the one entry point; the upload view (through a Celery task), the API and the
`import_members` command all call it. The file is all-or-nothing: any bad row rejects it with
every problem listed as `line N: column: reason`, and nothing stored changes. A good file updates
members by CIN: one UPDATE of the changed and one INSERT of the new, so a repeat import
changes (and locks) nothing.

Speed: the checks use C-level string functions (translate, length, hashed `= ANY`) rather than
regular expressions, which cost a microsecond or more per call; the good-file path runs the same
rules (roster_checks.rules) in one pass over the rows, with the date and zip rules once per
distinct value. Line numbers are worked out only when a file is rejected.
"""

from collections.abc import Callable
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
CHANGES_TABLE = "stg_roster_changes"


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
    """The fast path: is any row bad? The rules in one scan (dates and zip once per distinct
    value), then repeated CINs."""
    tests = rule_checks_sql(NORMALISED_TABLE, checks.rules(), checks.VALUE_COLUMNS)
    tests.append(
        f"EXISTS (SELECT 1 FROM {NORMALISED_TABLE} WHERE cin <> '' "
        "GROUP BY cin HAVING count(*) > 1)"
    )
    return "SELECT " + "\n    OR ".join(tests)


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


def _changes_sql() -> str:
    """New or changed members only, typed as stored, with the id of the member to update.

    Picking them out first means an unchanged member is neither locked nor rewritten (an
    INSERT ... ON CONFLICT DO UPDATE locks every conflicting row even when its WHERE is false).
    """
    values = ", ".join(f"{checks.STORED.get(c, 'n.{}').format(c)} AS {c}" for c in MEMBER_COLUMNS)
    rest = [c for c in MEMBER_COLUMNS if c != "cin"]
    current = ", ".join(f"m.{c}" for c in rest)
    incoming = ", ".join(f"v.{c}" for c in rest)
    return f"""
        CREATE TEMP TABLE {CHANGES_TABLE} AS
        SELECT v.*, m.id AS member_id
        FROM (SELECT {values} FROM {NORMALISED_TABLE} n) v
        LEFT JOIN members_member m ON m.cin = v.cin
        WHERE m.id IS NULL OR ({current}) IS DISTINCT FROM ({incoming})
    """


def _update_sql() -> str:
    updates = ", ".join(f"{c} = c.{c}" for c in MEMBER_COLUMNS if c != "cin")
    return f"""
        UPDATE members_member m SET {updates}, updated_at = now()
        FROM {CHANGES_TABLE} c WHERE c.member_id = m.id
    """


def _insert_sql() -> str:
    columns = ", ".join(MEMBER_COLUMNS)
    return f"""
        INSERT INTO members_member ({columns}, created_at, updated_at)
        SELECT {columns}, now(), now() FROM {CHANGES_TABLE} WHERE member_id IS NULL
    """


def _merge(rows: int) -> ImportResult:
    """Apply the changes in one transaction; roster imports take turns (an advisory lock)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('calaim.roster_import'))")
        cursor.execute(_changes_sql())
        cursor.execute(_update_sql())
        updated = cursor.rowcount
        cursor.execute(_insert_sql())
        created = cursor.rowcount
    return ImportResult(rows=rows, created=created, updated=updated)


def _header(path: Path) -> list[str]:
    header = read_header(path)
    check_header(header, required=REQUIRED)
    return header


def import_roster(
    path: Path, *, max_bytes: int, on_stage: Callable[[str, int], None] = lambda s, p: None
) -> ImportResult:
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
            cursor.execute("SET work_mem = '64MB'")  # the duplicate-CIN check stays in memory
            cursor.execute(_normalise_sql(columns))
            cursor.execute(_any_problem_sql(), checks.today_iso())
            if cursor.fetchone()[0]:
                cursor.execute(_problems_sql(), checks.today_iso())
                problems = [Problem(*row) for row in cursor.fetchall()]
                if problems:
                    raise ImportRejected(limit_problems(problems))
        on_stage(f"Saving {rows:,} members", 70)
        return _merge(rows)
    finally:
        drop_staging(STAGING_TABLE, NORMALISED_TABLE, CHANGES_TABLE)
        with connection.cursor() as cursor:
            cursor.execute("RESET work_mem")
