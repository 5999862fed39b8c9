"""Individuals transitioning from incarceration.

Policy: DHCS ECM Policy Guide (2024), population "Individuals Transitioning from Incarceration".
Operational rule (rule set 2026.1): release from jail, prison or youth correctional facility in
the 12 months before D; adults (and every CICM member) also need a qualifying-need code (any F
code, B20, Z21, S06, E10, E11, I50, J44, N18) in the 24 months before D or to be pregnant or
postpartum; ECM children/youth need nothing more.
"""

import datetime

from .base import AsOf, PopulationRule, iso, join_reasons, latest_code
from .common import pregnant_or_postpartum_evidence


def _expression(as_of: AsOf) -> str:
    released = f"'released ' || {iso('f.incarceration_release_date')}"
    need = join_reasons(
        f"CASE WHEN f.qualifying_need_24m IS NOT NULL "
        f"THEN 'qualifying-need code ' || {latest_code('f.qualifying_need_24m')} END",
        f"CASE WHEN f.pregnant_or_postpartum THEN {pregnant_or_postpartum_evidence()} END",
    )
    return f"""CASE WHEN f.release_in_12m THEN
        CASE WHEN NOT f.adult_rules THEN {released}
             WHEN {need} IS NOT NULL THEN {released} || '; ' || {need} END
        END"""


RULE = PopulationRule(
    code="justice_involved",
    title="Transitioning from incarceration",
    applies_to="CICM; ECM adults (with a qualifying need) and children/youth",
    source="DHCS ECM Policy Guide (2024), justice-involved population; D-SNP Policy Guide 2026",
    programs={"ECM": datetime.date(2024, 1, 1), "CICM": datetime.date(2026, 1, 1)},
    build=_expression,
)
