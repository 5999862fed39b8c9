"""Factories for the referrals tests and a plain Python restatement of the service limits of
shared/domain/community_supports.md, written from the document (not from referrals/limits.py)
so that it is a second opinion on the SQL, like tests/eligibility/rules_helpers.py."""

import calendar
import datetime
import itertools
from decimal import Decimal

import factory

from cbo_partners.directory import services as directory
from referrals.models import CsAuthorization, CsOffering
from tests.factories import CboFactory, cbo_partner, directory_admin

_numbers = itertools.count(1)


class OfferingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CsOffering

    county = "Los Angeles"
    service = "transitional_rent"
    effective_from = datetime.date(2025, 1, 1)
    effective_to = None


class AuthorizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CsAuthorization

    service = "transitional_rent"
    start_date = datetime.date(2026, 1, 1)
    end_date = datetime.date(2026, 1, 31)
    units = None
    amount_usd = None
    status = "authorized"
    source_id = factory.LazyFunction(lambda: f"AUTH{next(_numbers)}")


def make_provider(
    name: str = "Provider",
    *,
    services=("transitional_rent",),
    counties=("Los Angeles",),
    capacity: int = 10,
    effective_on=datetime.date(2025, 1, 1),
    ends_on=None,
    organization=None,
):
    """A CBO provider made as the plan admin makes one, through the directory's services: the
    organisation (kind CBO) and its directory entry with its staff group, and a contract for
    `services` in `counties`. An existing organisation is made a provider, or given one more
    contract."""
    org = organization or CboFactory(name=f"{name} {next(_numbers)}")
    partner = cbo_partner(org, capacity=capacity)
    directory.add_contract(
        partner=partner, by=directory_admin(), effective_on=effective_on, ends_on=ends_on,
        counties=list(counties), community_supports=list(services), programs=["ECM"],
    )  # fmt: skip
    return partner


# --- the restatement ----------------------------------------------------------------------------

LIMITS = {
    "housing_deposits": ["once_per_lifetime"],
    "housing_tenancy": ["once_per_lifetime"],
    "post_hospital_housing": ["once_per_lifetime", "six_months_per_stay"],
    "recuperative_care": ["ninety_days_in_a_row"],
    "respite": ["hours_336_per_year"],
    "community_transition": ["usd_7500_per_lifetime"],
    "home_modifications": ["usd_7500_per_lifetime"],
    "medically_tailored_meals": ["two_meals_a_day_12_weeks"],
    "sobering_center": ["under_24_hours"],
    "asthma_remediation": ["usd_7500_per_lifetime"],
    "transitional_rent": ["six_months_per_lifetime"],
}


def plus_months(day: datetime.date, months: int) -> datetime.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def within(code, *, start, end, units, amount, earlier) -> bool:
    """`earlier`: (start, end, units, amount) of the member's other non-cancelled
    authorizations of the same service."""
    units, days = units or 0, (end - start).days + 1
    if code == "once_per_lifetime":
        return not earlier
    if code == "six_months_per_stay":
        return end < plus_months(start, 6)
    if code == "ninety_days_in_a_row":
        first, last = start, end
        joined = True
        while joined:
            joined = False
            for s, e, _u, _a in earlier:
                touches = s <= last + datetime.timedelta(1) and e >= first - datetime.timedelta(1)
                if touches and (s < first or e > last):
                    first, last, joined = min(first, s), max(last, e), True
        return (last - first).days + 1 <= 90
    if code == "hours_336_per_year":
        return sum(u or 0 for s, _e, u, _a in earlier if s.year == start.year) + units <= 336
    if code == "usd_7500_per_lifetime":
        return sum((a or Decimal(0)) for *_r, a in earlier) + (amount or 0) <= Decimal("7500.00")
    if code == "two_meals_a_day_12_weeks":
        return days <= 84 and units <= 2 * days
    if code == "under_24_hours":
        return units < 24
    if code == "six_months_per_lifetime":
        return sum(u or 0 for _s, _e, u, _a in earlier) + units <= 6
    raise AssertionError(code)


def expected(member, service, *, start, end, units=None, amount=None, offered=True):
    """(result, limit) as the domain states it."""
    enrolled = member.enrollment_start <= start and (
        member.enrollment_end is None or member.enrollment_end >= start
    )
    if not enrolled:
        return ("not_enrolled", "")
    if not offered:
        return ("not_offered", "")
    earlier = [
        (a.start_date, a.end_date, a.units, a.amount_usd)
        for a in CsAuthorization.objects.filter(member=member, service=service).exclude(
            status="cancelled"
        )
    ]
    for code in LIMITS.get(service, []):
        if not within(code, start=start, end=end, units=units, amount=amount, earlier=earlier):
            return ("over_limit", code)
    return ("allowed", "")


def cs_referral_to(member, organization, *, by, service="transitional_rent"):
    """A sent referral of `member` to the provider `organization` (made a provider here)."""
    from referrals import services

    OfferingFactory(county=member.county, service=service)
    partner = make_provider(organization=organization, services=(service,),
                            counties=(member.county,))  # fmt: skip
    return services.create_referral(member=member, service=service, provider=partner,
                                    reason="Needs housing", urgency="routine", by=by)  # fmt: skip
