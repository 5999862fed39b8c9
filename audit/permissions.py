"""Who may export the access log: plan admins of the plan (not CBO staff)."""

from accounts.roles import Role, has_role


def can_export_access_log(user) -> bool:
    return has_role(user, Role.PLAN_ADMIN) and not has_role(user, Role.CBO_STAFF)
