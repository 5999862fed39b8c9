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
(core.feeds.split_rules), and per row only when listing the problems of a rejected
file. Cleaned values are C-collated, which keeps comparisons a memcmp and case mapping
ASCII-only (anything else is invalid in these columns). Reasons are worked out only for a
rejected file, so they can say exactly what is wrong.
"""

from itertools import product

from core.feeds import Feed
from core.import_rules import (
    FLAG_STORED,
    Rule,
    date_order_rule,
    date_rule,
    flag_rule,
    required_rule,
)
from core.models import ImportJob
from core.sql import DIGITS, LETTERS, sql_array, sql_text, text_shape

from .models import Diagnosis, EventType, UtilizationEvent

SOURCE_ID_MAX = 100
# A letter, a digit, a digit or letter, then up to 4 more letters or digits (the dot removed).
ICD10_SHAPES = tuple("A9" + "".join(rest) for n in range(1, 6) for rest in product("9A", repeat=n))


def clinical_feed(*, kind: str, noun: str, model: type, stored: dict, **description) -> Feed:
    """A feed of rows keyed by (cin, source_id), each CIN looked up in the roster (one hash
    join while cleaning) and merged by (member_id, source_id)."""
    return Feed(
        kind=kind,
        noun=noun,
        table=model._meta.db_table,
        unique_key=("cin", "source_id"),
        sort_key=("member_id", "source_id"),
        repeated_key_reason="the same cin and source_id are on line",
        stored={"member_id": "n.member_id", "source_id": "n.source_id", **stored},
        merge_key=("member_id", "source_id"),
        lookup="LEFT JOIN members_member m ON m.cin = c.cin",
        looked_up="m.id AS member_id",
        **description,
    )


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

DIAGNOSES = clinical_feed(
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
        date_rule("diagnosis_date"),
    ),
    value_columns=("icd10_code", "diagnosis_date"),
    stored={"icd10_code": "n.icd10_code", "diagnosis_date": "n.diagnosis_date::date"},
)

EVENT_TYPES = tuple(EventType.values)

UTILIZATION = clinical_feed(
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
        date_order_rule("end_date", "start_date"),
        flag_rule("unplanned"),
        flag_rule("avoidable"),
        date_rule("start_date"),
        date_rule("end_date"),
    ),
    value_columns=("start_date", "end_date"),
    stored={
        "event_type": "n.event_type",
        "start_date": "n.start_date::date",
        "end_date": "NULLIF(n.end_date, '')::date",
        "unplanned": FLAG_STORED.format("unplanned"),
        "avoidable": FLAG_STORED.format("avoidable"),
    },
)
