"""Children and youth involved in child welfare, and former foster youth up to 26.

Policy: DHCS ECM Policy Guide, children/youth population (from July 2023); former foster youth
stay eligible to age 26. Operational rule (rule set 2026.1): `child_welfare_involved=Y` and under
26 on D, Medi-Cal-only (ECM).
"""

import datetime

from .base import AsOf, PopulationRule


def _expression(as_of: AsOf) -> str:
    return (
        "CASE WHEN f.child_welfare_involved AND f.age < 26 "
        "THEN format('child welfare involvement; age %s', f.age) END"
    )


RULE = PopulationRule(
    code="child_welfare",
    title="Involved in child welfare (foster youth to 26)",
    applies_to="ECM children/youth, and former foster youth to age 26",
    source="DHCS ECM Policy Guide (2023), children/youth population",
    programs={"ECM": datetime.date(2023, 7, 1)},
    build=_expression,
)
