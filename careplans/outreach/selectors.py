"""Reads of outreach: a member's outreach attempts and contacts."""

from django.db.models import Q, QuerySet

from accounts import access
from careplans.models import Contact
from members.models import Member


def member_contacts(member: Member, *, reader=None) -> QuerySet[Contact]:
    """The member's outreach attempts and contacts as `reader` may see them, the latest first:
    a CBO partner gets those shared with the CBO and their own organisation's, the SUD ones
    only under Part 2 consent (the same rule as the timeline's contacts)."""
    contacts = Contact.objects.filter(member=member)
    if reader is not None and access.is_partner(reader):
        contacts = contacts.filter(
            Q(shared_with_cbo=True) | Q(by_organization_id=reader.organization_id)
        )
        if not access.may_see_sud(reader, member):
            contacts = contacts.filter(sud=False)
    return contacts.select_related("recorded_by", "by_organization").order_by("-occurred_at", "-id")
