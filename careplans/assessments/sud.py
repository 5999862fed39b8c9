"""What counts as substance use disorder (SUD) data, whose disclosure 42 CFR Part 2 restricts.

- the HRA's substance-use section (shared/domain/screening.md: "substance use"): its questions
  (domain `substance_use`: heavy drinking, drug use) and the need it flags (`substance_use`);
- diagnoses of the SUD code group (shared/domain/populations.md: F10-F16, F18, F19; F17
  nicotine excluded), eligibility.rules.codes.SUD;
- problems, goals, tasks and contacts tagged `sud` (set from an SUD need or code, by the plan
  care manager, and inherited by a goal from its problem and a task from its goal).

Whether a reader may see it is the access layer's `may_see_sud(user, member)`; the selectors
that read these parts ask it, so every page, API answer, search and export applies one rule.
"""

from eligibility.rules.codes import is_sud_code, mentions_sud_code

SUD_NEEDS = frozenset({"substance_use"})
SUD_DOMAINS = frozenset({"substance_use"})

__all__ = ["REDISCLOSURE_NOTICE", "SUD_DOMAINS", "SUD_NEEDS", "is_sud_code", "mentions_sud_code"]

# 42 CFR 2.32(a)(1), "Statement 1", as revised by the 2024 final rule (89 FR 12472): each
# disclosure made with the patient's written consent carries it. The page's include
# (templates/careplans/_part2_notice.html) words it the same; a test keeps them equal.
REDISCLOSURE_NOTICE = (
    "This record which has been disclosed to you is protected by Federal confidentiality rules "
    "(42 CFR part 2). These rules prohibit you from using or disclosing this record, or "
    "testimony that describes the information contained in this record, in any civil, "
    "criminal, administrative, or legislative proceedings by any Federal, State, or local "
    "authority, against the patient, unless authorized by the consent of the patient, except "
    "as provided at 42 CFR 2.12(c)(5) or as authorized by a court in accordance with 42 CFR "
    "2.64 or 2.65. In addition, the Federal rules prohibit you from making any other use or "
    "disclosure of this record unless at least one of the following applies: "
    "(i) Further use or disclosure is expressly permitted by the written consent of the "
    "individual whose information is being disclosed in this record or as otherwise permitted "
    "by 42 CFR part 2. "
    "(ii) You are a covered entity or business associate and have received the record for "
    "treatment, payment, or health care operations, or "
    "(iii) You have received the record from a covered entity or business associate as "
    "permitted by 45 CFR part 164, subparts A and E. "
    "A general authorization for the release of medical or other information is NOT sufficient "
    "to meet the required elements of written consent to further use or redisclose the record "
    "(see 42 CFR 2.31)."
)
