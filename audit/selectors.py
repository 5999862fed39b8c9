"""Reads of the access log."""

from django.db.models import QuerySet

from .models import AccessLog


def access_log_for_member(*, member_id: int) -> QuerySet[AccessLog]:
    return (
        AccessLog.objects.filter(member_id=member_id)
        .select_related("user", "user__organization")
        .order_by("-viewed_at", "-id")
    )
