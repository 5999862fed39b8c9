"""Birth equity population: pregnant or postpartum members of groups with the worst outcomes.

Policy: DHCS ECM Policy Guide (2024), birth equity population of focus. Operational rule (rule
set 2026.1): pregnant (`currently_pregnant=Y`) or postpartum (`pregnancy_end_date` in the 12
months before D), and race/ethnicity black, American Indian/Alaska Native or Native
Hawaiian/Pacific Islander. All ages and both programs.
"""

import datetime

from .base import AsOf, PopulationRule
from .common import pregnant_or_postpartum_evidence

RACES = ("black", "american_indian_alaska_native", "native_hawaiian_pacific_islander")


def _expression(as_of: AsOf) -> str:
    races = ", ".join(f"'{race}'" for race in RACES)
    return (
        f"CASE WHEN f.pregnant_or_postpartum AND f.race_ethnicity IN ({races}) THEN "
        f"{pregnant_or_postpartum_evidence()} || '; race/ethnicity ' || f.race_ethnicity END"
    )


RULE = PopulationRule(
    code="birth_equity",
    title="Birth equity (pregnant or postpartum)",
    applies_to="CICM; ECM adults and children/youth",
    source="DHCS ECM Policy Guide (2024), birth equity population; D-SNP Policy Guide 2026",
    programs={"ECM": datetime.date(2024, 1, 1), "CICM": datetime.date(2026, 1, 1)},
    build=_expression,
)
