"""The Nightly jobs page and "run now" are for plan admins (not CBO staff); anyone else: 404."""

from accounts.roles import Role, has_role, is_plan_staff


def can_manage_jobs(user) -> bool:
    return is_plan_staff(user) and has_role(user, Role.PLAN_ADMIN)
