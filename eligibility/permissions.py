"""Who may do what with eligibility data.

- Loading diagnoses and utilization replaces clinical facts for the whole plan, so, like the
  roster import, it is for plan admins only.
- Running an evaluation and exporting determinations are plan-wide too: plan admins.
- A member's determinations, reviews and enrollment are seen by whoever may see the member
  (members_visible_to); confirming, overriding and moving an enrollment along is plan care work:
  care managers, supervisors and plan admins, never CBO staff (who see the member's record but
  decide nothing about plan eligibility).
- The newly-eligible worklist is for those who assign members: supervisors and plan admins.
Anyone else is answered 404 by the page and the API.
"""

from accounts.roles import is_plan_staff
from members.permissions import can_assign, can_import_roster


def can_import_clinical_data(user) -> bool:
    return can_import_roster(user)


def can_run_evaluation(user) -> bool:
    return can_import_roster(user)


def can_export_determinations(user) -> bool:
    return can_import_roster(user)


def can_review_eligibility(user) -> bool:
    return is_plan_staff(user)


def can_manage_enrollment(user) -> bool:
    return is_plan_staff(user)


def can_view_worklist(user) -> bool:
    return can_assign(user)


def can_read_rule_set(user) -> bool:
    return is_plan_staff(user)
