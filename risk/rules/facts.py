"""The facts every risk rule reads: one row per member enrolled on D in the temp table `risk_facts`.

Built by one CREATE ... AS SELECT that scans the roster once, the utilization rows of the 12
months before D once and the diagnoses of those 12 months once (only codes some rule reads),
each aggregated per member with FILTERed aggregates; then one UPDATE adds the LACE index stay of
the few members discharged in the 30 days before D (rules/lace.py). Columns:

- ed_6m, ed_6m_dates: `ed_visit` rows (any avoidability) started in the 6 months before D;
- ip_12m, ip_12m_dates: `inpatient_admission` rows with unplanned=Y started in the 12 months;
- cc_<condition>: the latest code of each Charlson condition in the 12 months, 'YYYY-MM-DD CODE';
  charlson: the index after the hierarchy rule (rules/charlson.py);
- homeless, homeless_basis: housing status homeless, or empty/unknown with a homelessness code
  (Z59.00-Z59.02, as populations.md) in the 12 months; the basis says which;
- lace and its parts for the index stay, NULL when there is none.

Windows are those of populations.md ("in the N months before D": D - N months < d <= D).
"""

from eligibility.rules.base import AsOf, iso
from eligibility.rules.codes import HOMELESSNESS

from . import charlson, lace
from .codes import matches

FACTS_TABLE = "risk_facts"


def _utilization(as_of: AsOf) -> str:
    ed = f"event_type = 'ed_visit' AND start_date > {as_of.after(6)}"
    ip = "event_type = 'inpatient_admission' AND unplanned IS TRUE"
    return f"""
        SELECT member_id,
            count(*) FILTER (WHERE {ed})::int AS ed_6m,
            array_agg(start_date ORDER BY start_date) FILTER (WHERE {ed}) AS ed_6m_dates,
            count(*) FILTER (WHERE {ip})::int AS ip_12m,
            array_agg(start_date ORDER BY start_date) FILTER (WHERE {ip}) AS ip_12m_dates
        FROM eligibility_utilizationevent
        WHERE start_date > {as_of.after(12)} AND start_date <= {as_of.d}
          AND event_type IN ('ed_visit', 'inpatient_admission')
        GROUP BY member_id"""


def _latest(column: str, prefixes: tuple[str, ...]) -> str:
    return (
        f"max({iso('diagnosis_date')} || ' ' || icd10_code) "
        f"FILTER (WHERE {matches('icd10_code', prefixes)}) AS {column}"
    )


def _diagnoses(as_of: AsOf) -> str:
    latest = ",\n            ".join(
        [_latest(c.column, c.prefixes) for c in charlson.CONDITIONS]
        + [_latest("homelessness_code", HOMELESSNESS)]
    )
    relevant = charlson.ALL_PREFIXES + HOMELESSNESS
    return f"""
        SELECT member_id,
            {latest}
        FROM eligibility_diagnosis
        WHERE diagnosis_date > {as_of.after(12)} AND diagnosis_date <= {as_of.d}
          AND {matches("icd10_code", relevant)}
        GROUP BY member_id"""


def _homeless_basis() -> str:
    code = "split_part(x.homelessness_code, ' ', 2)"
    dotted = f"left({code}, 3) || '.' || substr({code}, 4)"
    return f"""CASE
            WHEN m.housing_status = 'homeless' THEN 'housing status homeless on the roster'
            WHEN coalesce(m.housing_status, '') IN ('', 'unknown')
                 AND x.homelessness_code IS NOT NULL
                THEN 'homelessness code ' || {dotted} || ' on '
                     || split_part(x.homelessness_code, ' ', 1)
            END"""


def facts_statements(as_of: AsOf) -> list[str]:
    """The statements that build `risk_facts`."""
    d = as_of.d
    conditions = ", ".join(f"x.{c.column}" for c in charlson.CONDITIONS)
    return [
        f"DROP TABLE IF EXISTS {FACTS_TABLE}",
        f"""
        CREATE TEMP TABLE {FACTS_TABLE} AS
        SELECT b.*, {charlson.index_expression("b")} AS charlson,
            NULL::int AS lace, NULL::date AS lace_stay_start, NULL::date AS lace_stay_end,
            NULL::boolean AS lace_unplanned, NULL::int AS lace_l, NULL::int AS lace_a,
            NULL::int AS lace_c, NULL::int AS lace_e, NULL::int AS lace_ed_visits
        FROM (
            SELECT m.id AS member_id,
                coalesce(u.ed_6m, 0) AS ed_6m, coalesce(u.ed_6m_dates, '{{}}') AS ed_6m_dates,
                coalesce(u.ip_12m, 0) AS ip_12m,
                coalesce(u.ip_12m_dates, '{{}}') AS ip_12m_dates,
                {_homeless_basis()} AS homeless_basis,
                {conditions}
            FROM members_member m
            LEFT JOIN ({_utilization(as_of)}) u ON u.member_id = m.id
            LEFT JOIN ({_diagnoses(as_of)}) x ON x.member_id = m.id
            WHERE m.enrollment_start <= {d}
              AND (m.enrollment_end IS NULL OR m.enrollment_end >= {d})
        ) b""",
        f"ANALYZE {FACTS_TABLE}",
        lace.index_stays_statement(d, FACTS_TABLE),
    ]
