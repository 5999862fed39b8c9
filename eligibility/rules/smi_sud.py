"""Individuals with serious mental health and/or substance use disorder needs.

Policy: DHCS ECM Policy Guide, population 3 (adults: SMI/SUD plus a sign of risk; children/youth:
any behavioral-health need). Operational rule (rule set 2026.1): adults (and every CICM member)
need an SMI or SUD code in the 12 months before D and at least one of >= 2 ED visits (any) or
>= 2 inpatient admissions (any) in those 12 months, housing status homeless or at risk, or being
pregnant/postpartum. ECM children/youth need only a youth behavioral-health code (SMI, SUD,
F90-F98) in the 12 months before D.
"""

import datetime

from .base import AsOf, PopulationRule, join_reasons, latest_code
from .common import pregnant_or_postpartum_evidence


def _adult(as_of: AsOf) -> str:
    risk = join_reasons(
        "CASE WHEN f.ed_any_12m >= 2 THEN format('%s ED visits in 12 months', f.ed_any_12m) END",
        "CASE WHEN f.inpatient_any_12m >= 2 "
        "THEN format('%s inpatient admissions in 12 months', f.inpatient_any_12m) END",
        "CASE WHEN f.housing_status IN ('homeless', 'at_risk') "
        "THEN 'housing status ' || f.housing_status END",
        f"CASE WHEN f.pregnant_or_postpartum THEN {pregnant_or_postpartum_evidence()} END",
    )
    return (
        f"CASE WHEN f.smi_sud_12m IS NOT NULL AND {risk} IS NOT NULL "
        f"THEN 'SMI/SUD code ' || {latest_code('f.smi_sud_12m')} || '; ' || {risk} END"
    )


def _youth() -> str:
    return (
        "CASE WHEN f.youth_behavioral_12m IS NOT NULL "
        f"THEN 'behavioral health code ' || {latest_code('f.youth_behavioral_12m')} END"
    )


def _expression(as_of: AsOf) -> str:
    return f"CASE WHEN f.adult_rules THEN {_adult(as_of)} ELSE {_youth()} END"


RULE = PopulationRule(
    code="smi_sud",
    title="Serious mental health and/or substance use disorder needs",
    applies_to="CICM; ECM adults (with a risk sign) and children/youth",
    source="DHCS ECM Policy Guide (2024), population 3; DHCS D-SNP Policy Guide 2026 (CICM)",
    programs={"ECM": datetime.date(2022, 1, 1), "CICM": datetime.date(2026, 1, 1)},
    build=_expression,
)
