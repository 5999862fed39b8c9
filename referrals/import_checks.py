"""The rules of cs_offerings.csv, cs_authorizations.csv and cs_requests.csv
(shared/contracts/README.md) as core.feeds Feeds: (column, condition over the normalised row `n`,
reason as SQL), shapes checked with `translate` rather than regular expressions like every feed,
except an amount's, whose length varies (see AMOUNT_OK).

Cleaning adds typed dates (`from_day`, `to_day`, NULL when not a valid date) so the offering
overlap rule can compare periods without casting text that may not be a date.
"""

from core import reference
from core.feeds import Feed
from core.import_rules import (
    Rule,
    code_rule,
    date_order_rule,
    date_rule,
    max_length_rule,
    required_rule,
    valid_date,
)
from core.sql import DIGITS, sql_array, sql_text, text_shape

from . import catalog
from .models import AuthorizationStatus, CsAuthorization, CsOffering

NINES = "9" * 10
ID_MAX = 100
MAX_UNITS_DIGITS = 9
MAX_AMOUNT_CHARS = 12


def _shape(column: str) -> str:
    return f"translate(n.{column}, '{DIGITS}', '{NINES}')"


def _day(column: str) -> str:
    return f"CASE WHEN {valid_date(f'c.{column}')} THEN c.{column}::date END"


SERVICE_RULES: tuple[Rule, ...] = (
    required_rule("service"),
    code_rule("service", catalog.CODES, "is not a Community Supports code of the catalog, "
              "e.g. housing_navigation or transitional_rent"),
)  # fmt: skip

# --- cs_offerings.csv ---------------------------------------------------------------------------

OFFERINGS_TABLE = CsOffering._meta.db_table


def _overlap(other: str, first: str = "from_day", last: str = "to_day") -> str:
    return (
        f"{other}.{first} <= coalesce(n.to_day, 'infinity'::date) "
        f"AND n.from_day <= coalesce({other}.{last}, 'infinity'::date)"
    )


STORED_OVERLAP = _overlap("t", "effective_from", "effective_to")
OVERLAP = f"""n.from_day IS NOT NULL AND (n.to_day IS NOT NULL OR n.effective_to = '') AND (
    EXISTS (SELECT 1 FROM stg_cs_offerings_normalised o
            WHERE o.county = n.county AND o.service = n.service
              AND o.effective_from <> n.effective_from AND o.from_day IS NOT NULL
              AND (o.to_day IS NOT NULL OR o.effective_to = '') AND {_overlap("o")})
    OR EXISTS (SELECT 1 FROM {OFFERINGS_TABLE} t
               WHERE t.county = n.county AND t.service = n.service
                 AND t.effective_from <> n.from_day AND {STORED_OVERLAP}
                 AND NOT EXISTS (SELECT 1 FROM stg_cs_offerings_normalised k
                                 WHERE k.county = t.county AND k.service = t.service
                                   AND k.from_day = t.effective_from)))"""

OFFERINGS = Feed(
    kind="cs_offerings",
    noun="offerings",
    table=OFFERINGS_TABLE,
    columns=("county", "service", "effective_from", "effective_to"),
    required=("county", "service", "effective_from"),
    clean={"county": "initcap(btrim({}))", "service": "lower(btrim({}))"},
    looked_up=f"{_day('effective_from')} AS from_day, {_day('effective_to')} AS to_day",
    rules=(
        required_rule("county"),
        code_rule(
            "county", reference.CALIFORNIA_COUNTIES, "is not one of California's 58 county names"
        ),
        *SERVICE_RULES,
        required_rule("effective_from"),
        date_rule("effective_from"),
        (
            "effective_from",
            "n.from_day IS NOT NULL AND right(n.effective_from, 5) NOT IN ('01-01', '07-01')",
            "'must be a 1 January or a 1 July (offerings change only then)'",
        ),
        date_rule("effective_to"),
        (
            "effective_to",
            "n.to_day IS NOT NULL AND right(n.effective_to, 5) NOT IN ('06-30', '12-31')",
            "'must be a 30 June or a 31 December, or empty'",
        ),
        date_order_rule("effective_to", "effective_from"),
        ("effective_from", OVERLAP, "'overlaps another period of the same county and service'"),
    ),
    unique_key=("county", "service", "effective_from"),
    repeated_key_reason="the same county, service and effective_from are on line",
    stored={
        "county": "n.county",
        "service": "n.service",
        "effective_from": "n.from_day",
        "effective_to": "n.to_day",
    },
    merge_key=("county", "service", "effective_from"),
    timestamps=True,
)

# --- cs_authorizations.csv and cs_requests.csv ----------------------------------------------------

CIN_RULES: tuple[Rule, ...] = (
    required_rule("cin"),
    (
        "cin",
        "n.member_id IS NULL AND n.cin <> ''",
        f"CASE WHEN {text_shape('n.cin')} <> '99999999A' "
        "THEN 'must be 8 digits then a letter, e.g. 91234567A' "
        "ELSE 'no member with this CIN in the roster' END",
    ),
)


def _units_rules() -> tuple[Rule, ...]:
    units_of = " ".join(
        f"WHEN {sql_text(s.code)} THEN {sql_text(s.unit)}" for s in catalog.SERVICES if s.unit
    )
    return (
        ("units", f"n.units <> '' AND (ltrim({_shape('units')}, '9') <> '' "
         f"OR length(n.units) > {MAX_UNITS_DIGITS})",
         "CASE WHEN left(n.units, 1) = '-' THEN 'must be 0 or more' "
         "ELSE 'must be a whole number of at most 9 digits, e.g. 12' END"),
        ("units", f"n.units = '' AND n.service = ANY({sql_array(catalog.UNIT_CODES)})",
         f"'is required for this service (counted in ' || CASE n.service {units_of} END || ')'"),
    )  # fmt: skip


# Digits, then optionally a point and one or two digits. The one regular expression of these
# rules: the shape has no fixed length, so `translate` took two calls per row (for the first digit
# and for the rest), and on 100,000 requests that rule alone cost 0.18 s against 0.07 s.
AMOUNT_OK = (
    f"n.amount_usd ~ '^[0-9]+(\\.[0-9]{{1,2}})?$' AND length(n.amount_usd) <= {MAX_AMOUNT_CHARS}"
)
AMOUNT_RULES: tuple[Rule, ...] = (
    ("amount_usd", f"n.amount_usd <> '' AND NOT ({AMOUNT_OK})",
     "CASE WHEN left(n.amount_usd, 1) = '-' THEN 'must be 0 or more' "
     f"WHEN ltrim({_shape('amount_usd')}, '9') LIKE '.999%%' "
     "THEN 'must have at most 2 decimals (cents), e.g. 1250.50' "
     "ELSE 'must be an amount in dollars with at most 2 decimals, e.g. 1250.50' END"),
    ("amount_usd", f"n.amount_usd = '' AND n.service = ANY({sql_array(catalog.AMOUNT_CODES)})",
     "'is required for this service (it has a dollar limit)'"),
)  # fmt: skip

PERIOD_RULES: tuple[Rule, ...] = (
    required_rule("start_date"),
    date_rule("start_date"),
    required_rule("end_date"),
    date_rule("end_date"),
    date_order_rule("end_date", "start_date"),
)

MEMBER_LOOKUP = "LEFT JOIN members_member m ON m.cin = c.cin"
KEY_CLEAN = {"cin": "upper(btrim({}))", "service": "lower(btrim({}))"}
STATUSES = tuple(AuthorizationStatus.values)

AUTHORIZATIONS = Feed(
    kind="cs_authorizations",
    noun="authorizations",
    table=CsAuthorization._meta.db_table,
    columns=("cin", "service", "start_date", "end_date", "units", "amount_usd", "status",
             "source_id"),
    required=("cin", "service", "start_date", "end_date", "status", "source_id"),
    clean={**KEY_CLEAN, "status": "lower(btrim({}))"},
    lookup=MEMBER_LOOKUP,
    looked_up="m.id AS member_id",
    rules=(
        *CIN_RULES, *SERVICE_RULES, *PERIOD_RULES, *_units_rules(), *AMOUNT_RULES,
        required_rule("status"),
        code_rule("status", STATUSES, "must be authorized, completed or cancelled"),
        required_rule("source_id"),
        max_length_rule("source_id", ID_MAX),
    ),
    unique_key=("cin", "source_id"),
    sort_key=("member_id", "source_id"),
    repeated_key_reason="the same cin and source_id are on line",
    stored={
        "member_id": "n.member_id",
        "source_id": "n.source_id",
        "service": "n.service",
        "start_date": "n.start_date::date",
        "end_date": "n.end_date::date",
        "units": "NULLIF(n.units, '')::integer",
        "amount_usd": "NULLIF(n.amount_usd, '')::numeric(11, 2)",
        "status": "n.status",
    },
    merge_key=("member_id", "source_id"),
    value_columns=("start_date", "end_date", "service", "status"),
    timestamps=True,
)  # fmt: skip

REQUESTS = Feed(
    kind="cs_requests",
    noun="requests",
    table="",  # checked, never stored
    columns=("request_id", "cin", "service", "start_date", "end_date", "units", "amount_usd"),
    required=("request_id", "cin", "service", "start_date", "end_date"),
    clean=KEY_CLEAN,
    lookup=MEMBER_LOOKUP,
    looked_up="m.id AS member_id",
    rules=(
        required_rule("request_id"),
        max_length_rule("request_id", ID_MAX),
        *CIN_RULES, *SERVICE_RULES, *PERIOD_RULES, *_units_rules(), *AMOUNT_RULES,
    ),
    unique_key=("request_id",),
    repeated_key_reason="the same request_id is on line",
    stored={},
    merge_key=(),
    value_columns=("start_date", "end_date", "service"),
)  # fmt: skip
