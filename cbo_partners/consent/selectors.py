"""Reads about consent: is a member's record shared with an organisation, and for what.

A consent is active on a day when it has started, has not expired and was not revoked on or
before that day. Everything that decides what a CBO sees asks these, so expiry and revocation
take effect on the next request without any job having to run first.
"""

import datetime

from django.db.models import Q
from django.utils import timezone

from cbo_partners.models import Consent, ConsentScope


def active_on(day: datetime.date) -> Q:
    """Consents active on `day` (a Q over Consent)."""
    return (
        Q(effective_on__lte=day)
        & (Q(expires_on__isnull=True) | Q(expires_on__gte=day))
        & (Q(revoked_on__isnull=True) | Q(revoked_on__gt=day))
    )


def has_consent(
    member_id: int, organization_id: int, scope: ConsentScope, day: datetime.date | None = None
) -> bool:
    """Does an active consent of this member name this organisation for `scope`?"""
    day = day or timezone.localdate()
    return (
        Consent.objects.filter(active_on(day), member_id=member_id, scopes__contains=[scope])
        .filter(recipients__organization_id=organization_id)
        .exists()
    )


def has_part2_consent(member_id: int, organization_id: int, day=None) -> bool:
    """42 CFR Part 2: may this organisation see the member's substance-use records?"""
    return has_consent(member_id, organization_id, ConsentScope.SUD_PART2, day)


def member_consents(member_id: int, organization_id: int | None = None):
    """A member's consents, the latest first, with their recipients (two queries); only those
    naming one CBO when `organization_id` is given."""
    consents = Consent.objects.filter(member_id=member_id)
    if organization_id is not None:
        consents = consents.filter(recipients__organization_id=organization_id).distinct()
    return consents.select_related("recorded_by", "revoked_by").prefetch_related(
        "recipients__organization"
    )


def is_active(consent: Consent, day: datetime.date | None = None) -> bool:
    day = day or timezone.localdate()
    return (
        consent.effective_on <= day
        and (consent.expires_on is None or day <= consent.expires_on)
        and (consent.revoked_on is None or consent.revoked_on > day)
    )
