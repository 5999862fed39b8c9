"""The rules of members.csv (shared/contracts/README.md, shared/domain/identifiers.md) as SQL.

Each rule is (column, condition over the normalised row `n`, reason as an SQL expression), built
with core.import_rules like the clinical feeds' rules. They avoid regular expressions: `translate`
maps every digit to 9 and every letter to A, so a shape check is one C call and a string
comparison, which keeps a 300,000-row file to one fast pass.
"""

from django.utils import timezone

from core import reference
from core.import_rules import (
    FLAG_STORED,
    Rule,
    code_rule,
    date_order_rule,
    date_rules,
    flag_rule,
    max_length_rule,
    required_rule,
    valid_date,
)
from core.sql import DIGITS, sql_array, text_shape

from .identifiers import mbi_problem_sql, mbi_shape_sql

PHONE_PUNCTUATION = " ()+.-"
FLAG_COLUMNS = (
    "nursing_facility_resident", "wants_community_transition", "ltc_level_of_care",
    "currently_pregnant", "ccs_enrolled", "child_welfare_involved",
)  # fmt: skip
OPTIONAL_DATES = ("enrollment_end", "incarceration_release_date", "pregnancy_end_date")

# How each raw text value is normalised before it is checked and stored ({} is the raw value,
# C-collated by core.feeds: valid values are ASCII, and C.UTF-8's wide-character path is slower).
NORMALISE = {
    "cin": "upper(btrim({}))",
    "mbi": "upper(translate({}, '- ', ''))",
    "sex": "upper(btrim({}))",
    "plan_product": "upper(btrim({}))",
    "race_ethnicity": "lower(btrim({}))",
    "preferred_language": "lower(btrim({}))",
    "housing_status": "lower(btrim({}))",
    "county": "initcap(btrim({}))",  # all 58 state spellings are in title case
} | dict.fromkeys(FLAG_COLUMNS, "upper(btrim({}))")

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
    | dict.fromkeys(FLAG_COLUMNS, FLAG_STORED)
)


def today_iso() -> dict:
    """Query parameters: today, for 'not in the future' (ISO dates compare as strings)."""
    return {"today": timezone.localdate().isoformat()}


def rules() -> list[Rule]:
    dob = "n.date_of_birth"
    return [
        required_rule("cin"),
        ("cin", f"n.cin <> '' AND {text_shape('n.cin')} <> '99999999A'",
         "'must be 8 digits then a letter, e.g. 91234567A'"),
        ("mbi", "n.mbi = '' AND left(n.plan_product, 5) = 'DSNP:'",
         "'is required for a D-SNP plan_product'"),
        ("mbi", f"n.mbi <> '' AND NOT {mbi_shape_sql('n.mbi')}", mbi_problem_sql("n.mbi")),
        max_length_rule("last_name", 100, required=True),
        max_length_rule("first_name", 100, required=True),
        *date_rules("date_of_birth", required=True),
        ("date_of_birth", f"{valid_date(dob)} AND {dob} > %(today)s", "'is in the future'"),
        ("date_of_birth", f"{valid_date(dob)} AND {dob} < '1900-01-01'",
         "'is before 1900-01-01'"),
        ("sex", f"n.sex <> ALL({sql_array(reference.SEX_CODES)})", "'must be F, M, X or U'"),
        code_rule("race_ethnicity", reference.RACE_ETHNICITY_CODES,
                  "is not one of the contract's race_ethnicity codes"),
        code_rule("preferred_language", sorted(reference.ISO_639_1_CODES),
                  "is not an ISO 639-1 language code, e.g. en, es, zh"),
        required_rule("county"),
        code_rule("county", reference.CALIFORNIA_COUNTIES,
                  "is not one of California's 58 county names"),
        max_length_rule("address_line", 200),
        max_length_rule("city", 100),
        ("zip", f"n.zip <> '' AND translate(n.zip, '{DIGITS}', '{'9' * 10}') "
                "NOT IN ('99999', '99999-9999', '999999999')", "'must be 5 digits or ZIP+4'"),
        # One translate: digits become 9, punctuation goes; ten 9s are left of a good number.
        ("phone", f"n.phone <> '' AND translate(n.phone, '{DIGITS}{PHONE_PUNCTUATION}', "
                  f"'{'9' * 10}') <> '{'9' * 10}'", "'must be 10 digits (punctuation allowed)'"),
        required_rule("plan_product"),
        ("plan_product", f"n.plan_product NOT IN ('', 'MCP') AND translate(n.plan_product, "
                         f"'{DIGITS}', '{'9' * 10}') <> 'DSNP:H9999-999'",
         "'must be DSNP:<contract>-<pbp> (e.g. DSNP:H1234-001) or MCP'"),
        *date_rules("enrollment_start", required=True),
        *date_rules("enrollment_end", required=False),
        date_order_rule("enrollment_end", "enrollment_start"),
        code_rule("housing_status", reference.HOUSING_STATUS_CODES,
                  "must be housed, homeless, at_risk or unknown"),
        *date_rules("incarceration_release_date", required=False),
        *date_rules("pregnancy_end_date", required=False),
        *[flag_rule(c) for c in FLAG_COLUMNS],
    ]  # fmt: skip


# Columns with few distinct values whose costlier checks (dates, zip, the product's shape) run
# once per value on the fast path (core.feeds.split_rules). Cheap checks of other
# low-cardinality columns (codes, flags) stay per row: hashing a value costs more than them.
VALUE_COLUMNS = ("date_of_birth", "enrollment_start", *OPTIONAL_DATES, "zip", "plan_product")
