"""Reads of the access log."""

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import Count, Max, Min, QuerySet
from django.db.models.functions import TruncMinute

from .models import AccessLog, naming_member


def access_log_for_member(*, member_id: int) -> QuerySet[AccessLog]:
    return (
        AccessLog.objects.filter(naming_member(member_id))
        .select_related("user", "user__organization")
        .order_by("-viewed_at", "-id")
    )


def visits_to_member(*, member_id: int) -> QuerySet:
    """The access log as visits: one row per user, client address and minute, with every part
    of the record viewed in it.

    Opening a member page loads its sections one request each, so one visit writes several
    rows (page, eligibility, care plan, ...); auditors read "who looked, when, at what" more
    easily per visit. Every row is still stored, and the API lists them one by one.
    """
    return (
        AccessLog.objects.filter(naming_member(member_id))
        .annotate(minute=TruncMinute("viewed_at"))
        .values(
            "minute",
            "client_address",
            "channel",
            "user__username",
            "user__first_name",
            "user__last_name",
            "user__organization__name",
        )
        .annotate(
            first_at=Min("viewed_at"),
            last_at=Max("viewed_at"),
            views=Count("id"),
            viewed=ArrayAgg("viewed", distinct=True, order_by="viewed"),
        )
        .order_by("-minute", "user__username")
    )


def with_view_labels(visits) -> list[dict]:
    """The visits of one page, each with the labels of what was viewed ("Care plan", ...)."""
    labels = dict(AccessLog.View.choices)
    return [
        {**visit, "viewed_labels": [labels.get(v, v) for v in visit["viewed"]]} for visit in visits
    ]
