"""Writes to the access log."""

from django.http import HttpRequest

from .models import AccessLog


def client_address(request: HttpRequest) -> str | None:
    """The client's address; behind a load balancer, its X-Forwarded-For first hop."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded:
        return forwarded.split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def record_member_access(*, request: HttpRequest, member_id: int, viewed: str) -> AccessLog:
    """Write one access-log row for one view of one member's record."""
    return AccessLog.objects.create(
        user=request.user,
        member_id=member_id,
        viewed=viewed,
        client_address=client_address(request),
    )
