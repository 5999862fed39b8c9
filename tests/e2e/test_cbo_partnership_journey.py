"""Issue 10's journey, end to end in Chromium: a supervisor assigns a member to CBO Eastside; the
Eastside lead accepts and names a care manager; that care manager reads the shared care plan
and posts a message; the plan care manager sees the unread badge and replies, which meets the
Plan CM <-> CBO CM clock; the plan revokes consent, and the CBO care manager gets 404 on the
member, who is gone from their list."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from careplans.models import MemberClock
from cbo_partners.consent import services as consents
from cbo_partners.models import AssignmentStatus, CboAssignment, ConsentMethod, ConsentScope
from tests import factories
from tests.careplans.plan_factories import care_plan_with_one_of_each
from tests.careplans.work_factories import ClockSettingFactory


def _log_out(page):
    page.get_by_role("button", name="Log out").click()


def test_assign_accept_message_reply_and_revoke(page, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    today = timezone.localdate()
    sup = factories.supervisor(username="sup.journey")
    cm = factories.care_manager(username="cm.journey", supervisor=sup)
    eastside = factories.CboFactory(name="Eastside Community Health Partners")
    partner = factories.cbo_partner(eastside)
    lead = factories.cbo_lead(username="lead.journey", organization=eastside)
    cbo_cm = factories.cbo_staff(
        username="cbo.journey", organization=eastside, first_name="Luis", last_name="Ortega"
    )
    member = factories.MemberFactory(care_manager=cm, last_name="Diaz", first_name="Rosa")
    care_plan_with_one_of_each(member, cm)
    consents.record(  # the signed form came in on paper; the plan care manager recorded it
        member=member,
        recipients=[partner],
        scopes=[ConsentScope.CARE_COORDINATION],
        method=ConsentMethod.WRITTEN,
        effective_on=today - datetime.timedelta(days=3),
        by=cm,
    )
    ClockSettingFactory(key="cbo_contact", days=30)

    # The supervisor assigns the member to Eastside from the member page.
    login(sup)
    page.goto(f"/members/{member.pk}/")
    section = page.locator("#member-cbo")
    section.get_by_label("CBO", exact=True).select_option(str(partner.pk))
    section.get_by_label("Program").select_option("CICM")
    section.get_by_role("button", name="Assign", exact=True).click()
    expect(section).to_contain_text("Waiting for the CBO's decision")
    _log_out(page)

    # The lead accepts, naming Luis Ortega.
    login(lead)
    page.get_by_role("link", name="Assignments waiting").click()
    row = page.locator("table.cbo-decisions tr", has_text="Diaz, Rosa")
    row.get_by_label("CBO care manager").select_option(label="Luis Ortega")
    row.get_by_role("button", name="Accept").click()
    expect(page.locator("table.cbo-team")).to_contain_text("Luis Ortega")
    assignment = CboAssignment.objects.get(member=member)
    assert assignment.status == AssignmentStatus.ACCEPTED
    assert assignment.cbo_care_manager == cbo_cm
    _log_out(page)

    # Luis reads the shared care plan and writes to the plan care manager.
    login(cbo_cm)
    page.goto("/members/")
    page.get_by_role("link", name="Diaz, Rosa").click()
    expect(page.locator("#member-care-plan")).to_contain_text("Problems")
    messages = page.locator("#member-cbo-messages")
    messages.get_by_role("link", name=str(partner)).click()
    page.get_by_role("textbox", name="Message").fill("Met Mrs. Diaz; she needs a ride Tuesday.")
    page.get_by_role("button", name="Send").click()
    expect(page.locator("#thread-messages")).to_contain_text("needs a ride Tuesday")
    _log_out(page)

    # The plan care manager sees the unread badge, replies; the cadence clock is met.
    login(cm)
    expect(page.locator("#messages-link")).to_contain_text("1")
    page.locator("#messages-link").click()
    page.get_by_role("link", name="Diaz, Rosa").click()
    page.get_by_role("textbox", name="Message").fill("Thank you, I will book the ride.")
    page.get_by_role("button", name="Send").click()
    expect(page.locator("#thread-messages")).to_contain_text("I will book the ride")
    clock = MemberClock.objects.get(member=member, clock="cbo_contact")
    assert clock.due_on == today + datetime.timedelta(days=30)

    # The member revokes consent; the plan care manager records it.
    page.goto(f"/members/{member.pk}/")
    section = page.locator("#member-cbo")
    section.get_by_label("Revoked on").fill(today.isoformat())
    section.get_by_role("button", name="Revoke").click()
    expect(section).to_contain_text(f"Revoked {today.isoformat()}")
    _log_out(page)

    # Luis gets 404 on the member, and the member is gone from his list.
    login(cbo_cm)
    response = page.goto(f"/members/{member.pk}/")
    assert response.status == 404
    page.goto("/members/")
    expect(page.locator("#results")).not_to_contain_text("Diaz")
