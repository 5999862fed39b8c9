"""Who may do what with eligibility data.

Loading diagnoses and utilization replaces clinical facts for the whole plan, so, like the roster
import, it is for plan admins only; anyone else is answered 404 by the page and the API.
"""

from members.permissions import can_import_roster


def can_import_clinical_data(user) -> bool:
    return can_import_roster(user)
