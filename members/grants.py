"""The member scopes that roles give, registered into the access layer (accounts.access).

- Care managers see their own caseload.
- Supervisors see their team's members, unassigned members (to assign them), and their own.
- Plan admins see every member of the plan.
- CBO staff: cbo_partners registers their scope (guardian grants joined with active consent).
Which of these a user holds is the capability table's answer (organisation kind and role), so a
CBO's user never gets a plan scope. Anything else is invisible.
"""

from django.db.models import Q

from accounts.access import EVERY_MEMBER, Capability, may


def role_scope(user):
    if may(user, Capability.VIEW_ALL_MEMBERS):
        return EVERY_MEMBER
    scope = None
    if may(user, Capability.VIEW_TEAM_MEMBERS):
        team = Q(care_manager__supervisor=user) | Q(care_manager__isnull=True)
        scope = (scope or Q(pk__in=[])) | team | Q(care_manager=user)
    if may(user, Capability.HAVE_CASELOAD):
        scope = (scope or Q(pk__in=[])) | Q(care_manager=user)
    return scope
