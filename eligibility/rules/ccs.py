"""Children and youth enrolled in California Children's Services (ECM children/youth only).

Policy: DHCS ECM Policy Guide, children/youth population (from July 2023). Operational rule (rule
set 2026.1): `ccs_enrolled=Y` and under 21 on D, Medi-Cal-only (ECM).
"""

import datetime

from .base import AsOf, PopulationRule


def _expression(as_of: AsOf) -> str:
    return (
        "CASE WHEN NOT f.adult_rules AND f.ccs_enrolled "
        "THEN format('enrolled in California Children''s Services; age %s', f.age) END"
    )


RULE = PopulationRule(
    code="ccs",
    title="Enrolled in California Children's Services",
    applies_to="ECM children/youth (under 21)",
    source="DHCS ECM Policy Guide (2023), children/youth population",
    programs={"ECM": datetime.date(2023, 7, 1)},
    build=_expression,
)
