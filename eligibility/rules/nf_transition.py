"""Nursing facility residents transitioning to the community.

Policy: DHCS ECM Policy Guide, adult population (from July 2022). Operational rule (rule set
2026.1): `nursing_facility_resident=Y` and `wants_community_transition=Y`. Adults only in ECM;
every CICM member.
"""

import datetime

from .base import AsOf, PopulationRule


def _expression(as_of: AsOf) -> str:
    return (
        "CASE WHEN f.adult_rules AND f.nursing_facility_resident AND f.wants_community_transition "
        "THEN 'nursing-facility resident who wants to move to the community' END"
    )


RULE = PopulationRule(
    code="nf_transition",
    title="Nursing facility resident transitioning to the community",
    applies_to="CICM; ECM adults",
    source="DHCS ECM Policy Guide (2023), adult population 6; D-SNP Policy Guide 2026 (CICM)",
    programs={"ECM": datetime.date(2022, 7, 1), "CICM": datetime.date(2026, 1, 1)},
    build=_expression,
)
