"""Tier, score and the evidence sentence, as shared/domain/risk.md (rule set 2026.1) defines them.

Tier, the first that applies:
- high: lace >= 10; or ip_12m >= 2; or ed_6m >= 4; or charlson >= 4; or homeless and
  (ed_6m >= 2 or ip_12m >= 1);
- medium: lace 5-9; or ip_12m = 1; or ed_6m 2-3; or charlson 2-3; or homeless;
- low: every other member enrolled on D.

Score (orders members within a tier, highest first): lace (0 when empty) + 2 x min(ip_12m, 3)
+ min(ed_6m, 4) + min(charlson, 6) + 3 when homeless.

Rising: the tier is higher than the member's tier in the latest earlier stratification (the
greatest as-of day before D that was stratified); false without one or without a row in it.

The tier rules are written so the first clause that applies is the one the evidence leads with;
the expressions read the facts row `f` (rules/facts.py).
"""

from . import charlson

TIERS = ("low", "medium", "high")
RANK = {tier: rank for rank, tier in enumerate(TIERS, start=1)}
HOMELESS = "f.homeless_basis IS NOT NULL"


def tier_expression() -> str:
    return f"""CASE
        WHEN f.lace >= 10 OR f.ip_12m >= 2 OR f.ed_6m >= 4 OR f.charlson >= 4
             OR ({HOMELESS} AND (f.ed_6m >= 2 OR f.ip_12m >= 1)) THEN 'high'
        WHEN f.lace >= 5 OR f.ip_12m = 1 OR f.ed_6m >= 2 OR f.charlson >= 2 OR {HOMELESS}
             THEN 'medium'
        ELSE 'low' END"""


def score_expression() -> str:
    return (
        f"(coalesce(f.lace, 0) + 2 * LEAST(f.ip_12m, 3) + LEAST(f.ed_6m, 4) "
        f"+ LEAST(f.charlson, 6) + CASE WHEN {HOMELESS} THEN 3 ELSE 0 END)"
    )


def rank_expression(tier: str) -> str:
    cases = " ".join(f"WHEN '{t}' THEN {r}" for t, r in RANK.items())
    return f"(CASE {tier} {cases} END)"


def _plural(count: str, noun: str) -> str:
    return f"{count} || ' {noun}' || CASE WHEN {count} = 1 THEN '' ELSE 's' END"


def evidence_expression(tier: str) -> str:
    """'high: LACE 12 (stay 2026-09-01..2026-09-08, unplanned: L 5, A 3, C 2, E 2);
    Charlson 2 (congestive heart failure, chronic pulmonary disease); 1 unplanned admission in
    12 months' — every fact that is not zero, so the sentence says why the tier is what it is."""
    plannedness = (
        "CASE f.lace_unplanned WHEN TRUE THEN 'unplanned' WHEN FALSE THEN 'planned' "
        "ELSE 'plannedness unknown' END"
    )
    lace_part = (
        "CASE WHEN f.lace IS NOT NULL THEN format('LACE %s (stay %s..%s, %s: L %s, A %s, C %s, "
        "E %s)', f.lace, to_char(f.lace_stay_start, 'YYYY-MM-DD'), "
        f"to_char(f.lace_stay_end, 'YYYY-MM-DD'), {plannedness}, f.lace_l, f.lace_a, f.lace_c, "
        "f.lace_e) END"
    )
    charlson_part = (
        "CASE WHEN f.charlson > 0 THEN format('Charlson %s (%s)', f.charlson, "
        f"{charlson.names_expression('f')}) ELSE 'Charlson 0' END"
    )
    ip_part = (
        f"CASE WHEN f.ip_12m > 0 THEN {_plural('f.ip_12m', 'unplanned admission')} "
        "|| ' in 12 months' END"
    )
    ed_part = f"CASE WHEN f.ed_6m > 0 THEN {_plural('f.ed_6m', 'ED visit')} || ' in 6 months' END"
    homeless_part = f"CASE WHEN {HOMELESS} THEN 'homeless (' || f.homeless_basis || ')' END"
    return (
        f"{tier} || ': ' || concat_ws('; ', {lace_part}, {charlson_part}, {ip_part}, "
        f"{ed_part}, {homeless_part})"
    )
