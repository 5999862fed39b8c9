"""Who may see and do what with members. Every member query starts from `members_visible_to`.

- Care managers see their own caseload.
- Supervisors see their team's members and unassigned members (to assign them), and their own.
- Plan admins see every member of the plan.
- CBO staff see only members assigned to their organisation who consented to sharing.
Anything else is invisible, and asking for it by id answers 404, never 403, so a URL does not
reveal whether a member exists.
"""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import User
from accounts.roles import Role, has_role

from .models import Member


def members_visible_to(user) -> QuerySet[Member]:
    members = Member.objects.all()
    if not user.is_authenticated or not user.is_active:
        return members.none()
    if has_role(user, Role.CBO_STAFF):
        if user.organization_id is None:
            return members.none()
        return members.filter(cbo_id=user.organization_id, cbo_consent_on__isnull=False)
    if has_role(user, Role.PLAN_ADMIN):
        return members
    scope = Q(pk__in=[])
    if has_role(user, Role.SUPERVISOR):
        scope |= Q(care_manager__supervisor=user) | Q(care_manager__isnull=True)
        scope |= Q(care_manager=user)
    if has_role(user, Role.CARE_MANAGER):
        scope |= Q(care_manager=user)
    return members.filter(scope)


def access_member(user, member_id) -> Member:
    """The member if the user may see them; 404 alike for missing and not-yours."""
    return get_object_or_404(
        members_visible_to(user).select_related("care_manager", "cbo"), pk=member_id
    )


def can_assign(user) -> bool:
    return not has_role(user, Role.CBO_STAFF) and has_role(user, Role.SUPERVISOR, Role.PLAN_ADMIN)


def can_view_access_log(user) -> bool:
    return not has_role(user, Role.CBO_STAFF) and has_role(user, Role.PLAN_ADMIN)


def can_import_roster(user) -> bool:
    return can_view_access_log(user)


NOT_ON_TEAM = "That care manager is not on your team."


def assignable_care_managers(user) -> QuerySet[User]:
    """Care managers this user may give members to: a supervisor's team, or anyone for an admin."""
    care_managers = User.objects.filter(is_active=True, groups__name=Role.CARE_MANAGER)
    if not can_assign(user):
        return care_managers.none()
    if has_role(user, Role.PLAN_ADMIN):
        return care_managers.order_by("last_name", "first_name")
    return care_managers.filter(Q(supervisor=user) | Q(pk=user.pk)).order_by(
        "last_name", "first_name"
    )


def assignable_care_manager(user, care_manager_id) -> User | None:
    """The care manager with this id if `user` may give members (or work) to them, else None:
    a form, the API and the service all ask here and answer NOT_ON_TEAM when it is None."""
    if not str(care_manager_id).isdigit():
        return None
    return assignable_care_managers(user).filter(pk=care_manager_id).first()
