"""Referrals in "My tasks" and on the member's timeline."""

import datetime

import pytest
from django.urls import reverse

from careplans.worklists.selectors import open_items
from core.business_days import add_business_days
from referrals import services
from tests.factories import MemberFactory

from .helpers import OfferingFactory, make_provider

pytestmark = pytest.mark.django_db


def test_waiting_and_to_close_referrals_are_tasks_and_steps_are_on_the_timeline(
    client, care_manager, cbo_user
):
    OfferingFactory()
    provider = make_provider(organization=cbo_user.organization)
    member = MemberFactory(care_manager=care_manager)
    waiting = services.create_referral(member=member, service="transitional_rent",
                                       provider=provider, reason="x", urgency="routine",
                                       by=care_manager)  # fmt: skip
    declined = services.create_referral(member=member, service="transitional_rent",
                                        provider=provider, reason="y", urgency="routine",
                                        by=care_manager)  # fmt: skip
    services.decline(declined, by=cbo_user, version=declined.version, reason="no_capacity")
    today = datetime.date.today()
    rows = open_items(user=care_manager, owner=care_manager, today=today, kind="cs_referral")
    items = {row["i_id"]: row for row in rows}
    assert items[waiting.pk]["i_due"] == add_business_days(waiting.sent_at.date(), 5)
    assert items[declined.pk]["i_what"] == "Close the loop on a Community Supports referral"
    client.force_login(care_manager)
    timeline = client.get(reverse("careplans:member_contacts", args=[member.pk]))
    assert "Community Supports referral: declined" in timeline.text
