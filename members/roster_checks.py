"""The rules of members.csv (shared/contracts/README.md, shared/domain/identifiers.md) as SQL.

Each rule is (column, condition over the normalised row `n`, reason as an SQL expression). They
avoid regular expressions: `translate` maps every digit to 9 and every letter to A, so a shape
check is one C call and a string comparison, which keeps a 300,000-row file to one fast pass.
"""

from django.utils import timezone

from core import reference
from core.sql import DIGITS, sql_array, sql_text, text_shape

from .identifiers import mbi_problem_sql, mbi_shape_sql

PHONE_PUNCTUATION = " ()+.-"
FLAG_COLUMNS = (
    "nursing_facility_resident", "wants_community_transition", "ltc_level_of_care",
    "currently_pregnant", "ccs_enrolled", "child_welfare_involved",
)  # fmt: skip
OPTIONAL_DATES = ("enrollment_end", "incarceration_release_date", "pregnancy_end_date")

# How each raw text value is normalised before it is checked and stored ({} is the raw value).
# Case mapping under "C": valid values are ASCII, and C.UTF-8's wide-character path is slower.
NORMALISE = {
    "cin": 'upper(btrim({}) COLLATE "C")',
    "mbi": "upper(translate({}, '- ', '') COLLATE \"C\")",
    "sex": 'upper(btrim({}) COLLATE "C")',
    "plan_product": 'upper(btrim({}) COLLATE "C")',
    "race_ethnicity": 'lower(btrim({}) COLLATE "C")',
    "preferred_language": 'lower(btrim({}) COLLATE "C")',
    "housing_status": 'lower(btrim({}) COLLATE "C")',
    "county": 'initcap(btrim({}) COLLATE "C")',  # all 58 state spellings are in title case
} | dict.fromkeys(FLAG_COLUMNS, 'upper(btrim({}) COLLATE "C")')

# How a checked value is stored ({} is the column name in `n`).
STORED = (
    {
        "date_of_birth": "n.{}::date",
        "enrollment_start": "n.{}::date",
        "phone": f"translate(n.{{}}, '{PHONE_PUNCTUATION}', '')",
        "zip": "CASE WHEN length(n.{0}) = 9 THEN left(n.{0}, 5) || '-' || right(n.{0}, 4) "
        "ELSE n.{0} END",
    }
    | dict.fromkeys(OPTIONAL_DATES, "NULLIF(n.{}, '')::date")
    | dict.fromkeys(FLAG_COLUMNS, "CASE n.{} WHEN 'Y' THEN true WHEN 'N' THEN false END")
)


def today_iso() -> dict:
    """Query parameters: today, for 'not in the future' (ISO dates compare as strings)."""
    return {"today": timezone.localdate().isoformat()}


def valid_date(value: str) -> str:
    """ISO YYYY-MM-DD and a real calendar day; the exact check runs only for days 29 to 31."""
    return (
        f"(translate({value}, '{DIGITS}', '{'9' * 10}') = '9999-99-99' "
        f"AND left({value}, 4) <> '0000' AND substr({value}, 6, 2) BETWEEN '01' AND '12' "
        f"AND (substr({value}, 9, 2) BETWEEN '01' AND '28' OR calaim_is_date({value})))"
    )


def _date_rules(column: str, *, required: bool) -> list[tuple[str, str, str]]:
    v = f"n.{column}"
    rules = [(column, f"{v} <> '' AND NOT {valid_date(v)}", "'must be a date as YYYY-MM-DD'")]
    if required:
        rules.append((column, f"{v} = ''", "'is required'"))
    return rules


def _code_rule(column: str, codes, reason: str) -> tuple[str, str, str]:
    return (column, f"n.{column} <> '' AND n.{column} <> ALL({sql_array(codes)})", sql_text(reason))


def rules() -> list[tuple[str, str, str]]:
    dob, start, end = "n.date_of_birth", "n.enrollment_start", "n.enrollment_end"
    phone_digits = f"translate(n.phone, '{PHONE_PUNCTUATION}', '')"
    return [
        ("cin", "n.cin = ''", "'is required'"),
        ("cin", f"n.cin <> '' AND {text_shape('n.cin')} <> '99999999A'",
         "'must be 8 digits then a letter, e.g. 91234567A'"),
        ("mbi", "n.mbi = '' AND left(n.plan_product, 5) = 'DSNP:'",
         "'is required for a D-SNP plan_product'"),
        ("mbi", f"n.mbi <> '' AND NOT {mbi_shape_sql('n.mbi')}", mbi_problem_sql("n.mbi")),
        ("last_name", "n.last_name = '' OR length(n.last_name) > 100",
         "'must be 1 to 100 characters'"),
        ("first_name", "n.first_name = '' OR length(n.first_name) > 100",
         "'must be 1 to 100 characters'"),
        *_date_rules("date_of_birth", required=True),
        ("date_of_birth", f"{valid_date(dob)} AND {dob} > %(today)s", "'is in the future'"),
        ("date_of_birth", f"{valid_date(dob)} AND {dob} < '1900-01-01'",
         "'is before 1900-01-01'"),
        ("sex", f"n.sex <> ALL({sql_array(reference.SEX_CODES)})", "'must be F, M, X or U'"),
        _code_rule("race_ethnicity", reference.RACE_ETHNICITY_CODES,
                   "is not one of the contract's race_ethnicity codes"),
        _code_rule("preferred_language", sorted(reference.ISO_639_1_CODES),
                   "is not an ISO 639-1 language code, e.g. en, es, zh"),
        ("county", "n.county = ''", "'is required'"),
        _code_rule("county", reference.CALIFORNIA_COUNTIES,
                   "is not one of California's 58 county names"),
        ("address_line", "length(n.address_line) > 200", "'must be at most 200 characters'"),
        ("city", "length(n.city) > 100", "'must be at most 100 characters'"),
        ("zip", f"n.zip <> '' AND translate(n.zip, '{DIGITS}', '{'9' * 10}') "
                "NOT IN ('99999', '99999-9999', '999999999')", "'must be 5 digits or ZIP+4'"),
        ("phone", f"n.phone <> '' AND (length({phone_digits}) <> 10 OR "
                  f"translate({phone_digits}, '{DIGITS}', '') <> '')",
         "'must be 10 digits (punctuation allowed)'"),
        ("plan_product", "n.plan_product = ''", "'is required'"),
        ("plan_product", f"n.plan_product NOT IN ('', 'MCP') AND translate(n.plan_product, "
                         f"'{DIGITS}', '{'9' * 10}') <> 'DSNP:H9999-999'",
         "'must be DSNP:<contract>-<pbp> (e.g. DSNP:H1234-001) or MCP'"),
        *_date_rules("enrollment_start", required=True),
        *_date_rules("enrollment_end", required=False),
        ("enrollment_end", f"{valid_date(end)} AND {valid_date(start)} AND {end} < {start}",
         "'is before enrollment_start'"),
        _code_rule("housing_status", reference.HOUSING_STATUS_CODES,
                   "must be housed, homeless, at_risk or unknown"),
        *_date_rules("incarceration_release_date", required=False),
        *_date_rules("pregnancy_end_date", required=False),
        *[(c, f"n.{c} NOT IN ('', 'Y', 'N')", "'must be Y, N or empty'") for c in FLAG_COLUMNS],
    ]  # fmt: skip


# Columns with few distinct values whose expensive shape checks (dates, zip) run once per value
# on the fast path (core.csv_import.rule_checks_sql).
VALUE_COLUMNS = ("date_of_birth", "enrollment_start", *OPTIONAL_DATES, "zip")
