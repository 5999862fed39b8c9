"""Referrals in "My tasks" and on the member's timeline."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from careplans.worklists.selectors import open_items
from core.business_days import add_business_days
from referrals import services
from tests.factories import MemberFactory

from .helpers import OfferingFactory, make_provider

pytestmark = pytest.mark.django_db


def _referral(member, provider, care_manager):
    return services.create_referral(member=member, service="transitional_rent",
                                    provider=provider, reason="x", urgency="routine",
                                    by=care_manager)  # fmt: skip


def test_a_referral_to_close_is_a_task_and_steps_are_on_the_timeline(
    client, care_manager, cbo_user
):
    OfferingFactory()
    provider = make_provider(organization=cbo_user.organization)
    member = MemberFactory(care_manager=care_manager)
    declined = _referral(member, provider, care_manager)
    services.decline(declined, by=cbo_user, version=declined.version, reason="no_capacity")
    today = datetime.date.today()
    rows = open_items(user=care_manager, owner=care_manager, today=today, kind="cs_referral")
    items = {row["i_id"]: row for row in rows}
    assert items[declined.pk]["i_what"] == "Close the loop on a Community Supports referral"
    assert items[declined.pk]["i_due"] == today
    client.force_login(care_manager)
    timeline = client.get(reverse("careplans:member_contacts", args=[member.pk]))
    assert "Community Supports referral: declined" in timeline.text


def test_a_referral_waiting_for_the_provider_shows_once_in_my_tasks(
    client, care_manager, cbo_user, django_capture_on_commit_callbacks
):
    """Issue 13: the wait for the provider's decision was listed twice, as a referral item and
    as the member's "CS referral decision" clock. The clock is the one row left."""
    OfferingFactory()
    provider = make_provider(organization=cbo_user.organization)
    member = MemberFactory(care_manager=care_manager)
    with django_capture_on_commit_callbacks(execute=True):  # the referral refreshes the clocks
        waiting = _referral(member, provider, care_manager)
    assert waiting.status in ("sent", "received")

    client.force_login(care_manager)
    page = client.get(reverse("careplans:tasks"), {"state": "all"})

    rows = re.findall(r'<tr class="item [^"]*" data-kind="([^"]+)">(.*?)</tr>', page.text, re.S)
    about_the_referral = [(kind, row) for kind, row in rows if "referral" in row.lower()]
    assert len(about_the_referral) == 1, about_the_referral
    kind, row = about_the_referral[0]
    assert kind == "cs_provider_decision" and "CS referral decision" in row
    assert add_business_days(timezone.localdate(waiting.sent_at), 5).isoformat() in row
