"""The roster import (members.csv in shared/contracts/README.md): validate and merge in SQL.

`import_roster` is the one entry point; the upload view (through a Celery task), the API and the
`import_members` command all call it. The file is all-or-nothing: any bad row rejects it with every
problem listed as `line N: column: reason`, and nothing stored changes. A file that merges updates
members by CIN in a single INSERT ... ON CONFLICT statement, so a repeat import changes nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.db import connection, transaction

from core import reference
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

REQUIRED = (
    "cin",
    "last_name",
    "first_name",
    "date_of_birth",
    "sex",
    "county",
    "plan_product",
    "enrollment_start",
)
OPTIONAL = (
    "mbi",
    "race_ethnicity",
    "preferred_language",
    "address_line",
    "city",
    "zip",
    "phone",
    "enrollment_end",
    "housing_status",
    "incarceration_release_date",
    "nursing_facility_resident",
    "wants_community_transition",
    "ltc_level_of_care",
    "pregnancy_end_date",
    "currently_pregnant",
    "ccs_enrolled",
    "child_welfare_involved",
)
DATE_COLUMNS = ("enrollment_end", "incarceration_release_date", "pregnancy_end_date")
FLAG_COLUMNS = (
    "nursing_facility_resident",
    "wants_community_transition",
    "ltc_level_of_care",
    "currently_pregnant",
    "ccs_enrolled",
    "child_welfare_involved",
)
MBI_LETTERS = "AC-HJKMNP-RT-Y"  # A-Z less S, L, O, I, B, Z (shared/domain/identifiers.md)

# Normalised value of each staging column, as SQL over the staging row `s`.
NORMALISED = (
    {
        "cin": "upper(btrim(coalesce(s.cin, '')))",
        "mbi": "upper(regexp_replace(coalesce(s.mbi, ''), '[\\s-]', '', 'g'))",
        "last_name": "btrim(coalesce(s.last_name, ''))",
        "first_name": "btrim(coalesce(s.first_name, ''))",
        "date_of_birth": "btrim(coalesce(s.date_of_birth, ''))",
        "sex": "upper(btrim(coalesce(s.sex, '')))",
        "race_ethnicity": "lower(btrim(coalesce(s.race_ethnicity, '')))",
        "preferred_language": "lower(btrim(coalesce(s.preferred_language, '')))",
        "county": "btrim(coalesce(s.county, ''))",
        "address_line": "btrim(coalesce(s.address_line, ''))",
        "city": "btrim(coalesce(s.city, ''))",
        "zip": "btrim(coalesce(s.zip, ''))",
        "phone": "btrim(coalesce(s.phone, ''))",
        "plan_product": "upper(btrim(coalesce(s.plan_product, '')))",
        "enrollment_start": "btrim(coalesce(s.enrollment_start, ''))",
        "housing_status": "lower(btrim(coalesce(s.housing_status, '')))",
    }
    | {c: f"btrim(coalesce(s.{c}, ''))" for c in DATE_COLUMNS}
    | {c: f"upper(btrim(coalesce(s.{c}, '')))" for c in FLAG_COLUMNS}
)


def _in_list(values) -> str:
    return "ARRAY[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def _date_check(column: str, *, required: bool) -> str:
    v = f"n.{column}"
    missing = f"WHEN {v} = '' THEN 'is required'" if required else f"WHEN {v} = '' THEN NULL"
    return f"CASE {missing} WHEN NOT calaim_is_date({v}) THEN 'must be a date as YYYY-MM-DD' END"


def _checks() -> list[tuple[str, str]]:
    """(column, SQL giving a reason or NULL) for every rule of the contract, over normalised `n`."""
    counties = _in_list(v.upper() for v in reference.CALIFORNIA_COUNTIES)
    letter = f"[{MBI_LETTERS}]"
    mbi_shape = (
        f"^[1-9]{letter}[{MBI_LETTERS}0-9][0-9]{letter}[{MBI_LETTERS}0-9][0-9]"
        f"{letter}{letter}[0-9][0-9]$"
    )
    return [
        (
            "cin",
            "CASE WHEN n.cin = '' THEN 'is required' WHEN n.cin !~ '^[0-9]{8}[A-Z]$' "
            "THEN 'must be 8 digits then a letter, e.g. 91234567A' END",
        ),
        (
            "mbi",
            f"CASE WHEN n.mbi = '' AND n.plan_product LIKE 'DSNP:%' "
            "THEN 'is required for a D-SNP plan_product' "
            f"WHEN n.mbi <> '' AND n.mbi !~ '{mbi_shape}' THEN calaim_mbi_problem(n.mbi) END",
        ),
        (
            "last_name",
            "CASE WHEN n.last_name = '' OR length(n.last_name) > 100 "
            "THEN 'must be 1 to 100 characters' END",
        ),
        (
            "first_name",
            "CASE WHEN n.first_name = '' OR length(n.first_name) > 100 "
            "THEN 'must be 1 to 100 characters' END",
        ),
        (
            "date_of_birth",
            "CASE WHEN n.date_of_birth = '' THEN 'is required' "
            "WHEN NOT calaim_is_date(n.date_of_birth) "
            "THEN 'must be a date as YYYY-MM-DD' "
            "WHEN n.date_of_birth::date > current_date THEN 'is in the future' "
            "WHEN n.date_of_birth::date < DATE '1900-01-01' "
            "THEN 'is before 1900-01-01' END",
        ),
        (
            "sex",
            f"CASE WHEN n.sex <> ALL({_in_list(reference.SEX_CODES)}) "
            "THEN 'must be F, M, X or U' END",
        ),
        (
            "race_ethnicity",
            f"CASE WHEN n.race_ethnicity <> '' AND n.race_ethnicity <> ALL("
            f"{_in_list(reference.RACE_ETHNICITY_CODES)}) "
            "THEN 'is not one of the contract''s race_ethnicity codes' END",
        ),
        (
            "preferred_language",
            "CASE WHEN n.preferred_language <> '' AND n.preferred_language "
            f"<> ALL({_in_list(sorted(reference.ISO_639_1_CODES))}) "
            "THEN 'is not an ISO 639-1 language code, e.g. en, es, zh' END",
        ),
        (
            "county",
            f"CASE WHEN n.county = '' THEN 'is required' WHEN upper(n.county) <> ALL("
            f"{counties}) THEN 'is not one of California''s 58 county names' END",
        ),
        (
            "address_line",
            "CASE WHEN length(n.address_line) > 200 THEN 'must be at most 200 characters' END",
        ),
        ("city", "CASE WHEN length(n.city) > 100 THEN 'must be at most 100 characters' END"),
        (
            "zip",
            "CASE WHEN n.zip <> '' AND n.zip !~ '^[0-9]{5}(-?[0-9]{4})?$' "
            "THEN 'must be 5 digits or ZIP+4' END",
        ),
        (
            "phone",
            "CASE WHEN n.phone <> '' AND (n.phone !~ '^[0-9 ().+-]+$' OR "
            "length(regexp_replace(n.phone, '[^0-9]', '', 'g')) <> 10) "
            "THEN 'must be 10 digits (punctuation allowed)' END",
        ),
        (
            "plan_product",
            "CASE WHEN n.plan_product = '' THEN 'is required' "
            "WHEN n.plan_product !~ '^(DSNP:H[0-9]{4}-[0-9]{3}|MCP)$' "
            "THEN 'must be DSNP:<contract>-<pbp> (e.g. DSNP:H1234-001) or MCP' END",
        ),
        ("enrollment_start", _date_check("enrollment_start", required=True)),
        (
            "enrollment_end",
            "CASE WHEN n.enrollment_end = '' THEN NULL "
            "WHEN NOT calaim_is_date(n.enrollment_end) "
            "THEN 'must be a date as YYYY-MM-DD' "
            "WHEN calaim_is_date(n.enrollment_start) AND "
            "n.enrollment_end::date < n.enrollment_start::date "
            "THEN 'is before enrollment_start' END",
        ),
        (
            "housing_status",
            "CASE WHEN n.housing_status <> '' AND n.housing_status <> ALL("
            f"{_in_list(reference.HOUSING_STATUS_CODES)}) "
            "THEN 'must be housed, homeless, at_risk or unknown' END",
        ),
        *[
            (c, _date_check(c, required=False))
            for c in ("incarceration_release_date", "pregnancy_end_date")
        ],
        *[
            (c, f"CASE WHEN n.{c} NOT IN ('', 'Y', 'N') THEN 'must be Y, N or empty' END")
            for c in FLAG_COLUMNS
        ],
    ]


def _normalised_select(table: str, header: list[str]) -> str:
    """SELECT of every contract column, normalised; an absent optional column reads as empty."""
    parts = ["s.line_no"]
    for column, expression in NORMALISED.items():
        parts.append(f"{expression if column in header else repr('')} AS {column}")
    return f"SELECT {', '.join(parts)} FROM {table} s"


def _problems_sql(table: str, header: list[str]) -> str:
    values = ", ".join(f"('{column}', {check})" for column, check in _checks())
    return f"""
        SELECT n.line_no, p.col, p.reason
        FROM ({_normalised_select(table, header)}) n
        CROSS JOIN LATERAL (VALUES {values}) AS p(col, reason)
        WHERE p.reason IS NOT NULL
        UNION ALL
        SELECT d.line_no, 'cin', 'the same CIN is on line ' || d.first_line
        FROM (
            SELECT line_no, min(line_no) OVER (PARTITION BY upper(btrim(cin))) AS first_line
            FROM {table} WHERE btrim(coalesce(cin, '')) <> ''
        ) d
        WHERE d.line_no <> d.first_line
    """


MEMBER_COLUMNS = (
    "cin",
    "mbi",
    "last_name",
    "first_name",
    "date_of_birth",
    "sex",
    "race_ethnicity",
    "preferred_language",
    "county",
    "address_line",
    "city",
    "zip",
    "phone",
    "plan_product",
    "enrollment_start",
    "enrollment_end",
    "housing_status",
    "incarceration_release_date",
    "nursing_facility_resident",
    "wants_community_transition",
    "ltc_level_of_care",
    "pregnancy_end_date",
    "currently_pregnant",
    "ccs_enrolled",
    "child_welfare_involved",
)


def _typed(column: str) -> str:
    """The stored value of a column, from normalised `n` (validated already)."""
    if column in ("date_of_birth", "enrollment_start"):
        return f"n.{column}::date"
    if column in DATE_COLUMNS:
        return f"NULLIF(n.{column}, '')::date"
    if column in FLAG_COLUMNS:
        return f"CASE n.{column} WHEN 'Y' THEN true WHEN 'N' THEN false END"
    if column == "phone":
        return "regexp_replace(n.phone, '[^0-9]', '', 'g')"
    if column == "zip":
        return (
            "CASE WHEN length(n.zip) = 9 THEN substr(n.zip, 1, 5) || '-' || substr(n.zip, 6) "
            "ELSE n.zip END"
        )
    if column == "county":
        return "c.name"
    return f"n.{column}"


def _merge_sql(table: str, header: list[str]) -> str:
    columns = ", ".join(MEMBER_COLUMNS)
    values = ", ".join(_typed(c) for c in MEMBER_COLUMNS)
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in MEMBER_COLUMNS if c != "cin")
    current = ", ".join(f"m.{c}" for c in MEMBER_COLUMNS if c != "cin")
    incoming = ", ".join(f"EXCLUDED.{c}" for c in MEMBER_COLUMNS if c != "cin")
    return f"""
        WITH merged AS (
            INSERT INTO members_member AS m ({columns}, created_at, updated_at)
            SELECT {values}, now(), now()
            FROM ({_normalised_select(table, header)}) n
            JOIN unnest(%s::text[]) AS c(name) ON upper(c.name) = upper(n.county)
            ON CONFLICT (cin) DO UPDATE SET {updates}, updated_at = now()
            WHERE ({current}) IS DISTINCT FROM ({incoming})
            RETURNING (xmax = 0) AS inserted
        )
        SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM merged
    """


@dataclass(frozen=True)
class RosterResult:
    rows: int
    created: int
    updated: int

    @property
    def unchanged(self) -> int:
        return self.rows - self.created - self.updated


def import_roster(
    path: Path, *, max_bytes: int, on_stage: Callable[[str, int], None] = lambda s, p: None
) -> RosterResult:
    """Import members.csv at `path`; raise ImportRejected (nothing changed) on any bad row."""
    table = "stg_roster"
    on_stage("Checking the file", 5)
    check_file(path, max_bytes=max_bytes)
    header = read_header(path)
    check_header(header, required=REQUIRED)
    try:
        on_stage("Reading rows", 10)
        rows = copy_into_staging(table=table, path=path, header=header)
        if rows == 0:
            raise ImportRejected([Problem(2, "file", "the file has a header but no members")])
        on_stage(f"Checking {rows:,} rows", 50)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT * FROM ({_problems_sql(table, header)}) p "
                f"ORDER BY 1, 2 LIMIT {MAX_PROBLEMS_LISTED + 1}"
            )
            problems = [Problem(*row) for row in cursor.fetchall()]
        if problems:
            raise ImportRejected(limit_problems(problems))
        on_stage(f"Saving {rows:,} members", 75)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(_merge_sql(table, header), [list(reference.CALIFORNIA_COUNTIES)])
            created, updated = cursor.fetchone()
        return RosterResult(rows=rows, created=created, updated=updated)
    finally:
        drop_staging(table)
