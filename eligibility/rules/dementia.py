"""Members living with dementia (CICM only).

Policy: DHCS CalAIM D-SNP Policy Guide 2026, CICM population for members with dementia.
Operational rule (rule set 2026.1): a dementia code (F01, F02, F03, G30, G31.01, G31.09, G31.83)
dated on or before D, at any time. Not an ECM population.
"""

import datetime

from .base import AsOf, PopulationRule, latest_code


def _expression(as_of: AsOf) -> str:
    return (
        "CASE WHEN f.dementia_code IS NOT NULL "
        f"THEN 'dementia code ' || {latest_code('f.dementia_code')} END"
    )


RULE = PopulationRule(
    code="dementia",
    title="Living with dementia",
    applies_to="CICM only",
    source="DHCS CalAIM D-SNP Policy Guide 2026 (CICM populations)",
    programs={"CICM": datetime.date(2026, 1, 1)},
    build=_expression,
)
