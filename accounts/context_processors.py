"""Role flags for the navigation bar."""

from . import mfa
from .roles import Role, has_role


def roles(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "is_care_manager": has_role(user, Role.CARE_MANAGER),
        "is_supervisor": has_role(user, Role.SUPERVISOR),
        "is_plan_admin": has_role(user, Role.PLAN_ADMIN),
        "is_cbo_staff": has_role(user, Role.CBO_STAFF),
        "otp_verified": mfa.is_verified(request),
    }
