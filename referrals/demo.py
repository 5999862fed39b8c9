"""Demo data for `make run`: the plan's offerings, the demo CBOs as providers, authorization
history, and referrals of cm.garcia's members at every status of the closed loop, one of them
authorized over its limit with an override. Runs once (a re-run leaves existing referrals)."""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import Organization, User
from cbo_partners.directory import services as directory
from cbo_partners.models import Partner, PartnerContract
from members.models import Member

from . import catalog, services
from .models import CsAuthorization, CsOffering, Referral

NOT_OFFERED_IN_DEMO = "sobering_center"  # so the "not offered in the county" message shows
PROVIDERS = {
    "Eastside Community Health Partners": catalog.CODES,
    "Bay Area Housing Collaborative": ("housing_navigation", "housing_deposits",
                                       "housing_tenancy", "transitional_rent"),
}  # fmt: skip


def _provider(name: str, counties: list[str], codes) -> Partner | None:
    org = Organization.objects.filter(name=name).first()
    if org is None:
        return None
    partner = Partner.objects.filter(organization=org).first()
    if partner is None:  # the CBO demo (seed_demo_cbo) did not list it: the directory's service
        admin = User.objects.filter(username="admin.patel").first()
        partner = directory.create_partner(name=name, organization=org, by=admin, capacity=25)
    codes = [c for c in codes if c != NOT_OFFERED_IN_DEMO]
    # the demo's Community Supports contract (the CBO demo's care-management contract, if any,
    # covers other counties and services); once
    if not partner.contracts.filter(reference=f"CS-{org.pk:04d}").exists():
        PartnerContract.objects.create(
            partner=partner, reference=f"CS-{org.pk:04d}", effective_on=datetime.date(2025, 1, 1),
            counties=counties, community_supports=codes, programs=["ECM", "CICM"],
        )  # fmt: skip
    return partner


@transaction.atomic
def seed(*, stdout=None) -> int:
    """Returns the number of referrals made (0 when the demo has them already)."""
    counties = sorted(set(Member.objects.values_list("county", flat=True)))
    CsOffering.objects.bulk_create(
        [CsOffering(county=county, service=code, effective_from=datetime.date(2025, 1, 1))
         for county in counties for code in catalog.CODES if code != NOT_OFFERED_IN_DEMO],
        ignore_conflicts=True,
    )  # fmt: skip
    providers = [_provider(name, counties, codes) for name, codes in PROVIDERS.items()]
    eastside = providers[0]
    users = {u.username: u for u in User.objects.filter(
        username__in=["cm.garcia", "sup.johnson", "cbo.eastside"])}  # fmt: skip
    if eastside is None or len(users) < 3 or Referral.objects.exists():
        return 0
    cm, sup, cbo = users["cm.garcia"], users["sup.johnson"], users["cbo.eastside"]
    today = timezone.localdate()
    start, end = today.replace(day=1), today.replace(day=1) + datetime.timedelta(days=89)
    enrolled = Member.objects.filter(care_manager=cm, enrollment_start__lte=start).filter(
        Q(enrollment_end__isnull=True) | Q(enrollment_end__gte=start)
    )
    members = list(enrolled.order_by("cin")[10:22])
    if len(members) < 12:
        return 0
    made = 0

    def refer(member, service="housing_navigation", reason="Homeless; needs housing help"):
        nonlocal made
        made += 1
        return services.create_referral(
            member=member, service=service, provider=eastside, reason=reason, urgency="routine",
            by=cm, send=False,
        )  # fmt: skip

    def step(r, *moves):
        for move in moves:
            r = move(r)
        return r

    send = lambda r: services.send_referral(r, by=cm, version=r.version)  # noqa: E731
    accept = lambda r: services.accept(r, by=cbo, version=r.version)  # noqa: E731

    def authorize(r, number, units=None, override=""):
        return services.authorize(r, by=sup, version=r.version, number=number, start=start,
                                  end=end, units=units, amount=None,
                                  override_reason=override)[0]  # fmt: skip

    def deliver(r):
        return services.record_delivery(r, by=cbo, version=r.version, start=start, end=start,
                                        units=None)  # fmt: skip

    m = iter(members)
    refer(next(m))  # draft
    step(refer(next(m)), send)  # sent
    r = step(refer(next(m)), send)
    services.move(r, to="received", by=cbo, version=r.version)  # received
    step(refer(next(m)), send, accept)  # accepted
    r = step(refer(next(m)), send)
    services.decline(r, by=cbo, version=r.version, reason="no_capacity", note="Waitlist full")
    authorize(step(refer(next(m)), send, accept), "DEMO-AUTH-1")  # authorized
    deliver(authorize(step(refer(next(m)), send, accept), "DEMO-AUTH-2"))  # in service
    r = deliver(authorize(step(refer(next(m)), send, accept), "DEMO-AUTH-3"))
    services.complete(r, by=cbo, version=r.version)  # completed
    r = deliver(authorize(step(refer(next(m)), send, accept), "DEMO-AUTH-4"))
    r = services.complete(r, by=cbo, version=r.version)
    services.close(r, by=cm, version=r.version, closure_reason="service_completed",
                   connected=True, connected_on=start)  # closed, connected  # fmt: skip
    r = step(refer(next(m)), send)
    services.cancel(r, by=cm, version=r.version, reason="member_declined")  # cancelled
    # Over the limit: 4 months of Transitional Rent before, 3 more authorized by override.
    over = next(m)
    CsAuthorization.objects.get_or_create(
        member=over, source_id="UM-DEMO-TR",
        defaults={"service": "transitional_rent", "start_date": datetime.date(2025, 3, 1),
                  "end_date": datetime.date(2025, 6, 30), "units": 4, "status": "completed"},
    )  # fmt: skip
    r = step(refer(over, "transitional_rent", "Leaving recuperative care homeless"), send, accept)
    authorize(r, "DEMO-AUTH-TR", units=3,
              override="Housing placement is 4 weeks away; medical director approved.")  # fmt: skip
    if stdout:
        stdout.write(f"Demo referrals: {made} at every status of the closed loop.")
    return made
