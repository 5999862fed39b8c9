"""Reads of outreach: a member's outreach attempts and contacts."""

from django.db.models import QuerySet

from careplans.models import Contact
from members.models import Member


def member_contacts(member: Member) -> QuerySet[Contact]:
    """The member's outreach attempts and contacts, the latest first."""
    return (
        Contact.objects.filter(member=member)
        .select_related("recorded_by")
        .order_by("-occurred_at", "-id")
    )
