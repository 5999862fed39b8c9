"""The nearest miss: why an enrolled member qualifies for no population, in numbers.

shared/domain/populations.md asks for the closest threshold a member missed ("4 of 5 avoidable
ED visits; 2 ED visits with unknown avoidability not counted"). Candidates are scored by how
much of their test is met: the avoidable-ED and unplanned-stay counts by count / threshold, an
SMI/SUD code without a risk sign and a release without a qualifying need by one half. The best
one is the evidence; with nothing at all, the two utilization counts still say "0 of 5".
"""

from .base import AsOf, latest_code
from .high_utilizer import ADULT, YOUTH


def _utilization(as_of: AsOf, thresholds: dict, kind: str) -> tuple[str, str]:
    months = thresholds["months"]
    label = as_of.window(months).label
    if kind == "ed":
        count, unknown, threshold = f"f.ed_avoidable_{months}m", f"f.ed_unknown_{months}m", "ed"
        noun, unknown_noun = "avoidable ED visits", ("ED visit", "ED visits", "avoidability")
    else:
        count, unknown, threshold = (
            f"f.stays_unplanned_{months}m",
            f"f.stays_unknown_{months}m",
            "stays",
        )
        noun, unknown_noun = "unplanned inpatient/SNF stays", ("stay", "stays", "plannedness")
    limit = thresholds[threshold]
    one, many, what = unknown_noun
    text = (
        f"format('%s of {limit} {noun} in {label}', {count}) || "
        f"CASE WHEN {unknown} = 1 THEN '; 1 {one} with unknown {what} not counted' "
        f"WHEN {unknown} > 1 THEN format('; %s {many} with unknown {what} not counted', {unknown}) "
        "ELSE '' END"
    )
    return f"{count}::numeric / {limit}", text


def _by_age(as_of: AsOf, kind: str) -> tuple[str, str]:
    adult_score, adult_text = _utilization(as_of, ADULT, kind)
    youth_score, youth_text = _utilization(as_of, YOUTH, kind)
    return (
        f"CASE WHEN f.adult_rules THEN {adult_score} ELSE {youth_score} END",
        f"CASE WHEN f.adult_rules THEN {adult_text} ELSE {youth_text} END",
    )


def nearest_miss_expression(as_of: AsOf) -> str:
    ed_score, ed_text = _by_age(as_of, "ed")
    stay_score, stay_text = _by_age(as_of, "stays")
    smi_text = (
        "CASE WHEN f.adult_rules AND f.smi_sud_12m IS NOT NULL THEN 'SMI/SUD code ' || "
        f"{latest_code('f.smi_sud_12m')} || ' but none of: 2 ED visits (' || f.ed_any_12m || "
        "'), 2 inpatient admissions (' || f.inpatient_any_12m || "
        "'), homeless or at risk, pregnant or postpartum' END"
    )
    justice_text = (
        "CASE WHEN f.adult_rules AND f.release_in_12m THEN 'released ' || "
        "to_char(f.incarceration_release_date, 'YYYY-MM-DD') || ' but no qualifying-need code "
        "in 24 months and not pregnant or postpartum' END"
    )
    return f"""'nearest miss: ' || (
        SELECT candidate.text FROM unnest(
            ARRAY[{ed_score}, {stay_score}, 0.5, 0.5]::numeric[],
            ARRAY[1, 2, 3, 4],
            ARRAY[{ed_text}, {stay_text}, {smi_text}, {justice_text}]::text[]
        ) AS candidate(score, rank, text)
        WHERE candidate.text IS NOT NULL
        ORDER BY candidate.score DESC, candidate.rank
        LIMIT 1)"""
