"""Risk stratification, rule set 2026.1 (shared/domain/risk.md).

One module per part, each with its source: charlson.py (conditions, weights, hierarchy), lace.py
(the readmission index of one stay and the index-stay window), tiers.py (tier, score, rising,
evidence), facts.py (the one row per member they all read). Changing a rule means a new
RULE_SET_VERSION, which every stored row carries.
"""

RULE_SET_VERSION = "2026.1"
