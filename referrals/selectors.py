"""Reads for Community Supports: offerings, contracted providers with their load, a member's
referrals, a provider's inbox."""

import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from cbo_partners.models import Partner, PartnerContract

from .models import CsOffering, Referral, Status

OPEN = (Status.SENT, Status.RECEIVED, Status.ACCEPTED, Status.AUTHORIZED, Status.IN_SERVICE)


def offering_on(*, service: str, county: str, day: datetime.date) -> CsOffering | None:
    return (
        CsOffering.objects.filter(county=county, service=service, effective_from__lte=day)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=day))
        .first()
    )


def offered_services(*, county: str, day: datetime.date) -> set[str]:
    return set(
        CsOffering.objects.filter(county=county, effective_from__lte=day)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=day))
        .values_list("service", flat=True)
    )


def providers_for(service: str, county: str, day: datetime.date) -> QuerySet[Partner]:
    """Active partners whose contract in force on `day` lists the service and the county, with
    `open_referrals` (referrals they hold now) to show beside their capacity."""
    contracted = PartnerContract.objects.filter(
        partner=OuterRef("pk"),
        effective_on__lte=day,
        counties__contains=[county],
        community_supports__contains=[service],
    ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
    return (
        Partner.objects.filter(active=True)
        .filter(Exists(contracted))
        .select_related("organization")
        .annotate(open_referrals=Count("cs_referrals", filter=Q(cs_referrals__status__in=OPEN)))
        .order_by("organization__name")
    )


def referrals_of(member_id: int) -> QuerySet[Referral]:
    return (
        Referral.objects.filter(member_id=member_id)
        .select_related("provider__organization", "authorization", "created_by")
        .order_by("-created_at")
    )


def inbox_of(partner: Partner) -> QuerySet[Referral]:
    return (
        Referral.objects.filter(provider=partner)
        .exclude(status=Status.DRAFT)
        .select_related("member")
        .order_by("-sent_at")
    )
