"""Who may see and run risk stratification.

A member's risk section names diagnoses (HIV, cancer, dementia) that the CBO data-sharing consent
does not cover, so it is for plan staff who may see the member; CBO staff get a 404 as for any
record they may not see. Plan admins start stratifications; supervisors and plan admins work the
rising-risk worklist.
"""

from django.http import Http404

from accounts.roles import Role, has_role, is_plan_staff
from members.models import Member
from members.permissions import access_member


def access_member_risk(user, member_id) -> Member:
    """The member, if the user may see them and their risk; 404 alike otherwise."""
    if not is_plan_staff(user):
        raise Http404
    return access_member(user, member_id)


def can_run_stratification(user) -> bool:
    return is_plan_staff(user) and has_role(user, Role.PLAN_ADMIN)


def can_see_rising_worklist(user) -> bool:
    return is_plan_staff(user) and has_role(user, Role.SUPERVISOR, Role.PLAN_ADMIN)
