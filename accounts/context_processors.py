"""What the navigation shows, read from the access layer's capability table (the same answers
the pages give: a link is shown exactly when its page would not answer 404)."""

from . import mfa
from .access import Capability, may


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav": {capability.value: may(user, capability) for capability in Capability},
        "otp_verified": mfa.is_verified(request),
    }
