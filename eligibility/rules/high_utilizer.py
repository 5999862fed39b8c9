"""Individuals at risk for avoidable hospital or ED utilization ("high utilizers").

Policy: DHCS ECM Policy Guide (2023 update): adults use a 6-month look-back, children/youth 12.
Operational rule (rule set 2026.1): adults (and every CICM member) need >= 5 ED visits with
avoidable=Y, or >= 3 inpatient admissions / SNF stays with unplanned=Y, in the 6 months before D;
ECM children/youth need >= 3 such ED visits or >= 2 such stays in the 12 months before D.
Observation stays never count; unknown avoidability/plannedness does not count.
"""

import datetime

from .base import AsOf, PopulationRule, join_reasons

ADULT = {"months": 6, "ed": 5, "stays": 3}
YOUTH = {"months": 12, "ed": 3, "stays": 2}


LISTED_DATES = 12  # evidence names each event's date, up to this many


def event_dates(column: str) -> str:
    """'2026-03-02, 2026-04-11, ...' and, past LISTED_DATES, 'and N more'."""
    return (
        f"array_to_string(({column})[1:{LISTED_DATES}], ', ') || "
        f"CASE WHEN cardinality({column}) > {LISTED_DATES} "
        f"THEN format(' and %s more', cardinality({column}) - {LISTED_DATES}) ELSE '' END"
    )


def _reason(count: str, threshold: int, noun: str, window_label: str) -> str:
    return (
        f"CASE WHEN f.{count} >= {threshold} THEN "
        f"format('%s {noun} %s..%s (window {window_label}; on %s)', "
        f"f.{count}, f.{count}_first, f.{count}_last, {event_dates(f'f.{count}_dates')}) END"
    )


def _test(as_of: AsOf, thresholds: dict) -> str:
    months = thresholds["months"]
    label = as_of.window(months).label
    return join_reasons(
        _reason(f"ed_avoidable_{months}m", thresholds["ed"], "avoidable ED visits", label),
        _reason(
            f"stays_unplanned_{months}m",
            thresholds["stays"],
            "unplanned inpatient/SNF stays",
            label,
        ),
    )


def _expression(as_of: AsOf) -> str:
    return f"CASE WHEN f.adult_rules THEN {_test(as_of, ADULT)} ELSE {_test(as_of, YOUTH)} END"


RULE = PopulationRule(
    code="high_utilizer",
    title="At risk for avoidable hospital or ED use",
    applies_to="CICM (adult thresholds); ECM adults (6 months) and children/youth (12 months)",
    source="DHCS ECM Policy Guide (2023), population 2; DHCS D-SNP Policy Guide 2026 (CICM)",
    programs={"ECM": datetime.date(2022, 1, 1), "CICM": datetime.date(2026, 1, 1)},
    build=_expression,
)
