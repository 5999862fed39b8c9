"""The rules of diagnoses.csv and utilization.csv (shared/contracts/README.md) as SQL.

Each feed says how a staged text cell is cleaned (`clean`, over the raw value `{}`), how a cleaned
value is finished once the row is cleaned (`finish`, over the cleaned row `c`), how a checked value
is stored (`stored`, over the normalised row `n`), and its rules as (column, condition over `n`,
reason as an SQL expression).

Conditions run on files of 5,000,000 rows, so, as in members/roster_checks.py, they avoid
regular expressions: `translate` maps every digit to 9 and every letter to A, so a shape is one
call and a hashed `= ANY` lookup. Even so a full date or code check costs about a microsecond,
while a file holds only a few thousand distinct dates and codes: rules that read one of a feed's
`value_columns` only are checked once per distinct value when looking for any problem
(core.csv_import.rule_checks_sql), and per row only when listing the problems of a rejected
file. Cleaned values are C-collated, which keeps comparisons a memcmp and case mapping
ASCII-only (anything else is invalid in these columns). Reasons are worked out only for a
rejected file, so they can say exactly what is wrong.
"""

from dataclasses import dataclass, field
from itertools import product

from core.models import ImportJob
from core.sql import DIGITS, LETTERS, sql_array, sql_text, text_shape
from members.roster_checks import valid_date

from .models import Diagnosis, EventType, UtilizationEvent

Rule = tuple[str, str, str]

SOURCE_ID_MAX = 100
# A letter, a digit, a digit or letter, then up to 4 more letters or digits (the dot removed).
ICD10_SHAPES = tuple("A9" + "".join(rest) for n in range(1, 6) for rest in product("9A", repeat=n))
FLAG = "CASE n.{} WHEN 'Y' THEN true WHEN 'N' THEN false END"


@dataclass(frozen=True)
class Feed:
    """One contract file and the table its rows are merged into by (member, source_id)."""

    kind: str
    noun: str
    model: type
    columns: tuple[str, ...]
    required: tuple[str, ...]
    rules: tuple[Rule, ...]
    stored: dict[str, str]
    value_columns: tuple[str, ...] = ()  # few distinct values: checked once per value
    clean: dict[str, str] = field(default_factory=dict)
    finish: dict[str, str] = field(default_factory=dict)

    @property
    def table(self) -> str:
        return self.model._meta.db_table

    @property
    def staging_table(self) -> str:
        return f"stg_{self.kind}"

    @property
    def normalised_table(self) -> str:
        return f"stg_{self.kind}_normalised"

    @property
    def merged_columns(self) -> tuple[str, ...]:
        """The stored columns besides the key (member_id, source_id)."""
        return tuple(self.stored)


def required_rule(column: str) -> Rule:
    return (column, f"n.{column} = ''", "'is required'")


def valid_date_rule(column: str) -> Rule:
    v = f"n.{column}"
    return (column, f"{v} <> '' AND NOT {valid_date(v)}", "'must be a date as YYYY-MM-DD'")


# How every feed's key columns are cleaned and checked.
KEY_CLEAN = {"cin": "upper(btrim({}))", "source_id": "btrim({})"}
KEY_RULES: tuple[Rule, ...] = (
    required_rule("cin"),
    (
        "cin",
        "n.member_id IS NULL AND n.cin <> ''",
        f"CASE WHEN {text_shape('n.cin')} <> '99999999A' "
        "THEN 'must be 8 digits then a letter, e.g. 91234567A' "
        "ELSE 'no member with this CIN in the roster' END",
    ),
    required_rule("source_id"),
    (
        "source_id",
        f"octet_length(n.source_id) > {SOURCE_ID_MAX} AND length(n.source_id) > {SOURCE_ID_MAX}",
        f"'must be at most {SOURCE_ID_MAX} characters'",
    ),
)


ICD10_REASON = f"""CASE
    WHEN translate(n.icd10_code, '{DIGITS}{LETTERS}', '') <> ''
        THEN 'must be letters and digits with at most one dot, after the third character, '
             || 'e.g. F20.9 or F209'
    WHEN length(n.icd10_code) NOT BETWEEN 3 AND 7
        THEN 'must have 3 to 7 letters and digits besides the dot, e.g. F20 or F20.9'
    ELSE 'must start with a letter then a digit, e.g. F20.9' END"""

DIAGNOSES = Feed(
    kind=ImportJob.Kind.DIAGNOSES,
    noun="diagnoses",
    model=Diagnosis,
    columns=("cin", "icd10_code", "diagnosis_date", "source_id"),
    required=("cin", "icd10_code", "diagnosis_date", "source_id"),
    clean={**KEY_CLEAN, "icd10_code": "upper(btrim({}))"},
    # F20.9 = F209: only a dot after the third character is dropped; one anywhere else stays
    # in the value and fails its shape.
    finish={
        "icd10_code": "CASE WHEN substr(c.icd10_code, 4, 1) = '.' "
        "THEN left(c.icd10_code, 3) || substr(c.icd10_code, 5) ELSE c.icd10_code END"
    },
    rules=(
        *KEY_RULES,
        required_rule("icd10_code"),
        required_rule("diagnosis_date"),
        (
            "icd10_code",
            f"n.icd10_code <> '' "
            f"AND {text_shape('n.icd10_code')} <> ALL({sql_array(ICD10_SHAPES)})",
            ICD10_REASON,
        ),
        valid_date_rule("diagnosis_date"),
    ),
    value_columns=("icd10_code", "diagnosis_date"),
    stored={"icd10_code": "n.icd10_code", "diagnosis_date": "n.diagnosis_date::date"},
)

EVENT_TYPES = tuple(EventType.values)

UTILIZATION = Feed(
    kind=ImportJob.Kind.UTILIZATION,
    noun="utilization events",
    model=UtilizationEvent,
    columns=(
        "cin",
        "event_type",
        "start_date",
        "end_date",
        "unplanned",
        "avoidable",
        "source_id",
    ),
    required=("cin", "event_type", "start_date", "source_id"),
    clean={
        **KEY_CLEAN,
        "event_type": "lower(btrim({}))",
        "unplanned": "upper(btrim({}))",
        "avoidable": "upper(btrim({}))",
    },
    rules=(
        *KEY_RULES,
        required_rule("event_type"),
        (
            "event_type",
            f"n.event_type <> '' AND n.event_type <> ALL({sql_array(EVENT_TYPES)})",
            sql_text("must be " + ", ".join(EVENT_TYPES[:-1]) + " or " + EVENT_TYPES[-1]),
        ),
        required_rule("start_date"),
        (
            "end_date",
            "n.end_date <> '' AND n.end_date < n.start_date "
            f"AND {valid_date('n.end_date')} AND {valid_date('n.start_date')}",
            "'is before start_date'",
        ),
        *(
            (c, f"n.{c} NOT IN ('', 'Y', 'N')", "'must be Y, N or empty'")
            for c in ("unplanned", "avoidable")
        ),
        valid_date_rule("start_date"),
        valid_date_rule("end_date"),
    ),
    value_columns=("start_date", "end_date"),
    stored={
        "event_type": "n.event_type",
        "start_date": "n.start_date::date",
        "end_date": "NULLIF(n.end_date, '')::date",
        "unplanned": FLAG.format("unplanned"),
        "avoidable": FLAG.format("avoidable"),
    },
)
