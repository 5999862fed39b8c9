"""Adults living in the community and at risk for long-term institutionalization.

Policy: DHCS ECM Policy Guide, adult population (from July 2022). Operational rule (rule set
2026.1): meets nursing-facility level of care (`ltc_level_of_care=Y`) and is not a nursing
facility resident. Adults only in ECM; every CICM member.
"""

import datetime

from .base import AsOf, PopulationRule


def _expression(as_of: AsOf) -> str:
    return (
        "CASE WHEN f.adult_rules AND f.ltc_level_of_care AND f.nursing_facility_resident "
        "IS NOT TRUE THEN 'meets nursing-facility level of care; lives in the community' END"
    )


RULE = PopulationRule(
    code="ltc_risk",
    title="At risk for long-term institutionalization",
    applies_to="CICM; ECM adults",
    source="DHCS ECM Policy Guide (2023), adult population 5; D-SNP Policy Guide 2026 (CICM)",
    programs={"ECM": datetime.date(2022, 7, 1), "CICM": datetime.date(2026, 1, 1)},
    build=_expression,
)
