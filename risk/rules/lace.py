"""The LACE index of readmission risk for one inpatient stay, as shared/domain/risk.md defines it.

Source: van Walraven C et al., "Derivation and validation of an index to predict early death or
unplanned readmission after discharge from hospital to the community", CMAJ 2010;182:551-557.

- L, length of stay in days (end_date - start_date): 0 -> 0, 1 -> 1, 2 -> 2, 3 -> 3, 4-6 -> 4,
  7-13 -> 5, 14 or more -> 7;
- A, acuity: 3 when the admission was unplanned (unplanned=Y), else 0 (N or unknown);
- C, comorbidity: the member's Charlson index 0-3 as is, 4 or more -> 5;
- E, ED visits (any avoidability) with start_date in the 6 months before the stay's start S,
  the admission day itself excluded (S - 6 months < d < S): 0-3 as is, 4 or more -> 4.

The member's `lace` fact is the highest LACE among their inpatient_admission rows whose end_date
is in the 30 days before D (D - 30 days < end <= D); none is an empty LACE. When two stays score
the same, the one that ended last (then started last, then the feed's latest row) is the index
stay the evidence names: the most recent discharge is the one a care manager follows up.
"""

HIGH_RISK = 10
INDEX_WINDOW_DAYS = 30
ED_LOOKBACK_MONTHS = 6


def length_points(days: str) -> str:
    return f"""(CASE WHEN {days} <= 3 THEN {days} WHEN {days} <= 6 THEN 4
                     WHEN {days} <= 13 THEN 5 ELSE 7 END)"""


def acuity_points(unplanned: str) -> str:
    return f"(CASE WHEN {unplanned} IS TRUE THEN 3 ELSE 0 END)"


def comorbidity_points(charlson: str) -> str:
    return f"(CASE WHEN {charlson} >= 4 THEN 5 ELSE {charlson} END)"


def ed_points(visits: str) -> str:
    return f"LEAST({visits}, 4)"


def index_stays_statement(as_of_sql: str, facts: str = "risk_facts") -> str:
    """Fill the facts' lace_* columns from each member's highest-scoring index stay.

    Only the few members discharged in the 30 days before D have an index stay, so the ED visits
    before each stay are counted per stay through the (member, start_date) index.
    """
    lookback = f"interval '{ED_LOOKBACK_MONTHS} months'"
    return f"""
        UPDATE {facts} f SET
            lace = s.lace, lace_stay_start = s.start_date, lace_stay_end = s.end_date,
            lace_unplanned = s.unplanned, lace_l = s.l, lace_a = s.a, lace_c = s.c,
            lace_e = s.e, lace_ed_visits = s.ed_visits
        FROM (
            SELECT DISTINCT ON (p.member_id) p.*, p.l + p.a + p.c + p.e AS lace
            FROM (
                SELECT u.member_id, u.id, u.start_date, u.end_date, u.unplanned, ed.visits
                       AS ed_visits,
                    {length_points("(u.end_date - u.start_date)")} AS l,
                    {acuity_points("u.unplanned")} AS a,
                    {comorbidity_points("f2.charlson")} AS c,
                    {ed_points("ed.visits")} AS e
                FROM eligibility_utilizationevent u
                JOIN {facts} f2 ON f2.member_id = u.member_id
                CROSS JOIN LATERAL (
                    SELECT count(*)::int AS visits FROM eligibility_utilizationevent v
                    WHERE v.member_id = u.member_id AND v.event_type = 'ed_visit'
                      AND v.start_date > (u.start_date - {lookback})::date
                      AND v.start_date < u.start_date) ed
                WHERE u.event_type = 'inpatient_admission'
                  AND u.end_date > {as_of_sql} - {INDEX_WINDOW_DAYS} AND u.end_date <= {as_of_sql}
            ) p
            ORDER BY p.member_id, p.l + p.a + p.c + p.e DESC, p.end_date DESC,
                     p.start_date DESC, p.id DESC
        ) s
        WHERE f.member_id = s.member_id"""
