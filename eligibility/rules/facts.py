"""The facts every rule reads: one row per member in the temporary table `elig_facts`.

Built by one statement that scans the roster once, the utilization rows of the 12 months before D
once and the diagnoses dated on or before D once, each aggregated per member with FILTERed
counts, so the cost is a few sequential scans whatever the number of rules. Columns:

- roster: program, enrolled (on D), enrollment dates, age (whole years on D), adult_rules (CICM
  uses adult thresholds at any age; ECM from 21), housing_status, race_ethnicity, the Y/N flags,
  release_in_12m, pregnant_or_postpartum; adult_rules compares the whole years, never the
  interval: PostgreSQL equates '20 years 11 mons 30 days' with '21 years' (30-day months);
- utilization (counted by start_date; unplanned/avoidable count only when Y, unknown separately):
  ED visits with avoidable=Y in 6 and 12 months (count, first, last, unknown), unplanned
  inpatient/SNF stays in 6 and 12 months (same), any ED visits and any inpatient admissions in 12;
- diagnoses: the latest code of each group in its window as 'YYYY-MM-DD CODE'.
"""

from . import codes
from .base import AsOf, iso


def _counted(name: str, condition: str) -> str:
    return (
        f"count(*) FILTER (WHERE {condition}) AS {name}, "
        f"{iso(f'min(start_date) FILTER (WHERE {condition})')} AS {name}_first, "
        f"{iso(f'max(start_date) FILTER (WHERE {condition})')} AS {name}_last, "
        f"array_agg({iso('start_date')} ORDER BY start_date) FILTER (WHERE {condition}) "
        f"AS {name}_dates"
    )


def _utilization(as_of: AsOf) -> str:
    """Per member counts over the 12 months; each row's kind and window are worked out once in
    the inner query (OFFSET 0 keeps the planner from copying them back into every FILTER)."""
    ed, stay, in_6 = "ed", "stay", "in_6"
    return f"""
        SELECT member_id,
            {_counted("ed_avoidable_6m", f"{ed} AND avoidable AND {in_6}")},
            count(*) FILTER (WHERE {ed} AND avoidable IS NULL AND {in_6}) AS ed_unknown_6m,
            {_counted("stays_unplanned_6m", f"{stay} AND unplanned AND {in_6}")},
            count(*) FILTER (WHERE {stay} AND unplanned IS NULL AND {in_6}) AS stays_unknown_6m,
            {_counted("ed_avoidable_12m", f"{ed} AND avoidable")},
            count(*) FILTER (WHERE {ed} AND avoidable IS NULL) AS ed_unknown_12m,
            {_counted("stays_unplanned_12m", f"{stay} AND unplanned")},
            count(*) FILTER (WHERE {stay} AND unplanned IS NULL) AS stays_unknown_12m,
            count(*) FILTER (WHERE {ed}) AS ed_any_12m,
            count(*) FILTER (WHERE inpatient) AS inpatient_any_12m
        FROM (
            SELECT member_id, start_date, avoidable, unplanned,
                event_type = 'ed_visit' AS ed,
                event_type IN ('inpatient_admission', 'snf_stay') AS stay,
                event_type = 'inpatient_admission' AS inpatient,
                start_date > {as_of.after(6)} AS in_6
            FROM eligibility_utilizationevent
            WHERE start_date > {as_of.after(12)} AND start_date <= {as_of.d}
            OFFSET 0) e
        GROUP BY member_id"""


def _latest(name: str, group: tuple[str, ...], after: str | None) -> str:
    condition = codes.matches("icd10_code", group)
    if after:
        condition += f" AND diagnosis_date > {after}"
    return f"max({iso('diagnosis_date')} || ' ' || icd10_code) FILTER (WHERE {condition}) AS {name}"


RELEVANT_CODES = (
    codes.SMI_SUD
    + codes.DEMENTIA
    + codes.HOMELESSNESS
    + codes.YOUTH_BEHAVIORAL
    + codes.QUALIFYING_NEED
)


def _diagnoses(as_of: AsOf) -> str:
    return f"""
        SELECT member_id,
            {_latest("smi_sud_12m", codes.SMI_SUD, as_of.after(12))},
            {_latest("youth_behavioral_12m", codes.YOUTH_BEHAVIORAL, as_of.after(12))},
            {_latest("homelessness_code_12m", codes.HOMELESSNESS, as_of.after(12))},
            {_latest("qualifying_need_24m", codes.QUALIFYING_NEED, as_of.after(24))},
            {_latest("dementia_code", codes.DEMENTIA, None)}
        FROM eligibility_diagnosis
        WHERE diagnosis_date <= {as_of.d} AND {codes.matches("icd10_code", RELEVANT_CODES)}
        GROUP BY member_id"""


def facts_statements(as_of: AsOf) -> list[str]:
    d, after_12 = as_of.d, as_of.after(12)
    zero = [
        "ed_avoidable_6m",
        "ed_unknown_6m",
        "stays_unplanned_6m",
        "stays_unknown_6m",
        "ed_avoidable_12m",
        "ed_unknown_12m",
        "stays_unplanned_12m",
        "stays_unknown_12m",
        "ed_any_12m",
        "inpatient_any_12m",
    ]
    counts = ",\n            ".join(f"coalesce(u.{c}, 0) AS {c}" for c in zero)
    dates = ",\n            ".join(
        f"u.{c}_{end}"
        for c in (
            "ed_avoidable_6m",
            "stays_unplanned_6m",
            "ed_avoidable_12m",
            "stays_unplanned_12m",
        )
        for end in ("first", "last", "dates")
    )
    return [
        "DROP TABLE IF EXISTS elig_facts",
        f"""
        CREATE TEMP TABLE elig_facts AS
        SELECT m.id AS member_id, m.program,
            m.enrollment_start <= {d} AND (m.enrollment_end IS NULL OR m.enrollment_end >= {d})
                AS enrolled,
            m.enrollment_start, m.enrollment_end,
            date_part('year', age({d}, m.date_of_birth))::int AS age,
            (m.program = 'CICM' OR date_part('year', age({d}, m.date_of_birth)) >= 21)
                AS adult_rules,
            m.housing_status, m.race_ethnicity, m.incarceration_release_date,
            (m.incarceration_release_date > {after_12}
                AND m.incarceration_release_date <= {d}) IS TRUE AS release_in_12m,
            m.nursing_facility_resident, m.wants_community_transition, m.ltc_level_of_care,
            m.currently_pregnant, m.pregnancy_end_date,
            (m.currently_pregnant IS TRUE OR (m.pregnancy_end_date > {after_12}
                AND m.pregnancy_end_date <= {d}) IS TRUE) AS pregnant_or_postpartum,
            m.ccs_enrolled, m.child_welfare_involved,
            {counts},
            {dates},
            x.smi_sud_12m, x.youth_behavioral_12m, x.homelessness_code_12m,
            x.qualifying_need_24m, x.dementia_code
        FROM members_member m
        LEFT JOIN ({_utilization(as_of)}) u ON u.member_id = m.id
        LEFT JOIN ({_diagnoses(as_of)}) x ON x.member_id = m.id
        """,
    ]
