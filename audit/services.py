"""Writes to the access log."""

from django.conf import settings
from django.http import HttpRequest

from .models import AccessLog


def client_address(request: HttpRequest) -> str | None:
    """The client's address as our own proxies saw it.

    X-Forwarded-For can be sent by the client, so only the hops our TRUSTED_PROXY_COUNT load
    balancers appended are believed: the address the outermost of them saw is the client.
    """
    trusted = settings.TRUSTED_PROXY_COUNT
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    if trusted and len(hops) >= trusted:
        return hops[-trusted]
    return request.META.get("REMOTE_ADDR") or None


def record_member_access(*, request: HttpRequest, member_id: int, viewed: str) -> AccessLog:
    """Write one access-log row for one view of one member's record."""
    return AccessLog.objects.create(
        user=request.user,
        member_id=member_id,
        viewed=viewed,
        client_address=client_address(request),
    )
