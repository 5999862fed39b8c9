"""The four roles of the portal, kept as auth groups so a plan admin can grant them as data.

A user's role names are read once per request and cached on the user object, so pages that check
roles many times still issue a single query.
"""

from enum import StrEnum

from django.contrib.auth.models import AnonymousUser


class Role(StrEnum):
    CARE_MANAGER = "care_manager"
    SUPERVISOR = "supervisor"
    PLAN_ADMIN = "plan_admin"
    CBO_STAFF = "cbo_staff"
    CBO_LEAD = "cbo_lead"  # a CBO staff member who also decides on assignments


ROLE_LABELS = {
    Role.CARE_MANAGER: "Care manager",
    Role.SUPERVISOR: "Supervisor",
    Role.PLAN_ADMIN: "Plan admin",
    Role.CBO_STAFF: "CBO staff",
    Role.CBO_LEAD: "CBO lead",
}

PLAN_ROLES = frozenset({Role.CARE_MANAGER, Role.SUPERVISOR, Role.PLAN_ADMIN})


def role_names(user) -> frozenset[str]:
    """Names of the role groups the user is in (empty for anonymous or inactive users)."""
    if isinstance(user, AnonymousUser) or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_role_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._role_names = cached
    return cached


def has_role(user, *roles: Role) -> bool:
    return bool(role_names(user) & {str(r) for r in roles})


def role_group(role: Role):
    """The auth group of a role (made by migration; recreated if someone deleted it)."""
    from django.contrib.auth.models import Group

    return Group.objects.get_or_create(name=str(role))[0]
