"""Reads of the CBO directory: partners with their load, a partner's page, its history."""

from django.db.models import Count, Q
from reversion.models import Version

from cbo_partners.models import Partner

from . import history  # noqa: F401


def partners():
    """Every partner with `carried` (accepted + pending assignments), in one query."""
    return Partner.objects.select_related("organization").annotate(
        carried=Count("assignments", filter=Q(assignments__status__in=["pending", "accepted"]))
    )


def partner_detail(partner_id) -> Partner | None:
    if not str(partner_id).isdigit():
        return None
    return partners().prefetch_related("contracts", "contacts").filter(pk=partner_id).first()


def partner_history(partner: Partner, limit: int = 50):
    """The partner's revisions, the latest first, with who made them and the comment."""
    return (
        Version.objects.get_for_object(partner)
        .select_related("revision__user")
        .order_by("-revision__date_created")[:limit]
    )
