"""Individuals and families experiencing homelessness.

Policy: DHCS ECM Policy Guide, population of focus 1; DHCS CalAIM D-SNP Policy Guide 2026 (CICM).
Operational rule (shared/domain/populations.md, rule set 2026.1): the roster's housing_status is
`homeless`; or housing_status is empty/`unknown` and a homelessness Z code (Z59.00-Z59.02) is
dated in the 12 months before D. A member the roster says is housed or at risk is not in this
population on a code alone: the roster is the plan's latest word on housing.
"""

import datetime

from .base import AsOf, PopulationRule, latest_code


def _expression(as_of: AsOf) -> str:
    return f"""CASE
        WHEN f.housing_status = 'homeless' THEN 'housing status homeless on the roster'
        WHEN coalesce(f.housing_status, '') IN ('', 'unknown')
            AND f.homelessness_code_12m IS NOT NULL
            THEN 'homelessness code ' || {latest_code("f.homelessness_code_12m")}
                || ' (housing status ' || coalesce(nullif(f.housing_status, ''), 'empty')
                || ' on the roster)'
        END"""


RULE = PopulationRule(
    code="homeless",
    title="Experiencing homelessness",
    applies_to="CICM; ECM adults and children/youth",
    source="DHCS ECM Policy Guide (2024), population 1; DHCS D-SNP Policy Guide 2026 (CICM)",
    programs={"ECM": datetime.date(2022, 1, 1), "CICM": datetime.date(2026, 1, 1)},
    build=_expression,
)
