"""The clock "provider accepts or declines within 5 business days" through the clock registry:
it runs from the sending of a member's oldest waiting referral, in business days, stops when the
provider decides, and its number of days is a Clock setting that also sets the referral's own
deadline."""

import pytest
from django.utils import timezone

from careplans.clocks.services import change_setting, refresh_member_clocks
from careplans.models import MemberClock
from core.business_days import add_business_days
from referrals import services
from tests.factories import CboFactory, MemberFactory, care_manager, cbo_staff, plan_admin
from tests.referrals.helpers import cs_referral_to

pytestmark = pytest.mark.django_db


def decision_clock(member):
    refresh_member_clocks(member_ids=[member.pk])
    return MemberClock.objects.filter(member=member, clock="cs_provider_decision").first()


def test_a_sent_referral_starts_the_clock_in_business_days_and_a_decision_stops_it(
    django_capture_on_commit_callbacks,
):
    cm = care_manager()
    member = MemberFactory(care_manager=cm)
    provider = CboFactory()
    staff = cbo_staff(organization=provider)
    with django_capture_on_commit_callbacks(execute=True):
        referral = cs_referral_to(member, provider, by=cm)
    if referral.status == "draft":
        referral = services.send_referral(referral, by=cm, version=referral.version)
    sent_on = timezone.localdate(referral.sent_at)

    clock = decision_clock(member)
    assert clock is not None
    assert clock.due_on == add_business_days(sent_on, 5) == referral.decide_by
    assert "business days" in clock.basis

    services.accept(referral, by=staff, version=referral.version)
    assert decision_clock(member) is None


def test_the_number_of_business_days_is_a_clock_setting():
    cm = care_manager()
    change_setting(key="cs_provider_decision", days=3, reason="Contract amendment", by=plan_admin())
    member = MemberFactory(care_manager=cm)
    referral = cs_referral_to(member, CboFactory(), by=cm)
    if referral.status == "draft":
        referral = services.send_referral(referral, by=cm, version=referral.version)
    sent_on = timezone.localdate(referral.sent_at)

    assert referral.decide_by == add_business_days(sent_on, 3)
    assert decision_clock(member).due_on == add_business_days(sent_on, 3)
