"""Populations of focus for CICM and ECM, rule set 2026.1 (shared/domain/populations.md).

One module per population holds its policy source, effective dates and its SQL; this package
lists them in the order care managers see them. Changing a rule means a new RULE_SET_VERSION,
which every stored determination carries through its evaluation run.
"""

from . import (
    birth_equity,
    ccs,
    child_welfare,
    dementia,
    high_utilizer,
    homeless,
    justice_involved,
    ltc_risk,
    nf_transition,
    smi_sud,
)
from .base import RULE_SET_VERSION, AsOf, PopulationRule, months_before

RULES: tuple[PopulationRule, ...] = (
    homeless.RULE,
    high_utilizer.RULE,
    smi_sud.RULE,
    justice_involved.RULE,
    ltc_risk.RULE,
    nf_transition.RULE,
    birth_equity.RULE,
    dementia.RULE,
    ccs.RULE,
    child_welfare.RULE,
)
POPULATION_CHOICES = [(rule.code, rule.title) for rule in RULES]
POPULATION_TITLES = dict(POPULATION_CHOICES)


def population_title(code: str) -> str:
    """The population's title for people ("Experiencing homelessness"); the code if unknown."""
    return POPULATION_TITLES.get(code, code)


__all__ = [
    "POPULATION_CHOICES",
    "POPULATION_TITLES",
    "RULES",
    "RULE_SET_VERSION",
    "AsOf",
    "PopulationRule",
    "months_before",
    "population_title",
]
